"""End-to-end tests of `awsdns exec` as a supervisor: exit codes, time limits on process trees,
signal forwarding and the injected environment. Real processes; /bin/sh is only the TEST child.

Environment: AWSDNS_BIN = path of the built awsdns executable.
"""

import os
import signal
import stat
import subprocess
import tempfile
import time
import unittest

AWSDNS = os.environ.get("AWSDNS_BIN", "")
HANG_LIMIT = 60  # seconds; generous, only to turn a hang into a failure


def process_gone(pid):
    """True when pid no longer runs (absent, or a zombie that nobody reaps)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            text = f.read()
    except FileNotFoundError:
        return True
    return text[text.rfind(")") + 2] == "Z"


def group_gone_within(pgid, seconds=5.0):
    """Waits until no process of group pgid exists (kill(-pgid, 0) fails with ESRCH)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.02)


def gone_within(pid, seconds):
    """Waits until pid no longer runs; False when it still runs after `seconds`."""
    deadline = time.monotonic() + seconds
    while not process_gone(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.01)
    return True


def running_child(parent, executable, seconds=HANG_LIMIT):
    """The pid of parent's child once it runs `executable` (after its exec)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{parent}/task/{parent}/children", encoding="ascii") as f:
                children = [int(pid) for pid in f.read().split()]
            for pid in children:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if f.read().split(b"\0")[0] == executable.encode():
                        return pid
        except (FileNotFoundError, ProcessLookupError):
            pass
        time.sleep(0.01)
    raise AssertionError(f"{parent} did not start {executable} within {seconds} s")


def wait_for_file(path, seconds=HANG_LIMIT):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if os.path.exists(path) and os.path.getsize(path) > 0:
            with open(path, encoding="ascii") as f:
                text = f.read()
            if text.endswith("\n"):
                return text
        time.sleep(0.02)
    raise AssertionError(f"{path} not written within {seconds} s")


class SupervisorTest(unittest.TestCase):
    def setUp(self):
        if not AWSDNS or not os.access(AWSDNS, os.X_OK):
            self.fail(f"AWSDNS_BIN does not name the built awsdns executable: {AWSDNS!r}")
        self.tmp = tempfile.TemporaryDirectory(prefix="awsdns-e2e-supervisor-")
        self.dir = self.tmp.name
        self.settings = self.write_settings("[ENVIRONMENT]\nAWS_DEFAULT_REGION = us-east-1\n")
        self.base_env = {"PATH": "/usr/bin:/bin", "LANG": "C"}

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.dir, name)

    def write_settings(self, text, name="clpaws_setting.conf"):
        path = os.path.join(self.dir, name)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(path, 0o600)
        return path

    def exec_args(self, *child, timeout=None):
        args = [AWSDNS, "exec", "--env-file", self.settings]
        if timeout is not None:
            args += ["--timeout", str(timeout)]
        return args + ["--", *child]

    def run_exec(self, *child, timeout=None, env=None):
        return subprocess.run(self.exec_args(*child, timeout=timeout), env=env or self.base_env,
                              capture_output=True, text=True, timeout=HANG_LIMIT, check=False)

    # --- exit status -------------------------------------------------------------------------

    def test_exit_code_is_passed_through(self):
        for code in (0, 1, 42, 255):
            with self.subTest(code=code):
                result = self.run_exec("/bin/sh", "-c", f"exit {code}")
                self.assertEqual(result.returncode, code, result.stderr)

    def test_output_is_inherited(self):
        result = self.run_exec("/bin/sh", "-c", "echo to-stdout; echo to-stderr >&2")
        self.assertEqual(result.returncode, 0)
        self.assertEqual(result.stdout, "to-stdout\n")
        self.assertIn("to-stderr\n", result.stderr)

    def test_missing_command_exits_127(self):
        for command in ("/nonexistent/awsdns-test-command", "awsdns-no-such-command"):
            with self.subTest(command=command):
                result = self.run_exec(command)
                self.assertEqual(result.returncode, 127, result.stderr)
                self.assertIn("awsdns: ", result.stderr)

    def test_non_executable_file_exits_126(self):
        script = self.path("not-executable.sh")
        with open(script, "w", encoding="ascii") as f:
            f.write("#!/bin/sh\nexit 0\n")
        os.chmod(script, 0o644)
        result = self.run_exec(script)
        self.assertEqual(result.returncode, 126, result.stderr)

    def test_child_killed_by_signal_exits_128_plus_n(self):
        for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGSEGV):
            with self.subTest(signal=sig.name):
                result = self.run_exec("/bin/sh", "-c", f"kill -{int(sig)} $$")
                self.assertEqual(result.returncode, 128 + int(sig), result.stderr)

    # --- time limit --------------------------------------------------------------------------

    def test_timeout_kills_tree_whose_grandchild_holds_the_pipe(self):
        pids = self.path("pids")
        started = time.monotonic()
        # The backgrounded sleep keeps awsdns's stdout/stderr pipes (ours) open.
        result = self.run_exec("/bin/sh", "-c", f"sleep 300 & echo $$ $! > {pids}; sleep 300",
                               timeout=1)
        took = time.monotonic() - started
        self.assertEqual(result.returncode, 124, result.stderr)
        self.assertLess(took, HANG_LIMIT)
        leader, grandchild = (int(x) for x in wait_for_file(pids).split())
        self.assertTrue(group_gone_within(leader), "a process of the child's group survived")
        self.assertTrue(process_gone(grandchild), "the grandchild survived")

    def test_timeout_escalates_to_sigkill_when_sigterm_is_ignored(self):
        pids = self.path("pids")
        result = self.run_exec("/bin/sh", "-c",
                               f"trap '' TERM; sleep 300 & echo $$ $! > {pids}; sleep 300",
                               timeout=0.5)
        self.assertEqual(result.returncode, 124, result.stderr)
        leader, grandchild = (int(x) for x in wait_for_file(pids).split())
        self.assertTrue(group_gone_within(leader))
        self.assertTrue(process_gone(grandchild))

    def test_timeout_not_reached_returns_the_child_status(self):
        result = self.run_exec("/bin/sh", "-c", "exit 3", timeout=30)
        self.assertEqual(result.returncode, 3, result.stderr)

    # --- signals -----------------------------------------------------------------------------

    def check_signal_forwarded(self, sig):
        pids = self.path(f"pids-{sig.name}")
        marker = self.path(f"marker-{sig.name}")
        # The shell reports which signal reached it; its background sleep ignores SIGINT (as
        # every background job of a non-interactive shell does), so SIGINT also exercises the
        # SIGKILL escalation.
        script = (f"trap 'echo {sig.name} > {marker}; exit 0' {sig.name[3:]}; "
                  f"sleep 300 & echo $$ $! > {pids}; wait")
        proc = subprocess.Popen(self.exec_args("/bin/sh", "-c", script), env=self.base_env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            leader, grandchild = (int(x) for x in wait_for_file(pids).split())
            self.assertNotEqual(leader, os.getpgrp())
            proc.send_signal(sig)
            _, stderr = proc.communicate(timeout=HANG_LIMIT)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        self.assertEqual(proc.returncode, 128 + int(sig), stderr)
        self.assertEqual(wait_for_file(marker), f"{sig.name}\n", "signal not forwarded")
        self.assertTrue(group_gone_within(leader), "a process of the child's group survived")
        self.assertTrue(process_gone(grandchild))

    def test_sigterm_is_forwarded(self):
        self.check_signal_forwarded(signal.SIGTERM)

    def test_sigint_is_forwarded(self):
        self.check_signal_forwarded(signal.SIGINT)

    def test_sighup_is_forwarded(self):
        self.check_signal_forwarded(signal.SIGHUP)

    def test_sigkill_of_awsdns_kills_the_child(self):
        # SIGKILL cannot be caught or forwarded: the kernel ends the child (parent-death signal).
        proc = subprocess.Popen(self.exec_args("/bin/sleep", "300"), env=self.base_env,
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        child = None
        try:
            child = running_child(proc.pid, "/bin/sleep")
            proc.kill()
            proc.wait(timeout=HANG_LIMIT)
            self.assertTrue(gone_within(child, 1.0), "the child survived awsdns's SIGKILL")
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            if child is not None and not process_gone(child):
                os.kill(child, signal.SIGKILL)

    # --- environment -------------------------------------------------------------------------

    def child_environment(self, settings_text, parent_env):
        self.settings = self.write_settings(settings_text)
        result = self.run_exec("/usr/bin/env", env=parent_env)
        self.assertEqual(result.returncode, 0, result.stderr)
        return dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)

    def test_settings_file_proxy_reaches_the_child_in_both_cases(self):
        parent = dict(self.base_env,
                      https_proxy="http://127.0.0.9:1",   # stale lower-case proxy: replaced
                      http_proxy="http://127.0.0.9:2",    # removed (the file has none)
                      REQUEST_METHOD="GET",               # CGI marker: removed
                      KEEP_ME="yes")
        child = self.child_environment(
            "[ENVIRONMENT]\nHTTPS_PROXY = http://127.0.0.1:3128\n"
            "AWS_DEFAULT_REGION = us-east-1\n", parent)
        self.assertEqual(child.get("HTTPS_PROXY"), "http://127.0.0.1:3128")
        self.assertEqual(child.get("https_proxy"), "http://127.0.0.1:3128")
        self.assertNotIn("http_proxy", child)
        self.assertNotIn("HTTP_PROXY", child)
        self.assertNotIn("REQUEST_METHOD", child)
        self.assertEqual(child.get("AWS_DEFAULT_REGION"), "us-east-1")
        self.assertEqual(child.get("KEEP_ME"), "yes")
        self.assertEqual(child.get("PATH"), "/usr/bin:/bin")
        self.assertIn("169.254.169.254", child.get("NO_PROXY", ""))
        self.assertIn("169.254.169.254", child.get("no_proxy", ""))

    def test_awsdns_own_environment_is_not_the_child_s(self):
        # Nothing of the file leaks into the parent: a second child without the file sees none.
        child = self.child_environment("[ENVIRONMENT]\nAWS_DEFAULT_REGION = us-west-2\n",
                                       dict(self.base_env, REQUEST_METHOD="POST"))
        self.assertNotIn("HTTPS_PROXY", child)
        self.assertNotIn("REQUEST_METHOD", child)
        self.assertEqual(child.get("AWS_DEFAULT_REGION"), "us-west-2")

    def test_proxy_password_is_scrubbed_from_child_stderr(self):
        self.settings = self.write_settings(
            "[ENVIRONMENT]\nHTTPS_PROXY = http://proxyuser:S3cr#t-pw@127.0.0.1:3128\n")
        result = self.run_exec("/bin/sh", "-c", 'echo "proxy is $HTTPS_PROXY" >&2; exit 5')
        self.assertEqual(result.returncode, 5, result.stderr)
        self.assertNotIn("S3cr#t-pw", result.stderr)
        self.assertIn("***", result.stderr)
        self.assertIn("proxy is ", result.stderr)

    def test_invalid_settings_file_runs_nothing(self):
        marker = self.path("ran")
        self.settings = self.write_settings("[ENVIRONMENT]\nLD_PRELOAD = /tmp/x.so\n")
        result = self.run_exec("/bin/sh", "-c", f"touch {marker}")
        self.assertEqual(result.returncode, 78, result.stderr)
        self.assertFalse(os.path.exists(marker))

    def test_settings_file_writable_by_others_is_refused(self):
        os.chmod(self.settings, 0o666)
        self.assertTrue(os.stat(self.settings).st_mode & stat.S_IWOTH)
        result = self.run_exec("/bin/true")
        self.assertEqual(result.returncode, 78, result.stderr)


if __name__ == "__main__":
    unittest.main()
