# The Windows build's libraries (included from the top-level CMakeLists.txt when WIN32): the same
# targets the Linux build gets from Debian's -dev packages, made from AWSDNS_WINDOWS_DEPS, the
# prefix test/windows/deps.sh built from Debian's source packages. Everything is linked
# statically (libstdc++, libgcc and winpthread included), so each .exe imports system DLLs only.
set(AWSDNS_WINDOWS_DEPS "" CACHE PATH "Prefix printed by test/windows/deps.sh")
if(NOT EXISTS "${AWSDNS_WINDOWS_DEPS}/.complete")
  message(FATAL_ERROR "AWSDNS_WINDOWS_DEPS must name the prefix test/windows/deps.sh printed")
endif()
set(deps ${AWSDNS_WINDOWS_DEPS})

# Windows 10 / Server 2016 API level; no min/max macros; winsock2 before windows.h (Asio).
add_compile_definitions(_WIN32_WINNT=0x0A00 WIN32_LEAN_AND_MEAN NOMINMAX UNICODE _UNICODE)
# Every program starts at wmain (UTF-16 arguments; Catch2's main too, with UNICODE defined).
add_link_options(-static -municode)

add_library(Boost::headers INTERFACE IMPORTED)
target_include_directories(Boost::headers SYSTEM INTERFACE ${deps}/include)
target_link_libraries(Boost::headers INTERFACE ws2_32 mswsock bcrypt)

add_library(Boost::program_options STATIC IMPORTED)
set_target_properties(Boost::program_options PROPERTIES
  IMPORTED_LOCATION ${deps}/lib/libboost_program_options.a)
target_compile_definitions(Boost::program_options INTERFACE BOOST_PROGRAM_OPTIONS_STATIC_LINK)
target_link_libraries(Boost::program_options INTERFACE Boost::headers)

# Boost.JSON header-only: its sources compiled once, here.
add_library(awsdns_boost_json STATIC ${PROJECT_SOURCE_DIR}/cmake/windows/boost_json.cpp)
target_link_libraries(awsdns_boost_json PUBLIC Boost::headers)
add_library(Boost::json ALIAS awsdns_boost_json)

add_library(awsdns_yaml_cpp INTERFACE)
add_library(awsdns::yaml_cpp ALIAS awsdns_yaml_cpp)
target_include_directories(awsdns_yaml_cpp SYSTEM INTERFACE ${deps}/include)
target_link_libraries(awsdns_yaml_cpp INTERFACE ${deps}/lib/libyaml-cpp.a)

add_library(awsdns_cares INTERFACE)
add_library(awsdns::cares ALIAS awsdns_cares)
target_include_directories(awsdns_cares SYSTEM INTERFACE ${deps}/include)
target_compile_definitions(awsdns_cares INTERFACE CARES_STATICLIB)
target_link_libraries(awsdns_cares INTERFACE ${deps}/lib/libcares.a ws2_32 advapi32 iphlpapi)

list(APPEND CMAKE_PREFIX_PATH ${deps})
set(Catch2_DIR ${deps}/lib/cmake/Catch2)
