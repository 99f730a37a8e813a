"""End to end: the AWS CLI of the DNS commands is one invocation, the same whoever starts awsdns.
A wrapper records the environment and argv the REAL /usr/bin/aws gets (then execs it, over HTTPS
through a REAL squid, against the Route 53 emulator); started from `env -i` and from a shell full
of AWS_*, proxy variables, REQUEST_METHOD, another HOME and locale, the records are
byte-identical; `-v` prints exactly the argv the CLI got, `check` prints the invocation, and the
CLI is found where AWS's own installer puts it."""

import json
import os
import shlex
import unittest

import harness

ZONE = "Z0123456789ABCDEFGHIJ"
SQUID = None
R53 = None

WRAPPER = """#!/usr/bin/python3
import os, sys
with open({record!r}, "a") as out:
    out.write(repr(sorted(os.environ.items())) + "\\n")
with open({record!r} + ".argv", "a") as out:
    out.write(repr(sys.argv) + "\\n")
os.execv({aws!r}, [{aws!r}] + sys.argv[1:])
"""

POLLUTED = {
    "AWS_MAX_ATTEMPTS": "5", "AWS_PROFILE": "someone-else", "AWS_CA_BUNDLE": "",
    "AWS_ACCESS_KEY_ID": "AKIDCALLERSOWNKEY000", "AWS_SECRET_ACCESS_KEY": "callers-secret",
    "AWS_DEFAULT_REGION": "eu-west-1", "AWS_RETRY_MODE": "adaptive", "AWS_PAGER": "less",
    "HTTP_PROXY": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
    "ALL_PROXY": "http://127.0.0.1:9", "no_proxy": "*", "REQUEST_METHOD": "GET",
    "HOME": "/tmp/another-home", "LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8",
    "PATH": "/tmp/evil-bin:" + harness.SAFE_PATH, "PYTHONPATH": "/tmp/evil-python",
}


def setUpModule():
    global SQUID, R53
    SQUID = harness.Squid().start()
    unittest.addModuleCleanup(SQUID.stop)
    R53 = harness.Route53Emulator().start()
    unittest.addModuleCleanup(R53.stop)


class AwsCliEnvironment(harness.E2ETestCase):
    def setUp(self):
        super().setUp()
        R53.reset()
        R53.create_zone(ZONE, "clusterpro.local.", records=3)
        self.dir = harness.make_temp_dir()
        self.record_file = os.path.join(self.dir, "environments.txt")
        wrapper_dir = os.path.join(self.dir, "cli")
        os.mkdir(wrapper_dir)
        self.wrapper = os.path.join(wrapper_dir, "aws")
        with open(self.wrapper, "w") as f:
            f.write(WRAPPER.format(record=self.record_file, aws=harness.AWS_CLI))
        os.chmod(self.wrapper, 0o755)
        settings = harness.write_settings_file(self.dir, harness.aws_settings(
            SQUID.url, AWS_ACCESS_KEY_ID=harness.DUMMY_ACCESS_KEY_ID,
            AWS_SECRET_ACCESS_KEY=harness.DUMMY_SECRET_ACCESS_KEY,
            AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null",
            AWS_EC2_METADATA_DISABLED="true"))
        self.config = harness.write_yaml_config(self.dir, harness.route53_config(
            R53.endpoint_url, ZONE, env_file=settings, lock_dir=os.path.join(self.dir, "locks"),
            aws={"cli": self.wrapper, "pass_env": []}))

    def recorded(self, env):
        if os.path.exists(self.record_file):
            os.unlink(self.record_file)
        result = harness.run(["/usr/bin/env", "-i", *[f"{k}={v}" for k, v in env.items()],
                              harness.awsdns_bin(), "activate", "--config", self.config,
                              "--node", "server1"], {"PATH": harness.SAFE_PATH}, timeout=120)
        self.assertExit(result, 0)
        with open(self.record_file) as f:
            lines = f.read().splitlines()
        # The waiter's run alone adds its own variables; every other call gets the invocation's.
        waiter = [line for line in lines if "'AWS_DATA_PATH'" in line]
        plain = [line for line in lines if line not in waiter]
        self.assertEqual(len(waiter), 1, "one run of the AWS CLI's waiter")
        self.assertGreaterEqual(len(plain), 2, "UPSERT and read-back at least")
        self.assertEqual(len(set(plain)), 1, "every call of one command alike")
        waiter_env = dict(eval(waiter[0]))  # noqa: S307 - repr() of our own sorted list
        self.assertEqual(waiter_env["AWS_RETRY_MODE"], "standard")
        own = ("AWS_DATA_PATH", "AWS_RETRY_MODE", "AWS_MAX_ATTEMPTS")
        self.assertEqual({k: v for k, v in waiter_env.items() if k not in own},
                         {k: v for k, v in eval(plain[0]) if k not in own},  # noqa: S307
                         "the waiter's run: the invocation's environment and its own three")
        return plain[0]

    def test_empty_and_polluted_callers_give_byte_identical_environments(self):
        empty = self.recorded({})
        polluted = self.recorded(POLLUTED)
        self.assertEqual(empty, polluted)
        env = dict(eval(empty))  # noqa: S307 - repr() of our own sorted list of pairs
        self.assertEqual(env["AWS_CA_BUNDLE"], R53.ca_bundle,
                         "the settings file's, never the caller's (empty) AWS_CA_BUNDLE")
        self.assertNotIn("AWS_PROFILE", env)
        self.assertNotIn("REQUEST_METHOD", env)
        self.assertNotIn("PYTHONPATH", env)
        self.assertEqual(env["AWS_MAX_ATTEMPTS"], "1")
        self.assertEqual(env["AWS_ACCESS_KEY_ID"], harness.DUMMY_ACCESS_KEY_ID)
        self.assertEqual(env["HOME"], "/root" if os.geteuid() == 0 else os.path.expanduser("~"))
        self.assertEqual(env["LANG"], "C.UTF-8")
        self.assertTrue(env["PATH"].startswith(os.path.dirname(self.wrapper) + ":"))
        self.assertEqual(env["HTTPS_PROXY"], SQUID.url)
        self.assertEqual(env["AWS_PAGER"], "")

    def test_pass_env_lets_named_caller_variables_through(self):
        config = harness.write_yaml_config(self.dir, harness.route53_config(
            R53.endpoint_url, ZONE, env_file=os.path.join(self.dir, "clpaws_setting.conf"),
            lock_dir=os.path.join(self.dir, "locks"),
            aws={"cli": self.wrapper, "pass_env": ["AWS_RETRY_MODE", "TZ"]}), name="pass.yaml")
        self.config = config
        env = dict(eval(self.recorded(dict(POLLUTED, TZ="Asia/Tokyo"))))  # noqa: S307
        self.assertEqual(env["AWS_RETRY_MODE"], "adaptive")
        self.assertEqual(env["TZ"], "Asia/Tokyo")
        self.assertNotIn("AWS_PROFILE", env)

    def test_check_lists_the_ignored_caller_variables(self):
        result = harness.run(["/usr/bin/env", "-i", *[f"{k}={v}" for k, v in POLLUTED.items()],
                              harness.awsdns_bin(), "check", "--config", self.config, "--json"],
                             {"PATH": harness.SAFE_PATH})
        self.assertExit(result, 0)
        report = json.loads(result.stdout)
        warnings = "\n".join(report["warnings"])
        for name in ("AWS_PROFILE", "AWS_CA_BUNDLE", "AWS_MAX_ATTEMPTS", "HTTP_PROXY",
                     "https_proxy", "ALL_PROXY"):
            self.assertIn(f"the caller's {name} ", warnings)
        self.assertIn("aws.pass_env", warnings)
        self.assertNotIn("callers-secret", result.stdout + result.stderr)
        self.assertEqual(report["environment"]["LANG"], "C.UTF-8")
        self.assertEqual(report["environment"]["AWS_SECRET_ACCESS_KEY"], "***")


    def test_verbose_prints_each_argv_the_cli_got(self):
        argv_file = self.record_file + ".argv"
        result = harness.run_awsdns(["activate", "--config", self.config, "--node", "server1",
                                     "-v"], self.env(), timeout=120)
        self.assertExit(result, 0)
        with open(argv_file) as f:
            got = [eval(line) for line in f.read().splitlines()]  # noqa: S307 - our own repr
        printed = [shlex.split(line.split("): ", 1)[1]) for line in result.stderr.splitlines()
                   if "running (attempt " in line or "running the AWS CLI's waiter" in line]
        # The waiter's run and the read-back start together: their order is the scheduler's.
        self.assertEqual(sorted(printed), sorted(got), result.describe())
        self.assertTrue(any("wait" in argv for argv in got), "the waiter's argv is printed too")
        self.assertIn("change-resource-record-sets", got[0])
        self.assertIn("--cli-connect-timeout", got[0])

    def test_check_prints_the_invocation(self):
        result = harness.run_awsdns(["check", "--config", self.config], self.env())
        self.assertExit(result, 0)
        self.assertIn(f"AWS CLI: {self.wrapper} (aws.cli): aws-cli/2.", result.stdout)
        self.assertIn(f"each call: {self.wrapper} OPERATION... --output json "
                      "--cli-connect-timeout 2 --cli-read-timeout 5 --region us-east-1 "
                      f"--endpoint-url {R53.endpoint_url}", result.stdout)
        report = json.loads(harness.run_awsdns(["check", "--config", self.config, "--json"],
                                               self.env()).stdout)
        self.assertEqual(report["aws_cli_origin"], "aws.cli")
        self.assertEqual(report["aws_cli_args"][:2], ["--output", "json"])
        self.assertEqual(report["environment"]["AWS_CLI_AUTO_PROMPT"], "off")

    def test_a_missing_cli_is_not_found(self):
        result = harness.run_awsdns(["check", "--aws-cli", "/nonexistent/aws", "--config",
                                     self.config], self.env())
        self.assertExit(result, 127)
        self.assertIn("AWS CLI: not found\n", result.stdout)
        self.assertIn("AWS CLI not found: /nonexistent/aws (--aws-cli)", result.stdout)
        result = harness.run_awsdns(["activate", "--aws-cli", "/nonexistent/aws", "--config",
                                     self.config, "--node", "server1"], self.env())
        self.assertExit(result, 127)
        self.assertEqual(R53.request_count(), 0)

    def test_a_world_writable_cli_is_refused(self):
        os.chmod(os.path.dirname(self.wrapper), 0o777)
        result = harness.run_awsdns(["activate", "--config", self.config, "--node", "server1"],
                                    self.env())
        self.assertExit(result, 78)
        self.assertIn("is writable by group or others (mode 0777); run: chmod go-w "
                      f"{os.path.dirname(self.wrapper)}", result.stderr)
        self.assertEqual(R53.request_count(), 0)

    def test_the_cli_of_aws_installer_is_found_without_usr_bin_aws(self):
        """AWS's own v2 installer puts the CLI under /usr/local/aws-cli and links
        /usr/local/bin/aws to it; on a machine without /usr/bin/aws that is what awsdns runs. A
        private mount namespace shows that layout (the real v2 moved there, /usr/bin/aws gone)."""
        settings = harness.route53_config(
            R53.endpoint_url, ZONE, env_file=os.path.join(self.dir, "clpaws_setting.conf"),
            lock_dir=os.path.join(self.dir, "locks"), aws={"pass_env": []})
        del settings["aws"]["cli"]
        config = harness.write_yaml_config(self.dir, settings, name="default.yaml")
        layout = ("mount -t tmpfs -o mode=0755 tmpfs /usr/local && "
                  "mkdir -p /usr/local/aws-cli/v2/current/bin /usr/local/bin && "
                  "cp /usr/bin/aws /usr/local/aws-cli/v2/current/bin/aws && "
                  "ln -s /usr/local/aws-cli/v2/current/bin/aws /usr/local/bin/aws && "
                  "mount --bind /dev/null /usr/bin/aws && exec \"$@\"")
        result = harness.run(["/usr/bin/unshare", "-m", "--propagation", "private", "/bin/sh",
                              "-c", layout, "sh", harness.awsdns_bin(), "check", "--config",
                              config], self.env())
        self.assertExit(result, 0)
        self.assertIn("AWS CLI: /usr/local/bin/aws (installed place): aws-cli/2.", result.stdout)
        self.assertIn("PATH=/usr/local/sbin:/usr/local/bin:", result.stdout)
        result = harness.run(["/usr/bin/unshare", "-m", "--propagation", "private", "/bin/sh",
                              "-c", layout, "sh", harness.awsdns_bin(), "activate", "--config",
                              config, "--node", "server1"], self.env())
        self.assertExit(result, 0)
        self.assertEqual(R53.find_rrset(ZONE, "test.clusterpro.local")["ResourceRecords"],
                         [{"Value": "10.0.110.100"}])


if __name__ == "__main__":
    unittest.main()
