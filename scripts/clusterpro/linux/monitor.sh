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
#   AWSDNS_DEADLINE  seconds within which awsdns ends by itself (empty: awsdns's own worst case,
#                    which `awsdns check` prints); set it a few seconds below the custom
#                    monitor's timeout. A deadline that cuts the AWS CLI call is "no answer":
#                    on_cli_failure decides (ignore, warn: 0; recover: 124).
#
# Exit status: awsdns monitor's, unchanged: 0 the record points here; 3 the record is missing;
# 4 it points at another address; others see awsdns(1) EXIT STATUS. Non-zero = monitor error.
#
# Shared code: the script sources awsdns-common.sh, looked for next to itself first, then where
# awsdns installs it: /usr/share/awsdns/clusterpro/linux (packages), else
# /usr/local/share/awsdns/clusterpro/linux (default `cmake --install`). A copy of monitor.sh
# in CLUSTERPRO's own directory uses the installed file: keep awsdns installed on every server
# (or copy awsdns-common.sh next to the copy). Not found: exit 127.
set -eu

AWSDNS_CONFIG="${AWSDNS_CONFIG:-/etc/awsdns/awsdns.yaml}"
AWSDNS_RESOURCE="${AWSDNS_RESOURCE:-}"
AWSDNS_ENV_FILE="${AWSDNS_ENV_FILE:-}"
AWSDNS_NODE="${AWSDNS_NODE:-}"
AWSDNS_DEADLINE="${AWSDNS_DEADLINE:-}"
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

script_name=monitor.sh
log_prefix="awsdns ${script_name}"

awsdns_read_options "$@"
awsdns_find_executable log

awsdns_run monitor
case "$status" in
    0) ;;
    3) log "the record is missing (exit status 3)" ;;
    4) log "the record points at another server (exit status 4)" ;;
    *) log "awsdns monitor failed with exit status ${status}" ;;
esac
exit "$status"
