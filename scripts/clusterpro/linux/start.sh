#!/bin/sh
# CLUSTERPRO X EXEC resource: start script. Points the DNS record at this server with
# `awsdns activate`, so the virtual host name follows the group when it starts, fails over or
# recovers here. Install it as the EXEC resource's start.sh (copy it into the Cluster WebUI).
#
# What CLUSTERPRO tells the script, and what it does with it (every value is logged):
#   CLP_EVENT   START (group start, move, restart), FAILOVER (failover to this server), RECOVER
#               (recovery): all three activate the record; unset (a manual run) activates too.
#   CLP_SERVER  HOME (the group's primary server) or OTHER: logged only, the record follows the
#               group wherever it runs.
#   CLP_DISK    SUCCESS, or FAILURE when a disk of the group could not be connected: like
#               CLUSTERPRO's own sample scripts, the start then fails (exit 1) without touching
#               the record, so clients are not sent to a server without its data and CLUSTERPRO
#               can fail the group over. AWSDNS_ON_DISK_FAILURE=activate activates anyway.
#
# Settings: edit the defaults below, or set the variables in the environment, or pass options:
#   start.sh [-c CONFIG] [-e ENV_FILE] [-n NODE] [RESOURCE]
#   AWSDNS           awsdns executable (default /usr/bin/awsdns, else the first awsdns on PATH)
#   AWSDNS_CONFIG    YAML configuration (default /etc/awsdns/awsdns.yaml)
#   AWSDNS_RESOURCE  resource name in the configuration (empty: the file's only resource)
#   AWSDNS_ENV_FILE  settings file (empty: the configuration's env_file, by default
#                    /opt/nec/clusterpro/cloud/aws/clpaws_setting.conf)
#   AWSDNS_NODE      this server's name in the configuration's ip: map (empty: short host name)
#   AWSDNS_DEADLINE  seconds within which awsdns ends by itself (empty: awsdns's own worst case,
#                    which `awsdns check` prints); set it a few seconds below the EXEC
#                    resource's start script timeout
#   AWSDNS_ON_DISK_FAILURE  fail (default) or activate, for CLP_DISK=FAILURE
#
# Exit status: awsdns activate's, unchanged (0 success; 124 AWSDNS_DEADLINE reached; see
# awsdns(1) EXIT STATUS), so the cluster sees an activation failure as a resource failure;
# 1 when CLP_DISK=FAILURE stopped it.
#
# Shared code: the script sources awsdns-common.sh, looked for next to itself first, then where
# awsdns installs it: /usr/share/awsdns/clusterpro/linux (packages), else
# /usr/local/share/awsdns/clusterpro/linux (default `cmake --install`). CLUSTERPRO runs a copy
# of start.sh from the resource's own directory, which uses the installed file: keep awsdns
# installed on every server (or copy awsdns-common.sh next to the copy). Not found: exit 127.
set -eu

AWSDNS_CONFIG="${AWSDNS_CONFIG:-/etc/awsdns/awsdns.yaml}"
AWSDNS_RESOURCE="${AWSDNS_RESOURCE:-}"
AWSDNS_ENV_FILE="${AWSDNS_ENV_FILE:-}"
AWSDNS_NODE="${AWSDNS_NODE:-}"
AWSDNS_DEADLINE="${AWSDNS_DEADLINE:-}"
AWSDNS_ON_DISK_FAILURE="${AWSDNS_ON_DISK_FAILURE:-fail}"
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

script_name=start.sh
log_prefix="awsdns ${script_name}"

awsdns_read_options "$@"
awsdns_find_executable log_error

context="$(awsdns_clp_context)"
case "${CLP_EVENT:-}" in
    START | "") ;;
    FAILOVER) log "${context}: taking the record over after a failure elsewhere" ;;
    RECOVER) log "${context}: recovery: activating again" ;;
    *) log "${context}: unexpected CLP_EVENT; activating anyway" ;;
esac
case "${CLP_SERVER:-}" in
    HOME | OTHER | "") ;;
    *) log "${context}: unexpected CLP_SERVER" ;;
esac
if [ "${CLP_DISK:-}" = FAILURE ]; then
    if [ "$AWSDNS_ON_DISK_FAILURE" = activate ]; then
        log "${context}: a disk of the group failed; activating anyway (AWSDNS_ON_DISK_FAILURE=activate)"
    else
        log_error "${context}: a disk of the group failed (CLP_DISK=FAILURE): the record is not moved to this server"
        exit 1
    fi
fi

awsdns_run activate
if [ "$status" -eq 0 ]; then
    log "${context}: activated"
else
    log_error "${context}: awsdns activate failed with exit status ${status}"
fi
exit "$status"
