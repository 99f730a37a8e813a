#!/bin/sh
# Runs a command in a new network namespace whose only interface is loopback (up): the AWS CLI,
# squid, the emulators and everything else the command starts can reach 127.0.0.0/8 and nothing
# else, so no name the AWS CLI resolves and no connection can leave the machine. Needs root.
#   test/e2e/loopback_netns.sh COMMAND [ARGS...]
# ctest runs every end-to-end module so (test/CMakeLists.txt); the harness refuses to start in a
# namespace with another interface up (harness_core.require_loopback_only_network).
set -eu
if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 64
fi
exec /usr/bin/unshare --net -- /bin/sh -c '/usr/sbin/ip link set lo up && exec "$@"' \
  loopback_netns "$@"
