@echo off
rem CLUSTERPRO X EXEC resource start script (Windows, cmd.exe): points the DNS record at this
rem server with "awsdns.exe activate". CLUSTERPRO sets CLP_EVENT to START (group start),
rem FAILOVER (failover to this server) or RECOVER (recovery); all three activate, and so does a
rem manual run without CLP_EVENT.
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
if /i "%EVENT%"=="START" goto activate
if /i "%EVENT%"=="FAILOVER" goto activate
if /i "%EVENT%"=="RECOVER" goto activate
if /i "%EVENT%"=="manual" goto activate
echo awsdns start.bat: unexpected CLP_EVENT %EVENT%, activating anyway 1>&2

:activate
set "OPTIONAL_ARGS="
if defined AWSDNS_ENV_FILE set OPTIONAL_ARGS=--env-file "%AWSDNS_ENV_FILE%"
if defined AWSDNS_NODE set OPTIONAL_ARGS=%OPTIONAL_ARGS% --node "%AWSDNS_NODE%"

"%AWSDNS%" activate --config "%AWSDNS_CONFIG%" %OPTIONAL_ARGS% %AWSDNS_RESOURCE%
set "STATUS=%ERRORLEVEL%"
rem cmd.exe reports a command it cannot find as 9009; report it as awsdns does (127).
if "%STATUS%"=="9009" set "STATUS=127"
if "%STATUS%"=="0" (
  echo awsdns start.bat: event %EVENT%: activated 1>&2
) else (
  echo awsdns start.bat: event %EVENT%: awsdns activate failed with exit code %STATUS% 1>&2
)
exit /b %STATUS%
