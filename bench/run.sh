#!/usr/bin/env bash
# Runs the awsdns benchmarks and writes BENCHMARKS.md at the top of the tree.
# Needs what setup.sh installs and builds (awsdns in build/, awscli, squid, resource-agents,
# hyperfine, GNU time, unbound); run it as root: it runs in a network namespace with only
# loopback (test/e2e/loopback_netns.sh), and B5 starts squid.
#
#   bench/run.sh [--smoke] [--out FILE] [--only B1,B2,...] [--runs N] [--failover-runs N]
#                [--hyperfine-runs N] [--hyperfine-warmup N] [--rss-runs N]
#                [--zone-sizes 10,1000,10000] [--insync-delays 5,30,60,120]
#                [--phase-delays T,T,...] [--move-runs N] [--fleet-sizes 10,25]
#                [--sim-sizes 25,100,300,1000] [--b8-apply-time S] [--b8-cli-start S]
#                [--json FILE] [--keep]
#
# --smoke: one iteration, small zone, T = 0, no phase sweep, B3 without the agent, one move per
# B7 case, B8 at N = 3 in one layout, report in a temporary file (BENCHMARKS.md is not
# touched); checks that the script still works, measures nothing. --only B8 alone writes B8's
# section and goal rows into the existing report and leaves the rest of it as it was.
# The awsdns executable is $AWSDNS_BIN, else build/awsdns or build/cli/awsdns.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

usage() {
  sed -n '2,19s/^# \{0,1\}//p' "$0"
}

smoke=0
out=""
forward=()
while [ $# -gt 0 ]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --smoke) smoke=1; forward+=(--smoke) ;;
    --out) [ $# -ge 2 ] || { echo "bench/run.sh: --out needs a file" >&2; exit 64; }
      out=$2; shift ;;
    --keep) forward+=(--keep) ;;
    --only | --runs | --failover-runs | --hyperfine-runs | --hyperfine-warmup | --rss-runs | \
      --zone-sizes | --insync-delays | --phase-delays | --move-runs | --json | \
      --fleet-sizes | --sim-sizes | --b8-apply-time | --b8-cli-start)
      [ $# -ge 2 ] || { echo "bench/run.sh: $1 needs a value" >&2; exit 64; }
      forward+=("$1" "$2"); shift ;;
    *) echo "bench/run.sh: unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
  shift
done

awsdns=${AWSDNS_BIN:-}
if [ -z "$awsdns" ]; then
  for candidate in "$root/build/awsdns" "$root/build/cli/awsdns"; do
    if [ -x "$candidate" ]; then awsdns=$candidate; break; fi
  done
fi
if [ -z "$awsdns" ] || [ ! -x "$awsdns" ]; then
  echo "bench/run.sh: no awsdns executable; run setup.sh first or set AWSDNS_BIN" >&2
  exit 69
fi
awsdns="$(cd "$(dirname "$awsdns")" && pwd)/$(basename "$awsdns")"

missing=()
for tool in /usr/bin/aws /usr/sbin/squid /usr/bin/time /usr/bin/python3 \
  /usr/lib/ocf/resource.d/heartbeat/aws-vpc-route53 /usr/sbin/unbound; do
  [ -x "$tool" ] || missing+=("$tool")
done
command -v hyperfine >/dev/null || missing+=(hyperfine)
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench/run.sh: missing ${missing[*]} (setup.sh installs awscli squid time" \
    "resource-agents hyperfine unbound)" >&2
  exit 69
fi

command_line="bench/run.sh"
if [ "$smoke" -eq 1 ]; then
  command_line="bench/run.sh --smoke"
  if [ -z "$out" ]; then
    out=$(mktemp "${TMPDIR:-/tmp}/awsdns-bench-smoke.XXXXXX.md")
  fi
fi
[ -n "$out" ] || out="$root/BENCHMARKS.md"

if [ "$(id -u)" -ne 0 ]; then
  echo "bench/run.sh: run it as root (a network namespace with only loopback; squid for B5)" >&2
  exit 77
fi
# The caller's proxy variables never reach the figures (the settings files set them).
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY no_proxy NO_PROXY all_proxy ALL_PROXY
exec "$root/test/e2e/loopback_netns.sh" /usr/bin/python3 -B "$here/bench.py" --awsdns "$awsdns" \
  --out "$out" --command-line "$command_line" ${forward[@]+"${forward[@]}"}
