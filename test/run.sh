#!/usr/bin/env bash
# Runs every test: the static checks (test/lint/run.sh); the normal build's unit and end-to-end
# suites; the unit tests and the end-to-end tests of awsdns itself again under AddressSanitizer +
# UndefinedBehaviorSanitizer; the libFuzzer targets for a bounded time; then the Windows build
# and its tests under Wine (test/windows/run.sh).
# Expects setup.sh to have run once. Needs root (the end-to-end tests start squid, which drops
# to the 'proxy' user, and install the .deb with dpkg).
#   FUZZ_SECONDS=N   seconds per fuzz target (default 30)
#   SKIP_LINT=1      skip the static checks;  SKIP_ASAN=1  skip the sanitizer pass;
#   SKIP_FUZZ=1      skip fuzzing;           SKIP_WINDOWS=1  skip the Windows leg
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc)
# Each stage's heading says when it starts, in seconds since this script started, so a slow
# stage can be found in any CI log.
stage() { echo "== [${SECONDS}s] $*"; }

if [ "${SKIP_LINT:-0}" != 1 ]; then
  stage "static checks (test/lint/run.sh)"
  bash test/lint/run.sh build
fi

stage "build (./build)"
[ -f build/build.ninja ] || cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j "$jobs"

stage "tests (./build)"
ctest --test-dir build --output-on-failure -j "$jobs"
# Tests that could not run here (e.g. the AWS CLI v1 scenarios on a machine without v1), by name.
skipped=$(grep -E "\.\.\. skipped " build/Testing/Temporary/LastTest.log || true)
if [ -n "$skipped" ]; then
  stage "skipped tests"
  echo "$skipped"
fi

if [ "${SKIP_ASAN:-0}" != 1 ]; then
  stage "tests under ASan+UBSan (./build-asan)"
  [ -f build-asan/build.ninja ] ||
    cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DAWSDNS_SANITIZE=ON
  cmake --build build-asan -j "$jobs"
  # Every unit test, and every end-to-end test that reaches awsdns code no other one reaches.
  # Left out: the emulators' self-tests (Python only), the package build/install and the static
  # executable's tests (a sanitizer build is neither static nor packaged), the benchmark smoke
  # run, and the tests of the programs that call awsdns (the AWS CLI generations, the CLUSTERPRO
  # hooks, the OCF agent, the Pacemaker cluster: ~7 minutes here), whose awsdns paths
  # test_route53_commands and test_faults run under the sanitizers too.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j "$jobs" \
    -E "test_emulator|test_install|test_static_binary|test_bench_smoke|test_cli_generations|test_clusterpro_scripts|test_ocf_agent|test_pacemaker_cluster"
fi

if [ "${SKIP_FUZZ:-0}" != 1 ]; then
  stage "fuzzing (./build-fuzz)"
  bash test/fuzz/run.sh
fi
if [ "${SKIP_WINDOWS:-0}" != 1 ]; then
  stage "Windows (test/windows/run.sh)"
  bash test/windows/run.sh
fi
stage "all tests passed"
