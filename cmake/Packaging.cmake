# CPack: a .deb and an .rpm of the installed tree (include after cmake/Install.cmake).
#   cmake --build BUILD --target package     or     cd BUILD && cpack -G DEB
# The AWS CLI is a recommendation, not a dependency: sites install it their own way.
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
find_program(AWSDNS_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(AWSDNS_DPKG_SHLIBDEPS)
  # Exact shared-library dependencies of the binary, computed by dpkg-shlibdeps.
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  if(AWSDNS_STATIC_DEPS)
    set(CPACK_DEBIAN_PACKAGE_DEPENDS "libc6")  # everything else is linked in
  else()
    set(CPACK_DEBIAN_PACKAGE_DEPENDS
        "libboost-program-options1.81.0, libboost-filesystem1.81.0, libboost-json1.81.0, libyaml-cpp0.7, libc-ares2, libc6, libstdc++6")
  endif()
endif()
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS awscli)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "resource-agents, pacemaker, squid")

# RPM: library requirements come from rpmbuild's automatic dependency generator.
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_LICENSE "Apache-2.0")
set(CPACK_RPM_PACKAGE_GROUP "Applications/System")
set(CPACK_RPM_PACKAGE_URL "${CPACK_DEBIAN_PACKAGE_HOMEPAGE}")
set(CPACK_RPM_PACKAGE_AUTOREQPROV ON)
# CPack 3.25 has no variable for Recommends (and mis-detects Suggests support in rpm 4.18):
# these lines land in the spec preamble. No /usr/lib/.build-id links (they clash between
# packages of the same binary).
set(CPACK_RPM_SPEC_MORE_DEFINE "Recommends: awscli
Suggests: resource-agents
%define _build_id_links none")
# Directories owned by other packages (filesystem, resource-agents, bash-completion).
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    /usr/lib/ocf /usr/lib/ocf/resource.d
    /usr/share/bash-completion /usr/share/bash-completion/completions
    /usr/share/man /usr/share/man/man1 /usr/share/doc)

include(CPack)
