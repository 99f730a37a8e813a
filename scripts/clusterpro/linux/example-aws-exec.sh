#!/bin/sh
# Example CLUSTERPRO X EXEC resource script that runs its own AWS CLI command through
# `awsdns exec --`, so the command gets the proxy and AWS_* variables of the cluster's settings
# file (clpaws_setting.conf, with the instance-metadata address kept off the proxy) without
# repeating them in the script, and nothing else on the server sees them.
#
# What it does: publishes a notification to an Amazon SNS topic saying which CLUSTERPRO event
# brought the group to this server. Use it as start.sh (and, if wanted, as stop.sh) of an EXEC
# resource; adapt the AWS CLI command to your needs. AWS CLI output is not parsed: it is JSON
# (--output json) and only passed to the log.
#
# Settings: edit the defaults below or set the variables in the environment:
#   AWSDNS           awsdns executable (default /usr/bin/awsdns, else the first awsdns on PATH)
#   AWSDNS_ENV_FILE  settings file (default /opt/nec/clusterpro/cloud/aws/clpaws_setting.conf)
#   AWS_CLI          AWS CLI executable (default /usr/bin/aws)
#   TOPIC_ARN        SNS topic to publish to (required)
#   AWS_EXTRA_ARGS   extra AWS CLI options, split on blanks (e.g. "--region ap-northeast-1")
#   EXEC_TIMEOUT     seconds before awsdns kills the AWS CLI (default 60)
#
# Exit status: the AWS CLI's (or awsdns's own: 124 timeout, 127 not found, 78 bad settings file).
#
# Shared code: the script sources awsdns-common.sh, looked for next to itself first, then where
# awsdns installs it: /usr/share/awsdns/clusterpro/linux (packages), else
# /usr/local/share/awsdns/clusterpro/linux (default `cmake --install`). CLUSTERPRO runs a copy
# of the script from the resource's own directory, which uses the installed file: keep awsdns
# installed on every server (or copy awsdns-common.sh next to the copy). Not found: exit 127.
set -eu

AWSDNS="${AWSDNS:-}"
AWSDNS_ENV_FILE="${AWSDNS_ENV_FILE:-/opt/nec/clusterpro/cloud/aws/clpaws_setting.conf}"
AWS_CLI="${AWS_CLI:-/usr/bin/aws}"
TOPIC_ARN="${TOPIC_ARN:-}"
AWS_EXTRA_ARGS="${AWS_EXTRA_ARGS:-}"
EXEC_TIMEOUT="${EXEC_TIMEOUT:-60}"

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

script_name=example-aws-exec.sh
log_prefix="${script_name}"

if [ -z "$TOPIC_ARN" ]; then
    log "set TOPIC_ARN to the SNS topic's ARN"
    exit 64
fi
awsdns_find_executable log

message="CLUSTERPRO event ${CLP_EVENT:-manual} for group ${CLP_GROUPNAME:-?} on $(uname -n)"

# Only options that AWS CLI v1 and v2 both know: v1 refuses --no-cli-pager ("Unknown options",
# exit 255). The pager (v2 only) is switched off through the environment instead, which
# `awsdns exec` passes on: at a terminal, v2 would otherwise wait in `less`.
AWS_PAGER=
export AWS_PAGER
# AWS_EXTRA_ARGS is split on blanks on purpose (no globbing: set -f).
set -f
# shellcheck disable=SC2086
set -- "$AWSDNS" exec --env-file "$AWSDNS_ENV_FILE" --timeout "$EXEC_TIMEOUT" -- \
    "$AWS_CLI" sns publish --topic-arn "$TOPIC_ARN" --subject "cluster event" \
    --message "$message" --output json $AWS_EXTRA_ARGS
set +f

status=0
"$@" >&2 || status=$?
if [ "$status" -eq 0 ]; then
    log "published: ${message}"
else
    log "aws sns publish failed with exit status ${status}"
fi
exit "$status"
