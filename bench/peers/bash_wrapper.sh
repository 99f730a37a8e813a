#!/bin/bash
# The do-it-yourself alternative to `awsdns exec`: read the settings file with a while-read loop,
# export each NAME = value of its [ENVIRONMENT] section, then exec the command.
# Usage: bash_wrapper.sh SETTINGS_FILE CMD ARGS...
set -eu
settings=$1
shift
section=ENVIRONMENT
while IFS= read -r line || [ -n "$line" ]; do
  line=${line%$'\r'}
  case $line in
    '' | '#'* | ';'*) continue ;;
    '['*']') section=${line#[}; section=${section%]}; continue ;;
  esac
  [ "$section" = ENVIRONMENT ] || continue
  name=${line%%=*}
  value=${line#*=}
  name=${name//[[:space:]]/}
  value="${value#"${value%%[![:space:]]*}"}"
  value="${value%"${value##*[![:space:]]}"}"
  export "$name=$value"
done <"$settings"
exec "$@"
