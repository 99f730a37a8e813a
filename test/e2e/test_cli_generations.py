"""End to end with BOTH AWS CLI generations: the REAL /usr/bin/aws (v2) and the REAL AWS CLI v1
(found by harness.find_aws_cli_v1, or $AWSDNS_TEST_AWS_CLI_V1), each over HTTPS through a REAL
squid with Basic auth (CONNECT tunnels; the user and password, and the CA bundle, from the
settings file) against the Route 53 emulator. The same scenarios run for each; where no v1
exists, its tests are reported as skipped by name (never passed silently)."""

import json
import os
import unittest

import harness

ZONE = "Z0123456789ABCDEFGHIJ"
NAME = "test.clusterpro.local."
SERVER1, SERVER2 = "10.0.110.100", "10.0.120.100"
V1_CLI = harness.find_aws_cli_v1()
NO_V1 = "no AWS CLI v1 on this machine (pip install awscli, or set AWSDNS_TEST_AWS_CLI_V1)"

SQUID = None
R53 = None
# https endpoints on 127.0.0.1 where nothing listens: the AWS CLI asks squid for a CONNECT tunnel,
# and squid answers 407 (wrong password) or 403 (DENIED: its rules refuse CONNECT to that port)
# before connecting anywhere, or 503 when it tries (TARGET). No TLS is ever reached.
TARGET = None
DENIED = None


def setUpModule():
    global SQUID, R53, TARGET, DENIED
    TARGET, DENIED = harness.ClosedPort(), harness.ClosedPort()
    unittest.addModuleCleanup(TARGET.close)
    unittest.addModuleCleanup(DENIED.close)
    SQUID = harness.Squid(users={"cluster": "right-password"}, extra_config=[
        "acl connect_method method CONNECT", f"acl denied_port port {DENIED.port}",
        "http_access deny connect_method denied_port"]).start()
    unittest.addModuleCleanup(SQUID.stop)
    R53 = harness.Route53Emulator().start()
    unittest.addModuleCleanup(R53.stop)


class Scenarios:
    """The scenarios; a subclass names the CLI in `cli`."""

    cli = None

    def setUp(self):
        super().setUp()
        R53.reset()
        R53.create_zone(ZONE, "clusterpro.local.", records=5)
        self.dir = harness.make_temp_dir()
        self.proxy = SQUID.proxy_url("cluster", "right-password")
        self.settings = harness.write_settings_file(self.dir, harness.aws_settings(self.proxy))

    def config(self, aws=None, settings_file=None, monitor=None, resource=None):
        aws_section = {"cli": self.cli, "attempts": 3}
        aws_section.update(aws or {})
        return harness.write_yaml_config(self.dir, harness.route53_config(
            R53.endpoint_url, ZONE, env_file=settings_file or self.settings,
            lock_dir=os.path.join(self.dir, "locks"), aws=aws_section, monitor=monitor,
            resource_settings=resource))

    def awsdns(self, *args):
        result = harness.run_awsdns(list(args) + ["--json"], self.env(), timeout=240)
        self.assertTrue(result.stdout.strip(), "--json output is never empty" + result.describe())
        return result, json.loads(result.stdout)

    def record(self):
        found = R53.find_rrset(ZONE, NAME, "A")
        return found and [r["Value"] for r in found["ResourceRecords"]]

    def test_two_node_failover(self):
        config = self.config()
        mark = SQUID.mark()
        result, report = self.awsdns("activate", "--config", config, "--node", "server1")
        self.assertExit(result, 0)
        self.assertEqual(self.record(), [SERVER1])
        self.assertExit(self.awsdns("monitor", "--config", config, "--node", "server1")[0], 0)
        self.assertExit(self.awsdns("activate", "--config", config, "--node", "server2")[0], 0)
        self.assertEqual(self.record(), [SERVER2])
        self.assertExit(self.awsdns("monitor", "--config", config, "--node", "server1")[0], 4)
        result, report = self.awsdns("deactivate", "--config", config, "--node", "server1")
        self.assertExit(result, 0)
        self.assertEqual(report["action"], "none", "server1 leaves server2's record alone")
        self.assertExit(self.awsdns("deactivate", "--config", config, "--node", "server2")[0], 0)
        self.assertIsNone(self.record())
        # Every request in a CONNECT tunnel of the settings file's proxy user, over TLS.
        self.assertTrue(all(entry["via_proxy"] and entry["tls"] for entry in R53.request_log()),
                        R53.request_log())
        tunnels = SQUID.tunnels(R53.authority, since=mark, count=7)
        self.assertGreaterEqual(len(tunnels), 7, "one per AWS CLI run at least")
        self.assertEqual({(e["user"], e["status"]) for e in tunnels}, {("cluster", 200)})

    def test_throttled_twice_then_success(self):
        R53.add_fault("ChangeResourceRecordSets", "throttling", 2)
        result, report = self.awsdns("activate", "--config", self.config(), "--node", "server1")
        self.assertExit(result, 0)
        self.assertEqual(R53.request_count("ChangeResourceRecordSets"), 3)
        self.assertEqual(self.record(), [SERVER1])

    def test_invalid_change_batch_fails_once_without_retry(self):
        R53.add_fault("ChangeResourceRecordSets", "invalid_change_batch", 1)
        result, report = self.awsdns("activate", "--config", self.config(), "--node", "server1")
        self.assertExit(result, 1)
        self.assertEqual(report["error_class"], "rejected")
        self.assertIn("InvalidChangeBatch", report["message"])
        self.assertEqual(R53.request_count("ChangeResourceRecordSets"), 1)
        self.assertEqual(report["attempts"], 1)

    def test_missing_profile_is_permanent_and_monitor_fails(self):
        config = self.config(aws={"profile": "nosuchprofile"}, monitor={"on_cli_failure": "ignore"})
        result, report = self.awsdns("activate", "--config", config, "--node", "server1")
        self.assertExit(result, 78)
        self.assertEqual(report["error_class"], "profile-not-found")
        self.assertEqual(report["attempts"], 1, "not retried")
        result, report = self.awsdns("monitor", "--config", config, "--node", "server1")
        self.assertExit(result, 78, "on_cli_failure=ignore must not hide a misconfiguration")
        self.assertEqual(report["attempts"], 1)
        self.assertEqual(R53.request_count(), 0)

    def test_wrong_proxy_password_is_permanent(self):
        bad = SQUID.proxy_url("cluster", "wrong-password")
        settings = harness.write_settings_file(self.dir, harness.aws_settings(bad), name="bad.conf")
        config = self.config(settings_file=settings, monitor={"on_cli_failure": "ignore"})
        result, report = self.awsdns("monitor", "--config", config, "--node", "server1")
        self.assertExit(result, 77)
        self.assertEqual(report["error_class"], "proxy-auth")
        self.assertEqual(report["attempts"], 1)
        self.assertNotIn("wrong-password", result.stdout + result.stderr)

    def test_dead_proxy_is_transient_and_on_cli_failure_applies(self):
        with harness.ClosedPort() as closed:
            settings = harness.write_settings_file(self.dir, harness.aws_settings(closed.url),
                                                   name="dead.conf")
            config = self.config(settings_file=settings, aws={"attempts": 2},
                                 monitor={"on_cli_failure": "ignore"})
            result, report = self.awsdns("monitor", "--config", config, "--node", "server1")
            self.assertExit(result, 0)
            self.assertEqual(report["error_class"], "proxy-unreachable")
            self.assertEqual(report["attempts"], 2, "retried")
            result, report = self.awsdns("activate", "--config", config, "--node", "server1")
            self.assertExit(result, 69)

    def https_config(self, port, settings_file=None, attempts=3):
        """The configuration with an https Route 53 endpoint on 127.0.0.1:PORT (see TARGET)."""
        return self.config(settings_file=settings_file, monitor={"on_cli_failure": "ignore"},
                           aws={"attempts": attempts,
                                "extra_args": ["--endpoint-url", f"https://127.0.0.1:{port}"]})

    def bad_password_settings(self):
        bad = SQUID.proxy_url("cluster", "wrong-password")
        return harness.write_settings_file(
            self.dir, {"HTTPS_PROXY": bad, "HTTP_PROXY": bad}, name="bad.conf")

    def test_connect_refused_with_407_is_proxy_auth(self):
        """The CLI prints "Failed to connect to proxy URL", as for a dead proxy; squid's 407 to
        awsdns's own CONNECT makes it permanent: one run, exit 77, whatever on_cli_failure says."""
        mark = SQUID.mark()
        config = self.https_config(TARGET.port, settings_file=self.bad_password_settings())
        result, report = self.awsdns("monitor", "--config", config, "--node", "server1")
        self.assertExit(result, 77)
        self.assertEqual((report["error_class"], report["attempts"]), ("proxy-auth", 1), report)
        self.assertIn(f'answered CONNECT 127.0.0.1:{TARGET.port} with "407 ', report["message"])
        self.assertIn("Failed to connect to proxy URL", report["message"])
        self.assertNotIn("wrong-password", result.stdout + result.stderr)
        refused = SQUID.wait_for_entries(
            lambda e: (e["method"], e["status"]) == ("CONNECT", 407), since=mark, count=2)
        self.assertEqual([e["user"] for e in refused], ["cluster", "cluster"],
                         "the CLI's CONNECT, then awsdns's with the same Basic credentials")

    def test_connect_refused_with_403_is_proxy_denied(self):
        config = self.https_config(DENIED.port)
        result, report = self.awsdns("monitor", "--config", config, "--node", "server1")
        self.assertExit(result, 77)
        self.assertEqual((report["error_class"], report["attempts"]), ("proxy-denied", 1), report)
        self.assertIn(f'answered CONNECT 127.0.0.1:{DENIED.port} with "403 ', report["message"])
        self.assertNotIn("right-password", result.stdout + result.stderr)

    def test_a_dead_proxy_with_an_https_endpoint_stays_transient(self):
        with harness.ClosedPort() as closed:
            settings = harness.write_settings_file(
                self.dir, {"HTTPS_PROXY": closed.url}, name="dead.conf")
            config = self.https_config(TARGET.port, settings_file=settings, attempts=2)
            result, report = self.awsdns("monitor", "--config", config, "--node", "server1")
        self.assertExit(result, 0)
        self.assertEqual((report["error_class"], report["attempts"]),
                         ("proxy-unreachable", 2), report)
        self.assertIn("refused", report["message"])

    def test_check_live_says_what_the_proxy_answered_to_connect(self):
        cases = [(self.bad_password_settings(), TARGET.port, "proxy-auth", 77, '"407 '),
                 (self.settings, DENIED.port, "proxy-denied", 77, '"403 '),
                 (self.settings, TARGET.port, "no-answer", 69, '"503 ')]
        for settings, port, error_class, code, answer in cases:
            with self.subTest(error_class):
                result, report = self.live(self.https_config(port, settings_file=settings))
                self.assertExit(result, code)
                steps = {step["step"]: step for step in report["live"]}
                https = steps["proxy-https"]
                self.assertEqual((https["ok"], https["error_class"]), (False, error_class), https)
                self.assertIn(f"http://***@127.0.0.1:{SQUID.port}: the proxy", https["detail"])
                self.assertIn(f"answered CONNECT 127.0.0.1:{port} with {answer}", https["detail"])
                self.assertTrue(https["fix"])
                self.assertTrue(steps["proxy-http"]["ok"], steps["proxy-http"])
                for secret in ("wrong-password", "right-password"):
                    self.assertNotIn(secret, result.stdout + result.stderr)

    def test_check_live_passes_a_tunnel_squid_opens(self):
        """CONNECT to a port that accepts (and never speaks TLS): squid answers 200."""
        with harness.BlackHole() as hole:
            result, report = self.live(self.https_config(hole.port, attempts=1))
        https = [s for s in report["live"] if s["step"] == "proxy-https"][0]
        self.assertTrue(https["ok"], https)
        self.assertIn(f'answered CONNECT 127.0.0.1:{hole.port} with "200 ', https["detail"])

    def test_check_warns_when_only_http_proxy_is_set(self):
        settings = harness.write_settings_file(
            self.dir, {"HTTP_PROXY": self.proxy}, name="http-only.conf")
        result, report = self.live(self.https_config(TARGET.port, settings_file=settings))
        self.assertTrue(any("HTTP_PROXY is set without HTTPS_PROXY" in w
                            for w in report["warnings"]), report["warnings"])
        https = [s for s in report["live"] if s["step"] == "proxy-https"][0]
        self.assertEqual((https["ok"], https["warning"]), (True, True), https)
        self.assertEqual(https["fix"], "set HTTPS_PROXY in the settings file")
        self.assertIn("none: direct", https["detail"])

    def live(self, config, *extra):
        return self.awsdns("check", "--live", "--config", config, "--node", "server1", *extra)

    def test_check_live_passes_and_reports_the_record(self):
        config = self.config()
        result, report = self.live(config)
        self.assertExit(result, 0)
        steps = {step["step"]: step for step in report["live"]}
        self.assertTrue(all(step["ok"] for step in report["live"]), report)
        self.assertIn("absent", steps["record web"]["detail"])
        self.assertEqual(steps["aws-cli-version"]["warning"], self.generation == 1)
        self.assertExit(self.awsdns("activate", "--config", config, "--node", "server1")[0], 0)
        result, report = self.live(config, "web")
        self.assertExit(result, 0)
        record = [s for s in report["live"] if s["step"] == "record web"][0]
        self.assertIn(f"holds {SERVER1} (this node, server1), TTL 300", record["detail"])
        text = harness.run_awsdns(["check", "--live", "--config", config, "--node", "server2"],
                                  self.env())
        self.assertExit(text, 0)
        self.assertIn("[pass] record web:", text.stdout)
        self.assertIn("(node server1)", text.stdout)
        self.assertNotIn("right-password", text.stdout + text.stderr)

    def negative_step(self, config):
        R53.clear_log()
        result, report = self.live(config)
        self.assertExit(result, 0)  # a warning never fails the pre-flight
        lists = R53.request_count("ListResourceRecordSets")
        return [s for s in report["live"] if s["step"] == "negative-caching web"][0], lists

    def test_check_live_warns_when_clients_may_cache_nxdomain_past_the_ttl(self):
        # The emulator's zone has Route 53's default SOA: TTL 900, minimum 86400.
        step, lists = self.negative_step(self.config(resource={"ttl": 60}))
        self.assertEqual((step["ok"], step["warning"]), (True, True), step)
        self.assertIn("NXDOMAIN cached for 900 s during a planned move", step["detail"])
        self.assertIn("SOA minimum and SOA TTL to 60 s", step["fix"])
        self.assertIn("delete_on_deactivate: false", step["fix"])
        self.assertEqual(lists, 2, "one read of the record, one of the zone's apex and SOA")
        text = harness.run_awsdns(["check", "--live", "--config", self.config(
            resource={"ttl": 60}), "--node", "server1"], self.env())
        self.assertIn("[warn] negative-caching web: zone clusterpro.local.: SOA TTL 900 s",
                      text.stdout)
        # What the warning says is what a real caching resolver keeps once the record is gone.
        with harness.Unbound(R53.dns_server, ["clusterpro.local"]) as resolver:
            answer = resolver.query(NAME)
        self.assertEqual((answer.rcode, answer.ttl()), ("NXDOMAIN", 900))
        # The two fixes silence it (the apex is read anyway: the zone step needs its name).
        step, lists = self.negative_step(self.config(resource={"ttl": 60,
                                                               "delete_on_deactivate": False}))
        self.assertEqual((step["warning"], lists), (False, 2), step)
        R53.put_rrsets(ZONE, [{"name": "clusterpro.local.", "type": "SOA", "ttl": 60, "values": [
            "ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 60"]}])
        step, lists = self.negative_step(self.config(resource={"ttl": 60}))
        self.assertEqual((step["warning"], lists), (False, 2), step)
        self.assertIn("for 60 s, not longer than the record's TTL 60 s", step["detail"])

    def test_check_live_fails_for_a_name_outside_the_zone(self):
        # Route 53 refuses every change of a name outside the zone's domain: the pre-flight must
        # say so instead of "a failover would work now".
        config = self.config(resource={"name": "web.other.test"})
        result, report = self.live(config)
        self.assertExit(result, 78)
        steps = {step["step"]: step for step in report["live"]}
        self.assertTrue(steps["record web"]["ok"], steps)
        zone = steps["zone web"]
        self.assertFalse(zone["ok"], zone)
        self.assertIn("web.other.test. is not in zone clusterpro.local.", zone["detail"])
        self.assertIn("a name under clusterpro.local.", zone["fix"])
        result, report = self.awsdns("activate", "--config", config, "--node", "server1")
        self.assertExit(result, 1)  # what the pre-flight predicted
        self.assertEqual(report["error_class"], "rejected")
        result, report = self.live(self.config())
        self.assertExit(result, 0)
        self.assertIn("lies in zone clusterpro.local.",
                      [s for s in report["live"] if s["step"] == "zone web"][0]["detail"])

    def test_check_live_fails_with_the_fix(self):
        with harness.ClosedPort() as closed:
            settings = harness.write_settings_file(self.dir, harness.aws_settings(closed.url),
                                                   name="dead.conf")
            result, report = self.live(self.config(settings_file=settings))
        self.assertExit(result, 69)
        proxy = [s for s in report["live"] if s["step"] == "proxy-https"][0]
        self.assertFalse(proxy["ok"])
        self.assertIn("HTTPS_PROXY", proxy["fix"])
        result, report = self.live(self.config(aws={"profile": "nosuchprofile"}))
        self.assertExit(result, 78)
        record = [s for s in report["live"] if s["step"] == "record web"][0]
        self.assertEqual(record["error_class"], "profile-not-found")
        self.assertIn("aws.profile", record["fix"])
        text = harness.run_awsdns(["check", "--live", "--config", self.config(
            aws={"cli": "/nonexistent/aws"})], self.env())
        self.assertExit(text, 127)
        self.assertIn("[FAIL] aws-cli", text.stdout)


class AwsCliV2(Scenarios, harness.E2ETestCase):
    cli = harness.AWS_CLI
    generation = 2


@unittest.skipUnless(V1_CLI, NO_V1)
class AwsCliV1(Scenarios, harness.E2ETestCase):
    cli = V1_CLI
    generation = 1


if __name__ == "__main__":
    unittest.main()
