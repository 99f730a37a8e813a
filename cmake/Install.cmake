# Installation layout of awsdns (included from the top-level CMakeLists.txt after the targets).
# The executable itself is installed by cli/CMakeLists.txt (bin/awsdns); this file adds:
#   bin/awsdns-activate, -deactivate, -monitor     relative symbolic links to awsdns
#   share/awsdns/clusterpro/{linux,windows}/        CLUSTERPRO X EXEC/monitor scripts (the Linux
#                                                   ones source awsdns-common.sh from there)
#   share/doc/awsdns/examples/                      example configuration and snippets
#   lib/ocf/resource.d/awsdns/awsdns                Pacemaker OCF agent (0755); with the prefix
#                                                   /usr (the packages) where Pacemaker looks
#   share/man/man1/awsdns.1 (+ links for the action names)
#   share/bash-completion/completions/awsdns (+ links for the action names)
# The agent and the manual page get the project version, and the agent the path of the awsdns
# installed with it, at install time (cmake/InstallEdited.cmake).
# Nothing is installed under /etc: the configuration is the operator's (see the example).
include(GNUInstallDirs)

# Pacemaker looks for agents in /usr/lib/ocf whatever the multiarch libdir is.
set(AWSDNS_OCF_RESOURCE_DIR "lib/ocf/resource.d/awsdns" CACHE STRING
    "Directory of the OCF resource agent, relative to the install prefix")
set(AWSDNS_BASH_COMPLETION_DIR "${CMAKE_INSTALL_DATADIR}/bash-completion/completions" CACHE STRING
    "Directory of bash completions, relative to the install prefix")

set(AWSDNS_ACTION_NAMES awsdns-activate awsdns-deactivate awsdns-monitor)

# Creates relative symbolic links NAME -> TARGET in DIR (relative to the prefix) at install time,
# honouring DESTDIR, and records them in the install manifest.
function(awsdns_install_links dir target)
  set(code "")
  foreach(name IN LISTS ARGN)
    string(APPEND code "
      set(_awsdns_dir \"${dir}\")
      if(NOT IS_ABSOLUTE \"\${_awsdns_dir}\")
        set(_awsdns_dir \"\${CMAKE_INSTALL_PREFIX}/\${_awsdns_dir}\")
      endif()
      set(_awsdns_link \"\$ENV{DESTDIR}\${_awsdns_dir}/${name}\")
      message(STATUS \"Installing: \${_awsdns_link} -> ${target}\")
      file(MAKE_DIRECTORY \"\$ENV{DESTDIR}\${_awsdns_dir}\")
      file(REMOVE \"\${_awsdns_link}\")
      file(CREATE_LINK \"${target}\" \"\${_awsdns_link}\" SYMBOLIC)
      list(APPEND CMAKE_INSTALL_MANIFEST_FILES \"\${_awsdns_dir}/${name}\")
    ")
  endforeach()
  install(CODE "${code}")
endfunction()

# Executable links: the program dispatches on its own name.
awsdns_install_links("${CMAKE_INSTALL_BINDIR}" awsdns ${AWSDNS_ACTION_NAMES})

# CLUSTERPRO X scripts.
install(PROGRAMS
          ${PROJECT_SOURCE_DIR}/scripts/clusterpro/linux/start.sh
          ${PROJECT_SOURCE_DIR}/scripts/clusterpro/linux/stop.sh
          ${PROJECT_SOURCE_DIR}/scripts/clusterpro/linux/monitor.sh
          ${PROJECT_SOURCE_DIR}/scripts/clusterpro/linux/example-aws-exec.sh
          ${PROJECT_SOURCE_DIR}/scripts/clusterpro/linux/awsdns-common.sh
        DESTINATION ${CMAKE_INSTALL_DATADIR}/awsdns/clusterpro/linux)
install(FILES
          ${PROJECT_SOURCE_DIR}/scripts/clusterpro/windows/start.bat
          ${PROJECT_SOURCE_DIR}/scripts/clusterpro/windows/stop.bat
          ${PROJECT_SOURCE_DIR}/scripts/clusterpro/windows/monitor.bat
        DESTINATION ${CMAKE_INSTALL_DATADIR}/awsdns/clusterpro/windows)

# Pacemaker OCF resource agent (ocf:awsdns:awsdns) and the manual page, edited at install time.
install(CODE "
  set(AWSDNS_SOURCE_DIR \"${PROJECT_SOURCE_DIR}\")
  set(AWSDNS_STAGING_DIR \"${PROJECT_BINARY_DIR}/install-edited\")
  set(AWSDNS_VERSION \"${PROJECT_VERSION}\")
  set(AWSDNS_OCF_DIR \"${AWSDNS_OCF_RESOURCE_DIR}\")
  set(AWSDNS_BIN_DIR \"${CMAKE_INSTALL_BINDIR}\")
  set(AWSDNS_MAN_DIR \"${CMAKE_INSTALL_MANDIR}/man1\")
  include(\"${PROJECT_SOURCE_DIR}/cmake/InstallEdited.cmake\")
")

# Examples (documentation only; never installed as live configuration).
install(FILES
          ${PROJECT_SOURCE_DIR}/examples/awsdns.yaml
          ${PROJECT_SOURCE_DIR}/examples/clpaws_setting.conf
          ${PROJECT_SOURCE_DIR}/examples/squid.conf.fragment
          ${PROJECT_SOURCE_DIR}/examples/iam-policy.json
          ${PROJECT_SOURCE_DIR}/examples/pcs.txt
          ${PROJECT_SOURCE_DIR}/examples/crm.txt
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
foreach(doc README.md LICENSE)
  if(EXISTS ${PROJECT_SOURCE_DIR}/${doc})
    install(FILES ${PROJECT_SOURCE_DIR}/${doc} DESTINATION ${CMAKE_INSTALL_DOCDIR})
  endif()
endforeach()

# Manual page links for the action names (the page itself: above).
set(_awsdns_man_links "")
foreach(name IN LISTS AWSDNS_ACTION_NAMES)
  list(APPEND _awsdns_man_links ${name}.1)
endforeach()
awsdns_install_links("${CMAKE_INSTALL_MANDIR}/man1" awsdns.1 ${_awsdns_man_links})

# Bash completion (bash-completion loads a file named after the command).
install(FILES ${PROJECT_SOURCE_DIR}/scripts/completion/awsdns.bash
        DESTINATION ${AWSDNS_BASH_COMPLETION_DIR} RENAME awsdns)
awsdns_install_links("${AWSDNS_BASH_COMPLETION_DIR}" awsdns ${AWSDNS_ACTION_NAMES})
