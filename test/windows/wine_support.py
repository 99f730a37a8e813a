"""What the Windows leg's Python tests share: one Wine session per prefix for the whole module,
and a main that fails when no test ran.

One persistent session: without it, the wineserver ended its session 3 s after the last Windows
program and started a new one with the next. The program that started a session passed its
output pipe to the server and to Wine's system processes (services.exe, explorer.exe, ...), so
the pipe stayed open until the session ended (measured: a program done after 0.7 s, its pipe at
EOF after 2.7 s, held by wineserver64 and six system processes); and a program started while a
session shut down died at once, silently (exit 1 after 0.01 s, no output). So the server is
started persistent (-p, output to /dev/null) before any program, and warmed up once (its system
processes start with /dev/null as output); stop() ends it."""

import os
import subprocess
import sys
import unittest

QUIET = {"stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}


def start_session(env, timeout=120):
    """Starts the persistent wineserver of env["WINEPREFIX"] (made if missing) and warms it up."""
    os.makedirs(env["WINEPREFIX"], exist_ok=True)
    stop_session(env)  # a server of an earlier run, maybe not persistent
    subprocess.run(["wineserver", "-p"], env=env, check=True, timeout=timeout, **QUIET)
    subprocess.run(["wine", "cmd", "/c", "exit"], env=env, timeout=timeout, check=False, **QUIET)


def stop_session(env):
    """Ends the wineserver of env["WINEPREFIX"] and every Windows program in it."""
    subprocess.run(["wineserver", "-k"], env=env, check=False, **QUIET)
    subprocess.run(["wineserver", "-w"], env=env, check=False, timeout=60, **QUIET)


def main(**kwargs):
    """unittest.main, but a module that ran no test and skipped none fails."""
    result = unittest.main(exit=False, **kwargs).result
    if result.testsRun == 0 and not result.skipped:
        print("no test ran (and none was skipped)", file=sys.stderr)
        sys.exit(5)
    sys.exit(0 if result.wasSuccessful() else 1)
