# Install-time part of cmake/Install.cmake (run by `cmake --install` and CPack, which installs
# with DESTDIR and the prefix /usr): installs
#   the OCF agent, its version set to the project's and its default awsdns to the one installed
#   with it (PREFIX/BINDIR/awsdns); and says how to point Pacemaker at an agent installed
#   outside /usr/lib/ocf/resource.d (Pacemaker looks nowhere else);
#   the manual page, its version set to the project's.
# Set by Install.cmake: AWSDNS_SOURCE_DIR, AWSDNS_STAGING_DIR, AWSDNS_VERSION, AWSDNS_OCF_DIR,
# AWSDNS_BIN_DIR, AWSDNS_MAN_DIR (relative to the prefix, or absolute).
set(_awsdns_pacemaker_dir /usr/lib/ocf/resource.d/awsdns)

# OUT: DIR made absolute against the install prefix.
function(_awsdns_absolute out dir)
  if(IS_ABSOLUTE "${dir}")
    set(${out} "${dir}" PARENT_SCOPE)
  else()
    set(${out} "${CMAKE_INSTALL_PREFIX}/${dir}" PARENT_SCOPE)
  endif()
endfunction()

# Replaces every match of REGEX in the variable TEXT_VAR by REPLACEMENT; a source without a match
# stops the installation, so a changed source cannot silently keep a stale value.
function(_awsdns_edit text_var what regex replacement)
  string(REGEX MATCH "${regex}" found "${${text_var}}")
  if(found STREQUAL "")
    message(FATAL_ERROR "${what}: nothing matches '${regex}'; update cmake/InstallEdited.cmake")
  endif()
  string(REGEX REPLACE "${regex}" "${replacement}" edited "${${text_var}}")
  set(${text_var} "${edited}" PARENT_SCOPE)
endfunction()

# Writes TEXT to the staging file NAME and installs it into DIR as TYPE (PROGRAM or FILE).
function(_awsdns_install_text dir name type text)
  set(staged "${AWSDNS_STAGING_DIR}/${name}")
  file(WRITE "${staged}" "${text}")
  file(INSTALL DESTINATION "${dir}" TYPE ${type} FILES "${staged}")
endfunction()

_awsdns_absolute(_awsdns_ocf "${AWSDNS_OCF_DIR}")
_awsdns_absolute(_awsdns_bin "${AWSDNS_BIN_DIR}")
_awsdns_absolute(_awsdns_man "${AWSDNS_MAN_DIR}")

set(_awsdns_agent_source "${AWSDNS_SOURCE_DIR}/scripts/ocf/awsdns")
file(READ "${_awsdns_agent_source}" _awsdns_agent)
_awsdns_edit(_awsdns_agent "${_awsdns_agent_source}" "DEFAULT_AWSDNS=/usr/bin/awsdns\n"
             "DEFAULT_AWSDNS=${_awsdns_bin}/awsdns\n")
_awsdns_edit(_awsdns_agent "${_awsdns_agent_source}" "default=\"/usr/bin/awsdns\""
             "default=\"${_awsdns_bin}/awsdns\"")
_awsdns_edit(_awsdns_agent "${_awsdns_agent_source}" "<resource-agent name=\"awsdns\"[^>\n]*>"
             "<resource-agent name=\"awsdns\" version=\"${AWSDNS_VERSION}\">")
_awsdns_install_text("${_awsdns_ocf}" ocf/awsdns PROGRAM "${_awsdns_agent}")
if(NOT _awsdns_ocf STREQUAL _awsdns_pacemaker_dir)
  message(STATUS "awsdns: the OCF agent went to ${_awsdns_ocf}/awsdns, where Pacemaker does not "
                 "look (it looks in /usr/lib/ocf/resource.d only). To use it as "
                 "ocf:awsdns:awsdns: ln -s ${_awsdns_ocf} ${_awsdns_pacemaker_dir} "
                 "(it runs ${_awsdns_bin}/awsdns unless the resource sets awsdns=PATH).")
endif()

set(_awsdns_page_source "${AWSDNS_SOURCE_DIR}/doc/awsdns.1")
file(READ "${_awsdns_page_source}" _awsdns_page)
_awsdns_edit(_awsdns_page "${_awsdns_page_source}" "(\n\\.TH [^\n]*)\"awsdns[^\"\n]*\""
             "\\1\"awsdns ${AWSDNS_VERSION}\"")
_awsdns_install_text("${_awsdns_man}" man/awsdns.1 FILE "${_awsdns_page}")
