"""The real path, end to end, with BOTH AWS CLI generations (a subTest each: v2 /usr/bin/aws, v1
from harness.find_aws_cli_v1): awsdns runs the AWS CLI over HTTPS through a real squid, which
opens a CONNECT tunnel to the Route 53 emulator (its certificate from the test run's CA, given to
the CLI as AWS_CA_BUNDLE in the settings file). A proxy that refuses the tunnel (407 wrong
password, 403 ACL) looks to both CLIs exactly like a proxy that is down ("Failed to connect to
proxy URL"); awsdns must still tell them apart, never retry a permanent refusal, and never let
monitor hide it. Also: proxy URLs the CLI itself mishandles (an upper-case scheme, a non-ASCII
password), a settings file with HTTP_PROXY only, and AWS CLI v2's auto-prompt.

The AWS CLI is a wrapper that appends its arguments to a log and execs the real one, so the
number of AWS CLI runs is counted independently of what awsdns reports."""

import base64
import json
import os
import re
import unittest
import urllib.parse

import harness

ZONE = "Z0REALPATH0000000001"
NAME = "test.clusterpro.local."
SERVER1 = "10.0.110.100"
USER = "cluster"
PASSWORD = "Right#Pw-4711"
WRONG = "Wrong#Pw-0815"
NON_ASCII_PASSWORD = "p\u00e4ssword"
GENERATIONS = (("v2", harness.AWS_CLI), ("v1", harness.find_aws_cli_v1()))
WRAPPER = """#!/bin/sh
printf '%s\\n' "$*" >> '{log}'
exec '{cli}' "$@"
"""

R53 = AUTH_SQUID = DENY_SQUID = SQUID = None


def setUpModule():
    global R53, AUTH_SQUID, DENY_SQUID, SQUID
    R53 = harness.Route53Emulator().start()
    unittest.addModuleCleanup(R53.stop)
    AUTH_SQUID = harness.Squid(users={USER: PASSWORD}).start()
    unittest.addModuleCleanup(AUTH_SQUID.stop)
    DENY_SQUID = harness.Squid(deny_connect=R53.port).start()
    unittest.addModuleCleanup(DENY_SQUID.stop)
    SQUID = harness.Squid().start()
    unittest.addModuleCleanup(SQUID.stop)


def secret_forms(user, password):
    """Every form in which a proxy password could leak."""
    return [password, urllib.parse.quote(password, safe=""),
            base64.b64encode(f"{user}:{password}".encode()).decode()]


class RealPath(harness.E2ETestCase):

    def setUp(self):
        super().setUp()
        R53.reset()
        R53.create_zone(ZONE, "clusterpro.local.", records=3)
        self.dir = harness.make_temp_dir("awsdns-real-path-")  # the AWS config of a test

    # ---- helpers ------------------------------------------------------------------------------
    def scenario(self, label, cli, settings, monitor="ignore", attempts=3):
        """For one CLI generation, in its subTest (skipped when that CLI is not installed): a
        fresh emulator log, the recording wrapper, the settings file and the YAML configuration.
        Returns (run log, settings file, configuration)."""
        if cli is None:
            self.skipTest("no AWS CLI v1 on this machine (pip install awscli)")
        R53.reset(keep_zones=True)
        directory = harness.make_temp_dir(f"awsdns-real-path-{label}-")
        log, wrapper = os.path.join(directory, "runs.log"), os.path.join(directory, "aws")
        with open(wrapper, "w") as f:
            f.write(WRAPPER.format(log=log, cli=cli))
        os.chmod(wrapper, 0o755)
        env_file = harness.write_settings_file(directory, settings)
        config = harness.write_yaml_config(directory, harness.route53_config(
            R53.endpoint_url, ZONE, env_file=env_file, lock_dir=os.path.join(directory, "locks"),
            aws={"cli": wrapper, "attempts": attempts}, monitor={"on_cli_failure": monitor}))
        return log, env_file, config

    @staticmethod
    def cli_runs(log):
        """The AWS CLI runs recorded so far, `--version` (check) left out."""
        if not os.path.exists(log):
            return []
        with open(log) as f:
            return [line for line in f.read().splitlines() if line != "--version"]

    def awsdns(self, command, config, *extra):
        """`awsdns COMMAND --config C --node server1 --json` -> (RunResult, JSON report)."""
        result = harness.run_awsdns([command, "--config", config, "--node", "server1", "--json",
                                     *extra], self.env(), timeout=240)
        lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
        return result, (json.loads(lines[-1]) if lines else {})

    def check(self, env_file, *extra):
        return harness.run_awsdns(["check", "--env-file", env_file, *extra], self.env(),
                                  timeout=120)

    def assertRefused(self, command, config, log, code, error_class):
        """command exits `code` with `error_class` after exactly one AWS CLI run."""
        before = len(self.cli_runs(log))
        result, report = self.awsdns(command, config)
        self.assertExit(result, code, command)
        self.assertEqual(report.get("error_class"), error_class, result.describe())
        self.assertIn(f"[{error_class}, permanent]", report.get("message", ""), result.describe())
        self.assertEqual(report.get("attempts"), 1, result.describe())
        self.assertEqual(len(self.cli_runs(log)) - before, 1, "one AWS CLI run, no retry")
        return result

    def assertNothingLeaked(self, results, secrets):
        for result in results:
            for secret in secrets:
                self.assertNotIn(secret, result.stdout + result.stderr,
                                 f"secret {secret!r} printed{result.describe()}")

    def assertAllViaTheTunnel(self):
        log = R53.request_log()
        self.assertTrue(log, "the emulator got no request")
        self.assertTrue(all(e["via_proxy"] and e["tls"] for e in log), log)

    # ---- the proxy refuses the tunnel ---------------------------------------------------------
    def test_wrong_proxy_password_is_proxy_auth_without_retry(self):
        proxy = AUTH_SQUID.proxy_url(USER, urllib.parse.quote(WRONG, safe=""))
        for label, cli in GENERATIONS:
            with self.subTest(cli=label):
                log, env_file, config = self.scenario(label, cli, harness.aws_settings(proxy))
                mark = AUTH_SQUID.mark()
                activate = self.assertRefused("activate", config, log, 77, "proxy-auth")
                refused = AUTH_SQUID.tunnels(R53.authority, since=mark)
                # the AWS CLI's CONNECT, and at most one of awsdns asking the proxy what it says
                self.assertIn(len(refused), (1, 2), refused)
                self.assertEqual({e["status"] for e in refused}, {407}, refused)
                monitor = self.assertRefused("monitor", config, log, 77, "proxy-auth")
                self.assertEqual(R53.request_count(), 0, "the emulator got no request")
                self.assertNothingLeaked([activate, monitor], secret_forms(USER, WRONG))
                self.assertNoSurvivors()

    def test_proxy_denying_connect_is_proxy_denied_without_retry(self):
        for label, cli in GENERATIONS:
            with self.subTest(cli=label):
                log, env_file, config = self.scenario(label, cli,
                                                      harness.aws_settings(DENY_SQUID.url))
                mark = DENY_SQUID.mark()
                self.assertRefused("activate", config, log, 77, "proxy-denied")
                denied = DENY_SQUID.tunnels(R53.authority, since=mark)
                self.assertIn(len(denied), (1, 2), denied)
                self.assertEqual({e["status"] for e in denied}, {403}, denied)
                self.assertRefused("monitor", config, log, 77, "proxy-denied")
                self.assertEqual(R53.request_count(), 0, "the emulator got no request")
                self.assertNoSurvivors()

    # ---- the tunnel works, or the proxy is not there ------------------------------------------
    def test_right_proxy_password_goes_through_the_tunnel(self):
        proxy = AUTH_SQUID.proxy_url(USER, urllib.parse.quote(PASSWORD, safe=""))
        for label, cli in GENERATIONS:
            with self.subTest(cli=label):
                log, env_file, config = self.scenario(label, cli, harness.aws_settings(proxy))
                mark = AUTH_SQUID.mark()
                results = []
                for command in ("activate", "monitor", "deactivate"):
                    result, report = self.awsdns(command, config)
                    self.assertExit(result, 0, command)
                    results.append(result)
                self.assertIsNone(R53.find_rrset(ZONE, NAME), "deactivate deleted the record")
                self.assertAllViaTheTunnel()
                runs = len(self.cli_runs(log))
                tunnels = AUTH_SQUID.tunnels(R53.authority, since=mark, count=runs)
                self.assertEqual({(e["user"], e["status"]) for e in tunnels}, {(USER, 200)})
                self.assertEqual(len(tunnels), runs, "one tunnel per AWS CLI run")
                self.assertNothingLeaked(results, secret_forms(USER, PASSWORD))
                self.assertNoSurvivors()

    def test_dead_proxy_is_transient_and_retried(self):
        closed = harness.ClosedPort()
        self.addCleanup(closed.close)
        for label, cli in GENERATIONS:
            with self.subTest(cli=label):
                log, env_file, config = self.scenario(label, cli, harness.aws_settings(closed.url),
                                                      attempts=2)
                result, report = self.awsdns("activate", config)
                self.assertExit(result, 69)
                self.assertEqual(report.get("error_class"), "proxy-unreachable",
                                 result.describe())
                self.assertIn("[proxy-unreachable, transient]", report.get("message", ""))
                self.assertGreaterEqual(report.get("attempts", 0), 2, result.describe())
                self.assertGreater(len(self.cli_runs(log)), 1, "retried")
                result, report = self.awsdns("monitor", config)
                self.assertExit(result, 0, "monitor, on_cli_failure: ignore")
                self.assertEqual(report.get("error_class"), "proxy-unreachable",
                                 result.describe())
                self.assertEqual(R53.request_count(), 0)
                self.assertNoSurvivors()

    # ---- proxy URLs the AWS CLI mishandles ----------------------------------------------------
    def test_upper_case_scheme_is_normalised(self):
        # botocore knows only lower-case schemes: as given, the CLI would look up the host "http"
        # (this module's namespace has no resolver to reach).
        given = f"HTTP://{harness.PROXY_HOST}:{SQUID.port}"
        for label, cli in GENERATIONS:
            with self.subTest(cli=label):
                log, env_file, config = self.scenario(label, cli, harness.aws_settings(given))
                shown = self.check(env_file, "--config", config, "--json")
                self.assertExit(shown, 0)
                environment = json.loads(shown.stdout)["environment"]
                self.assertEqual(environment.get("HTTPS_PROXY"), SQUID.url, shown.describe())
                self.assertNotIn("HTTP://", shown.stdout, shown.describe())
                mark = SQUID.mark()
                result, report = self.awsdns("activate", config)
                self.assertExit(result, 0)
                self.assertAllViaTheTunnel()
                self.assertTrue(SQUID.tunnels(R53.authority, since=mark))
                self.assertNoSurvivors()

    def test_non_ascii_proxy_password_is_refused_before_any_aws_call(self):
        proxy = f"http://{USER}:{NON_ASCII_PASSWORD}@{harness.PROXY_HOST}:{AUTH_SQUID.port}"
        for label, cli in GENERATIONS:
            with self.subTest(cli=label):
                log, env_file, config = self.scenario(label, cli, harness.aws_settings(proxy))
                results = []
                for argv in (["check", "--env-file", env_file, "--config", config],
                             ["activate", "--config", config, "--node", "server1"]):
                    result = harness.run_awsdns(argv, self.env(), timeout=120)
                    results.append(result)
                    self.assertExit(result, 78, argv[0])
                    self.assertRegex(result.stderr, rf"{re.escape(env_file)}:\d+: ",
                                     result.describe())
                    self.assertNotIn("\u00e4", result.stdout + result.stderr, result.describe())
                self.assertNothingLeaked(results, secret_forms(USER, NON_ASCII_PASSWORD))
                self.assertEqual(self.cli_runs(log), [], "no AWS CLI run")
                self.assertEqual(R53.request_count(), 0, "the emulator got no request")

    # ---- HTTP_PROXY only: AWS (https) is reached without the proxy ----------------------------
    def test_http_proxy_only_is_reported_per_scheme(self):
        settings = harness.aws_settings(NO_PROXY="169.254.169.254", HTTP_PROXY=SQUID.url)
        for label, cli in GENERATIONS:
            with self.subTest(cli=label):
                log, env_file, config = self.scenario(label, cli, settings)
                text = self.check(env_file, "--config", config)
                self.assertExit(text, 0)
                warnings = [line for line in (text.stdout + text.stderr).splitlines()
                            if "HTTPS_PROXY" in line and "warn" in line.lower()]
                self.assertTrue(warnings, "no warning names HTTPS_PROXY" + text.describe())
                live = self.check(env_file, "--config", config, "--live", "--node", "server1",
                                  "--json")
                steps = {step["step"]: step for step in json.loads(live.stdout).get("live", [])}
                self.assertIn("proxy-https", steps, live.describe())
                self.assertIn("proxy-http", steps, live.describe())
                self.assertRegex(steps["proxy-https"]["detail"].lower(), r"direct|none")
                self.assertIn(f"{harness.PROXY_HOST}:{SQUID.port}",
                              steps["proxy-http"]["detail"])

    # ---- AWS CLI v2's auto-prompt -------------------------------------------------------------
    def test_auto_prompt_in_the_aws_config_does_not_stop_activate(self):
        aws_config = os.path.join(self.dir, "aws-config")
        with open(aws_config, "w") as f:
            f.write("[default]\ncli_auto_prompt = on\n")
        settings = harness.aws_settings(SQUID.url, AWS_CONFIG_FILE=aws_config,
                                        AWS_CLI_AUTO_PROMPT="on")
        for label, cli in GENERATIONS:
            with self.subTest(cli=label):
                log, env_file, config = self.scenario(label, cli, settings)
                result, report = self.awsdns("activate", config)
                self.assertExit(result, 0)
                record = R53.find_rrset(ZONE, NAME)
                self.assertEqual([r["Value"] for r in record["ResourceRecords"]], [SERVER1])
                self.assertAllViaTheTunnel()
                self.assertNoSurvivors()


if __name__ == "__main__":
    unittest.main()
