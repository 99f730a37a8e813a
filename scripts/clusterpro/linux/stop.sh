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
set -eu

AWSDNS_CONFIG="${AWSDNS_CONFIG:-/etc/awsdns/awsdns.yaml}"
AWSDNS_RESOURCE="${AWSDNS_RESOURCE:-}"
AWSDNS_ENV_FILE="${AWSDNS_ENV_FILE:-}"
AWSDNS_NODE="${AWSDNS_NODE:-}"
AWSDNS="${AWSDNS:-}"

log() {
    printf 'awsdns stop.sh: %s\n' "$*" >&2
}

# Writes an error to CLUSTERPRO's log when its command is available (best effort).
log_error() {
    log "$*"
    if command -v clplogcmd >/dev/null 2>&1; then
        clplogcmd -m "awsdns stop.sh: $*" -l ERR >/dev/null 2>&1 || true
    fi
}

usage() {
    echo "usage: stop.sh [-c CONFIG] [-e ENV_FILE] [-n NODE] [RESOURCE]" >&2
    exit 64
}

while getopts c:e:n:h option; do
    case "$option" in
        c) AWSDNS_CONFIG="$OPTARG" ;;
        e) AWSDNS_ENV_FILE="$OPTARG" ;;
        n) AWSDNS_NODE="$OPTARG" ;;
        *) usage ;;
    esac
done
shift $((OPTIND - 1))
if [ $# -gt 1 ]; then
    usage
fi
if [ $# -eq 1 ]; then
    AWSDNS_RESOURCE="$1"
fi

if [ -z "$AWSDNS" ]; then
    if [ -x /usr/bin/awsdns ]; then
        AWSDNS=/usr/bin/awsdns
    else
        AWSDNS="$(command -v awsdns || true)"
    fi
fi
if [ -z "$AWSDNS" ] || [ ! -x "$AWSDNS" ]; then
    log_error "awsdns not found (set AWSDNS to its path)"
    exit 127
fi

event="${CLP_EVENT:-manual}"
factor="${CLP_FACTOR:-none}"

set -- deactivate --config "$AWSDNS_CONFIG"
if [ -n "$AWSDNS_ENV_FILE" ]; then
    set -- "$@" --env-file "$AWSDNS_ENV_FILE"
fi
if [ -n "$AWSDNS_NODE" ]; then
    set -- "$@" --node "$AWSDNS_NODE"
fi
if [ -n "$AWSDNS_RESOURCE" ]; then
    set -- "$@" "$AWSDNS_RESOURCE"
fi

status=0
"$AWSDNS" "$@" || status=$?
if [ "$status" -eq 0 ]; then
    log "event ${event}, factor ${factor} (group ${CLP_GROUPNAME:-?}): deactivated"
else
    log_error "event ${event}, factor ${factor} (group ${CLP_GROUPNAME:-?}): awsdns deactivate failed with exit status ${status}"
fi
exit "$status"
