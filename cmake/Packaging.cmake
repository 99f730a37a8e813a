# CPack: a .deb and an .rpm of the installed tree (include after cmake/Install.cmake).
#   cmake --build BUILD --target package     or     cd BUILD && cpack -G DEB
# Both carry the same fully static awsdns (AWSDNS_STATIC_EXECUTABLE), so they install and run on
# any x86_64 distribution: RHEL 8/9, Amazon Linux 2023, SLES 15, Ubuntu 22.04, Debian 12. They
# require nothing but /bin/sh and bash (the scripts); the AWS CLI is a recommendation, not a
# dependency: sites install it their own way. Everything goes under /usr, whatever
# CMAKE_INSTALL_PREFIX is: the OCF agent where Pacemaker looks, /usr/lib/ocf/resource.d/awsdns.
if(NOT AWSDNS_FULLY_STATIC)
  message(STATUS "awsdns is not linked fully static in this build: no packages (cpack) here")
  return()
endif()
set(CPACK_PACKAGE_NAME awsdns)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "awsdns project")
set(CPACK_PACKAGE_CONTACT "awsdns maintainers <awsdns@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "awsdns moves a Route 53 record between the nodes of a high-availability cluster (CLUSTERPRO X, Pacemaker) with the AWS CLI, which it runs with the proxy settings of the cluster's settings file, bounded retries and timeouts. Includes CLUSTERPRO X scripts and a Pacemaker OCF resource agent.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES TRUE)
set(CPACK_VERBATIM_VARIABLES TRUE)  # values reach CPackConfig.cmake as written here
set(CPACK_SOURCE_IGNORE_FILES "/\\.git/" "/build[^/]*/")

# Generators: DEB always (dpkg-deb is part of dpkg), RPM when rpmbuild is installed.
find_program(AWSDNS_RPMBUILD rpmbuild)
set(CPACK_GENERATOR DEB)
if(AWSDNS_RPMBUILD)
  list(APPEND CPACK_GENERATOR RPM)
else()
  message(STATUS "rpmbuild not found: CPack builds only the .deb (apt install rpm for the .rpm)")
endif()

# Debian.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/awsdns/awsdns")
# No Depends: the executable loads no shared library, and bash is Essential on Debian/Ubuntu.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS OFF)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS awscli)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "resource-agents, pacemaker, squid")

# RPM: requirements come from rpmbuild's automatic generator: none for the static executable,
# /bin/sh and /bin/bash for the scripts (every target distribution has both).
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_LICENSE "Apache-2.0")
set(CPACK_RPM_PACKAGE_GROUP "Applications/System")
set(CPACK_RPM_PACKAGE_URL "${CPACK_DEBIAN_PACKAGE_HOMEPAGE}")
set(CPACK_RPM_PACKAGE_AUTOREQPROV ON)
# CPack 3.25 has no variable for Recommends (and mis-detects Suggests support in rpm 4.18):
# these lines land in the spec preamble. No /usr/lib/.build-id links (they clash between
# packages of the same binary). No post-install processing (brp-strip-comment-note would edit the
# executable): the .rpm carries byte for byte the files, and the executable, of the .deb.
set(CPACK_RPM_SPEC_MORE_DEFINE "Recommends: awscli
Suggests: resource-agents
%define _build_id_links none
%define __os_install_post %{nil}")
# Directories owned by other packages (filesystem, resource-agents, bash-completion).
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    /usr/lib/ocf /usr/lib/ocf/resource.d
    /usr/share/bash-completion /usr/share/bash-completion/completions
    /usr/share/man /usr/share/man/man1 /usr/share/doc)

include(CPack)
