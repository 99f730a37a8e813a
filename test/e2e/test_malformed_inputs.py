"""Malformed settings files and YAML configurations (bad input never crashes and never half-acts).

Every file of test/data/malformed/{settings,config}/ plus the special files made here at test time
(FIFO, directory, symlink to /dev/zero, 1 MiB line, world-writable, owned by 'nobody', ...) is given
to `awsdns check`, `awsdns activate` (and, for settings files, `awsdns exec`). The expected outcome
of each is in test/data/malformed/EXPECTED.tsv: exit 78 with a `FILE:LINE:` (or `FILE:` for a
file-level problem) message containing a fragment, or a documented acceptance.

For each error it also proves:
  - no crash: a normal exit (no signal), no sanitizer report, within a bounded time;
  - NO child was started: the AWS CLI (--aws-cli) and the exec'd command are a recorder script that
    creates a marker file; the marker must not exist afterwards;
  - nothing was run by a shell: the corpus holds `$(touch /tmp/awsdns-malformed-pwned)`-style text,
    and that file must never appear;
  - no secret and no raw control character reaches the output (the corpus holds a proxy password
    'Sup3rS3cret' and terminal escape sequences).
"""

import os
import pwd
import re
import shutil
import signal
import stat
import subprocess
import time
import unittest

import harness

MALFORMED_DIR = os.path.join(harness.SOURCE_DIR, "test", "data", "malformed")
MANIFEST = os.path.join(MALFORMED_DIR, "EXPECTED.tsv")
PWNED_MARKER = "/tmp/awsdns-malformed-pwned"  # named inside corpus files as $(touch ...) targets
SECRET = "Sup3rS3cret"                        # the only password in the corpus
RUN_TIMEOUT = 30                              # seconds; a hang is a failure
SANITIZER_WORDS = ("AddressSanitizer", "UndefinedBehaviorSanitizer", "runtime error:",
                   "LeakSanitizer", "Segmentation fault", "terminate called")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
ONE_MIB = 1024 * 1024


def load_manifest():
    """[(kind, file, outcome, line, fragment, why)] from EXPECTED.tsv."""
    rows = []
    with open(MANIFEST, encoding="utf-8") as f:
        for number, text in enumerate(f, 1):
            if not text.strip() or text.startswith("#"):
                continue
            fields = text.rstrip("\n").split("\t")
            if len(fields) != 6:
                raise ValueError(f"{MANIFEST}:{number}: expected 6 TAB-separated fields")
            kind, name, outcome, line, fragment, why = fields
            if kind not in ("settings", "config") or outcome not in ("error", "accepted"):
                raise ValueError(f"{MANIFEST}:{number}: bad kind or outcome")
            rows.append((kind, name, outcome, None if line == "-" else int(line),
                         None if fragment == "-" else fragment, why))
    return rows


def write_bytes(path, data, mode=0o600):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(path, mode)  # umask-proof
    return path


def run_bytes(argv, env, timeout=RUN_TIMEOUT):
    """Like harness.run, but output is decoded here so that invalid UTF-8 is reported, not
    raised: the RunResult carries `invalid_utf8` (True when stdout or stderr was not UTF-8)."""
    started = time.monotonic()
    process = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    timed_out = False
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        harness.kill_marked(env.get(harness.RUN_MARKER))
        out, err = process.communicate(timeout=30)
    invalid = False
    texts = []
    for data in (out, err):
        try:
            texts.append(data.decode("utf-8"))
        except UnicodeDecodeError:
            invalid = True
            texts.append(data.decode("utf-8", "backslashreplace"))
    result = harness.RunResult(list(argv), process.returncode, texts[0], texts[1],
                               time.monotonic() - started, timed_out, env.get(harness.RUN_MARKER))
    result.invalid_utf8 = invalid
    return result


def make_special(kind, name, directory):
    """Creates the test-time input `@name` in `directory`; returns its path."""
    path = os.path.join(directory, f"{kind}-{name[1:]}")
    if name == "@big_line":
        if kind == "settings":
            return write_bytes(path, b"AWS_PROFILE=" + b"a" * ONE_MIB + b"\n")
        return write_bytes(path, b"aws:\n  region: " + b"a" * (ONE_MIB + 16) + b"\n")
    if name == "@just_over_limit":
        line = b"#" + b"x" * 62 + b"\n"
        return write_bytes(path, (line * (64 * 1024 // len(line) + 1))[: 64 * 1024 + 1])
    if name == "@deep_nesting":
        return write_bytes(path, b"a: " + b"[" * 100000 + b"\n")
    if name == "@directory":
        os.mkdir(path, 0o700)
        return path
    if name == "@fifo":
        os.mkfifo(path, 0o600)
        return path
    if name == "@symlink_dev_zero":
        os.symlink("/dev/zero", path)
        return path
    valid = VALID_SETTINGS_TEXT
    if kind == "config":  # never the default /run/awsdns, should the file be (wrongly) accepted
        valid = VALID_CONFIG_TEXT + f"lock_dir: {directory}\n".encode()
    if name == "@world_writable":
        return write_bytes(path, valid, 0o666)
    if name == "@group_writable":
        return write_bytes(path, valid, 0o620)
    if name == "@owned_by_nobody":
        write_bytes(path, valid, 0o644)
        os.chown(path, pwd.getpwnam("nobody").pw_uid, -1)
        return path
    if name == "@missing":
        return path
    raise ValueError(f"unknown test-time input {name}")


VALID_SETTINGS_TEXT = b"[ENVIRONMENT]\nAWS_DEFAULT_REGION = us-east-1\n"
VALID_CONFIG_TEXT = (b"resources:\n  web:\n    hosted_zone_id: Z0123456789ABCDEFGHIJ\n"
                     b"    name: test.clusterpro.local\n    ip:\n      n1: 10.0.110.100\n")


class MalformedInputTest(harness.E2ETestCase):
    """One subTest per manifest row and command."""

    @classmethod
    def setUpClass(cls):
        cls.work = harness.make_temp_dir("awsdns-malformed-")
        cls.child_marker = os.path.join(cls.work, "child-was-started")
        cls.recorder = os.path.join(cls.work, "recorder.sh")
        write_bytes(cls.recorder, (
            "#!/bin/sh\n"
            f"echo \"$0 $*\" >> '{cls.child_marker}'\n"
            "echo 'aws-cli/2.9.19 Python/3.11 recorder'\n").encode(), 0o755)
        cls.empty_settings = write_bytes(os.path.join(cls.work, "empty.conf"), b"")
        cls.lock_dir = os.path.join(cls.work, "locks")
        os.mkdir(cls.lock_dir, 0o700)
        cls.valid_config = write_bytes(
            os.path.join(cls.work, "valid.yaml"),
            VALID_CONFIG_TEXT + f"aws:\n  cli: {cls.recorder}\nlock_dir: {cls.lock_dir}\n".encode())
        cls.rows = load_manifest()

    def setUp(self):
        super().setUp()
        for path in (self.child_marker, PWNED_MARKER):
            if os.path.lexists(path):
                os.unlink(path)
        self.case_dir = harness.make_temp_dir("awsdns-malformed-case-")
        self.addCleanup(shutil.rmtree, self.case_dir, True)

    def input_path(self, kind, name):
        """A private copy (mode 0600, owned by us) of a corpus file, or a test-time input."""
        if name.startswith("@"):
            return make_special(kind, name, self.case_dir)
        with open(os.path.join(MALFORMED_DIR, kind, name), "rb") as f:
            return write_bytes(os.path.join(self.case_dir, name), f.read())

    def commands(self, kind, path):
        rec = self.recorder
        if kind == "settings":
            return [
                ["check", "--env-file", path, "--aws-cli", rec],
                ["activate", "--config", self.valid_config, "--env-file", path, "--node", "n1",
                 "--aws-cli", rec],
                ["exec", "--env-file", path, "--", rec],
            ]
        return [
            ["check", "--config", path, "--env-file", self.empty_settings, "--aws-cli", rec],
            ["activate", "--config", path, "--env-file", self.empty_settings, "--node", "n1",
             "--aws-cli", rec],
        ]

    def assertSane(self, result):
        """No hang, no signal death, no sanitizer report, no secret, no shell-made file."""
        self.assertFalse(result.timed_out, f"hung (killed after {RUN_TIMEOUT}s){result.describe()}")
        self.assertGreaterEqual(result.returncode, 0, f"died of a signal{result.describe()}")
        self.assertLess(result.returncode, 128, f"signal exit{result.describe()}")
        text = result.stdout + result.stderr
        for word in SANITIZER_WORDS:
            self.assertNotIn(word, text, f"crash/sanitizer report{result.describe()}")
        self.assertNotIn(SECRET, text, f"the proxy password was printed{result.describe()}")
        self.assertFalse(os.path.lexists(PWNED_MARKER),
                         f"a value was run by a shell: {PWNED_MARKER} exists{result.describe()}")

    def assertLocatedError(self, result, path, line, fragment):
        self.assertEqual(result.returncode, 78, f"expected exit 78 (Config){result.describe()}")
        pattern = re.escape(path) + (r":(\d+)(?::\d+)?: " if line is not None else r": ")
        found = [m for m in re.finditer(pattern, result.stderr)]
        self.assertTrue(found, f"no '{path}:{line or ''}' diagnostic{result.describe()}")
        if line is not None:
            self.assertEqual(int(found[0].group(1)), line, f"wrong line{result.describe()}")
        self.assertIn(fragment.lower(), result.stderr.lower(), f"message{result.describe()}")
        self.assertFalse(os.path.exists(self.child_marker),
                         f"a child was started despite the error{result.describe()}")
        self.assertIsNone(CONTROL_CHARACTERS.search(result.stderr),
                          f"raw control character in the diagnostics {result.stderr!r}")

    def run_case(self, kind, name, outcome, line, fragment):
        path = self.input_path(kind, name)
        for args in self.commands(kind, path):
            if outcome == "accepted" and args[0] != "check":
                continue  # an accepted file may legitimately start the AWS CLI
            with self.subTest(command=args[0]):
                if os.path.lexists(self.child_marker):
                    os.unlink(self.child_marker)
                result = run_bytes([harness.awsdns_bin()] + args, self.env())
                self.assertSane(result)
                self.assertFalse(result.invalid_utf8, f"output is not UTF-8{result.describe()}")
                if outcome == "accepted":
                    self.assertEqual(result.returncode, 0, f"documented acceptance{result.describe()}")
                else:
                    self.assertLocatedError(result, path, line, fragment)
                self.assertNoSurvivors()

    def test_manifest_covers_every_corpus_file(self):
        listed = {(kind, name) for kind, name, *_ in self.rows}
        for kind in ("settings", "config"):
            for name in os.listdir(os.path.join(MALFORMED_DIR, kind)):
                self.assertIn((kind, name), listed, f"{kind}/{name} missing from EXPECTED.tsv")
        self.assertGreaterEqual(len(self.rows), 40)

    def test_settings_corpus(self):
        for kind, name, outcome, line, fragment, _ in self.rows:
            if kind == "settings":
                with self.subTest(file=name):
                    self.run_case(kind, name, outcome, line, fragment)

    def test_config_corpus(self):
        for kind, name, outcome, line, fragment, _ in self.rows:
            if kind == "config":
                with self.subTest(file=name):
                    self.run_case(kind, name, outcome, line, fragment)

    def exec_env_output(self, name):
        path = self.input_path("settings", name)
        result = harness.run_awsdns(["exec", "--env-file", path, "--", "/usr/bin/env"], self.env(),
                                    timeout=RUN_TIMEOUT)
        self.assertSane(result)
        self.assertEqual(result.returncode, 0, result.describe())
        return dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)

    def test_other_sections_are_never_injected(self):
        env = self.exec_env_output("s38_other_section_ok.conf")
        self.assertEqual(env.get("PATH"), harness.SAFE_PATH)
        self.assertNotIn("LD_PRELOAD", env)
        self.assertEqual(env.get("HTTPS_PROXY"), "http://127.0.0.1:3128")

    def test_shell_text_in_a_value_is_passed_as_data(self):
        env = self.exec_env_output("s23_aws_value_metachar_ok.conf")
        self.assertEqual(env.get("AWS_PROFILE"),
                         f"$(touch {PWNED_MARKER}); `touch {PWNED_MARKER}` | & > {PWNED_MARKER}")
        self.assertFalse(os.path.lexists(PWNED_MARKER))

    def test_special_files_are_what_they_claim(self):
        """Guards the guards: the test-time inputs really are a FIFO, a device link, ..."""
        made = {name: make_special("settings", name, self.case_dir)
                for name in ("@fifo", "@symlink_dev_zero", "@world_writable", "@owned_by_nobody")}
        self.assertTrue(stat.S_ISFIFO(os.stat(made["@fifo"]).st_mode))
        self.assertTrue(stat.S_ISCHR(os.stat(made["@symlink_dev_zero"]).st_mode))
        self.assertEqual(os.stat(made["@world_writable"]).st_mode & 0o777, 0o666)
        self.assertNotEqual(os.stat(made["@owned_by_nobody"]).st_uid, os.getuid())


if __name__ == "__main__":
    unittest.main()
