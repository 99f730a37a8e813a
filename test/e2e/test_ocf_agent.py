"""The Pacemaker OCF agent (scripts/ocf/awsdns) against the Route 53 emulator: the full
/usr/sbin/ocf-tester run, then the exit-code mapping action by action. The agent runs with a
stripped environment (as Pacemaker runs it): only the settings file gives the AWS CLI its
dummy credentials, region and proxy."""

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
        self.settings = harness.write_settings_file(self.dir, {
            "HTTP_PROXY": SQUID.url,
            "HTTPS_PROXY": SQUID.url,
            "NO_PROXY": "169.254.169.254",
            "AWS_ACCESS_KEY_ID": harness.DUMMY_ACCESS_KEY_ID,
            "AWS_SECRET_ACCESS_KEY": harness.DUMMY_SECRET_ACCESS_KEY,
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_CONFIG_FILE": "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_PAGER": "",
        })
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

    def agent(self, action, interval_ms=20000, **params):
        env = self.stripped_env(OCF_RESOURCE_INSTANCE="web-dns", OCF_RA_VERSION_MAJOR="1",
                                OCF_RA_VERSION_MINOR="1",
                                OCF_RESKEY_CRM_meta_interval=str(interval_ms),
                                OCF_RESKEY_CRM_meta_timeout="120000")
        for key, value in params.items():
            env[f"OCF_RESKEY_{key}"] = value
        return harness.run([AGENT, action], env, timeout=300)

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
            dead = harness.write_settings_file(self.dir, {
                "HTTP_PROXY": closed.url, "HTTPS_PROXY": closed.url,
                "AWS_ACCESS_KEY_ID": harness.DUMMY_ACCESS_KEY_ID,
                "AWS_SECRET_ACCESS_KEY": harness.DUMMY_SECRET_ACCESS_KEY,
                "AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": "/dev/null",
                "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_EC2_METADATA_DISABLED": "true",
            }, name="dead.conf")
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
