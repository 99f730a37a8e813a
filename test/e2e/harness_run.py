"""Harness: environments, running commands, process accounting, E2ETestCase (see harness.py)."""

import os
import signal
import subprocess
import time
import unittest
import uuid

from harness_core import (AWS_CLI, DUMMY_ACCESS_KEY_ID, DUMMY_SECRET_ACCESS_KEY, RUN_MARKER,
                          SAFE_PATH, awsdns_bin, make_temp_dir, wait_until)
from harness_tls import run_ca


def new_run_id():
    """A unique marker value for RUN_MARKER."""
    return uuid.uuid4().hex


def base_env(home=None, credentials="static", run_id=None, extra=None):
    """Environment for running awsdns / the AWS CLI offline. credentials: "static" (dummy keys,
    IMDS disabled), "none" (no keys: add AWS_EC2_METADATA_SERVICE_ENDPOINT for the IMDS
    emulator). No proxy variable is set. The run marker RUN_MARKER=<run_id> lets survivors()
    find every process of the run. extra: more variables (value None removes one)."""
    env = {
        "PATH": SAFE_PATH,
        "HOME": home or make_temp_dir("awsdns-home-"),
        "LANG": "C.UTF-8",
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_PAGER": "",
        RUN_MARKER: run_id or new_run_id(),
    }
    if credentials == "static":
        env["AWS_ACCESS_KEY_ID"] = DUMMY_ACCESS_KEY_ID
        env["AWS_SECRET_ACCESS_KEY"] = DUMMY_SECRET_ACCESS_KEY
        env["AWS_EC2_METADATA_DISABLED"] = "true"
    elif credentials != "none":
        raise ValueError(f"credentials must be 'static' or 'none', not {credentials!r}")
    for key, value in (extra or {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


class RunResult:
    """Outcome of run(): argv, returncode, stdout, stderr (str), elapsed (s), timed_out, run_id."""

    def __init__(self, argv, returncode, stdout, stderr, elapsed, timed_out, run_id):
        self.argv, self.returncode, self.stdout, self.stderr = argv, returncode, stdout, stderr
        self.elapsed, self.timed_out, self.run_id = elapsed, timed_out, run_id

    def describe(self):
        """Multi-line text for assertion messages."""
        return (f"\n$ {' '.join(self.argv)}\nexit {self.returncode} after {self.elapsed:.2f}s"
                f"{' (harness timeout)' if self.timed_out else ''}\n--- stdout\n{self.stdout}"
                f"--- stderr\n{self.stderr}")

    def __repr__(self):
        return f"RunResult(exit={self.returncode}, elapsed={self.elapsed:.2f})"


def _collect(process, argv, env, timeout, input_text, started):
    try:
        out, err = process.communicate(input_text, timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        timed_out = True
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        kill_marked(env.get(RUN_MARKER))
        try:
            out, err = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            out, err = "", "<output lost: pipes held open>"
    return RunResult(list(argv), process.returncode, out or "", err or "",
                     time.monotonic() - started, timed_out, env.get(RUN_MARKER))


def run(argv, env, timeout=300, input_text=None, cwd=None):
    """Runs argv (no shell) with env in a new session; on timeout kills its group and every
    process carrying env's run marker. Returns a RunResult (returncode None if it never ended)."""
    started = time.monotonic()
    process = subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.PIPE if input_text
                               is not None else subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    return _collect(process, argv, env, timeout, input_text, started)


def run_awsdns(args, env, timeout=300, **kwargs):
    """Runs `$AWSDNS_BIN ARGS...`."""
    return run([awsdns_bin()] + list(args), env, timeout, **kwargs)


def cli_env(env, proxy=None):
    """A copy of env for running the AWS CLI directly (not through awsdns): it trusts the test
    run's CA (AWS_CA_BUNDLE, unless env sets it) and, with `proxy`, uses that proxy for https
    and http (HTTPS_PROXY, HTTP_PROXY)."""
    env = dict(env)
    env.setdefault("AWS_CA_BUNDLE", run_ca().bundle)
    if proxy is not None:
        env.update(HTTPS_PROXY=proxy, HTTP_PROXY=proxy)
    return env


def run_aws(args, env, endpoint_url=None, timeout=300, proxy=None, **kwargs):
    """Runs `/usr/bin/aws [--endpoint-url URL] ARGS...` with cli_env(env, proxy)."""
    prefix = [AWS_CLI] + (["--endpoint-url", endpoint_url] if endpoint_url else [])
    return run(prefix + list(args), cli_env(env, proxy), timeout, **kwargs)


class Spawned:
    """A command started in the background (own session) for signal tests."""

    def __init__(self, argv, env, cwd=None):
        self.argv, self.env = list(argv), env
        self.started = time.monotonic()
        self.process = subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        start_new_session=True)
        self.pid = self.process.pid

    def send_signal(self, sig):
        """Signals the spawned process itself (not its group)."""
        self.process.send_signal(sig)

    def wait(self, timeout=60):
        """Waits for the end (killing everything on timeout) and returns a RunResult."""
        return _collect(self.process, self.argv, self.env, timeout, None, self.started)


def spawn(argv, env, cwd=None):
    """Starts argv in the background; finish with .wait(timeout) (always call it)."""
    return Spawned(argv, env, cwd)


def processes_with_marker(run_id):
    """[(pid, state, cmdline)] of live processes whose environment holds RUN_MARKER=run_id
    (zombies excluded: they have no environment left and are already dead)."""
    if not run_id:
        return []
    needle = f"{RUN_MARKER}={run_id}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as f:
                if needle not in f.read().split(b"\0"):
                    continue
            with open(f"/proc/{entry}/stat", "rb") as f:
                state = f.read().rsplit(b")", 1)[1].split()[0].decode()
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        if state != "Z":
            found.append((int(entry), state, cmdline))
    return found


def survivors(run_id, grace=3.0):
    """Processes of the run still alive after up to `grace` seconds (empty list = clean)."""
    if wait_until(lambda: not processes_with_marker(run_id), grace):
        return []
    return processes_with_marker(run_id)


def kill_marked(run_id):
    """SIGKILLs every process carrying the run marker (clean-up after a failed test)."""
    for pid, _, _ in processes_with_marker(run_id):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def read_terminal(master, on_data=None):
    """All bytes a program wrote to the pty whose master is `master`, read until it closed its
    side (EIO); on_data(bytes so far) after each read, e.g. to act on a prompt."""
    seen = b""
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # EIO: the program closed the terminal
            return seen
        if not data:
            return seen
        seen += data
        if on_data:
            on_data(seen)


def files_under(directory):
    """Set of paths below `directory` (for "no temporary file left" checks)."""
    out = set()
    for root, dirs, files in os.walk(directory):
        out.update(os.path.join(root, n) for n in dirs + files)
    return out


class E2ETestCase(unittest.TestCase):
    """TestCase with run-aware assertions; kills a test's leftover processes in tearDown."""

    maxDiff = None

    def setUp(self):
        super().setUp()
        self.run_id = new_run_id()
        self.addCleanup(kill_marked, self.run_id)

    def env(self, **kwargs):
        """base_env() carrying this test's run marker (same keyword arguments)."""
        return base_env(run_id=self.run_id, **kwargs)

    def assertExit(self, result, code, msg=""):
        """The run ended (no harness timeout) with exit code `code`."""
        self.assertFalse(result.timed_out, f"{msg} harness timeout{result.describe()}")
        self.assertEqual(result.returncode, code, f"{msg}{result.describe()}")

    def assertNoSurvivors(self, run_id=None, grace=3.0):
        """No process of the run (default: this test's marker) is alive after `grace` s."""
        left = survivors(run_id or self.run_id, grace)
        self.assertEqual(left, [], f"processes survived the run: {left}")
