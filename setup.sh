#!/usr/bin/env bash
# Fresh Debian 12 machine -> built awsdns: installs the build and test dependencies (Debian
# packages only), builds into ./build, then checks the bundled example settings file.
set -eu
cd "$(dirname "$0")"

sudo_if_needed=()
[ "$(id -u)" -eq 0 ] || sudo_if_needed=(sudo)

packages=(
  # build
  cmake ninja-build g++ pkg-config
  libboost1.81-dev libboost-program-options1.81-dev libboost-filesystem1.81-dev
  libboost-json1.81-dev libboost-atomic1.81-dev libboost-container1.81-dev
  libyaml-cpp-dev catch2 libc-ares-dev
  # tests: the real AWS CLI, squid, emulators, OCF tester, DNS server, caching resolver (run by
  # the tests with a config of their own, only in front of the emulator), linters, fuzzing
  awscli squid apache2-utils resource-agents dnsmasq-base unbound python3 shellcheck
  python3-pyflakes clang-format clang-tidy
  # B8's figure (bench/b8_report.py draws it)
  python3-matplotlib
  clang libclang-rt-14-dev
  # packaging and benchmarks; the static executable's checks (libc.a, objdump, strace, rpm2archive)
  dpkg-dev rpm rpm2cpio file hyperfine time libc6-dev binutils strace
  # the real Pacemaker cluster test (two nodes in namespaces; corosync 3, pacemakerd by hand)
  pacemaker pacemaker-cli-utils corosync iproute2 util-linux procps
)
# Installing corosync and pacemaker must not start them on this machine (the cluster test starts
# its own inside namespaces): without a policy-rc.d of the machine's own, service starts are
# denied while apt-get runs.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${sudo_if_needed[@]}" tee "$policy" >/dev/null
  "${sudo_if_needed[@]}" chmod 755 "$policy"
  trap '"${sudo_if_needed[@]}" rm -f "$policy"' EXIT
fi
"${sudo_if_needed[@]}" apt-get update -q
"${sudo_if_needed[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${packages[@]}"

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j "$(nproc)"

# awsdns refuses settings and config files that group or others may write (a checkout made under umask 002
# would be); the example must pass that rule like a real /opt/nec/... file.
chmod go-w examples/clpaws_setting.conf examples/awsdns.yaml
build/awsdns check --env-file examples/clpaws_setting.conf --config examples/awsdns.yaml
