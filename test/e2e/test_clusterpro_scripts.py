"""CLUSTERPRO X scripts (scripts/clusterpro/linux) end to end: start.sh / stop.sh / monitor.sh
run with the CLP_* variables CLUSTERPRO sets, calling the real awsdns, which runs the real
/usr/bin/aws over HTTPS through a real squid (CONNECT; proxy and CA from the settings file)
against the Route 53 emulator.
Also: example-aws-exec.sh through `awsdns exec`, and shellcheck over every shell script."""

import http.server
import json
import os
import pty
import re
import stat
import subprocess
import threading
import unittest
import urllib.parse

import harness

ZONE = "Z0123456789ABCDEFGHIJ"
NAME = "test.clusterpro.local"
IP1, IP2 = "10.0.110.100", "10.0.120.100"
SCRIPTS = os.path.join(harness.SOURCE_DIR, "scripts")
LINUX = os.path.join(SCRIPTS, "clusterpro", "linux")
SHELLCHECK = "/usr/bin/shellcheck"

R53 = None
SQUID = None
V1_CLI = harness.find_aws_cli_v1()
NO_V1 = "no AWS CLI v1 on this machine (pip install awscli, or set AWSDNS_TEST_AWS_CLI_V1)"
TOPIC = "arn:aws:sns:us-east-1:123456789012:cluster"


def setUpModule():
    global R53, SQUID
    R53 = harness.Route53Emulator(zones=[(ZONE, "clusterpro.local.", 0)]).start()
    unittest.addModuleCleanup(R53.stop)
    SQUID = harness.Squid().start()
    unittest.addModuleCleanup(SQUID.stop)


def clp_environment(event, server, priority, factor=None, disk="SUCCESS"):
    """The variables CLUSTERPRO X sets for EXEC resource scripts (group failover1, exec1)."""
    env = {
        "CLP_EVENT": event,            # START | FAILOVER | RECOVER
        "CLP_SERVER": server,          # HOME (primary server) | OTHER
        "CLP_DISK": disk,              # SUCCESS | FAILURE (a disk of the group failed)
        "CLP_PRIORITY": str(priority),
        "CLP_GROUPNAME": "failover1",
        "CLP_RESOURCENAME": "exec1",
        "CLP_PID": str(os.getpid()),
        "CLP_VERSION_FULL": "5.1.0-1",
        "CLP_VERSION_MAJOR": "5",
        "CLP_PATH": "/opt/nec/clusterpro",
        "CLP_OS": "LINUX",
    }
    if factor:
        env["CLP_FACTOR"] = factor    # why the group stops (stop.sh)
    return env


class ClusterproScriptsTest(harness.E2ETestCase):

    def setUp(self):
        super().setUp()
        R53.reset()
        self.dir = harness.make_temp_dir("awsdns-clp-")
        self.settings = harness.write_settings_file(self.dir, harness.aws_settings(
            SQUID.url, NO_PROXY="169.254.169.254"))
        self.config = harness.write_yaml_config(self.dir, harness.route53_config(
            R53.endpoint_url, ZONE, NAME, env_file=self.settings,
            lock_dir=os.path.join(self.dir, "locks")))

    def script_env(self, node, clp=None, **extra):
        env = self.env(extra={
            "AWSDNS": harness.awsdns_bin(),
            "AWSDNS_CONFIG": self.config,
            "AWSDNS_NODE": node,
            # The caller's own proxy must not matter: the settings file decides.
            "https_proxy": "http://127.0.0.1:9",
        })
        env.update(clp or {})
        env.update(extra)
        return env

    def run_script(self, name, node, clp=None, args=(), **extra):
        return harness.run([os.path.join(LINUX, name)] + list(args),
                           self.script_env(node, clp, **extra), timeout=180)

    def record(self):
        return R53.find_rrset(ZONE, NAME, "A")

    def assertRecord(self, ip, msg=""):
        record = self.record()
        self.assertIsNotNone(record, f"{msg}: record missing")
        self.assertEqual([r["Value"] for r in record["ResourceRecords"]], [ip], msg)

    def test_failover_server1_to_server2(self):
        result = self.run_script("start.sh", "server1", clp_environment("START", "HOME", 1))
        self.assertExit(result, 0, "server1 start")
        self.assertRecord(IP1, "after server1 START")
        # The AWS CLI went through the settings file's proxy, not the caller's.
        log = R53.request_log("ChangeResourceRecordSets")
        self.assertTrue(log and all(entry["via_proxy"] for entry in log), log)

        self.assertExit(self.run_script("monitor.sh", "server1"), 0, "monitor on active server1")
        self.assertExit(self.run_script("monitor.sh", "server2"), 4, "monitor on standby server2")

        # The group moves: server1 stops (the record is left for server2's UPSERT: the name never
        # stops resolving), server2 starts by failover.
        changes = R53.request_count("ChangeResourceRecordSets")
        result = self.run_script("stop.sh", "server1",
                                 clp_environment("START", "HOME", 1, factor="GROUPMOVE"))
        self.assertExit(result, 0, "server1 stop")
        self.assertRecord(IP1, "server1's stop for a move leaves the record to server2")
        self.assertEqual(R53.request_count("ChangeResourceRecordSets"), changes, "no DELETE")
        self.assertIn("factor GROUPMOVE", result.stderr, result.describe())

        result = self.run_script("start.sh", "server2", clp_environment("FAILOVER", "OTHER", 2))
        self.assertExit(result, 0, "server2 failover start")
        self.assertRecord(IP2, "after server2 FAILOVER")
        self.assertExit(self.run_script("monitor.sh", "server2"), 0, "monitor on active server2")
        self.assertExit(self.run_script("monitor.sh", "server1"), 4, "monitor on old server1")

        # A late stop on server1 leaves server2's record alone.
        result = self.run_script("stop.sh", "server1",
                                 clp_environment("START", "HOME", 1, factor="GROUPFAILOVER"))
        self.assertExit(result, 0, "late server1 stop")
        self.assertRecord(IP2, "server1's late stop must not touch server2's record")

        # Recovery on server2 re-activates in place.
        result = self.run_script("start.sh", "server2", clp_environment("RECOVER", "OTHER", 2))
        self.assertExit(result, 0, "server2 recover")
        self.assertRecord(IP2, "after server2 RECOVER")

        # The group stops: nobody takes over, so the record is deleted.
        result = self.run_script("stop.sh", "server2",
                                 clp_environment("FAILOVER", "OTHER", 2, factor="GROUPSTOP"))
        self.assertExit(result, 0, "server2 group stop")
        self.assertIsNone(self.record(), "record deleted by the group stop")
        self.assertExit(self.run_script("monitor.sh", "server2"), 3, "monitor with no record")
        self.assertNoSurvivors()

    def test_stop_factor_decides_delete_or_handover(self):
        """CLUSTERSHUTDOWN, GROUPSTOP, no factor and unknown factors delete (nobody takes over);
        GROUPMOVE, GROUPFAILOVER, SERVERSHUTDOWN, GROUPRESTART, RESOURCERESTART leave the record
        to the next activation (unless AWSDNS_KEEP_ON_HANDOVER=no)."""
        rows = [("CLUSTERSHUTDOWN", {}, False), ("GROUPSTOP", {}, False), (None, {}, False),
                ("SOMETHINGNEW", {}, False),
                ("GROUPMOVE", {}, True), ("GROUPFAILOVER", {}, True), ("SERVERSHUTDOWN", {}, True),
                ("GROUPRESTART", {}, True), ("RESOURCERESTART", {}, True),
                ("GROUPMOVE", {"AWSDNS_KEEP_ON_HANDOVER": "no"}, False)]
        for factor, extra, kept in rows:
            with self.subTest(factor=factor, **extra):
                start = self.run_script("start.sh", "server1", clp_environment("START", "HOME", 1))
                self.assertExit(start, 0, "start")
                self.assertRecord(IP1)
                clp = clp_environment("START", "HOME", 1, factor=factor)
                stop = self.run_script("stop.sh", "server1", clp, **extra)
                self.assertExit(stop, 0, "stop")
                if kept:
                    self.assertRecord(IP1, f"factor {factor}: left for the next activation")
                    self.assertIn("record left for its activation", stop.stderr, stop.describe())
                else:
                    self.assertIsNone(self.record(), f"factor {factor}: deleted")
                    self.assertIn("deactivated", stop.stderr, stop.describe())
                if factor == "SOMETHINGNEW":
                    self.assertIn("unexpected CLP_FACTOR", stop.stderr, stop.describe())
        self.assertNoSurvivors()

    def test_disk_failure_stops_the_start_not_the_stop(self):
        """CLP_DISK=FAILURE: start exits 1 without an AWS call (as CLUSTERPRO's samples do),
        unless AWSDNS_ON_DISK_FAILURE=activate; stop deactivates anyway."""
        failed = clp_environment("FAILOVER", "OTHER", 2, disk="FAILURE")
        result = self.run_script("start.sh", "server2", failed)
        self.assertExit(result, 1, "start with a failed disk")
        self.assertIn("CLP_DISK=FAILURE", result.stderr, result.describe())
        self.assertEqual(R53.request_count(), 0, "no AWS call")
        self.assertIsNone(self.record())
        result = self.run_script("start.sh", "server2", failed, AWSDNS_ON_DISK_FAILURE="activate")
        self.assertExit(result, 0, "start with a failed disk, overridden")
        self.assertRecord(IP2)
        result = self.run_script("stop.sh", "server2",
                                 clp_environment("FAILOVER", "OTHER", 2, factor="GROUPSTOP",
                                                 disk="FAILURE"))
        self.assertExit(result, 0, "stop with a failed disk")
        self.assertIsNone(self.record(), "deactivated despite the disk")
        self.assertIn("disk of the group failed; deactivating anyway", result.stderr)
        self.assertNoSurvivors()

    def test_clp_values_are_logged(self):
        result = self.run_script("start.sh", "server2", clp_environment("FAILOVER", "OTHER", 2))
        self.assertExit(result, 0)
        self.assertIn("event FAILOVER, server OTHER, disk SUCCESS, group failover1: activated",
                      result.stderr, result.describe())
        self.assertIn("taking the record over after a failure", result.stderr)
        result = self.run_script("stop.sh", "server2",
                                 clp_environment("FAILOVER", "OTHER", 2, factor="GROUPSTOP"))
        self.assertIn("event FAILOVER, server OTHER, disk SUCCESS, factor GROUPSTOP, "
                      "group failover1: deactivated", result.stderr, result.describe())
        result = harness.run([os.path.join(LINUX, "start.sh")], self.script_env("server1"),
                             timeout=180)
        self.assertExit(result, 0, "manual run")
        self.assertIn("event manual, server ?, disk ?, group ?: activated", result.stderr)

    def test_awsdns_deadline_bounds_each_script(self):
        """AWSDNS_DEADLINE reaches awsdns as --deadline: with a black-holed proxy each script
        ends before it (start and stop: 124; monitor: no answer, on_cli_failure ignore: 0)."""
        deadline = 4.0
        with harness.BlackHole() as hole:
            dead = harness.write_settings_file(self.dir, harness.aws_settings(hole.url),
                                               name="black-hole.conf")
            config = harness.write_yaml_config(self.dir, harness.route53_config(
                R53.endpoint_url, ZONE, NAME, env_file=dead,
                aws={"call_timeout": 60, "read_timeout": 60, "connect_timeout": 60},
                lock_dir=os.path.join(self.dir, "locks")), name="black-hole.yaml")
            for script, clp, code in (
                    ("start.sh", clp_environment("START", "HOME", 1), 124),
                    ("monitor.sh", {}, 0),
                    ("stop.sh", clp_environment("START", "HOME", 1, factor="GROUPSTOP"), 124)):
                with self.subTest(script=script):
                    result = self.run_script(script, "server1", clp, AWSDNS_CONFIG=config,
                                             AWSDNS_DEADLINE=str(deadline))
                    self.assertExit(result, code, script)
                    self.assertLess(result.elapsed, deadline, result.describe())
                    self.assertGreater(result.elapsed, deadline - 1.5, result.describe())
                    self.assertIn("--deadline reached", result.stdout + result.stderr)
                    self.assertNoSurvivors(grace=0.0)

    def test_options_instead_of_variables(self):
        env = self.script_env("ignored", clp_environment("START", "HOME", 1),
                              AWSDNS_CONFIG="/nonexistent.yaml", AWSDNS_NODE="")
        start = harness.run([os.path.join(LINUX, "start.sh"), "-c", self.config, "-n", "server2",
                             "web"], env, timeout=180)
        self.assertExit(start, 0, "start.sh -c -n RESOURCE")
        self.assertRecord(IP2)
        monitor = harness.run([os.path.join(LINUX, "monitor.sh"), "-c", self.config, "-n",
                               "server2", "web"], env, timeout=180)
        self.assertExit(monitor, 0, "monitor.sh -c -n RESOURCE")

    def test_exit_codes_pass_through(self):
        clp = clp_environment("START", "HOME", 1)
        # Node without an address in the configuration: awsdns says 78 (configuration).
        self.assertExit(self.run_script("start.sh", "server3", clp), 78, "unknown node")
        self.assertExit(self.run_script("monitor.sh", "server3"), 78, "unknown node")
        # Unknown resource name on the command line: 64 (usage; nothing run).
        self.assertExit(self.run_script("stop.sh", "server1", clp, args=["nosuch"]), 64)
        # Bad script usage: 64.
        self.assertExit(self.run_script("start.sh", "server1", clp, args=["-x"]), 64)
        # awsdns missing: 127.
        result = self.run_script("start.sh", "server1", clp, AWSDNS="/nonexistent/awsdns")
        self.assertExit(result, 127, "awsdns not found")
        # AWS rejects the change: awsdns's 1 reaches the cluster.
        R53.add_fault("ChangeResourceRecordSets", "invalid_change_batch", count=1)
        self.assertExit(self.run_script("start.sh", "server1", clp), 1, "InvalidChangeBatch")
        self.assertIsNone(self.record())
        # The proxy is down: 69 from start; monitor ignores it by default (on_cli_failure).
        R53.clear_faults()
        dead = harness.write_settings_file(self.dir, harness.aws_settings("http://127.0.0.1:9"),
                                           name="dead.conf")
        result = self.run_script("start.sh", "server1", clp, AWSDNS_ENV_FILE=dead)
        self.assertExit(result, 69, "proxy refused")
        self.assertExit(self.run_script("monitor.sh", "server1", AWSDNS_ENV_FILE=dead), 0,
                        "monitor with on_cli_failure: ignore")
        self.assertNoSurvivors()

    def test_example_exec_resource_gets_the_settings_file(self):
        fake_aws = os.path.join(self.dir, "fake-aws")
        dump = os.path.join(self.dir, "dump.json")
        with open(fake_aws, "w") as f:
            f.write("#!/usr/bin/python3\nimport json, os, sys\n"
                    f"json.dump({{'argv': sys.argv[1:], 'env': dict(os.environ)}}, open({dump!r}, 'w'))\n"
                    "print(json.dumps({'MessageId': 'fake'}))\n")
        os.chmod(fake_aws, 0o755)
        env = self.script_env("server1", clp_environment("FAILOVER", "OTHER", 2),
                              AWSDNS_ENV_FILE=self.settings, AWS_CLI=fake_aws,
                              TOPIC_ARN="arn:aws:sns:us-east-1:123456789012:cluster",
                              HTTP_PROXY="http://127.0.0.1:9")
        result = harness.run([os.path.join(LINUX, "example-aws-exec.sh")], env, timeout=60)
        self.assertExit(result, 0, "example-aws-exec.sh")
        with open(dump) as f:
            seen = json.load(f)
        self.assertEqual(seen["argv"][:4], ["sns", "publish", "--topic-arn",
                                            "arn:aws:sns:us-east-1:123456789012:cluster"])
        self.assertIn("CLUSTERPRO event FAILOVER for group failover1", " ".join(seen["argv"]))
        child = seen["env"]
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
            self.assertEqual(child.get(name), SQUID.url, f"{name} from the settings file")
        self.assertIn("169.254.169.254", child.get("NO_PROXY", ""))
        self.assertEqual(child.get("CLP_EVENT"), "FAILOVER")

        # The child's own exit status comes back through awsdns exec and the script.
        with open(fake_aws, "w") as f:
            f.write("#!/bin/sh\nexit 254\n")
        result = harness.run([os.path.join(LINUX, "example-aws-exec.sh")], env, timeout=60)
        self.assertExit(result, 254, "AWS CLI failure passed through")


class SnsStandIn:
    """The one SNS call the example makes (Publish, query protocol): answers it as AWS does and
    keeps the form fields of each request. Reached through squid, on ROUTE53_HOST."""

    def __init__(self):
        self.requests = []
        stand_in = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length", "0"))
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                stand_in.requests.append({k: v[0] for k, v in form.items()})
                body = (b'<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">'
                        b"<PublishResult><MessageId>m-1</MessageId></PublishResult>"
                        b"<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>"
                        b"</PublishResponse>")
                self.send_response(200)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer((harness.ROUTE53_HOST, 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://{harness.ROUTE53_HOST}:{self.server.server_address[1]}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class ExampleExecWithBothGenerations(harness.E2ETestCase):
    """example-aws-exec.sh with the REAL AWS CLI v2 and v1, through awsdns exec and squid, to a
    stand-in of SNS: only options both generations know (v1 refuses --no-cli-pager, exit 255)."""

    def setUp(self):
        super().setUp()
        self.dir = harness.make_temp_dir("awsdns-clp-")
        self.settings = harness.write_settings_file(self.dir, {
            "HTTP_PROXY": SQUID.url, "HTTPS_PROXY": SQUID.url, "NO_PROXY": "169.254.169.254"})
        self.sns = SnsStandIn()
        self.addCleanup(self.sns.stop)

    def example_env(self, cli, **extra):
        env = self.env(extra={"AWSDNS": harness.awsdns_bin(), "AWSDNS_ENV_FILE": self.settings,
                              "AWS_CLI": cli, "TOPIC_ARN": TOPIC, "AWS_EXTRA_ARGS":
                              f"--region us-east-1 --endpoint-url {self.sns.url}"})
        env.update(clp_environment("FAILOVER", "OTHER", 2))
        env.update(extra)
        return env

    def publish_with(self, cli):
        since = SQUID.mark()
        result = harness.run([os.path.join(LINUX, "example-aws-exec.sh")],
                             self.example_env(cli), timeout=120)
        self.assertExit(result, 0, f"example-aws-exec.sh with {cli}")
        self.assertNotIn("Unknown options", result.stderr)
        self.assertEqual(len(self.sns.requests), 1, result.stderr)
        request = self.sns.requests.pop()
        self.assertEqual((request.get("Action"), request.get("TopicArn")), ("Publish", TOPIC))
        self.assertIn("CLUSTERPRO event FAILOVER for group failover1", request.get("Message"))
        self.assertIn('"MessageId": "m-1"', result.stderr)  # the CLI's JSON, passed to the log
        port = self.sns.server.server_address[1]
        through_squid = SQUID.wait_for_entries(lambda e: f":{port}" in e["url"], since)
        self.assertTrue(through_squid, "the request went through the settings file's proxy")

    def test_aws_cli_v2(self):
        self.publish_with(harness.AWS_CLI)

    @unittest.skipUnless(V1_CLI, NO_V1)
    def test_aws_cli_v1(self):
        self.assertEqual(harness.aws_cli_generation(V1_CLI), 1)
        self.publish_with(V1_CLI)

    def test_no_pager_at_a_terminal(self):
        # The script's output goes to stderr: at a terminal, v2 would page it with AWS_PAGER
        # (here a program that leaves a mark), were the pager not switched off.
        mark = os.path.join(self.dir, "paged")
        pager = os.path.join(self.dir, "pager")
        with open(pager, "w") as f:
            f.write(f"#!/bin/sh\ntouch {mark}\ncat\n")
        os.chmod(pager, 0o755)
        master, slave = pty.openpty()
        self.addCleanup(os.close, master)
        process = subprocess.Popen([os.path.join(LINUX, "example-aws-exec.sh")],
                                   env=self.example_env(harness.AWS_CLI, AWS_PAGER=pager,
                                                        PAGER=pager),
                                   stdin=subprocess.DEVNULL, stdout=slave, stderr=slave,
                                   start_new_session=True)
        os.close(slave)
        seen = harness.read_terminal(master)
        self.assertEqual(process.wait(timeout=120), 0, seen)
        self.assertFalse(os.path.exists(mark), "the AWS CLI ran a pager")
        self.assertIn(b"m-1", seen)


def read_text(*parts):
    with open(os.path.join(SCRIPTS, "clusterpro", *parts), newline="") as f:
        return f.read()


class WindowsScriptsMatchLinuxTest(unittest.TestCase):
    """The .bat scripts (not run here: no Windows) make the decisions of the .sh scripts: same
    handover factors, same settings, --deadline from AWSDNS_DEADLINE, CRLF line ends."""

    def test_same_handover_factors(self):
        sh = read_text("linux", "stop.sh")
        bat = read_text("windows", "stop.bat")
        keep_sh = set()
        for line in sh.splitlines():
            match = re.match(r"\s*([A-Z| ]+)\) handover=", line)
            if match:
                keep_sh |= {f.strip() for f in match.group(1).split("|")}
        keep_bat = set(re.findall(r'if /i "%FACTOR%"=="([A-Z]+)" set "HANDOVER=', bat))
        self.assertEqual(keep_sh, {"GROUPMOVE", "GROUPFAILOVER", "SERVERSHUTDOWN",
                                   "GROUPRESTART", "RESOURCERESTART"})
        self.assertEqual(keep_bat, keep_sh)
        for text in (sh, bat):
            self.assertIn("AWSDNS_KEEP_ON_HANDOVER", text)

    def test_same_settings_and_deadline(self):
        for name in ("start", "stop", "monitor"):
            sh = read_text("linux", f"{name}.sh") + read_text("linux", "awsdns-common.sh")
            bat = read_text("windows", f"{name}.bat")
            self.assertIn("\r\n", bat)
            self.assertNotRegex(bat, r"[^\r]\n", f"{name}.bat must use CRLF throughout")
            self.assertIn('--deadline "%AWSDNS_DEADLINE%"', bat, name)
            self.assertIn('--deadline "$AWSDNS_DEADLINE"', sh, name)
            settings_sh = set(re.findall(r"\bAWSDNS_[A-Z_]+", read_text("linux", f"{name}.sh")))
            settings_bat = set(re.findall(r"\bAWSDNS_[A-Z_]+", bat))
            self.assertEqual(settings_sh, settings_bat, name)
        start_bat = read_text("windows", "start.bat")
        self.assertIn('if /i not "%DISK%"=="FAILURE" goto activate', start_bat)
        self.assertIn('"%AWSDNS_ON_DISK_FAILURE%"=="activate"', start_bat)
        self.assertIn("exit /b 1", start_bat)


def shell_scripts():
    """Every shell script under scripts/: *.sh, *.bash, or a #!/bin/sh or #!/bin/bash line."""
    found = []
    for root, _, files in os.walk(SCRIPTS):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                first = f.readline()
            if name.endswith((".sh", ".bash")) or (first.startswith(b"#!") and
                                                   (b"sh" in first.split(b"/")[-1])):
                found.append(path)
    return sorted(found)


class ShellcheckTest(unittest.TestCase):

    def test_every_shell_script_is_shellcheck_clean(self):
        if not os.access(SHELLCHECK, os.X_OK):
            self.skipTest("shellcheck not installed (apt install shellcheck)")
        scripts = shell_scripts()
        names = {os.path.relpath(p, SCRIPTS) for p in scripts}
        for expected in ("clusterpro/linux/start.sh", "clusterpro/linux/stop.sh",
                         "clusterpro/linux/monitor.sh", "clusterpro/linux/example-aws-exec.sh",
                         "clusterpro/linux/awsdns-common.sh",
                         "ocf/awsdns", "completion/awsdns.bash"):
            self.assertIn(expected, names)
        for path in scripts:
            # The completion file has no #! line (it is sourced by bash).
            shell = ["--shell=bash"] if path.endswith(".bash") else []
            result = subprocess.run([SHELLCHECK, "--external-sources"] + shell + [path],
                                    capture_output=True, text=True, timeout=120)
            self.assertEqual(result.returncode, 0, f"shellcheck {path}:\n{result.stdout}{result.stderr}")

    def test_executed_scripts_use_set_eu(self):
        for path in shell_scripts():
            if path.endswith(".bash"):
                continue  # sourced into interactive shells: must not change their options
            with open(path) as f:
                lines = [line.strip() for line in f]
            self.assertIn("set -eu", lines, f"{path} must run under set -eu")
            mode = os.stat(path).st_mode
            self.assertTrue(mode & stat.S_IXUSR, f"{path} must be executable")

    def test_no_script_parses_aws_cli_text_output(self):
        for path in shell_scripts():
            with open(path) as f:
                text = f.read()
            self.assertNotIn("--output text", text, path)
            self.assertNotIn("--output table", text, path)


if __name__ == "__main__":
    unittest.main()
