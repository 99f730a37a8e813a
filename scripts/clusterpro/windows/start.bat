@echo off
rem CLUSTERPRO X EXEC resource start script (Windows, cmd.exe): points the DNS record at this
rem server with "awsdns.exe activate". Same decisions as start.sh (every value is logged):
rem   CLP_EVENT   START, FAILOVER, RECOVER (and unset: a manual run) all activate.
rem   CLP_SERVER  HOME or OTHER: logged only.
rem   CLP_DISK    FAILURE (a disk of the group could not be connected): like CLUSTERPRO's own
rem               sample scripts, exit 1 without touching the record, so clients are not sent
rem               to a server without its data; AWSDNS_ON_DISK_FAILURE=activate activates anyway.
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
rem                    "awsdns check"); a few seconds below the start script's timeout
rem   AWSDNS_ON_DISK_FAILURE  fail (default) or activate, for CLP_DISK=FAILURE
rem Exit code: awsdns.exe's, unchanged (0 success, 124 AWSDNS_DEADLINE reached); 1 when
rem CLP_DISK=FAILURE stopped it; 127 when awsdns.exe cannot be found.
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
if not defined AWSDNS_ON_DISK_FAILURE set "AWSDNS_ON_DISK_FAILURE=fail"

set "EVENT=%CLP_EVENT%"
if not defined EVENT set "EVENT=manual"
set "SERVER=%CLP_SERVER%"
if not defined SERVER set "SERVER=?"
set "DISK=%CLP_DISK%"
if not defined DISK set "DISK=?"
set "GROUP=%CLP_GROUPNAME%"
if not defined GROUP set "GROUP=?"
set "CONTEXT=event %EVENT%, server %SERVER%, disk %DISK%, group %GROUP%"

if /i "%EVENT%"=="FAILOVER" echo awsdns start.bat: %CONTEXT%: taking the record over after a failure elsewhere 1>&2
if /i "%EVENT%"=="RECOVER" echo awsdns start.bat: %CONTEXT%: recovery: activating again 1>&2
if /i not "%EVENT%"=="START" if /i not "%EVENT%"=="FAILOVER" if /i not "%EVENT%"=="RECOVER" if /i not "%EVENT%"=="manual" echo awsdns start.bat: %CONTEXT%: unexpected CLP_EVENT; activating anyway 1>&2

if /i not "%DISK%"=="FAILURE" goto activate
if /i "%AWSDNS_ON_DISK_FAILURE%"=="activate" goto disk_override
echo awsdns start.bat: %CONTEXT%: a disk of the group failed ^(CLP_DISK=FAILURE^): the record is not moved to this server 1>&2
exit /b 1
:disk_override
echo awsdns start.bat: %CONTEXT%: a disk of the group failed; activating anyway ^(AWSDNS_ON_DISK_FAILURE=activate^) 1>&2

:activate
set "OPTIONAL_ARGS="
if defined AWSDNS_ENV_FILE set OPTIONAL_ARGS=--env-file "%AWSDNS_ENV_FILE%"
if defined AWSDNS_NODE set OPTIONAL_ARGS=%OPTIONAL_ARGS% --node "%AWSDNS_NODE%"
if defined AWSDNS_DEADLINE set OPTIONAL_ARGS=%OPTIONAL_ARGS% --deadline "%AWSDNS_DEADLINE%"

"%AWSDNS%" activate --config "%AWSDNS_CONFIG%" %OPTIONAL_ARGS% %AWSDNS_RESOURCE%
set "STATUS=%ERRORLEVEL%"
rem cmd.exe reports a command it cannot find as 9009; report it as awsdns does (127).
if "%STATUS%"=="9009" set "STATUS=127"
if "%STATUS%"=="0" (
  echo awsdns start.bat: %CONTEXT%: activated 1>&2
) else (
  echo awsdns start.bat: %CONTEXT%: awsdns activate failed with exit code %STATUS% 1>&2
)
exit /b %STATUS%
