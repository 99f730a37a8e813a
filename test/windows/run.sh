#!/usr/bin/env bash
# The Windows leg, headless: installs the cross-compiler, Wine and msitools; cross-builds
# awsdns.exe, its unit tests and the stub programs (build.sh, dependencies cached by deps.sh),
# checks its Windows files with clang-tidy (tidy.sh);
# builds the MSI and the .zip (package.sh); runs every Windows test under Wine: the Catch2 unit
# tests through ctest (tests tagged [posix] left out), awsdns.exe exec timed out and SIGKILLed
# with a process tree under it (test_exec.py), the .bat hooks with the real awsdns.exe and a stub
# AWS CLI (test_hooks.py), the MSI installed with msiexec (test_package.py).
# Wine cannot run the Linux AWS CLI: the real CLIs are proven by the Linux suite only.
#   BUILD_DIR=DIR   where to build (default build-windows);  LINT_SKIP_TIDY=1  no clang-tidy
set -eu
cd "$(dirname "$0")/../.."
build=${BUILD_DIR:-build-windows}
sudo_if_needed=()
[ "$(id -u)" -eq 0 ] || sudo_if_needed=(sudo)

packages=(g++-mingw-w64-x86-64 wine wine64 msitools wixl zip)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
    missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== Windows: installing ${missing[*]}"
  "${sudo_if_needed[@]}" apt-get update -q
  "${sudo_if_needed[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

# One Wine prefix for the build (catch_discover_tests lists each test program under Wine) and
# the unit tests; the hook and package tests make their own (wine_support.py does the same there).
# One Wine session for the whole leg: a persistent wineserver (-p) started before any program,
# with its output on /dev/null, then one warm-up program (Wine's system processes start with
# /dev/null as output). Without it, the server ended its session 3 s after the last program and
# the next program started a new one: that program's output pipe (a ctest slot) was held open by
# the server and the system processes until the session ended, and a program started while a
# session shut down died at once, silently (exit 1 in 0.01 s: a unit test "failed" with no output).
mkdir -p "$build/wine-prefix"
WINEPREFIX="$(cd "$build" && pwd)/wine-prefix"
export WINEPREFIX WINEDEBUG=-all
wineserver -k 2>/dev/null || true # one of an earlier run, maybe not persistent
wineserver -w 2>/dev/null || true
trap 'wineserver -k 2>/dev/null || true' EXIT
wineserver -p </dev/null >/dev/null 2>&1
wine cmd /c exit </dev/null >/dev/null 2>&1 || true # creates the prefix (~10 s the first time)

echo "== Windows: cross-build ($build)"
BUILD_DIR=$build bash test/windows/build.sh

if [ "${LINT_SKIP_TIDY:-0}" != 1 ]; then
  echo "== Windows: clang-tidy of the Windows files (test/windows/tidy.sh)"
  bash test/windows/tidy.sh "$build"
fi

echo "== Windows: unit tests under Wine"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" --timeout 300

echo "== Windows: packages"
bash test/windows/package.sh "$build"

echo "== Windows: exec, hooks and package under Wine"
python3 -B test/windows/test_exec.py "$build"
python3 -B test/windows/test_hooks.py "$build"
python3 -B test/windows/test_package.py "$build"
echo "== Windows: all tests passed"
