@echo off
rem CLUSTERPRO X custom monitor script (Windows, cmd.exe): checks with "awsdns.exe monitor" that
rem the DNS record points at this server (one Route 53 request). When the AWS CLI gets no answer,
rem the resource's monitor.on_cli_failure decides: ignore/warn exit 0, recover exits non-zero.
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
rem                    "awsdns check"); a few seconds below the custom monitor's timeout; a
rem                    deadline that cuts the AWS CLI call is "no answer" (on_cli_failure)
rem Exit code: awsdns.exe's, unchanged: 0 the record points here, 3 missing, 4 points elsewhere,
rem others see awsdns(1); 127 when awsdns.exe cannot be found. Non-zero = monitor error.
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

set "OPTIONAL_ARGS="
if defined AWSDNS_ENV_FILE set OPTIONAL_ARGS=--env-file "%AWSDNS_ENV_FILE%"
if defined AWSDNS_NODE set OPTIONAL_ARGS=%OPTIONAL_ARGS% --node "%AWSDNS_NODE%"
if defined AWSDNS_DEADLINE set OPTIONAL_ARGS=%OPTIONAL_ARGS% --deadline "%AWSDNS_DEADLINE%"

"%AWSDNS%" monitor --config "%AWSDNS_CONFIG%" %OPTIONAL_ARGS% %AWSDNS_RESOURCE%
set "STATUS=%ERRORLEVEL%"
rem cmd.exe reports a command it cannot find as 9009; report it as awsdns does (127).
if "%STATUS%"=="9009" set "STATUS=127"
if "%STATUS%"=="3" echo awsdns monitor.bat: the record is missing 1>&2
if "%STATUS%"=="4" echo awsdns monitor.bat: the record points at another server 1>&2
exit /b %STATUS%
