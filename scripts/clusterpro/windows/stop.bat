@echo off
rem CLUSTERPRO X EXEC resource stop script (Windows, cmd.exe): takes the DNS record back with
rem "awsdns.exe deactivate" when the group stops or leaves this server. awsdns deletes the
rem record only while it still points here: when it is absent or another server took it over,
rem nothing changes and the script succeeds. Every CLP_EVENT / CLP_FACTOR deactivates; the
rem values are only shown.
rem
rem Settings: edit the defaults below or set the variables in the environment.
rem   AWSDNS           awsdns.exe (default: awsdns.exe found on PATH)
rem   AWSDNS_CONFIG    YAML configuration (default C:\ProgramData\awsdns\awsdns.yaml)
rem   AWSDNS_RESOURCE  resource name (empty: the only resource of the configuration)
rem   AWSDNS_ENV_FILE  settings file (default CLUSTERPRO's cloud\aws\clpaws_setting.conf when it
rem                    exists, else the configuration's env_file)
rem   AWSDNS_NODE      this server's name in the configuration's ip: map (empty: host name)
rem Exit code: awsdns.exe's, unchanged (0 success); 127 when awsdns.exe cannot be found.
setlocal EnableExtensions DisableDelayedExpansion

if not defined AWSDNS set "AWSDNS=awsdns.exe"
if not defined AWSDNS_CONFIG set "AWSDNS_CONFIG=C:\ProgramData\awsdns\awsdns.yaml"
if not defined AWSDNS_ENV_FILE if exist "%ProgramFiles%\CLUSTERPRO\cloud\aws\clpaws_setting.conf" set "AWSDNS_ENV_FILE=%ProgramFiles%\CLUSTERPRO\cloud\aws\clpaws_setting.conf"

set "EVENT=%CLP_EVENT%"
if not defined EVENT set "EVENT=manual"
set "FACTOR=%CLP_FACTOR%"
if not defined FACTOR set "FACTOR=none"

set "OPTIONAL_ARGS="
if defined AWSDNS_ENV_FILE set OPTIONAL_ARGS=--env-file "%AWSDNS_ENV_FILE%"
if defined AWSDNS_NODE set OPTIONAL_ARGS=%OPTIONAL_ARGS% --node "%AWSDNS_NODE%"

"%AWSDNS%" deactivate --config "%AWSDNS_CONFIG%" %OPTIONAL_ARGS% %AWSDNS_RESOURCE%
set "STATUS=%ERRORLEVEL%"
rem cmd.exe reports a command it cannot find as 9009; report it as awsdns does (127).
if "%STATUS%"=="9009" set "STATUS=127"
if "%STATUS%"=="0" (
  echo awsdns stop.bat: event %EVENT%, factor %FACTOR%: deactivated 1>&2
) else (
  echo awsdns stop.bat: event %EVENT%, factor %FACTOR%: awsdns deactivate failed with exit code %STATUS% 1>&2
)
exit /b %STATUS%
