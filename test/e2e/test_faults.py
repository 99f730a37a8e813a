"""Fault injection: the REAL /usr/bin/aws over HTTPS through a REAL squid (CONNECT)
against the emulators, all on loopback (the IMDS test runs in a private network namespace of
its own). Each test states the exit code it expects (CLI_CONTRACT.md) and checks afterwards that
no process of the run survives (RUN_MARKER scan of /proc) and that no temporary file is left in
the run's private TMPDIR.

The IMDS test: the AWS CLI's real instance-metadata address 169.254.169.254 is put on the loopback
interface of a network namespace made by `unshare --net` for this test only, and squid, both
emulators and awsdns run inside it. No AWS_EC2_METADATA_SERVICE_ENDPOINT is set, so the CLI uses
its built-in IMDS address, exactly as on EC2; the settings file's NO_PROXY does not name it. The
IMDS emulator's log (via_proxy) and squid's access log show where the requests went, once with
awsdns's bypass (default) and once without it (--no-imds-bypass) as the control.
"""

import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import unittest
import urllib.parse

import harness

ZONE = "Z0FAULTS000000000000A"
NAME = "test.clusterpro.local."
SERVER1, SERVER2 = "10.0.110.100", "10.0.120.100"
PROXY_USER = "awsdns"
PROXY_PASSWORD = "S3cr3t#Pw-awsdns"  # '#' must be percent-encoded in the URL
IMDS_ADDRESS = "169.254.169.254"

SQUID = None
AUTH_SQUID = None
R53 = None


def setUpModule():
    global SQUID, AUTH_SQUID, R53
    if "--imds-netns-scenario" in sys.argv:
        return
    SQUID = harness.Squid().start()
    unittest.addModuleCleanup(SQUID.stop)
    AUTH_SQUID = harness.Squid(users={PROXY_USER: PROXY_PASSWORD}).start()
    unittest.addModuleCleanup(AUTH_SQUID.stop)
    R53 = harness.Route53Emulator().start()
    unittest.addModuleCleanup(R53.stop)


def password_forms():
    """Every form in which the proxy password could leak."""
    quoted = urllib.parse.quote(PROXY_PASSWORD, safe="")
    basic = base64.b64encode(f"{PROXY_USER}:{PROXY_PASSWORD}".encode()).decode()
    return [PROXY_PASSWORD, quoted, basic, "S3cr3t"]


class FaultTestCase(harness.E2ETestCase):
    """Per test: a private TMPDIR (must stay empty), a settings file, a lock directory."""

    def setUp(self):
        super().setUp()
        R53.reset()
        R53.create_zone(ZONE, "clusterpro.local.", records=5)
        self.dir = harness.make_temp_dir("awsdns-faults-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.tmpdir = os.path.join(self.dir, "tmp")
        os.mkdir(self.tmpdir, 0o700)
        self.lock_dir = os.path.join(self.dir, "locks")
        self.outputs = []  # every RunResult of the test, for the secret scan

    def tearDown(self):
        self.assertEqual(harness.files_under(self.tmpdir), set(),
                         "temporary files left behind in the run's TMPDIR")
        super().tearDown()

    def env(self, **kwargs):
        env = super().env(**kwargs)
        env["TMPDIR"] = self.tmpdir
        return env

    def settings(self, proxy_url, name="clpaws_setting.conf", **more):
        return harness.write_settings_file(self.dir, harness.aws_settings(proxy_url, **more),
                                           name=name)

    def config(self, settings, name="awsdns.yaml", lock_dir=None, aws=None, **kwargs):
        aws_settings = {"connect_timeout": 2, "read_timeout": 5, "call_timeout": 20, "attempts": 3}
        aws_settings.update(aws or {})
        return harness.write_yaml_config(self.dir, harness.route53_config(
            R53.endpoint_url, ZONE, env_file=settings, lock_dir=lock_dir or self.lock_dir,
            aws=aws_settings, **kwargs), name=name)

    def awsdns(self, command, config, node="server1", *extra, timeout=180, env=None):
        result = harness.run_awsdns([command, "--config", config, "--node", node, *extra],
                                    env or self.env(), timeout=timeout)
        self.outputs.append(result)
        return result

    def spawn(self, command, config, node="server1", *extra):
        return harness.spawn([harness.awsdns_bin(), command, "--config", config, "--node", node,
                              *extra], self.env())

    @staticmethod
    def json_of(result):
        lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
        return json.loads(lines[-1]) if lines else {}

    def record(self):
        found = R53.find_rrset(ZONE, NAME, "A")
        return found and [r["Value"] for r in found["ResourceRecords"]]

    def wait_for_requests(self, operation, count=1, timeout=30):
        self.assertTrue(harness.wait_until(lambda: R53.request_count(operation) >= count, timeout),
                        f"the emulator never saw {count} {operation} request(s)")


class ProxyFaults(FaultTestCase):
    def test_proxy_refuses_connections_exit_69(self):
        """Expected exit 69: every attempt fails to connect, retried `attempts` times."""
        with harness.ClosedPort() as closed:
            config = self.config(self.settings(closed.url), aws={"attempts": 3})
            result = self.awsdns("activate", config, "server1", "--json")
        self.assertExit(result, 69)
        report = self.json_of(result)
        self.assertEqual(report.get("attempts"), 3, result.describe())
        self.assertRegex(result.stderr.lower(), r"proxy", result.describe())
        self.assertRegex(result.stderr.lower(), r"unreachable|connect", result.describe())
        self.assertEqual(R53.request_count(), 0, "nothing reached Route 53")
        self.assertLess(result.elapsed, 60, result.describe())
        self.assertNoSurvivors()

    def test_black_hole_proxy_call_timeout_kills_the_tree_exit_69(self):
        """Expected exit 69: the proxy accepts and never answers; call_timeout (3 s, far below
        read_timeout 60 s) kills each AWS CLI tree; 2 attempts, so about 2 x 3 s + backoff."""
        call_timeout, attempts = 3, 2
        with harness.BlackHole() as hole:
            config = self.config(self.settings(hole.url), aws={
                "call_timeout": call_timeout, "attempts": attempts, "read_timeout": 60,
                "connect_timeout": 60})
            result = self.awsdns("activate", config, "server1", "--json", timeout=120)
            connections = len(hole.connections)
        self.assertExit(result, 69)
        self.assertGreaterEqual(connections, 1, "the CLI reached the black hole")
        self.assertGreaterEqual(result.elapsed, attempts * call_timeout - 0.5, result.describe())
        bound = attempts * call_timeout + 2 + 10  # + first backoff (<= 2 s) + start-up slack
        self.assertLess(result.elapsed, bound, result.describe())
        self.assertEqual(self.json_of(result).get("attempts"), attempts, result.describe())
        self.assertNoSurvivors()

    def test_basic_auth_credentials_from_the_settings_file_exit_0(self):
        """Expected exit 0; squid logs the user; the password is in no output (also -v, --json,
        check -v, check --json)."""
        url = AUTH_SQUID.proxy_url(PROXY_USER, urllib.parse.quote(PROXY_PASSWORD, safe=""))
        settings = self.settings(url)
        config = self.config(settings)
        mark = AUTH_SQUID.mark()
        result = self.awsdns("activate", config, "server1", "-v", "--json")
        self.assertExit(result, 0)
        self.assertEqual(self.record(), [SERVER1])
        entries = AUTH_SQUID.tunnels(R53.authority, since=mark)
        self.assertTrue(entries and all(e["user"] == PROXY_USER for e in entries), entries)
        self.assertTrue(all(e["via_proxy"] for e in R53.request_log()), R53.request_log())
        self.assertExit(self.awsdns("monitor", config, "server1", "-v"), 0)
        for extra in (["-v"], ["--json"]):
            check = harness.run_awsdns(["check", "--env-file", settings, "--config", config,
                                        *extra], self.env())
            self.outputs.append(check)
            self.assertExit(check, 0)
            self.assertIn("***", check.stdout + check.stderr, check.describe())
        self.assertNoSecretPrinted()
        self.assertNoSurvivors()

    def test_basic_auth_wrong_password_is_a_clear_error(self):
        """Expected exit 77 (proxy-auth, permanent: the proxy refused to relay, AWS was never
        asked), without retries (a wrong password does not heal); the message names the proxy's
        407; the password is in no output."""
        url = AUTH_SQUID.proxy_url(PROXY_USER, urllib.parse.quote(PROXY_PASSWORD + "x", safe=""))
        config = self.config(self.settings(url), aws={"attempts": 2})
        result = self.awsdns("activate", config, "server1", "-v", "--json")
        self.assertExit(result, 77)
        self.assertEqual(self.json_of(result).get("attempts"), 1, result.describe())
        self.assertEqual(self.json_of(result).get("error_class"), "proxy-auth")
        self.assertRegex(result.stderr, r"407", result.describe())
        self.assertEqual(R53.request_count(), 0)
        self.assertNoSecretPrinted()
        self.assertNoSurvivors()

    def assertNoSecretPrinted(self):
        for result in self.outputs:
            text = result.stdout + result.stderr
            for secret in password_forms():
                self.assertNotIn(secret, text, f"secret {secret!r} printed{result.describe()}")


class EmulatorFaults(FaultTestCase):
    FAULTS = [  # (name, fault fields); each persists for every request of the operation
        ("slow past read_timeout", {"kind": "delay", "delay": 4}),
        ("throttling", {"kind": "throttling"}),
        ("HTTP 500", {"kind": "http500"}),
        ("connection closed", {"kind": "close"}),
    ]

    def test_persistent_faults_exit_69_after_attempts(self):
        """Expected exit 69 for each: retried exactly `attempts` times, then given up."""
        for name, fault in self.FAULTS:
            if fault["kind"] == "throttling":
                continue  # not one of attempts: the next test
            with self.subTest(fault=name):
                R53.reset()
                R53.create_zone(ZONE, "clusterpro.local.", records=5)
                R53.add_fault("ChangeResourceRecordSets", count=-1, **fault)
                config = self.config(self.settings(SQUID.url),
                                     aws={"attempts": 3, "read_timeout": 2, "call_timeout": 15})
                result = self.awsdns("activate", config, "server1", "--json")
                self.assertExit(result, 69, name)
                self.assertEqual(R53.request_count("ChangeResourceRecordSets"), 3, result.describe())
                self.assertEqual(self.json_of(result).get("attempts"), 3, result.describe())
                if fault["kind"] != "delay":  # a slow answer still applies the change
                    self.assertIsNone(self.record(), "no record was written")
                self.assertNoSurvivors()

    def test_a_throttled_change_waits_its_turn_until_the_deadline(self):
        """Route 53's budget is the account's: a throttled UPSERT is not one of `attempts`; it
        is tried again (pauses of at most 5 s) until the command's deadline, then fails."""
        R53.reset()
        R53.create_zone(ZONE, "clusterpro.local.", records=5)
        R53.add_fault("ChangeResourceRecordSets", count=-1, kind="throttling")
        config = self.config(self.settings(SQUID.url),
                             aws={"attempts": 3, "read_timeout": 2, "call_timeout": 15})
        result = self.awsdns("activate", config, "server1", "--json", "--deadline", "15")
        self.assertExit(result, 124)
        report = self.json_of(result)
        self.assertGreater(R53.request_count("ChangeResourceRecordSets"), 3, result.describe())
        self.assertEqual(report.get("error_class"), "throttled", result.describe())
        self.assertIn("throttled until the command's deadline", report.get("message", ""))
        self.assertIsNone(self.record(), "no record was written")
        self.assertNoSurvivors()

    def test_transient_faults_are_retried_exit_0(self):
        """Expected exit 0: one failure of each kind, then success on the next attempt."""
        for name, fault in self.FAULTS:
            with self.subTest(fault=name):
                R53.reset()
                R53.create_zone(ZONE, "clusterpro.local.", records=5)
                R53.add_fault("ChangeResourceRecordSets", count=1, **fault)
                config = self.config(self.settings(SQUID.url),
                                     aws={"attempts": 3, "read_timeout": 2, "call_timeout": 15})
                result = self.awsdns("activate", config, "server1", "--json")
                self.assertExit(result, 0, name)
                self.assertEqual(self.record(), [SERVER1])
                self.assertEqual(R53.request_count("ChangeResourceRecordSets"), 2, result.describe())
                self.assertNoSurvivors()


class SignalFaults(FaultTestCase):
    def terminate_and_check(self, spawned, config):
        sent = time.monotonic()
        spawned.send_signal(signal.SIGTERM)
        result = spawned.wait(timeout=30)
        took = time.monotonic() - sent
        self.outputs.append(result)
        self.assertExit(result, 143)
        self.assertLess(took, 2.0, f"exit took {took:.2f}s after SIGTERM{result.describe()}")
        self.assertNoSurvivors(grace=1.0)
        R53.clear_faults()
        R53.set_sync(pending_count=0, insync_delay=0)
        again = self.awsdns("activate", config, "server1", timeout=120)
        self.assertExit(again, 0, "second run after SIGTERM (no stale lock)")
        self.assertNoSurvivors()

    def test_sigterm_during_an_aws_call_exit_143(self):
        R53.add_fault("ChangeResourceRecordSets", "delay", count=-1, delay=25)
        config = self.config(self.settings(SQUID.url), aws={"read_timeout": 60, "call_timeout": 60})
        spawned = self.spawn("activate", config)
        self.wait_for_requests("ChangeResourceRecordSets")
        time.sleep(0.3)
        self.terminate_and_check(spawned, config)

    def test_sigkill_during_an_aws_call_leaves_no_aws_cli(self):
        """SIGKILL (a cluster manager's last word) cannot be forwarded: the kernel ends the AWS CLI
        with awsdns (parent-death signal), so it cannot send its UPSERT after the failover."""
        R53.add_fault("ChangeResourceRecordSets", "delay", count=-1, delay=25)
        config = self.config(self.settings(SQUID.url), aws={"read_timeout": 60, "call_timeout": 60})
        spawned = self.spawn("activate", config)
        self.wait_for_requests("ChangeResourceRecordSets")
        running = harness.processes_with_marker(self.run_id)
        self.assertTrue(any(harness.AWS_CLI in cmdline for _, _, cmdline in running),
                        f"no AWS CLI is running: {running}")
        spawned.process.kill()
        left = harness.survivors(self.run_id, grace=1.0)  # before waiting on the pipes
        result = spawned.wait(timeout=30)
        self.outputs.append(result)
        self.assertEqual(left, [], f"processes survived awsdns's SIGKILL{result.describe()}")
        self.assertEqual(result.returncode, -signal.SIGKILL, result.describe())

    def test_sigterm_during_the_insync_wait_exit_143(self):
        R53.set_sync(pending_count=1000)
        config = self.config(self.settings(SQUID.url))
        spawned = self.spawn("activate", config)
        self.wait_for_requests("GetChange")
        time.sleep(0.5)
        self.terminate_and_check(spawned, config)


class SplitBrain(FaultTestCase):
    def test_one_node_serialises_on_the_lock_both_exit_0(self):
        """Expected exit 0 for both: the second waits for the first's lock; no interleaving."""
        R53.set_sync(insync_delay=3)
        config = self.config(self.settings(SQUID.url))
        first = self.spawn("activate", config)
        self.wait_for_requests("ChangeResourceRecordSets")
        second = self.spawn("activate", config)
        results = [first.wait(120), second.wait(120)]
        for result in results:
            self.outputs.append(result)
            self.assertExit(result, 0)
        log = R53.request_log()
        upserts = [e for e in log if e["operation"] == "ChangeResourceRecordSets"]
        self.assertEqual(len(upserts), 2, log)
        first_change = R53.changes()[0]["id"].split("/")[-1]
        polls = [e for e in log if e["operation"] == "GetChange" and first_change in e["path"]]
        self.assertTrue(polls)
        self.assertLess(max(e["seq"] for e in polls), upserts[1]["seq"],
                        "the second UPSERT was sent while the first activation held the lock")
        self.assertNoSurvivors()

    def test_one_node_short_deadline_reports_lock_busy_exit_6(self):
        """Expected exit 6 (LockBusy) for the second, whose budget (1 s + 2 x (1 s + 0.52 s),
        lock wait included) ends while the first still waits for INSYNC (12 s); the first
        exits 0."""
        R53.set_sync(insync_delay=12)
        settings = self.settings(SQUID.url)
        config = self.config(settings)
        short = self.config(settings, name="short.yaml",
                            aws={"call_timeout": 1, "attempts": 1},
                            resource_settings={"wait_insync": False})
        first = self.spawn("activate", config)
        self.wait_for_requests("ChangeResourceRecordSets")
        second = self.awsdns("activate", short, "server1", timeout=60)
        self.assertExit(second, 6)
        self.assertRegex(second.stderr.lower(), r"lock", second.describe())
        self.assertEqual(R53.request_count("ChangeResourceRecordSets"), 1, "second sent nothing")
        result = first.wait(120)
        self.outputs.append(result)
        self.assertExit(result, 0)
        self.assertNoSurvivors()

    def test_two_nodes_last_upsert_wins_loser_monitor_exit_4(self):
        """No shared lock across nodes: both UPSERTs are sent and the last one wins. The winner's
        activate exits 0; the loser's exits 1 when its read-back already shows the winner's
        address (or 0 when it finished before the winner's UPSERT). Then the winner's monitor
        exits 0 and the loser's exits 4 (RecordElsewhere)."""
        settings = self.settings(SQUID.url)
        configs = {"server1": self.config(settings, name="node1.yaml",
                                          lock_dir=os.path.join(self.dir, "l1")),
                   "server2": self.config(settings, name="node2.yaml",
                                          lock_dir=os.path.join(self.dir, "l2"))}
        spawned = {node: self.spawn("activate", configs[node], node) for node in configs}
        results = {node: s.wait(120) for node, s in spawned.items()}
        self.outputs.extend(results.values())
        self.assertEqual(R53.request_count("ChangeResourceRecordSets"), 2, "both UPSERTs sent")
        holder = self.record()
        self.assertIn(holder, ([SERVER1], [SERVER2]))
        winner = "server1" if holder == [SERVER1] else "server2"
        loser = "server2" if winner == "server1" else "server1"
        upserts = R53.request_log("ChangeResourceRecordSets")
        self.assertEqual(len(upserts), 2)
        self.assertExit(results[winner], 0, "the last UPSERT's node")
        self.assertIn(results[loser].returncode, (0, 1), results[loser].describe())
        if results[loser].returncode == 1:
            self.assertIn("instead of", results[loser].stdout + results[loser].stderr)
        self.assertExit(self.awsdns("monitor", configs[winner], winner), 0)
        self.assertExit(self.awsdns("monitor", configs[loser], loser), 4)
        self.assertNoSurvivors()


class DeadlineFaults(FaultTestCase):
    """--deadline SECONDS bounds the whole command: a black-holed proxy (accepts, never answers)
    with a call_timeout far beyond the deadline, so only the deadline can end the run. The
    command must end before the deadline, and not much earlier than needed (within 1 s), with
    no AWS CLI left running."""

    DEADLINE = 6.0

    def black_hole_config(self, hole, **kwargs):
        return self.config(self.settings(hole.url), aws={
            "call_timeout": 60, "attempts": 3, "read_timeout": 60, "connect_timeout": 60},
            **kwargs)

    def assertWithinDeadline(self, result, deadline=DEADLINE, early=1.0):
        self.assertLess(result.elapsed, deadline, result.describe())
        self.assertGreater(result.elapsed, deadline - early, result.describe())

    def test_activate_ends_before_the_deadline_exit_124(self):
        """Expected exit 124 (Timeout): the UPSERT's AWS CLI run is killed at the deadline."""
        with harness.BlackHole() as hole:
            config = self.black_hole_config(hole)
            result = self.awsdns("activate", config, "server1", "--json", "--deadline",
                                 str(self.DEADLINE), timeout=60)
            connections = len(hole.connections)
        self.assertExit(result, 124)
        self.assertWithinDeadline(result)
        self.assertGreaterEqual(connections, 1, "the CLI reached the black hole")
        report = self.json_of(result)
        self.assertEqual(report.get("result"), "timeout", result.describe())
        self.assertEqual(report.get("attempts"), 1, result.describe())
        self.assertIn("--deadline reached", report.get("message", ""), result.describe())
        self.assertNoSurvivors(grace=0.0)

    def test_monitor_deadline_follows_on_cli_failure(self):
        """Expected exit 0 for ignore and warn (the deadline cut the call: no answer), 124 for
        recover; each ends before the deadline."""
        with harness.BlackHole() as hole:
            for reaction, code in (("ignore", 0), ("warn", 0), ("recover", 124)):
                with self.subTest(on_cli_failure=reaction):
                    config = self.black_hole_config(hole, name=f"{reaction}.yaml",
                                                    monitor={"on_cli_failure": reaction})
                    result = self.awsdns("monitor", config, "server1", "--json", "--deadline",
                                         str(self.DEADLINE), timeout=60)
                    self.assertExit(result, code)
                    self.assertWithinDeadline(result)
                    report = self.json_of(result)
                    self.assertEqual(report.get("status"), "unknown", result.describe())
                    self.assertIn("--deadline reached", report.get("message", ""),
                                  result.describe())
                    self.assertNoSurvivors(grace=0.0)

    def test_insync_wait_ends_before_the_deadline_exit_124(self):
        """Expected exit 124: the change is accepted but never INSYNC; the AWS CLI's waiter run
        (wait_timeout 60 s is far away) is killed at its time limit, the deadline less 0.52 s
        (the run's kill overrun) and 0.2 s (report margin): activate ends just before the
        deadline, no AWS CLI left."""
        R53.set_sync(pending_count=1000)
        config = self.config(self.settings(SQUID.url))
        result = self.awsdns("activate", config, "server1", "--json", "--deadline", "12",
                             timeout=60)
        self.assertExit(result, 124)
        self.assertWithinDeadline(result, 12.0, early=2.5)
        report = self.json_of(result)
        self.assertEqual(report.get("status"), "PENDING", result.describe())
        self.assertIn("at the --deadline", report.get("message", ""), result.describe())
        # one waiter run, polling every 2 s until it was killed
        self.assertEqual(report.get("attempts"), 3, result.describe())
        self.assertGreaterEqual(R53.request_count("GetChange"), 2)
        # read back once right after the UPSERT, while PENDING, beside the waiter
        self.assertEqual(R53.request_count("ListResourceRecordSets"), 1, "one read-back")
        self.assertNoSurvivors(grace=0.0)

    def test_lock_wait_ends_before_the_deadline_exit_124(self):
        """Expected exit 124 for the second activate, whose --deadline ends while the first
        holds the lock during a 12 s INSYNC wait; it sends nothing; the first exits 0."""
        R53.set_sync(insync_delay=12)
        config = self.config(self.settings(SQUID.url))
        first = self.spawn("activate", config)
        self.wait_for_requests("ChangeResourceRecordSets")
        second = self.awsdns("activate", config, "server1", "--deadline", "3", timeout=60)
        self.assertExit(second, 124)
        self.assertWithinDeadline(second, 3.0)
        self.assertRegex(second.stderr, r"locked by another awsdns", second.describe())
        self.assertEqual(R53.request_count("ChangeResourceRecordSets"), 1, "second sent nothing")
        result = first.wait(120)
        self.outputs.append(result)
        self.assertExit(result, 0)
        self.assertNoSurvivors()

    def test_a_deadline_with_room_changes_nothing_exit_0(self):
        config = self.config(self.settings(SQUID.url))
        result = self.awsdns("activate", config, "server1", "--deadline", "120", timeout=60)
        self.assertExit(result, 0)
        self.assertEqual(self.record(), [SERVER1])
        for bad in ("0", "-1", "abc", "nan"):
            with self.subTest(deadline=bad):
                self.assertExit(self.awsdns("monitor", config, "server1", "--deadline", bad), 64)
        self.assertNoSurvivors()


class ImdsBypass(harness.E2ETestCase):
    """Runs this file again inside `unshare --net` (see the module docstring)."""

    def test_imds_requests_go_direct_despite_the_proxy(self):
        if not (shutil.which("unshare") and shutil.which("ip")):
            self.skipTest("unshare/ip (util-linux, iproute2) not installed")
        env = dict(os.environ)
        env[harness.RUN_MARKER] = self.run_id
        result = harness.run(["unshare", "--net", "--", harness.PYTHON, os.path.abspath(__file__),
                              "--imds-netns-scenario"], env, timeout=300, cwd=harness.HERE)
        self.assertExit(result, 0, "netns scenario")
        report = json.loads(result.stdout.strip().splitlines()[-1])
        bypass, control = report["bypass"], report["control"]
        # With awsdns's bypass: exit 0, IMDS requested directly, Route 53 through squid, signed
        # with the IMDS emulator's credentials.
        self.assertEqual(bypass["exit"], 0, report)
        self.assertTrue(bypass["imds_requests"], report)
        self.assertFalse(any(bypass["imds_via_proxy"]), report)
        self.assertEqual(bypass["squid_imds_entries"], 0, report)
        self.assertGreater(bypass["squid_route53_entries"], 0, report)
        self.assertTrue(bypass["route53_key_ids"], report)
        self.assertTrue(all(k == bypass["imds_key_id"] for k in bypass["route53_key_ids"]), report)
        # Control, --no-imds-bypass: the same IMDS requests go through squid.
        self.assertGreater(control["squid_imds_entries"], 0, report)
        self.assertTrue(any(control["imds_via_proxy"]), report)
        self.assertNoSurvivors()


class TcpRelay:
    """Byte-for-byte TCP relay from `listen` to `target` (threads), so that the emulator, which
    only listens on loopback, answers at the real IMDS address. Headers pass unchanged, so the
    emulator's via_proxy still tells a proxied request from a direct one."""

    def __init__(self, listen, target):
        import socket
        import threading
        self.target = target
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(listen)
        self.server.listen(16)
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        import socket
        import threading
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        import socket
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock, how in ((sink, socket.SHUT_WR), (source, socket.SHUT_RD)):
                try:
                    sock.shutdown(how)
                except OSError:
                    pass

    def close(self):
        self.server.close()


def imds_netns_scenario():
    """Inside a fresh network namespace: 169.254.169.254 on lo, squid + emulators, two runs."""
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    subprocess.run(["ip", "addr", "add", f"{IMDS_ADDRESS}/32", "dev", "lo"], check=True)
    squid = harness.Squid().start()
    r53 = harness.Route53Emulator().start()
    imds = harness.ImdsEmulator().start()  # on 127.0.0.3: it only listens on loopback
    relay = TcpRelay((IMDS_ADDRESS, 80), (imds.host, imds.port))
    report = {}
    try:
        work = harness.make_temp_dir("awsdns-imds-netns-")
        settings = harness.write_settings_file(
            work, harness.aws_settings(squid.url, NO_PROXY="example.com"))
        r53.create_zone(ZONE, "clusterpro.local.", records=5)
        config = harness.write_yaml_config(work, harness.route53_config(
            r53.endpoint_url, ZONE, env_file=settings, lock_dir=os.path.join(work, "locks")))
        env = harness.base_env(credentials="none", run_id=os.environ.get(harness.RUN_MARKER))
        for name, extra in (("bypass", []), ("control", ["--no-imds-bypass"])):
            imds.reset()
            r53.clear_log()
            mark = squid.mark()
            result = harness.run_awsdns(["activate", "--config", config, "--node", "server1",
                                         *extra], env, timeout=120)
            entries = squid.entries(mark)
            imds_log = imds.request_log()
            report[name] = {
                "exit": result.returncode,
                "stderr": result.stderr[-2000:],
                "imds_requests": len(imds_log),
                "imds_via_proxy": [e.get("via_proxy") for e in imds_log],
                "imds_key_id": imds.access_key_id,
                "squid_imds_entries": len([e for e in entries if IMDS_ADDRESS in e["url"]]),
                "squid_route53_entries": len([e for e in entries if e["method"] == "CONNECT"
                                              and e["url"] == r53.authority]),
                "route53_key_ids": [e["access_key_id"] for e in r53.request_log()],
            }
    finally:
        relay.close()
        imds.stop()
        r53.stop()
        squid.stop()
    print(json.dumps(report))


if __name__ == "__main__":
    if "--imds-netns-scenario" in sys.argv:
        imds_netns_scenario()
    else:
        unittest.main()
