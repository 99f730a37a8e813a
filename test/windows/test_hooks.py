"""The CLUSTERPRO X for Windows hooks (scripts/clusterpro/windows/*.bat) under Wine's cmd with the
real build-windows/awsdns.exe and a stub AWS CLI (build-windows/stubs/aws_stub.exe copied as
aws.exe): exit codes through ERRORLEVEL, the change batch the CLI receives, its environment (the
settings file's proxies, none of the caller's), CLP_EVENT / CLP_DISK / CLP_FACTOR as on Linux.
Usage: python3 test/windows/test_hooks.py [BUILD_DIR] (default build-windows).
Wine limits (said in the output): Ctrl events do not reach a child's group, ACLs are simplified,
and the real AWS CLI cannot be driven from a Windows program under Wine: it is proven by the
Linux tests (test/e2e/test_clusterpro_scripts.py) only."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import wine_support

SOURCE_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD_DIR = os.path.abspath(sys.argv.pop(1) if len(sys.argv) > 1 else
                            os.path.join(SOURCE_DIR, "build-windows"))
AWSDNS_EXE = os.path.join(BUILD_DIR, "awsdns.exe")
STUB_EXE = os.path.join(BUILD_DIR, "stubs", "aws_stub.exe")
WINE_ADDED = ("WINE", "SYSTEMDRIVE", "SYSTEMROOT", "WINDIR", "COMSPEC", "PATHEXT")
CONFIG = """\
env_file: '{folder}\\\\clpaws_setting.conf'
aws:
  cli: '{folder}\\\\aws.exe'
  region: ap-northeast-1
  attempts: 1
resources:
  web:
    hosted_zone_id: Z0123456789ABCDEFGHIJ
    name: test.clusterpro.local
    type: A
    ttl: 60
    ip:
      server1: 10.0.110.100
      server2: 10.0.120.100
    wait_insync: true
    wait_timeout: {wait_timeout}
    poll_interval: {poll_interval}
"""
SETTINGS = "[ENVIRONMENT]\r\nHTTPS_PROXY = http://127.0.0.1:3128\r\nHTTP_PROXY = http://127.0.0.1:3128\r\n"
RECORD_HERE = {"ResourceRecordSets": [{"Name": "test.clusterpro.local.", "Type": "A", "TTL": 60,
                                       "ResourceRecords": [{"Value": "10.0.110.100"}]}]}


def windows_path(path):
    return "Z:" + path.replace("/", "\\")


class HooksTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.prefix = tempfile.mkdtemp(prefix="awsdns-wine-hooks-")
        cls.env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"),
                   "WINEDEBUG": "-all", "WINEPREFIX": cls.prefix}
        wine_support.start_session(cls.env)

    @classmethod
    def tearDownClass(cls):
        wine_support.stop_session(cls.env)
        shutil.rmtree(cls.prefix, ignore_errors=True)

    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="awsdns-hooks-")
        self.addCleanup(shutil.rmtree, self.folder, True)
        for name in ("start", "stop", "monitor"):
            shutil.copy(os.path.join(SOURCE_DIR, "scripts/clusterpro/windows", name + ".bat"),
                        self.folder)

    def need_build(self, wait_timeout=20, poll_interval=2):
        if not (os.path.isfile(AWSDNS_EXE) and os.path.isfile(STUB_EXE)):
            self.skipTest("no cross-built awsdns.exe and stubs/aws_stub.exe in " + BUILD_DIR)
        shutil.copy(STUB_EXE, os.path.join(self.folder, "aws.exe"))
        with open(os.path.join(self.folder, "awsdns.yaml"), "w", encoding="utf-8") as out:
            out.write(CONFIG.format(folder=windows_path(self.folder), wait_timeout=wait_timeout,
                                    poll_interval=poll_interval))
        with open(os.path.join(self.folder, "clpaws_setting.conf"), "w", encoding="utf-8") as out:
            out.write(SETTINGS)

    def answer(self, operation, stdout=None, failure=None):
        """Makes the stub answer operation with stdout, or fail like the recorded v2 failure."""
        stem = os.path.join(self.folder, operation)
        if stdout is not None:
            with open(stem + ".stdout", "w", encoding="utf-8") as out:
                out.write(json.dumps(stdout))
        if failure:
            data = os.path.join(SOURCE_DIR, "test/data/aws_stderr/v2", failure)
            shutil.copy(data + ".stderr", stem + ".stderr")
            shutil.copy(data + ".exit", stem + ".exit")

    def hook(self, name, **variables):
        env = dict(self.env, AWSDNS=windows_path(AWSDNS_EXE),
                   AWSDNS_CONFIG=windows_path(os.path.join(self.folder, "awsdns.yaml")),
                   AWSDNS_ENV_FILE=windows_path(os.path.join(self.folder, "clpaws_setting.conf")),
                   AWSDNS_NODE="server1", HTTPS_PROXY="http://caller.invalid:1",
                   CALLER_ONLY="1")
        env.update(variables)
        env = {name: value for name, value in env.items() if value is not None}
        script = windows_path(os.path.join(self.folder, name + ".bat"))
        return subprocess.run(["wine", "cmd", "/c", script], env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=120, check=False)

    def runs(self):
        """The stub's recorded runs: [(argv, {name: value})] without Wine's own variables."""
        path = os.path.join(self.folder, "aws_stub.log")
        if not os.path.exists(path):
            return []
        runs, argv, env = [], [], {}
        with open(path, encoding="utf-8") as log:
            for line in log.read().splitlines():
                kind, _, value = line.partition("\t")
                if kind == "run":
                    argv, env = [], {}
                elif kind == "arg":
                    argv.append(value)
                elif kind == "env":
                    name, _, text = value.partition("=")
                    if not name.upper().startswith(WINE_ADDED):
                        env[name] = text
                elif kind == "end":
                    runs.append((argv, env))
        return runs

    def test_start_activates_with_the_change_batch_and_the_settings_proxies(self):
        self.need_build()
        done = self.hook("start", CLP_EVENT="START")
        self.assertEqual(done.returncode, 0, done.stderr)
        changes = [argv for argv, _ in self.runs() if "change-resource-record-sets" in argv]
        self.assertEqual(len(changes), 1, self.runs())
        batch = json.loads(changes[0][changes[0].index("--change-batch") + 1])
        change = batch["Changes"][0]
        self.assertEqual(change["Action"], "UPSERT")
        self.assertEqual(change["ResourceRecordSet"]["ResourceRecords"], [{"Value": "10.0.110.100"}])
        for _, env in self.runs():
            self.assertEqual(env.get("HTTPS_PROXY"), "http://127.0.0.1:3128")
            self.assertNotIn("CALLER_ONLY", env)

    def waiter_lines(self):
        """The stub's waiter lines: ["waiter\tdelay=D\tmaxAttempts=N", "poll\tSTATUS", ...]."""
        with open(os.path.join(self.folder, "aws_stub.log"), encoding="utf-8") as log:
            return [line for line in log.read().splitlines()
                    if line.startswith(("waiter\t", "poll\t"))]

    def test_start_waits_for_insync_in_one_waiter_run(self):
        self.need_build()
        done = self.hook("start", CLP_EVENT="START")
        self.assertEqual(done.returncode, 0, done.stderr)
        operations = sorted(argv[1] for argv, _ in self.runs())
        self.assertEqual(operations, ["change-resource-record-sets", "list-resource-record-sets",
                                      "wait"], self.runs())
        (waiter_env,) = [env for argv, env in self.runs() if argv[1] == "wait"]
        data = waiter_env["AWS_DATA_PATH"]
        self.assertTrue(data.startswith("C:\\ProgramData\\awsdns\\aws-data\\waiter-"), data)
        self.assertEqual((waiter_env["AWS_RETRY_MODE"], waiter_env["AWS_MAX_ATTEMPTS"]),
                         ("standard", "1"))
        for argv, env in self.runs():
            if argv[1] != "wait":
                self.assertNotIn("AWS_DATA_PATH", env)
        self.assertEqual(self.waiter_lines(), ["waiter\tdelay=2\tmaxAttempts=10", "poll\tINSYNC"])

    def test_the_waiter_reads_delay_and_max_attempts_from_aws_data_path(self):
        self.need_build(wait_timeout=3, poll_interval=1)
        self.answer("get-change", stdout={"ChangeInfo": {"Id": "/change/C0STUB",
                                                         "Status": "PENDING"}})
        done = self.hook("start", CLP_EVENT="START")
        self.assertNotEqual(done.returncode, 0, done.stderr)
        self.assertIn("exit code 5", done.stderr)
        self.assertEqual(self.waiter_lines(), ["waiter\tdelay=1\tmaxAttempts=3"]
                         + ["poll\tPENDING"] * 3)
        (waiter_env,) = [env for argv, env in self.runs() if argv[1] == "wait"]
        name = waiter_env["AWS_DATA_PATH"].rsplit("\\", 1)[-1]
        definition = os.path.join(self.prefix, "drive_c", "ProgramData", "awsdns", "aws-data",
                                  name, "route53", "2013-04-01", "waiters-2.json")
        with open(definition, encoding="utf-8") as f:
            waiter = json.load(f)["waiters"]["ResourceRecordSetsChanged"]
        self.assertEqual((waiter["delay"], waiter["maxAttempts"]), (1, 3))

    def test_start_with_a_throttled_cli_fails_through_errorlevel(self):
        self.need_build()
        self.answer("change-resource-record-sets", failure="access_denied")
        done = self.hook("start", CLP_EVENT="FAILOVER")
        self.assertNotEqual(done.returncode, 0, done.stderr)
        self.assertIn("awsdns activate failed with exit code", done.stderr)
        self.assertNotIn("AKIA", done.stdout + done.stderr)

    def test_monitor_exit_codes(self):
        self.need_build()
        self.answer("list-resource-record-sets", stdout=RECORD_HERE)
        self.assertEqual(self.hook("monitor").returncode, 0)
        os.remove(os.path.join(self.folder, "list-resource-record-sets.stdout"))
        missing = self.hook("monitor")
        self.assertEqual(missing.returncode, 3, missing.stderr)
        self.assertIn("the record is missing", missing.stderr)

    def test_stop_deactivates_on_groupstop(self):
        self.need_build()
        self.answer("list-resource-record-sets", stdout=RECORD_HERE)
        done = self.hook("stop", CLP_FACTOR="GROUPSTOP")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("deactivated", done.stderr)

    def test_stop_leaves_the_record_on_handover(self):
        done = self.hook("stop", CLP_FACTOR="GROUPMOVE", AWSDNS="Z:\\nonexistent\\awsdns.exe")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("record left for its activation", done.stderr)
        self.assertEqual(self.runs(), [])

    def test_start_refuses_after_a_disk_failure(self):
        done = self.hook("start", CLP_DISK="FAILURE", AWSDNS="Z:\\nonexistent\\awsdns.exe")
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assertIn("CLP_DISK=FAILURE", done.stderr)

    def test_missing_awsdns_is_127(self):
        done = self.hook("monitor", AWSDNS="Z:\\nonexistent\\awsdns.exe")
        self.assertEqual(done.returncode, 127, done.stderr)

    def test_no_awsdns_in_program_files_or_on_path_is_127(self):
        done = self.hook("start", AWSDNS=None)
        self.assertEqual(done.returncode, 127, done.stderr)
        self.assertIn("awsdns.exe not found", done.stderr)


if __name__ == "__main__":
    print("Wine limits: Ctrl events to a child's group do not arrive, ACLs are simplified, and "
          "the real AWS CLI is not drivable from Wine (proven on the Linux side only); "
          "these need a real Windows run.", file=sys.stderr)
    wine_support.main(verbosity=2)
