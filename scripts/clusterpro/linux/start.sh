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
set -eu

AWSDNS_CONFIG="${AWSDNS_CONFIG:-/etc/awsdns/awsdns.yaml}"
AWSDNS_RESOURCE="${AWSDNS_RESOURCE:-}"
AWSDNS_ENV_FILE="${AWSDNS_ENV_FILE:-}"
AWSDNS_NODE="${AWSDNS_NODE:-}"
AWSDNS="${AWSDNS:-}"

log() {
    printf 'awsdns start.sh: %s\n' "$*" >&2
}

# Writes an error to CLUSTERPRO's log when its command is available (best effort).
log_error() {
    log "$*"
    if command -v clplogcmd >/dev/null 2>&1; then
        clplogcmd -m "awsdns start.sh: $*" -l ERR >/dev/null 2>&1 || true
    fi
}

usage() {
    echo "usage: start.sh [-c CONFIG] [-e ENV_FILE] [-n NODE] [RESOURCE]" >&2
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

event="${CLP_EVENT:-}"
case "$event" in
    START | FAILOVER | RECOVER) ;;
    "") event="manual" ;;
    *) log "unexpected CLP_EVENT '$event'; activating anyway" ;;
esac

set -- activate --config "$AWSDNS_CONFIG"
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
    log "event ${event} (server ${CLP_SERVER:-?}, group ${CLP_GROUPNAME:-?}): activated"
else
    log_error "event ${event} (server ${CLP_SERVER:-?}, group ${CLP_GROUPNAME:-?}): awsdns activate failed with exit status ${status}"
fi
exit "$status"
