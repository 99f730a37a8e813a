"""The child environment end to end: `awsdns exec --env-file F -- /usr/bin/aws ...` with the REAL AWS CLI
over HTTPS through a REAL squid (127.0.0.1, CONNECT) against the Route 53 emulator (127.0.0.2),
with credentials from the IMDS emulator (127.0.0.3, plain http as the real IMDS) where stated.
Squid's access log (one CONNECT line per tunnel) and the emulators' request logs (via_proxy:
the request came from squid's source address) show which path each request took; every test
also checks that no process of the run survives. Each proof has a control run showing the
observation can fail. The settings files carry AWS_CA_BUNDLE (the test run's CA)."""

import json
import unittest

import harness

ZONE = "Z0PROXYENVTEST00001"
RECORD = "test.clusterpro.local."
SQUID = None
R53 = None
IMDS = None
DEAD = None


def setUpModule():
    global SQUID, R53, IMDS, DEAD
    SQUID = harness.Squid().start()
    unittest.addModuleCleanup(SQUID.stop)
    # plain_http: the CGI rule (REQUEST_METHOD) concerns HTTP_PROXY, i.e. plain http only
    R53 = harness.Route53Emulator(plain_http=True).start()
    unittest.addModuleCleanup(R53.stop)
    IMDS = harness.ImdsEmulator().start()
    unittest.addModuleCleanup(IMDS.stop)
    DEAD = harness.ClosedPort()
    unittest.addModuleCleanup(DEAD.close)


class ProxyEnvCase(harness.E2ETestCase):
    def setUp(self):
        super().setUp()
        R53.reset()
        R53.create_zone(ZONE, "clusterpro.local.", rrsets=[
            {"name": RECORD, "type": "A", "ttl": 300, "values": ["10.0.110.100"]}])
        IMDS.reset()
        self.dir = harness.make_temp_dir("awsdns-proxyenv-")
        self.mark = SQUID.mark()

    def settings(self, **values):
        """Settings file with the test CA and the given [ENVIRONMENT] values (mode 0600)."""
        return harness.write_settings_file(self.dir, harness.aws_settings(**values))

    def proxy_settings(self, no_proxy="169.254.169.254", **more):
        values = {"HTTP_PROXY": SQUID.url, "HTTPS_PROXY": SQUID.url}
        if no_proxy is not None:
            values["NO_PROXY"] = no_proxy
        values.update(more)
        return self.settings(**values)

    def aws_argv(self, plain=False):
        endpoint = R53.plain_endpoint_url if plain else R53.endpoint_url
        return [harness.AWS_CLI, "--endpoint-url", endpoint, "--output", "json",
                "route53", "list-resource-record-sets", "--hosted-zone-id", ZONE]

    def exec_aws(self, env_file, env, *options, plain=False):
        result = harness.run_awsdns(["exec", "--env-file", env_file, *options, "--"]
                                    + self.aws_argv(plain), env, timeout=120)
        self.assertNoSurvivors()
        return result

    def assertListed(self, result):
        self.assertExit(result, 0)
        names = [r["Name"] for r in json.loads(result.stdout)["ResourceRecordSets"]]
        self.assertIn(RECORD, names, result.describe())

    def squid_route53(self, count=1, timeout=5.0):
        """Squid's lines for the emulator: CONNECT tunnels, and plain-http requests."""
        return SQUID.wait_for_entries(
            lambda e: e["url"] == R53.authority or e["url"].startswith(R53.base_url + "/"),
            since=self.mark, count=count, timeout=timeout)

    def squid_imds(self):
        return [e for e in SQUID.entries(self.mark) if e["url"].startswith(IMDS.base_url + "/")]

    def assertViaSquid(self, result, plain=False):
        """The Route 53 request went through squid (both sides' logs agree): in one CONNECT
        tunnel, or (plain) forwarded as a plain-http GET."""
        entries = self.squid_route53()
        self.assertEqual([(e["method"], e["status"]) for e in entries],
                         [("GET" if plain else "CONNECT", 200)],
                         f"squid log: {SQUID.entries(self.mark)}{result.describe()}")
        if plain:
            self.assertTrue(entries[0]["url"].startswith(
                f"{R53.base_url}/2013-04-01/hostedzone/{ZONE}/rrset"))
        logged = R53.request_log("ListResourceRecordSets")
        self.assertEqual(len(logged), 1)
        self.assertEqual((logged[0]["via_proxy"], logged[0]["tls"]), (True, not plain),
                         logged[0])

    def assertDirect(self):
        """The Route 53 request did not go through squid."""
        logged = R53.request_log("ListResourceRecordSets")
        self.assertEqual(len(logged), 1)
        self.assertFalse(logged[0]["via_proxy"], logged[0])
        late = self.squid_route53(timeout=1.0)
        self.assertEqual(late, [], "squid forwarded the Route 53 request")


class FileProxy(ProxyEnvCase):
    def test_exec_aws_goes_through_the_files_proxy(self):
        result = self.exec_aws(self.proxy_settings(), self.env())
        self.assertListed(result)
        self.assertViaSquid(result)

    def test_control_without_proxy_in_file_goes_direct(self):
        result = self.exec_aws(self.settings(AWS_DEFAULT_REGION="us-east-1"), self.env())
        self.assertListed(result)
        self.assertDirect()

    def test_dead_lower_case_parent_proxies_are_replaced(self):
        dead = {"http_proxy": DEAD.url, "https_proxy": DEAD.url,
                "HTTP_PROXY": DEAD.url, "HTTPS_PROXY": DEAD.url, "ALL_PROXY": DEAD.url}
        env = self.env(extra=dead)
        control = harness.run(self.aws_argv(), harness.cli_env(env))  # the parent's proxy fails
        self.assertExit(control, 255)
        self.assertIn("Failed to connect to proxy URL", control.stderr)
        self.assertEqual(R53.request_count(), 0)

        result = self.exec_aws(self.proxy_settings(), env)
        self.assertListed(result)
        self.assertViaSquid(result)

    def test_parent_no_proxy_and_empty_lower_case_cannot_bypass_the_file(self):
        parent = {"no_proxy": harness.ROUTE53_HOST, "NO_PROXY": "*", "http_proxy": "",
                  "https_proxy": ""}
        control = harness.run(self.aws_argv(), harness.cli_env(
            self.env(extra=dict(parent, HTTPS_PROXY=SQUID.url))))
        self.assertListed(control)  # alone, the parent's variables make the CLI go direct
        self.assertDirect()
        R53.clear_log()

        result = self.exec_aws(self.proxy_settings(), self.env(extra=parent))
        self.assertListed(result)
        self.assertViaSquid(result)

    def test_request_method_in_parent_does_not_disable_the_proxy(self):
        # With REQUEST_METHOD set the CLI ignores HTTP_PROXY (CGI rule); awsdns removes it and
        # sets both letter cases. About plain http: the rule drops HTTP_PROXY only, which the
        # CLI uses for http:// endpoints (IMDS; here the emulator's plain-http side).
        control = harness.run(self.aws_argv(plain=True), self.env(
            extra={"REQUEST_METHOD": "GET", "HTTP_PROXY": SQUID.url}))
        self.assertListed(control)
        self.assertDirect()
        R53.clear_log()

        result = self.exec_aws(self.proxy_settings(), self.env(extra={"REQUEST_METHOD": "GET"}),
                               plain=True)
        self.assertListed(result)
        self.assertViaSquid(result, plain=True)

    def test_aws_error_exit_code_passes_through(self):
        argv = [harness.AWS_CLI, "--endpoint-url", R53.endpoint_url, "route53",
                "list-resource-record-sets", "--hosted-zone-id", "ZNOSUCHZONE"]
        result = harness.run_awsdns(["exec", "--env-file", self.proxy_settings(), "--"] + argv,
                                    self.env())
        self.assertExit(result, 254)
        self.assertIn("NoSuchHostedZone", result.stderr)
        self.assertNoSurvivors()
        # the tunnel succeeded; the 404 travelled inside it
        self.assertEqual([e["status"] for e in self.squid_route53()], [200])
        self.assertEqual([(e["status"], e["via_proxy"]) for e in R53.request_log()], [(404, True)])

    def test_child_environment_gets_imds_bypass(self):
        result = harness.run_awsdns(["exec", "--env-file", self.proxy_settings(no_proxy="10.1.2.3"),
                                     "--", "/usr/bin/env"], self.env(extra={"no_proxy": "x"}))
        self.assertExit(result, 0)
        env = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
        for name in ("NO_PROXY", "no_proxy"):
            entries = env[name].split(",")
            self.assertIn("10.1.2.3", entries)
            self.assertIn("169.254.169.254", entries)
            self.assertIn("[fd00:ec2::254]", entries)
            self.assertNotIn("x", entries)
        self.assertEqual((env["http_proxy"], env["HTTPS_PROXY"]), (SQUID.url, SQUID.url))

        result = harness.run_awsdns(["exec", "--env-file", self.proxy_settings(no_proxy="10.1.2.3"),
                                     "--no-imds-bypass", "--", "/usr/bin/env"], self.env())
        self.assertExit(result, 0)
        env = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
        self.assertEqual((env["NO_PROXY"], env["no_proxy"]), ("10.1.2.3", "10.1.2.3"))


class ImdsCredentials(ProxyEnvCase):
    """Credentials from the IMDS emulator; no static keys anywhere."""

    def imds_env(self, **extra):
        return self.env(credentials="none", extra=extra)

    def assertUsedImdsCredentials(self):
        calls = [(e["method"], e["operation"], e["status"]) for e in IMDS.request_log()]
        self.assertEqual(calls, [("PUT", "Token", 200), ("GET", "RoleName", 200),
                                 ("GET", "Credentials", 200)])
        self.assertEqual([e["access_key_id"] for e in R53.request_log()], [IMDS.access_key_id])

    def assertImdsDirect(self):
        via = [e for e in IMDS.request_log() if e["via_proxy"]]
        self.assertEqual(via, [], "IMDS requests carried proxy headers")
        self.assertEqual(self.squid_imds(), [], "squid forwarded IMDS requests")

    def test_imds_in_file_no_proxy_goes_direct_route53_via_squid(self):
        env_file = self.proxy_settings(no_proxy=f"169.254.169.254,{harness.IMDS_HOST}",
                                       AWS_EC2_METADATA_SERVICE_ENDPOINT=IMDS.endpoint)
        result = self.exec_aws(env_file, self.imds_env())
        self.assertListed(result)
        self.assertUsedImdsCredentials()
        self.assertImdsDirect()
        self.assertViaSquid(result)

    def test_imds_endpoint_from_parent_environment(self):
        env_file = self.proxy_settings(no_proxy=harness.IMDS_HOST)
        parent = self.imds_env(AWS_EC2_METADATA_SERVICE_ENDPOINT=IMDS.endpoint,
                               https_proxy=DEAD.url, http_proxy=DEAD.url)
        result = self.exec_aws(env_file, parent)
        self.assertListed(result)
        self.assertUsedImdsCredentials()
        self.assertImdsDirect()
        self.assertViaSquid(result)

    def test_without_bypass_imds_requests_go_to_squid(self):
        # Negative: NO_PROXY lacks 127.0.0.3 and the automatic bypass is off, so the CLI sends
        # its IMDS requests to the proxy, and the logs show it.
        env_file = self.proxy_settings(no_proxy="169.254.169.254",
                                       AWS_EC2_METADATA_SERVICE_ENDPOINT=IMDS.endpoint)
        result = self.exec_aws(env_file, self.imds_env(), "--no-imds-bypass")
        self.assertListed(result)
        self.assertUsedImdsCredentials()
        self.assertTrue(all(e["via_proxy"] for e in IMDS.request_log()), IMDS.request_log())
        forwarded = SQUID.wait_for_entries(lambda e: e["url"].startswith(IMDS.base_url + "/"),
                                           since=self.mark, count=3)
        self.assertEqual([(e["method"], e["url"][len(IMDS.base_url):]) for e in forwarded], [
            ("PUT", "/latest/api/token"),
            ("GET", "/latest/meta-data/iam/security-credentials/"),
            ("GET", "/latest/meta-data/iam/security-credentials/awsdns-test-role")])
        self.assertViaSquid(result)

    def test_imds_with_dead_proxy_and_no_bypass_fails(self):
        # The failure mode the bypass prevents: IMDS behind a dead proxy means no credentials.
        env_file = self.settings(HTTP_PROXY=DEAD.url, NO_PROXY="169.254.169.254",
                                 AWS_EC2_METADATA_SERVICE_ENDPOINT=IMDS.endpoint)
        result = self.exec_aws(env_file, self.imds_env(), "--no-imds-bypass")
        self.assertExit(result, 255)
        self.assertIn("Failed to connect to proxy URL", result.stderr)
        self.assertEqual(IMDS.request_log(), [])
        self.assertEqual(R53.request_count(), 0)


if __name__ == "__main__":
    unittest.main()
