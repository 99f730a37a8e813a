#!/bin/sh
# CLUSTERPRO X EXEC resource: start script. Points the DNS record at this server with
# `awsdns activate`, so the virtual host name follows the group when it starts, fails over or
# recovers here. Install it as the EXEC resource's start.sh (copy it into the Cluster WebUI).
#
# CLUSTERPRO sets CLP_EVENT for the start script:
#   START     the group starts on this server
#   FAILOVER  the group fails over to this server
#   RECOVER   the group is recovered (reactivated) on this server
# All three activate the record; an unset CLP_EVENT (a manual run) activates too.
#
# Settings: edit the defaults below, or set the variables in the environment, or pass options:
#   start.sh [-c CONFIG] [-e ENV_FILE] [-n NODE] [RESOURCE]
#   AWSDNS           awsdns executable (default /usr/bin/awsdns, else the first awsdns on PATH)
#   AWSDNS_CONFIG    YAML configuration (default /etc/awsdns/awsdns.yaml)
#   AWSDNS_RESOURCE  resource name in the configuration (empty: the file's only resource)
#   AWSDNS_ENV_FILE  settings file (empty: the configuration's env_file, by default
#                    /opt/nec/clusterpro/cloud/aws/clpaws_setting.conf)
#   AWSDNS_NODE      this server's name in the configuration's ip: map (empty: short host name)
#
# Exit status: awsdns activate's, unchanged (0 success; see awsdns(1) EXIT STATUS), so the
# cluster sees an activation failure as a resource failure.
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

event="${CLP_EVENT:-}"
case "$event" in
    START | FAILOVER | RECOVER) ;;
    "") event="manual" ;;
    *) log "unexpected CLP_EVENT '$event'; activating anyway" ;;
esac

awsdns_run activate
if [ "$status" -eq 0 ]; then
    log "event ${event} (server ${CLP_SERVER:-?}, group ${CLP_GROUPNAME:-?}): activated"
else
    log_error "event ${event} (server ${CLP_SERVER:-?}, group ${CLP_GROUPNAME:-?}): awsdns activate failed with exit status ${status}"
fi
exit "$status"
