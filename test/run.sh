#!/usr/bin/env bash
# Runs every test: the static checks (test/lint/run.sh); the normal build's unit and end-to-end
# suites; the suite again under AddressSanitizer + UndefinedBehaviorSanitizer; then the libFuzzer
# targets for a bounded time.
# Expects setup.sh to have run once. Needs root (the end-to-end tests start squid, which drops
# to the 'proxy' user, and install the .deb with dpkg).
#   FUZZ_SECONDS=N   seconds per fuzz target (default 60)
#   SKIP_LINT=1      skip the static checks;  SKIP_ASAN=1  skip the sanitizer pass;
#   SKIP_FUZZ=1      skip fuzzing
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc)

if [ "${SKIP_LINT:-0}" != 1 ]; then
  echo "== static checks (test/lint/run.sh)"
  bash test/lint/run.sh build
fi

echo "== build (./build)"
[ -f build/build.ninja ] || cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j "$jobs"

echo "== tests (./build)"
ctest --test-dir build --output-on-failure
# Tests that could not run here (e.g. the AWS CLI v1 scenarios on a machine without v1), by name.
skipped=$(grep -E "\.\.\. skipped " build/Testing/Temporary/LastTest.log || true)
if [ -n "$skipped" ]; then
  echo "== skipped tests"
  echo "$skipped"
fi

if [ "${SKIP_ASAN:-0}" != 1 ]; then
  echo "== tests under ASan+UBSan (./build-asan)"
  [ -f build-asan/build.ninja ] ||
    cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DAWSDNS_SANITIZE=ON
  cmake --build build-asan -j "$jobs"
  # Every test that runs awsdns code; left out: the emulators' self-tests (Python only), the
  # package build/install and the static executable's tests (a sanitizer build is neither
  # static nor packaged) and the benchmark smoke run.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure \
    -E "test_emulators|test_install|test_static_binary|test_bench_smoke"
fi

if [ "${SKIP_FUZZ:-0}" != 1 ]; then
  echo "== fuzzing (./build-fuzz)"
  bash test/fuzz/run.sh
fi
echo "== all tests passed"
