#!/bin/sh
# CLUSTERPRO X EXEC resource: stop script. Takes the DNS record back with `awsdns deactivate`
# when the group stops or leaves this server. awsdns deletes the record only while it still
# points at this server: when it is absent, or another server already took it over, nothing
# changes and the script succeeds. (With delete_on_deactivate: false it changes nothing.)
# Install it as the EXEC resource's stop.sh (copy it into the Cluster WebUI).
#
# What CLUSTERPRO tells the script, and what it does with it (every value is logged):
#   CLP_FACTOR  why the group stops here:
#               CLUSTERSHUTDOWN, GROUPSTOP: nobody takes the group over: deactivate.
#               GROUPMOVE, GROUPFAILOVER, SERVERSHUTDOWN: another server takes the group over
#               and UPSERTs the record to itself right after this script; GROUPRESTART,
#               RESOURCERESTART: this server starts it again. The record is left as it is: a
#               deletion would only open a window in which the name does not resolve (and
#               resolvers cache that answer). AWSDNS_KEEP_ON_HANDOVER=no deactivates anyway.
#               Unset (a manual run) or another value: deactivate.
#   CLP_EVENT   how the group was started (START, FAILOVER, RECOVER), CLP_SERVER (HOME, OTHER):
#               logged only.
#   CLP_DISK    FAILURE: logged; the record does not depend on the disk, so the stop goes on
#               (failing a stop would only make CLUSTERPRO's recovery harsher).
#
# Settings: edit the defaults below, or set the variables in the environment, or pass options:
#   stop.sh [-c CONFIG] [-e ENV_FILE] [-n NODE] [RESOURCE]
#   AWSDNS           awsdns executable (default /usr/bin/awsdns, else the first awsdns on PATH)
#   AWSDNS_CONFIG    YAML configuration (default /etc/awsdns/awsdns.yaml)
#   AWSDNS_RESOURCE  resource name in the configuration (empty: the file's only resource)
#   AWSDNS_ENV_FILE  settings file (empty: the configuration's env_file, by default
#                    /opt/nec/clusterpro/cloud/aws/clpaws_setting.conf)
#   AWSDNS_NODE      this server's name in the configuration's ip: map (empty: short host name)
#   AWSDNS_DEADLINE  seconds within which awsdns ends by itself (empty: awsdns's own worst case,
#                    which `awsdns check` prints); set it a few seconds below the EXEC
#                    resource's stop script timeout
#   AWSDNS_KEEP_ON_HANDOVER  yes (default) or no: leave the record on a move, failover or
#                    restart (see CLP_FACTOR above)
#
# Exit status: awsdns deactivate's, unchanged (0 success; 124 AWSDNS_DEADLINE reached; see
# awsdns(1) EXIT STATUS); 0 when the record is left for a handover.
#
# Shared code: the script sources awsdns-common.sh, looked for next to itself first, then where
# awsdns installs it: /usr/share/awsdns/clusterpro/linux (packages), else
# /usr/local/share/awsdns/clusterpro/linux (default `cmake --install`). CLUSTERPRO runs a copy
# of stop.sh from the resource's own directory, which uses the installed file: keep awsdns
# installed on every server (or copy awsdns-common.sh next to the copy). Not found: exit 127.
set -eu

AWSDNS_CONFIG="${AWSDNS_CONFIG:-/etc/awsdns/awsdns.yaml}"
AWSDNS_RESOURCE="${AWSDNS_RESOURCE:-}"
AWSDNS_ENV_FILE="${AWSDNS_ENV_FILE:-}"
AWSDNS_NODE="${AWSDNS_NODE:-}"
AWSDNS_DEADLINE="${AWSDNS_DEADLINE:-}"
AWSDNS_KEEP_ON_HANDOVER="${AWSDNS_KEEP_ON_HANDOVER:-yes}"
AWSDNS="${AWSDNS:-}"

# Shared code (see above): awsdns-common.sh next to this script, else the installed one.
awsdns_common="$(dirname "$0")/awsdns-common.sh"
for awsdns_share in /usr/share /usr/local/share; do
    [ -r "$awsdns_common" ] || awsdns_common="$awsdns_share/awsdns/clusterpro/linux/awsdns-common.sh"
done
if [ ! -r "$awsdns_common" ]; then
    echo "$0: awsdns-common.sh not found; install awsdns or copy it next to this script" >&2
    exit 127
fi
# shellcheck source-path=SCRIPTDIR source=awsdns-common.sh
. "$awsdns_common"

script_name=stop.sh
log_prefix="awsdns ${script_name}"

awsdns_read_options "$@"
awsdns_find_executable log_error

context="$(awsdns_clp_context)"
handover=""
case "${CLP_FACTOR:-}" in
    GROUPMOVE | GROUPFAILOVER | SERVERSHUTDOWN) handover="another server takes the group over" ;;
    GROUPRESTART | RESOURCERESTART) handover="the group starts again on this server" ;;
    CLUSTERSHUTDOWN | GROUPSTOP | "") ;;
    *) log "${context}: unexpected CLP_FACTOR; deactivating" ;;
esac
if [ -n "$handover" ] && [ "$AWSDNS_KEEP_ON_HANDOVER" != no ]; then
    log "${context}: ${handover}: record left for its activation (AWSDNS_KEEP_ON_HANDOVER=no deletes it)"
    exit 0
fi
if [ "${CLP_DISK:-}" = FAILURE ]; then
    log "${context}: a disk of the group failed; deactivating anyway (the record does not need it)"
fi

awsdns_run deactivate
if [ "$status" -eq 0 ]; then
    log "${context}: deactivated"
else
    log_error "${context}: awsdns deactivate failed with exit status ${status}"
fi
exit "$status"
