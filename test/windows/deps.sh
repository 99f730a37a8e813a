#!/usr/bin/env bash
# Builds the Windows (mingw-w64) static libraries awsdns.exe needs from Debian's own source
# packages, into a prefix that is reused while this script and the packages' versions stay the
# same (a second run takes a second):
#   Boost.Program_options   compiled from boost1.81's libs/program_options/src (only that folder
#                           is extracted); the rest of Boost (Asio, JSON header-only) is used from
#                           the headers of libboost1.81-dev
#   yaml-cpp, c-ares        from their source packages, built with CMake (static)
#   Catch2                  catch.hpp and its CMake scripts from the catch2 package
# Prints the prefix on its last line. Needs root (apt-get) the first time on a machine.
#   AWSDNS_WINDOWS_DEPS_CACHE=DIR   where prefixes are kept (default ~/.cache/awsdns/windows-deps)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cache=${AWSDNS_WINDOWS_DEPS_CACHE:-$HOME/.cache/awsdns/windows-deps}
jobs=$(nproc)
toolchain=$here/../../cmake/mingw-w64-x86_64.cmake
sudo_if_needed=()
[ "$(id -u)" -eq 0 ] || sudo_if_needed=(sudo)

# The deb-src entry: the same URIs, suites and keys as the machine's own binary sources.
enable_deb_src() {
  local list=/etc/apt/sources.list.d/debian.sources
  local src=/etc/apt/sources.list.d/awsdns-deb-src.sources
  [ -f "$src" ] && return 0
  sed 's/^Types: deb$/Types: deb-src/' "$list" | "${sudo_if_needed[@]}" tee "$src" >/dev/null
  "${sudo_if_needed[@]}" apt-get update -q >/dev/null
}

source_version() { apt-cache showsrc "$1" | sed -n 's/^Version: //p' | sort -V | tail -1; }

enable_deb_src
versions="boost1.81=$(source_version boost1.81) yaml-cpp=$(source_version yaml-cpp)"
versions="$versions c-ares=$(source_version c-ares) catch2=$(dpkg-query -W -f '${Version}' catch2)"
versions="$versions gcc=$(x86_64-w64-mingw32-g++-posix -dumpversion)"
key=$( (echo "$versions"; cat "$0") | sha256sum | cut -c1-16)
prefix=$cache/$key
if [ -f "$prefix/.complete" ]; then
  echo "windows deps: cached ($versions)" >&2
  echo "$prefix"
  exit 0
fi
echo "windows deps: building $versions" >&2
work=$(mktemp -d "${TMPDIR:-/tmp}/awsdns-windows-deps.XXXXXX")
trap 'rm -rf "$work"' EXIT
rm -rf "$prefix"
mkdir -p "$prefix/include" "$prefix/lib"
cd "$work"

# apt-get source prefers a sandbox user that cannot write here: download as is, unpack by hand.
apt-get source -q --download-only boost1.81 yaml-cpp c-ares >/dev/null 2>&1

# --- Boost: headers from libboost1.81-dev, Program_options compiled here --------------------------
ln -s /usr/include/boost "$prefix/include/boost"
boost_tar=$(ls boost1.81_*.orig.tar.*)
boost_top=$(tar -tf "$boost_tar" | head -1 | cut -d/ -f1)
tar -xf "$boost_tar" "$boost_top/libs/program_options/src"
mkdir -p po
for source in "$boost_top"/libs/program_options/src/*.cpp; do
  echo "po/$(basename "$source" .cpp).o: $source"
  printf '\tx86_64-w64-mingw32-g++-posix -std=c++20 -O2 -DBOOST_PROGRAM_OPTIONS_STATIC_LINK -isystem %s -c $< -o $@\n' "$prefix/include"
done >po/Makefile
objects=$(sed -n 's/^\(po\/[^:]*\.o\):.*/\1/p' po/Makefile | tr '\n' ' ')
echo "all: $objects" >>po/Makefile
make -s -f po/Makefile -j "$jobs" all
x86_64-w64-mingw32-ar rcs "$prefix/lib/libboost_program_options.a" po/*.o

# --- yaml-cpp and c-ares: their own CMake builds, static ------------------------------------------
cmake_build() {  # NAME SOURCE_DIR CMAKE_ARGS...
  local name=$1 source=$2
  shift 2
  cmake -S "$source" -B "build-$name" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" "$@" >"build-$name.log"
  cmake --build "build-$name" -j "$jobs" >>"build-$name.log"
  cmake --install "build-$name" >>"build-$name.log"
}
dpkg-source -x --no-check yaml-cpp_*.dsc yaml-cpp >/dev/null
cmake_build yaml-cpp yaml-cpp -DYAML_BUILD_SHARED_LIBS=OFF -DYAML_CPP_BUILD_TESTS=OFF \
  -DYAML_CPP_BUILD_TOOLS=OFF -DYAML_CPP_BUILD_CONTRIB=OFF
dpkg-source -x --no-check c-ares_*.dsc c-ares >/dev/null
# c-ares 1.18.1's inet_net_pton.c needs INADDRSZ, which mingw's headers do not define.
cmake_build c-ares c-ares -DCARES_STATIC=ON -DCARES_SHARED=OFF -DCARES_BUILD_TOOLS=OFF \
  -DCARES_BUILD_TESTS=OFF -DCMAKE_C_FLAGS=-DINADDRSZ=4

# --- Catch2 2.x: one header and its CMake scripts (catch_discover_tests) -------------------------
mkdir -p "$prefix/include/catch2" "$prefix/lib/cmake/Catch2"
cp /usr/include/catch2/catch.hpp "$prefix/include/catch2/"
cp /usr/lib/cmake/Catch2/Catch.cmake /usr/lib/cmake/Catch2/CatchAddTests.cmake "$prefix/lib/cmake/Catch2/"
# Debian's Catch2Config.cmake points at /usr/include; this one at the prefix.
cat >"$prefix/lib/cmake/Catch2/Catch2Config.cmake" <<'CONFIG'
if(NOT TARGET Catch2::Catch2)
  add_library(Catch2::Catch2 INTERFACE IMPORTED)
  get_filename_component(_catch2_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
  target_include_directories(Catch2::Catch2 INTERFACE "${_catch2_prefix}/include")
endif()
list(APPEND CMAKE_MODULE_PATH "${CMAKE_CURRENT_LIST_DIR}")
CONFIG

echo "$versions" >"$prefix/.complete"
echo "$prefix"
