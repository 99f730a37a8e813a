#!/usr/bin/env bash
# Cross-builds the Windows awsdns.exe, its unit tests and stub programs into build-windows/ with
# mingw-w64 (dependencies from test/windows/deps.sh, cached). Expects the packages of
# test/windows/run.sh to be installed.
#   BUILD_DIR=DIR   where to build (default build-windows)
set -eu
cd "$(dirname "$0")/../.."
build=${BUILD_DIR:-build-windows}
deps=$(bash test/windows/deps.sh | tail -1)
# catch_discover_tests lists each test program under Wine while building.
export WINEDEBUG=${WINEDEBUG:--all}
if [ ! -f "$build/build.ninja" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64-x86_64.cmake -DAWSDNS_WINDOWS_DEPS="$deps"
fi
cmake --build "$build" -j "$(nproc)"
