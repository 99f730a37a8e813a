@echo off
rem CLUSTERPRO X EXEC resource stop script (Windows, cmd.exe): takes the DNS record back with
rem "awsdns.exe deactivate" when the group stops or leaves this server. awsdns deletes the
rem record only while it still points here: when it is absent or another server took it over,
rem nothing changes and the script succeeds. Same decisions as stop.sh (every value is logged):
rem   CLP_FACTOR  CLUSTERSHUTDOWN, GROUPSTOP (nobody takes over), unset or other: deactivate.
rem               GROUPMOVE, GROUPFAILOVER, SERVERSHUTDOWN (another server takes the group over)
rem               and GROUPRESTART, RESOURCERESTART (it starts here again): the record is left
rem               for that activation, no window without the name; AWSDNS_KEEP_ON_HANDOVER=no
rem               deactivates anyway.
rem   CLP_EVENT, CLP_SERVER: logged only. CLP_DISK=FAILURE: logged, the stop goes on.
rem
rem Settings: edit the defaults below or set the variables in the environment.
rem   AWSDNS           awsdns.exe (default: %ProgramFiles%\awsdns\awsdns.exe, where the MSI
rem                    installs it, else the first awsdns.exe on PATH)
rem   AWSDNS_CONFIG    YAML configuration (default %ProgramData%\awsdns\awsdns.yaml)
rem   CLUSTERPRO_DIR   CLUSTERPRO X install folder (default %ProgramFiles%\CLUSTERPRO)
rem   AWSDNS_RESOURCE  resource name (empty: the only resource of the configuration)
rem   AWSDNS_ENV_FILE  settings file (default CLUSTERPRO's cloud\aws\clpaws_setting.conf when it
rem                    exists, else the configuration's env_file)
rem   AWSDNS_NODE      this server's name in the configuration's ip: map (empty: host name)
rem   AWSDNS_DEADLINE  seconds within which awsdns ends by itself (empty: its own worst case, see
rem                    "awsdns check"); a few seconds below the stop script's timeout
rem   AWSDNS_KEEP_ON_HANDOVER  yes (default) or no (see CLP_FACTOR above)
rem Exit code: awsdns.exe's, unchanged (0 success, 124 AWSDNS_DEADLINE reached); 0 when the
rem record is left for a handover; 127 when awsdns.exe cannot be found.
setlocal EnableExtensions DisableDelayedExpansion

if not defined AWSDNS if exist "%ProgramFiles%\awsdns\awsdns.exe" set "AWSDNS=%ProgramFiles%\awsdns\awsdns.exe"
if not defined AWSDNS for %%I in (awsdns.exe) do set "AWSDNS=%%~$PATH:I"
if not defined AWSDNS (
  echo awsdns %~nx0: awsdns.exe not found ^(set AWSDNS to its path^) 1>&2
  exit /b 127
)
if not defined AWSDNS_CONFIG set "AWSDNS_CONFIG=%ProgramData%\awsdns\awsdns.yaml"
if not defined CLUSTERPRO_DIR set "CLUSTERPRO_DIR=%ProgramFiles%\CLUSTERPRO"
if not defined AWSDNS_ENV_FILE if exist "%CLUSTERPRO_DIR%\cloud\aws\clpaws_setting.conf" set "AWSDNS_ENV_FILE=%CLUSTERPRO_DIR%\cloud\aws\clpaws_setting.conf"
if not defined AWSDNS_KEEP_ON_HANDOVER set "AWSDNS_KEEP_ON_HANDOVER=yes"

set "EVENT=%CLP_EVENT%"
if not defined EVENT set "EVENT=manual"
set "SERVER=%CLP_SERVER%"
if not defined SERVER set "SERVER=?"
set "DISK=%CLP_DISK%"
if not defined DISK set "DISK=?"
set "GROUP=%CLP_GROUPNAME%"
if not defined GROUP set "GROUP=?"
set "FACTOR=%CLP_FACTOR%"
set "CONTEXT=event %EVENT%, server %SERVER%, disk %DISK%, group %GROUP%"
if defined FACTOR set "CONTEXT=event %EVENT%, server %SERVER%, disk %DISK%, factor %FACTOR%, group %GROUP%"

set "HANDOVER="
if /i "%FACTOR%"=="GROUPMOVE" set "HANDOVER=another server takes the group over"
if /i "%FACTOR%"=="GROUPFAILOVER" set "HANDOVER=another server takes the group over"
if /i "%FACTOR%"=="SERVERSHUTDOWN" set "HANDOVER=another server takes the group over"
if /i "%FACTOR%"=="GROUPRESTART" set "HANDOVER=the group starts again on this server"
if /i "%FACTOR%"=="RESOURCERESTART" set "HANDOVER=the group starts again on this server"
if defined FACTOR if not defined HANDOVER if /i not "%FACTOR%"=="CLUSTERSHUTDOWN" if /i not "%FACTOR%"=="GROUPSTOP" echo awsdns stop.bat: %CONTEXT%: unexpected CLP_FACTOR; deactivating 1>&2
if not defined HANDOVER goto deactivate
if /i "%AWSDNS_KEEP_ON_HANDOVER%"=="no" goto deactivate
echo awsdns stop.bat: %CONTEXT%: %HANDOVER%: record left for its activation ^(AWSDNS_KEEP_ON_HANDOVER=no deletes it^) 1>&2
exit /b 0

:deactivate
if /i "%DISK%"=="FAILURE" echo awsdns stop.bat: %CONTEXT%: a disk of the group failed; deactivating anyway ^(the record does not need it^) 1>&2
set "OPTIONAL_ARGS="
if defined AWSDNS_ENV_FILE set OPTIONAL_ARGS=--env-file "%AWSDNS_ENV_FILE%"
if defined AWSDNS_NODE set OPTIONAL_ARGS=%OPTIONAL_ARGS% --node "%AWSDNS_NODE%"
if defined AWSDNS_DEADLINE set OPTIONAL_ARGS=%OPTIONAL_ARGS% --deadline "%AWSDNS_DEADLINE%"

"%AWSDNS%" deactivate --config "%AWSDNS_CONFIG%" %OPTIONAL_ARGS% %AWSDNS_RESOURCE%
set "STATUS=%ERRORLEVEL%"
rem cmd.exe reports a command it cannot find as 9009; report it as awsdns does (127).
if "%STATUS%"=="9009" set "STATUS=127"
if "%STATUS%"=="0" (
  echo awsdns stop.bat: %CONTEXT%: deactivated 1>&2
) else (
  echo awsdns stop.bat: %CONTEXT%: awsdns deactivate failed with exit code %STATUS% 1>&2
)
exit /b %STATUS%
