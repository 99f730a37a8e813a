"""The Pacemaker OCF agent (scripts/ocf/awsdns) against the Route 53 emulator (HTTPS through a
real squid, CONNECT): the full /usr/sbin/ocf-tester run, then the exit-code mapping action by
action. The agent runs with a stripped environment (as Pacemaker runs it): only the settings
file gives the AWS CLI its dummy credentials, region, proxy and CA bundle."""

import json
import os
import shutil
import socket
import unittest
import xml.etree.ElementTree as ET

import harness

ZONE = "Z0123456789ABCDEFGHIJ"
NAME = "test.clusterpro.local"
IP1, IP2 = "10.0.110.100", "10.0.120.100"
AGENT_SOURCE = os.path.join(harness.SOURCE_DIR, "scripts", "ocf", "awsdns")
OCF_TESTER = "/usr/sbin/ocf-tester"
OCF_ROOT = "/usr/lib/ocf"
# OCF exit codes.
OCF_SUCCESS, OCF_ERR_GENERIC, OCF_ERR_INSTALLED, OCF_ERR_CONFIGURED, OCF_NOT_RUNNING = 0, 1, 5, 6, 7

R53 = None
SQUID = None
AGENT = None


def setUpModule():
    global R53, SQUID, AGENT
    if not os.path.exists(os.path.join(OCF_ROOT, "lib", "heartbeat", "ocf-shellfuncs")):
        raise unittest.SkipTest("resource-agents not installed (apt install resource-agents)")
    R53 = harness.Route53Emulator(zones=[(ZONE, "clusterpro.local.", 0)]).start()
    unittest.addModuleCleanup(R53.stop)
    SQUID = harness.Squid().start()
    unittest.addModuleCleanup(SQUID.stop)
    # ocf-tester runs `meta-data` as user nobody: give it a world-readable copy of the agent.
    directory = harness.make_temp_dir("awsdns-ocf-agent-")
    os.chmod(directory, 0o755)
    AGENT = os.path.join(directory, "awsdns")
    shutil.copy(AGENT_SOURCE, AGENT)
    os.chmod(AGENT, 0o755)


def short_hostname():
    return socket.gethostname().split(".")[0]


class OcfAgentTest(harness.E2ETestCase):

    def setUp(self):
        super().setUp()
        R53.reset()
        self.dir = harness.make_temp_dir("awsdns-ocf-")
        # Everything the AWS CLI needs comes from the settings file.
        self.settings = harness.write_settings_file(self.dir, harness.aws_settings(SQUID.url, **{
            "NO_PROXY": "169.254.169.254",
            "AWS_ACCESS_KEY_ID": harness.DUMMY_ACCESS_KEY_ID,
            "AWS_SECRET_ACCESS_KEY": harness.DUMMY_SECRET_ACCESS_KEY,
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_CONFIG_FILE": "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_PAGER": "",
        }))
        ips = {"server1": IP1, "server2": IP2, short_hostname(): "10.0.130.100"}
        self.config = harness.write_yaml_config(self.dir, harness.route53_config(
            R53.endpoint_url, ZONE, NAME, ips=ips, lock_dir=os.path.join(self.dir, "locks")))

    def stripped_env(self, **extra):
        """What Pacemaker gives an agent: hardly anything (no AWS_*, no HOME, no proxy)."""
        env = {"PATH": harness.SAFE_PATH, "OCF_ROOT": OCF_ROOT, harness.RUN_MARKER: self.run_id}
        env.update(extra)
        return env

    def params(self, node="server1", **overrides):
        values = {"config": self.config, "resource": "web", "node": node,
                  "awsdns": harness.awsdns_bin(), "env_file": self.settings}
        values.update(overrides)
        return {k: v for k, v in values.items() if v is not None}

    def agent(self, action, interval_ms=20000, timeout_ms="120000", **params):
        env = self.stripped_env(OCF_RESOURCE_INSTANCE="web-dns", OCF_RA_VERSION_MAJOR="1",
                                OCF_RA_VERSION_MINOR="1",
                                OCF_RESKEY_CRM_meta_interval=str(interval_ms))
        if timeout_ms is not None:
            env["OCF_RESKEY_CRM_meta_timeout"] = timeout_ms
        for key, value in params.items():
            env[f"OCF_RESKEY_{key}"] = value
        return harness.run([AGENT, action], env, timeout=300)

    def recording_awsdns(self):
        """A wrapper around the real awsdns that appends its argv (one JSON list a line) to a
        file, then execs awsdns: what the agent passes is seen, what runs is the real thing."""
        log = os.path.join(self.dir, "argv.log")
        wrapper = os.path.join(self.dir, "awsdns-recording")
        with open(wrapper, "w") as f:
            f.write("#!/usr/bin/python3\nimport json, os, sys\n"
                    f"with open({log!r}, 'a') as log:\n"
                    "    log.write(json.dumps(sys.argv[1:]) + '\\n')\n"
                    f"os.execv({harness.awsdns_bin()!r}, [{harness.awsdns_bin()!r}] + sys.argv[1:])\n")
        os.chmod(wrapper, 0o755)
        return wrapper, log

    @staticmethod
    def recorded(log, command):
        """The argv lists recorded for `command` (activate, monitor, ...)."""
        with open(log) as f:
            runs = [json.loads(line) for line in f if line.strip()]
        return [argv for argv in runs if argv and argv[0] == command]

    def black_hole_params(self, hole, on_cli_failure="recover"):
        dead = harness.write_settings_file(self.dir, harness.aws_settings(hole.url, **{
            "AWS_ACCESS_KEY_ID": harness.DUMMY_ACCESS_KEY_ID,
            "AWS_SECRET_ACCESS_KEY": harness.DUMMY_SECRET_ACCESS_KEY,
            "AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_EC2_METADATA_DISABLED": "true",
        }), name="black-hole.conf")
        config = harness.write_yaml_config(self.dir, harness.route53_config(
            R53.endpoint_url, ZONE, NAME, aws={"call_timeout": 60, "attempts": 3,
                                                "read_timeout": 60, "connect_timeout": 60},
            monitor={"on_cli_failure": on_cli_failure},
            lock_dir=os.path.join(self.dir, "locks")), name="black-hole.yaml")
        return self.params(config=config, env_file=dead)

    def record(self):
        return R53.find_rrset(ZONE, NAME, "A")

    def record_values(self):
        record = self.record()
        return None if record is None else [r["Value"] for r in record["ResourceRecords"]]

    def test_ocf_tester_passes(self):
        argv = [OCF_TESTER, "-n", "awsdns"]
        for key, value in self.params().items():
            argv += ["-o", f"{key}={value}"]
        result = harness.run(argv + [AGENT], self.stripped_env(), timeout=600)
        self.assertExit(result, 0, "ocf-tester")
        self.assertIn("passed all tests", result.stdout, result.describe())
        # It ended stopped: the record is gone, and the AWS CLI went through the proxy.
        self.assertIsNone(self.record())
        log = R53.request_log("ChangeResourceRecordSets")
        self.assertTrue(log and all(entry["via_proxy"] for entry in log), log)
        self.assertNoSurvivors()

    def test_meta_data_lists_the_parameters(self):
        result = self.agent("meta-data")
        self.assertExit(result, OCF_SUCCESS)
        root = ET.fromstring(result.stdout)
        self.assertEqual(root.get("name"), "awsdns")
        self.assertEqual(root.findtext("version"), "1.1")
        names = [p.get("name") for p in root.iter("parameter")]
        self.assertEqual(names, ["config", "resource", "node", "awsdns", "env_file"])
        actions = {a.get("name") for a in root.iter("action")}
        self.assertLessEqual({"start", "stop", "monitor", "validate-all", "meta-data"}, actions)

    def test_exit_code_mapping(self):
        p1, p2 = self.params("server1"), self.params("server2")
        # Probe before anything: not running, on both nodes.
        self.assertExit(self.agent("monitor", interval_ms=0, **p1), OCF_NOT_RUNNING, "probe")
        self.assertExit(self.agent("start", **p1), OCF_SUCCESS, "start server1")
        self.assertEqual(self.record_values(), [IP1])
        self.assertExit(self.agent("monitor", **p1), OCF_SUCCESS, "monitor server1")
        self.assertExit(self.agent("monitor", interval_ms=0, **p1), OCF_SUCCESS, "probe server1")
        # Record elsewhere -> not running on server2; server2's stop changes nothing.
        self.assertExit(self.agent("monitor", interval_ms=0, **p2), OCF_NOT_RUNNING, "probe server2")
        self.assertExit(self.agent("stop", **p2), OCF_SUCCESS, "stop where it is not running")
        self.assertEqual(self.record_values(), [IP1])
        # Failover: server2 starts (takes the record), server1's stop leaves it alone.
        self.assertExit(self.agent("start", **p2), OCF_SUCCESS, "start server2")
        self.assertEqual(self.record_values(), [IP2])
        self.assertExit(self.agent("monitor", **p1), OCF_NOT_RUNNING, "monitor server1 after move")
        self.assertExit(self.agent("stop", **p1), OCF_SUCCESS, "late stop server1")
        self.assertEqual(self.record_values(), [IP2])
        self.assertExit(self.agent("stop", **p2), OCF_SUCCESS, "stop server2")
        self.assertIsNone(self.record())
        self.assertExit(self.agent("stop", **p2), OCF_SUCCESS, "stop when absent")
        self.assertExit(self.agent("monitor", **p2), OCF_NOT_RUNNING, "monitor when absent")
        self.assertNoSurvivors()

    def test_default_node_is_the_short_host_name(self):
        params = self.params(node=None)
        self.assertExit(self.agent("start", **params), OCF_SUCCESS, "start without node")
        self.assertEqual(self.record_values(), ["10.0.130.100"])
        self.assertExit(self.agent("stop", **params), OCF_SUCCESS)

    def test_probe_when_aws_is_unreachable(self):
        """on_cli_failure ignore: the recurring monitor succeeds, but a probe cannot claim the
        record is here without having seen it."""
        with harness.ClosedPort() as closed:
            dead = harness.write_settings_file(self.dir, harness.aws_settings(closed.url, **{
                "AWS_ACCESS_KEY_ID": harness.DUMMY_ACCESS_KEY_ID,
                "AWS_SECRET_ACCESS_KEY": harness.DUMMY_SECRET_ACCESS_KEY,
                "AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": "/dev/null",
                "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_EC2_METADATA_DISABLED": "true",
            }), name="dead.conf")
            config = harness.write_yaml_config(self.dir, harness.route53_config(
                R53.endpoint_url, ZONE, NAME, aws={"attempts": 1},
                monitor={"on_cli_failure": "ignore"},
                lock_dir=os.path.join(self.dir, "locks")), name="ignore.yaml")
            params = self.params(config=config, env_file=dead)
            self.assertExit(self.agent("monitor", **params), OCF_SUCCESS, "monitor, ignore")
            self.assertExit(self.agent("monitor", interval_ms=0, **params), OCF_NOT_RUNNING,
                            "probe while AWS is unreachable")
            self.assertExit(self.agent("start", **params), OCF_ERR_GENERIC, "start unreachable")
        self.assertEqual(R53.request_count(), 0)
        self.assertNoSurvivors()

    def test_the_agent_passes_pacemakers_timeout_as_deadline(self):
        """OCF_RESKEY_CRM_meta_timeout (ms) less the agent's 2 s margin and its own elapsed time
        reaches awsdns as --deadline; with a black-holed proxy the action returns within
        Pacemaker's timeout (awsdns ended it, not Pacemaker), without survivors."""
        wrapper, log = self.recording_awsdns()
        timeout_ms = 8000
        with harness.BlackHole() as hole:
            params = self.black_hole_params(hole)
            params["awsdns"] = wrapper
            for action, ocf_code in (("start", OCF_ERR_GENERIC), ("monitor", OCF_ERR_GENERIC),
                                     ("stop", OCF_ERR_GENERIC)):
                with self.subTest(action=action):
                    result = self.agent(action, timeout_ms=str(timeout_ms), **params)
                    self.assertExit(result, ocf_code, action)
                    self.assertLess(result.elapsed, timeout_ms / 1000, result.describe())
                    # Not much earlier: awsdns ran until its deadline (margin 2 s, +1 s slack).
                    self.assertGreater(result.elapsed, timeout_ms / 1000 - 3.5, result.describe())
                    self.assertNoSurvivors(grace=0.0)
        command = {"start": "activate", "monitor": "monitor", "stop": "deactivate"}
        for action, name in command.items():
            runs = self.recorded(log, name)
            self.assertEqual(len(runs), 1, (action, runs))
            argv = runs[0]
            self.assertIn("--deadline", argv, argv)
            deadline = float(argv[argv.index("--deadline") + 1])
            self.assertLessEqual(deadline, (timeout_ms - 2000) / 1000, argv)
            # What the agent spent before: start runs validate (`awsdns check`, which runs
            # `aws --version`) first, seconds on a loaded machine; the others next to nothing.
            spent = 4.0 if action == "start" else 1.0
            self.assertGreater(deadline, (timeout_ms - 2000) / 1000 - spent, argv)
        self.assertEqual(R53.request_count(), 0)

    def test_without_a_pacemaker_timeout_no_deadline_is_passed(self):
        wrapper, log = self.recording_awsdns()
        params = self.params(awsdns=wrapper)
        self.assertExit(self.agent("start", timeout_ms=None, **params), OCF_SUCCESS)
        self.assertExit(self.agent("monitor", timeout_ms=None, **params), OCF_SUCCESS)
        self.assertExit(self.agent("stop", timeout_ms="60000", **params), OCF_SUCCESS)
        for name in ("activate", "monitor"):
            runs = self.recorded(log, name)
            self.assertEqual(len(runs), 1, runs)
            self.assertNotIn("--deadline", runs[0])
        stop = self.recorded(log, "deactivate")[0]
        self.assertEqual(stop[stop.index("--deadline") + 1][:3], "57.", stop)
        self.assertNoSurvivors()

    def test_configuration_and_installation_errors(self):
        missing = os.path.join(self.dir, "missing.yaml")
        self.assertExit(self.agent("validate-all", **self.params(config=missing)),
                        OCF_ERR_CONFIGURED, "missing config")
        self.assertExit(self.agent("monitor", interval_ms=0, **self.params(config=missing)),
                        OCF_NOT_RUNNING, "probe on a node without the config")
        self.assertExit(self.agent("validate-all", **self.params(awsdns="/nonexistent/awsdns")),
                        OCF_ERR_INSTALLED, "missing awsdns")
        self.assertExit(self.agent("start", **self.params(awsdns="/nonexistent/awsdns")),
                        OCF_ERR_INSTALLED, "start without awsdns")
        # Node without an address: awsdns exits 78 -> not configured.
        self.assertExit(self.agent("start", **self.params(node="server9")), OCF_ERR_CONFIGURED)
        # Broken YAML: validate-all says so.
        broken = harness.write_yaml_config(self.dir, "resources:\n  web:\n    typo_key: 1\n",
                                           name="broken.yaml")
        self.assertExit(self.agent("validate-all", **self.params(config=broken)),
                        OCF_ERR_CONFIGURED, "invalid config")
        # The AWS CLI is missing: awsdns exits 127 -> not installed.
        no_cli = harness.write_yaml_config(self.dir, harness.route53_config(
            R53.endpoint_url, ZONE, NAME, aws={"cli": "/nonexistent/aws"},
            lock_dir=os.path.join(self.dir, "locks")), name="nocli.yaml")
        self.assertExit(self.agent("start", **self.params(config=no_cli)), OCF_ERR_INSTALLED)
        self.assertExit(self.agent("validate-all", **self.params(config=no_cli)),
                        OCF_ERR_INSTALLED, "validate-all fails on a missing AWS CLI")
        # AWS rejects the change -> generic error.
        R53.add_fault("ChangeResourceRecordSets", "invalid_change_batch", count=1)
        self.assertExit(self.agent("start", **self.params()), OCF_ERR_GENERIC, "rejected")
        self.assertExit(self.agent("frobnicate", **self.params()), 3, "unimplemented action")
        self.assertNoSurvivors()


if __name__ == "__main__":
    unittest.main()
