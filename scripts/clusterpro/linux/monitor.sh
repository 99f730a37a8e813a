#!/bin/sh
# CLUSTERPRO X custom monitor (genw) script: checks with `awsdns monitor` that the DNS record
# points at this server. Use it as the custom monitor's script, monitor timing "Active" on the
# EXEC resource running start.sh/stop.sh, monitor type "Synchronous".
#
# awsdns reads the record with one Route 53 request. What happens when the AWS CLI gets no
# answer (proxy down, timeout, throttling) follows the resource's monitor.on_cli_failure in the
# configuration: ignore or warn (exit 0, the cluster does nothing) or recover (non-zero exit,
# the cluster recovers the group) -- CLUSTERPRO's three reactions.
#
# Settings: edit the defaults below, or set the variables in the environment, or pass options:
#   monitor.sh [-c CONFIG] [-e ENV_FILE] [-n NODE] [RESOURCE]
#   AWSDNS           awsdns executable (default /usr/bin/awsdns, else the first awsdns on PATH)
#   AWSDNS_CONFIG    YAML configuration (default /etc/awsdns/awsdns.yaml)
#   AWSDNS_RESOURCE  resource name in the configuration (empty: the file's only resource)
#   AWSDNS_ENV_FILE  settings file (empty: the configuration's env_file)
#   AWSDNS_NODE      this server's name in the configuration's ip: map (empty: short host name)
#
# Exit status: awsdns monitor's, unchanged: 0 the record points here; 3 the record is missing;
# 4 it points at another address; others see awsdns(1) EXIT STATUS. Non-zero = monitor error.
set -eu

AWSDNS_CONFIG="${AWSDNS_CONFIG:-/etc/awsdns/awsdns.yaml}"
AWSDNS_RESOURCE="${AWSDNS_RESOURCE:-}"
AWSDNS_ENV_FILE="${AWSDNS_ENV_FILE:-}"
AWSDNS_NODE="${AWSDNS_NODE:-}"
AWSDNS="${AWSDNS:-}"

log() {
    printf 'awsdns monitor.sh: %s\n' "$*" >&2
}

usage() {
    echo "usage: monitor.sh [-c CONFIG] [-e ENV_FILE] [-n NODE] [RESOURCE]" >&2
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
    log "awsdns not found (set AWSDNS to its path)"
    exit 127
fi

set -- monitor --config "$AWSDNS_CONFIG"
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
case "$status" in
    0) ;;
    3) log "the record is missing (exit status 3)" ;;
    4) log "the record points at another server (exit status 4)" ;;
    *) log "awsdns monitor failed with exit status ${status}" ;;
esac
exit "$status"
