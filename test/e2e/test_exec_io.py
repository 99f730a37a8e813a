"""End-to-end tests of `awsdns exec` input and output: at an interactive terminal (a
real bash with job control on a pseudo-terminal) the command gets the terminal's foreground; with
a secret in the settings file, the command's stderr passes through awsdns byte for byte except for
the secret. Real processes; /bin/sh, bash and python3 are only TEST children.

Environment: AWSDNS_BIN = path of the built awsdns executable.
"""

import os
import pty
import select
import shlex
import signal
import subprocess
import tempfile
import time
import unittest

AWSDNS = os.environ.get("AWSDNS_BIN", "")
HANG_LIMIT = 20  # seconds; only to turn a hang into a failure
PROMPT_LIMIT = 0.2  # seconds for a prompt without newline to arrive (the bound)
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"
SHELL_PROMPT = b"PTY-SHELL> "

# Prints a prompt without newline, reads one line from stdin, reports it, exits 7.
ASK_SCRIPT = """#!/bin/sh
printf '%s' "${PROMPT_TO:-name}? " >&"${PROMPT_FD:-1}"
read -r line || exit 99
echo "got:$line"
exit 7
"""

# The test child of the byte-exactness test: writes the file argv[1] to stderr in pieces that
# end at the offsets argv[2:], pausing between them, then writes it once to stdout.
WRITE_PIECES = """
import os, sys, time
data = open(sys.argv[1], "rb").read()
cuts = [int(c) for c in sys.argv[2:]] + [len(data)]
start = 0
for cut in cuts:
    view = memoryview(data)[start:cut]
    while view:
        view = view[os.write(2, view):]
    start = cut
    time.sleep(0.05)
os.write(1, b"stdout is not filtered")
"""

# Writes a prompt without newline to stderr, then (on stdout) the monotonic time just before it,
# and waits for a line.
PROMPT_THEN_READ = """
import os, sys, time
before = time.monotonic()
os.write(2, b"Password: ")
os.write(1, repr(before).encode() + b"\\n")
sys.stdin.readline()
os.write(2, b"thanks")
"""


class PtyShell:
    """An interactive bash (job control on) on a pseudo-terminal, driven like a user would."""

    def __init__(self, env):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            try:
                os.execve("/bin/bash", ["bash", "--norc", "--noprofile", "-i"], env)
            finally:
                os._exit(127)
        self.seen = b""
        self.expect(SHELL_PROMPT)

    def send(self, text):
        os.write(self.fd, text.encode() if isinstance(text, str) else text)

    def expect(self, marker, seconds=HANG_LIMIT):
        """Reads until `marker` appears after what was already matched; returns the text up to
        and including it."""
        marker = marker.encode() if isinstance(marker, str) else marker
        deadline = time.monotonic() + seconds
        while marker not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                raise AssertionError(f"{marker!r} did not appear within {seconds} s; the terminal "
                                     f"shows:\n{self.seen.decode(errors='replace')}")
            try:
                self.seen += os.read(self.fd, 65536)
            except OSError:  # EIO: the shell is gone
                raise AssertionError(f"the shell ended before {marker!r}:\n{self.seen!r}")
        at = self.seen.index(marker) + len(marker)
        text, self.seen = self.seen[:at], self.seen[at:]
        return text.decode(errors="replace")

    def run(self, command_line):
        """Types a command line and returns its exit status (the shell is back at its prompt)."""
        self.send(command_line + "\n")
        return self.status()

    def status(self):
        """The exit status of the last command, once the shell is back at its prompt."""
        self.expect(SHELL_PROMPT)
        self.send("echo \"status=<$?>\"\n")
        text = self.expect(SHELL_PROMPT)
        return int(text.split("status=<", 2)[-1].split(">", 1)[0])

    def close(self):
        try:
            self.send("exit\n")
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                if os.waitpid(self.pid, os.WNOHANG)[0] == self.pid:
                    return
                time.sleep(0.05)
            os.killpg(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except OSError:
            pass
        finally:
            os.close(self.fd)


class ExecIoTest(unittest.TestCase):
    def setUp(self):
        if not AWSDNS or not os.access(AWSDNS, os.X_OK):
            self.fail(f"AWSDNS_BIN does not name the built awsdns executable: {AWSDNS!r}")
        self.tmp = tempfile.TemporaryDirectory(prefix="awsdns-e2e-exec-io-")
        self.addCleanup(self.tmp.cleanup)
        self.plain = self.write("plain.conf", "[ENVIRONMENT]\nAWS_DEFAULT_REGION = us-east-1\n")
        self.secret = self.write("secret.conf",
                                 f"[ENVIRONMENT]\nAWS_SECRET_ACCESS_KEY = {SECRET}\n")
        self.ask = self.write("ask.sh", ASK_SCRIPT, mode=0o755)
        self.env = {"PATH": "/usr/bin:/bin", "LANG": "C", "TERM": "dumb"}

    def write(self, name, text, mode=0o600):
        path = os.path.join(self.tmp.name, name)
        with open(path, "wb") as f:
            f.write(text.encode() if isinstance(text, str) else text)
        os.chmod(path, mode)
        return path

    def exec_line(self, settings, *child, options=()):
        return shlex.join([AWSDNS, "exec", "--env-file", settings, *options, "--", *child])

    def shell(self):
        shell = PtyShell(dict(self.env, PS1=SHELL_PROMPT.decode()))
        self.addCleanup(shell.close)
        return shell

    # --- at a terminal -----------------------------------------------------------------------

    def test_a_child_reads_a_line_from_the_terminal(self):
        for settings, prompt_fd in ((self.plain, "1"), (self.secret, "2")):
            with self.subTest(settings=os.path.basename(settings), prompt_fd=prompt_fd):
                shell = self.shell()
                shell.send(f"PROMPT_FD={prompt_fd} PROMPT_TO=user " +
                           self.exec_line(settings, self.ask) + "\n")
                shell.expect("user? ")
                shell.send("alice\n")
                shell.expect("got:alice")
                self.assertEqual(shell.status(), 7)

    def test_ctrl_c_at_the_terminal_reaches_the_child_and_awsdns_reports_it(self):
        shell = self.shell()
        shell.send(self.exec_line(self.plain, self.ask) + "\n")
        shell.expect("name? ")
        shell.send(b"\x03")  # VINTR: SIGINT to the foreground process group
        self.assertEqual(shell.status(), 128 + signal.SIGINT)

    def test_ctrl_z_stops_awsdns_for_the_shell_and_fg_resumes_the_child(self):
        shell = self.shell()
        shell.send(self.exec_line(self.plain, self.ask) + "\n")
        shell.expect("name? ")
        shell.send(b"\x1a")  # VSUSP: SIGTSTP to the child's group; awsdns stops in turn
        shell.expect("Stopped")
        shell.expect(SHELL_PROMPT)
        shell.send("fg\n")
        shell.expect("ask.sh")  # bash names the job it resumes
        shell.send("bob\n")
        shell.expect("got:bob")
        self.assertEqual(shell.status(), 7)

    def test_timeout_still_holds_at_a_terminal(self):
        shell = self.shell()
        started = time.monotonic()
        line = self.exec_line(self.plain, self.ask, options=("--timeout", "1"))
        self.assertEqual(shell.run(line), 124)
        self.assertLess(time.monotonic() - started, HANG_LIMIT)
        self.assertEqual(shell.run("true"), 0)  # the shell has its terminal back

    # --- output filtering --------------------------------------------------------------------

    def test_filtered_stderr_is_byte_exact_but_for_the_secret(self):
        secret = SECRET.encode()
        data = (bytes(range(256)) * 3 + b"\r\nkey=" + secret + b";\0\n" +
                b"x" * (1 << 20) + secret + b"y" * (1 << 16) + b"\n" +  # a line over 1 MiB
                b"split " + secret + b" end\n" + b"a prompt without newline> ")
        at = data.index(b"split ") + len(b"split ")
        cuts = [100, 257, at + 10, at + 11, at + 30]  # the last secret arrives in three pieces
        path = self.write("data.bin", data)
        result = subprocess.run(
            [AWSDNS, "exec", "--env-file", self.secret, "--", "/usr/bin/python3", "-c",
             WRITE_PIECES, path, *map(str, cuts)],
            env=self.env, stdin=subprocess.DEVNULL, capture_output=True, timeout=HANG_LIMIT * 3,
            check=False)
        self.assertEqual(result.returncode, 0, result.stderr[-2000:])
        expected = data.replace(secret, b"***")
        if result.stderr != expected:
            first = next((i for i, pair in enumerate(zip(result.stderr, expected))
                          if pair[0] != pair[1]), min(len(result.stderr), len(expected)))
            self.fail(f"stderr ({len(result.stderr)} bytes) differs from the child's "
                      f"({len(expected)} bytes once redacted) at byte {first}: "
                      f"{result.stderr[first:first + 40]!r} vs {expected[first:first + 40]!r}")
        self.assertEqual(result.stdout, b"stdout is not filtered")

    def test_a_prompt_without_newline_arrives_at_once(self):
        proc = subprocess.Popen(
            [AWSDNS, "exec", "--env-file", self.secret, "--", "/usr/bin/python3", "-c",
             PROMPT_THEN_READ],
            env=self.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            seen, arrived = b"", None
            deadline = time.monotonic() + HANG_LIMIT
            while b"Password: " not in seen:
                left = deadline - time.monotonic()
                self.assertTrue(left > 0 and select.select([proc.stderr], [], [], left)[0],
                                f"the prompt did not arrive within {HANG_LIMIT} s: {seen!r}")
                seen += os.read(proc.stderr.fileno(), 4096)
                arrived = time.monotonic()
            written = float(proc.stdout.readline())
            self.assertLess(arrived - written, PROMPT_LIMIT,
                            "the prompt was held back by the filter")
            out, err = proc.communicate(b"secret-free answer\n", timeout=HANG_LIMIT)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        self.assertEqual(proc.returncode, 0, err)
        self.assertEqual(seen + err, b"Password: thanks")


if __name__ == "__main__":
    unittest.main()
