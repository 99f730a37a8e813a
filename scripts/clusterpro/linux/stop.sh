#!/bin/sh
# CLUSTERPRO X EXEC resource: stop script. Takes the DNS record back with `awsdns deactivate`
# when the group stops or leaves this server. awsdns deletes the record only while it still
# points at this server: when it is absent, or another server already took it over, nothing
# changes and the script succeeds. (With delete_on_deactivate: false it changes nothing.)
# Install it as the EXEC resource's stop.sh (copy it into the Cluster WebUI).
#
# CLUSTERPRO sets CLP_EVENT (START, FAILOVER, RECOVER: how the group was started) and
# CLP_FACTOR (why it stops: CLUSTERSHUTDOWN, SERVERSHUTDOWN, GROUPSTOP, GROUPMOVE,
# GROUPFAILOVER, GROUPRESTART, RESOURCERESTART); every stop path deactivates, the values are
# only logged.
#
# Settings: edit the defaults below, or set the variables in the environment, or pass options:
#   stop.sh [-c CONFIG] [-e ENV_FILE] [-n NODE] [RESOURCE]
#   AWSDNS           awsdns executable (default /usr/bin/awsdns, else the first awsdns on PATH)
#   AWSDNS_CONFIG    YAML configuration (default /etc/awsdns/awsdns.yaml)
#   AWSDNS_RESOURCE  resource name in the configuration (empty: the file's only resource)
#   AWSDNS_ENV_FILE  settings file (empty: the configuration's env_file, by default
#                    /opt/nec/clusterpro/cloud/aws/clpaws_setting.conf)
#   AWSDNS_NODE      this server's name in the configuration's ip: map (empty: short host name)
#
# Exit status: awsdns deactivate's, unchanged (0 success; see awsdns(1) EXIT STATUS).
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

event="${CLP_EVENT:-manual}"
factor="${CLP_FACTOR:-none}"

awsdns_run deactivate
if [ "$status" -eq 0 ]; then
    log "event ${event}, factor ${factor} (group ${CLP_GROUPNAME:-?}): deactivated"
else
    log_error "event ${event}, factor ${factor} (group ${CLP_GROUPNAME:-?}): awsdns deactivate failed with exit status ${status}"
fi
exit "$status"
