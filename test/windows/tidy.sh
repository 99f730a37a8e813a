#!/usr/bin/env bash
# clang-tidy (the project's .clang-tidy) over the Windows files of the libraries, from the
# cross-build's compile_commands.json: clang parses them for the mingw-w64 target with mingw's
# C++ and Windows headers (GCC's own intrinsics headers left out: clang has its own). Fails on
# any finding. Usage: test/windows/tidy.sh [BUILD_DIR] (default build-windows).
set -eu
cd "$(dirname "$0")/../.."
build=${1:-build-windows}
gcc_own=$(x86_64-w64-mingw32-g++-posix -print-file-name=include)  # GCC's intrinsics
include_args=()
while read -r folder; do
  case "$folder" in
    "$gcc_own" | "$gcc_own"-fixed) ;;  # clang brings its own
    *) include_args+=("--extra-arg=-isystem$folder") ;;
  esac
done < <(x86_64-w64-mingw32-g++-posix -E -x c++ -v - </dev/null 2>&1 |
  sed -n '/#include <...> search starts here/,/End of search list/p' | sed -n 's/^ //p')
mapfile -t files < <(git ls-files '*_windows.cpp' | grep -v '^test/')
report=$(clang-tidy -p "$build" --quiet --extra-arg=--target=x86_64-w64-mingw32 \
  --extra-arg=-nostdinc++ "${include_args[@]}" "${files[@]}" 2>/dev/null || true)
findings=$(grep -E ': (warning|error):' <<<"$report" || true)
echo "   ${#files[@]} Windows files"
if [ -n "$findings" ]; then
  echo "$report"
  exit 1
fi
