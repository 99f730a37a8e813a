#!/bin/sh
# Shared part of the CLUSTERPRO X scripts start.sh, stop.sh, monitor.sh and example-aws-exec.sh:
# they source it (run on its own, it does nothing). Nothing to edit here: each script keeps its
# own settings.
#
# Where the scripts look for it: next to themselves first, else where awsdns installs it,
# /usr/share/awsdns/clusterpro/linux (packages) or /usr/local/share/awsdns/clusterpro/linux
# (`cmake --install` with the default prefix). CLUSTERPRO copies start.sh/stop.sh into its own
# resource directory, so those copies use the installed file; keep it installed (or copy it next
# to them).
#
# Before calling these functions, the script sets script_name (e.g. start.sh) and log_prefix
# (e.g. "awsdns start.sh"), and its settings AWSDNS (may be empty) and, for awsdns_read_options
# and awsdns_run, AWSDNS_CONFIG, AWSDNS_ENV_FILE, AWSDNS_NODE, AWSDNS_RESOURCE and
# AWSDNS_DEADLINE.
set -eu

# Writes a message to standard error, prefixed with the script's name.
# shellcheck disable=SC2154 # log_prefix is the sourcing script's
log() {
    printf '%s: %s\n' "$log_prefix" "$*" >&2
}

# Writes an error like log, and to CLUSTERPRO's log when its command is available (best effort).
log_error() {
    log "$*"
    if command -v clplogcmd >/dev/null 2>&1; then
        clplogcmd -m "$log_prefix: $*" -l ERR >/dev/null 2>&1 || true
    fi
}

# Reads the script's arguments, [-c CONFIG] [-e ENV_FILE] [-n NODE] [RESOURCE], into
# AWSDNS_CONFIG, AWSDNS_ENV_FILE, AWSDNS_NODE and AWSDNS_RESOURCE. Bad usage: exits 64.
awsdns_read_options() {
    while getopts c:e:n:h option; do
        case "$option" in
            c) AWSDNS_CONFIG="$OPTARG" ;;
            e) AWSDNS_ENV_FILE="$OPTARG" ;;
            n) AWSDNS_NODE="$OPTARG" ;;
            *) awsdns_usage ;;
        esac
    done
    shift $((OPTIND - 1))
    if [ $# -gt 1 ]; then
        awsdns_usage
    fi
    if [ $# -eq 1 ]; then
        AWSDNS_RESOURCE="$1"
    fi
}

# Prints the usage of start.sh/stop.sh/monitor.sh and exits 64.
# shellcheck disable=SC2154 # script_name is the sourcing script's
awsdns_usage() {
    echo "usage: ${script_name} [-c CONFIG] [-e ENV_FILE] [-n NODE] [RESOURCE]" >&2
    exit 64
}

# Sets AWSDNS, when empty, to /usr/bin/awsdns, else the first awsdns on PATH. Not found (or not
# executable): reports it with the function named by $1 (log or log_error) and exits 127.
awsdns_find_executable() {
    if [ -z "$AWSDNS" ]; then
        if [ -x /usr/bin/awsdns ]; then
            AWSDNS=/usr/bin/awsdns
        else
            AWSDNS="$(command -v awsdns || true)"
        fi
    fi
    if [ -z "$AWSDNS" ] || [ ! -x "$AWSDNS" ]; then
        "$1" "awsdns not found (set AWSDNS to its path)"
        exit 127
    fi
}

# What CLUSTERPRO says about this run, for the log: "event START, server HOME, disk SUCCESS,
# group failover1" (CLP_FACTOR too when set; "manual" and "?" outside CLUSTERPRO).
awsdns_clp_context() {
    printf 'event %s, server %s, disk %s' "${CLP_EVENT:-manual}" "${CLP_SERVER:-?}" \
        "${CLP_DISK:-?}"
    if [ -n "${CLP_FACTOR:-}" ]; then
        printf ', factor %s' "$CLP_FACTOR"
    fi
    printf ', group %s\n' "${CLP_GROUPNAME:-?}"
}

# Runs `awsdns COMMAND` ($1: activate, deactivate, monitor) with the configuration, settings
# file, node, deadline and resource chosen, and sets status to its exit status (a failure does
# not stop the script).
# shellcheck disable=SC2034 # status is for the sourcing script
awsdns_run() {
    set -- "$1" --config "$AWSDNS_CONFIG"
    if [ -n "$AWSDNS_ENV_FILE" ]; then
        set -- "$@" --env-file "$AWSDNS_ENV_FILE"
    fi
    if [ -n "$AWSDNS_NODE" ]; then
        set -- "$@" --node "$AWSDNS_NODE"
    fi
    if [ -n "$AWSDNS_DEADLINE" ]; then
        set -- "$@" --deadline "$AWSDNS_DEADLINE"
    fi
    if [ -n "$AWSDNS_RESOURCE" ]; then
        set -- "$@" "$AWSDNS_RESOURCE"
    fi
    status=0
    "$AWSDNS" "$@" || status=$?
}
