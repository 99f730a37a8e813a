# Toolchain file: the Windows build of awsdns with Debian's mingw-w64 (package
# g++-mingw-w64-x86-64), the -posix thread model (std::thread, std::mutex), static everything, so
# awsdns.exe imports system DLLs only. Tests run under Wine (CMAKE_CROSSCOMPILING_EMULATOR).
#   cmake -S . -B build-windows -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64-x86_64.cmake \
#         -DAWSDNS_WINDOWS_DEPS=<prefix from test/windows/deps.sh>
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc-posix)
set(CMAKE_CXX_COMPILER x86_64-w64-mingw32-g++-posix)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)
set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
find_program(AWSDNS_WINE wine)
if(AWSDNS_WINE)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${AWSDNS_WINE})
endif()
