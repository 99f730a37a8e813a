#!/usr/bin/env bash
# Runs every test: the normal build's unit and end-to-end suites, then the whole suite again
# under AddressSanitizer + UndefinedBehaviorSanitizer. Expects setup.sh to have run once.
# Needs root (the end-to-end tests start squid, which drops to the 'proxy' user).
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc)

echo "== build (./build)"
[ -f build/build.ninja ] || cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j "$jobs"

echo "== tests (./build)"
ctest --test-dir build --output-on-failure

echo "== tests under ASan+UBSan (./build-asan)"
[ -f build-asan/build.ninja ] ||
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DAWSDNS_SANITIZE=ON
cmake --build build-asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure
