"""Every file in examples/ is loaded by the tool that consumes it, so the examples cannot rot:
the settings file and the YAML by awsdns (the YAML also drives a real activation against the
Route 53 emulator), the IAM policy by a JSON parser, the squid fragment by `squid -k parse`,
the pcs/crm snippets against the OCF agent's own meta-data."""

import json
import os
import re
import shlex
import shutil
import subprocess
import unittest
import xml.etree.ElementTree as ET

import harness

EXAMPLES = os.path.join(harness.SOURCE_DIR, "examples")
AGENT = os.path.join(harness.SOURCE_DIR, "scripts", "ocf", "awsdns")
SQUID = "/usr/sbin/squid"


def example(name):
    return os.path.join(EXAMPLES, name)


def read(name):
    with open(example(name)) as f:
        return f.read()


def yaml_scalar(text, key):
    """The first `key: value` of the example YAML (a plain scalar), without a YAML library."""
    match = re.search(rf"^\s*{re.escape(key)}:\s*([^\s#]+)", text, re.MULTILINE)
    return match.group(1) if match else None


def agent_parameters():
    """Parameter names from the OCF agent's meta-data."""
    env = {"PATH": harness.SAFE_PATH, "OCF_ROOT": "/usr/lib/ocf"}
    result = subprocess.run([AGENT, "meta-data"], env=env, capture_output=True, text=True,
                            timeout=30, check=True)
    return {p.get("name") for p in ET.fromstring(result.stdout).iter("parameter")}


class ExamplesTest(harness.E2ETestCase):

    def setUp(self):
        super().setUp()
        self.dir = harness.make_temp_dir("awsdns-examples-")

    def usable_settings_copy(self):
        """The example settings file, or a 0600 copy of it when the checkout's mode or owner
        would make awsdns refuse it (group/other-writable, or owned by someone else)."""
        path = example("clpaws_setting.conf")
        info = os.stat(path)
        if info.st_mode & 0o022 or info.st_uid not in (0, os.getuid()):
            copy = os.path.join(self.dir, "clpaws_setting.conf")
            shutil.copyfile(path, copy)
            os.chmod(copy, 0o600)
            print(f"note: {path} is group/other-writable or not ours in this checkout; "
                  f"checking a 0600 copy instead")
            return copy
        return path

    def test_settings_file_is_accepted(self):
        settings = self.usable_settings_copy()
        # A caller without AWS_* variables of its own: check then has nothing to warn about.
        caller = {"PATH": harness.SAFE_PATH, harness.RUN_MARKER: self.run_id}
        result = harness.run_awsdns(["check", "--env-file", settings, "--json"], caller)
        self.assertExit(result, 0, "awsdns check --env-file examples/clpaws_setting.conf")
        report = json.loads(result.stdout)
        env = report["environment"]
        self.assertEqual(env["HTTPS_PROXY"], "http://11.0.10.200:3128")
        self.assertEqual(env["HTTP_PROXY"], "http://11.0.10.200:3128")
        self.assertIn("169.254.169.254", env["NO_PROXY"].split(","))
        self.assertEqual(report["warnings"], [])

    def test_yaml_configuration_is_valid(self):
        settings = self.usable_settings_copy()
        result = harness.run_awsdns(["check", "--config", example("awsdns.yaml"), "--env-file",
                                     settings, "--json"], self.env())
        self.assertExit(result, 0, "awsdns check --config examples/awsdns.yaml")
        self.assertEqual(json.loads(result.stdout)["resources"], ["web"])
        text = read("awsdns.yaml")
        self.assertEqual(yaml_scalar(text, "name"), "test.clusterpro.local")
        self.assertEqual(yaml_scalar(text, "server1"), "10.0.110.100")
        self.assertEqual(yaml_scalar(text, "server2"), "10.0.120.100")
        self.assertRegex(yaml_scalar(text, "hosted_zone_id"), r"^Z[0-9A-Z]{10,32}$")

    def test_yaml_configuration_drives_a_failover(self):
        """The example YAML, pointed at the emulator, moves the record server1 -> server2."""
        text = read("awsdns.yaml")
        zone = yaml_scalar(text, "hosted_zone_id")
        with harness.Route53Emulator(zones=[(zone, "clusterpro.local.", 0)]) as r53, \
                harness.Squid() as squid:
            text = text.replace("extra_args: []",
                                f'extra_args: ["--endpoint-url", "{r53.endpoint_url}"]')
            text = text.replace("region: ap-northeast-1", "region: us-east-1")
            text += f"lock_dir: {os.path.join(self.dir, 'locks')}\n"
            config = harness.write_yaml_config(self.dir, text)
            # Loopback only: the example's proxy (11.0.10.200) is replaced by a squid here.
            # The AWS CLI gets no variable of the caller's: the dummy credentials and the CA
            # of the emulator's HTTPS go where a cluster keeps its own, in the settings file.
            settings = harness.write_settings_file(self.dir, harness.aws_settings(
                squid.url, NO_PROXY="169.254.169.254", AWS_DEFAULT_REGION="us-east-1",
                AWS_ACCESS_KEY_ID=harness.DUMMY_ACCESS_KEY_ID,
                AWS_SECRET_ACCESS_KEY=harness.DUMMY_SECRET_ACCESS_KEY,
                AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null",
                AWS_EC2_METADATA_DISABLED="true"), name="test.conf")
            common = ["--config", config, "--env-file", settings]
            self.assertExit(harness.run_awsdns(["activate", "--node", "server1"] + common,
                                               self.env()), 0, "activate server1")
            record = r53.find_rrset(zone, "test.clusterpro.local", "A")
            self.assertEqual([r["Value"] for r in record["ResourceRecords"]], ["10.0.110.100"])
            self.assertEqual(record["TTL"], int(yaml_scalar(text, "ttl")))
            self.assertExit(harness.run_awsdns(["deactivate", "--node", "server1"] + common,
                                               self.env()), 0, "deactivate server1")
            self.assertExit(harness.run_awsdns(["activate", "--node", "server2"] + common,
                                               self.env()), 0, "activate server2")
            record = r53.find_rrset(zone, "test.clusterpro.local", "A")
            self.assertEqual([r["Value"] for r in record["ResourceRecords"]], ["10.0.120.100"])
            self.assertTrue(all(e["via_proxy"] and e["tls"] for e in r53.request_log()))
        self.assertNoSurvivors()

    def test_iam_policy_grants_least_privilege_on_the_zone(self):
        with open(example("iam-policy.json")) as f:
            policy = json.load(f)
        zone = yaml_scalar(read("awsdns.yaml"), "hosted_zone_id")
        self.assertEqual(policy["Version"], "2012-10-17")
        grants = {}
        for statement in policy["Statement"]:
            self.assertEqual(statement["Effect"], "Allow")
            actions = statement["Action"]
            for action in [actions] if isinstance(actions, str) else actions:
                grants[action] = statement
        self.assertEqual(set(grants), {"route53:ChangeResourceRecordSets",
                                       "route53:ListResourceRecordSets", "route53:GetChange"})
        zone_arn = f"arn:aws:route53:::hostedzone/{zone}"
        self.assertEqual(grants["route53:ChangeResourceRecordSets"]["Resource"], zone_arn)
        self.assertEqual(grants["route53:ListResourceRecordSets"]["Resource"], zone_arn)
        self.assertEqual(grants["route53:GetChange"]["Resource"], "arn:aws:route53:::change/*")
        condition = grants["route53:ChangeResourceRecordSets"]["Condition"]
        names = condition["ForAllValues:StringEquals"][
            "route53:ChangeResourceRecordSetsNormalizedRecordNames"]
        self.assertEqual(names, [yaml_scalar(read("awsdns.yaml"), "name").rstrip(".").lower()])

    def test_squid_fragment_parses(self):
        if not os.access(SQUID, os.X_OK):
            self.skipTest("squid not installed")
        conf = os.path.join(self.dir, "squid.conf")
        with open(conf, "w") as f:
            f.write(f"http_port 127.0.0.1:{harness.free_port()}\n"
                    f"pid_filename {self.dir}/squid.pid\n"
                    f"cache_log {self.dir}/cache.log\n"
                    f"include {example('squid.conf.fragment')}\n"
                    "http_access deny all\n")
        result = harness.run([SQUID, "-k", "parse", "-f", conf], self.env(), timeout=60)
        self.assertExit(result, 0, "squid -k parse")
        output = result.stdout + result.stderr
        problems = [line for line in output.splitlines()
                    if re.search(r"ERROR|WARNING|FATAL|unrecognized|Bungled", line)]
        self.assertEqual(problems, [], output)
        self.assertIn("acl awsdns_cluster src 10.0.0.0/16", output)
        text = read("squid.conf.fragment")
        self.assertIn("route53.amazonaws.com", text)
        self.assertRegex(text, r"(?m)^http_access deny awsdns_cluster$")

    def test_pacemaker_snippets_use_the_agent_parameters(self):
        parameters = agent_parameters()
        self.assertEqual(parameters, {"config", "resource", "node", "awsdns", "env_file"})
        pcs = read("pcs.txt").replace("\\\n", " ")
        command = next(line for line in pcs.splitlines() if line.startswith("pcs resource create"))
        words = shlex.split(command)
        self.assertEqual(words[4], "ocf:awsdns:awsdns")
        used = set()
        for word in words[5:]:
            if word == "op" or word.startswith("--"):
                break
            used.add(word.split("=", 1)[0])
        self.assertTrue(used, "pcs snippet sets no parameter")
        self.assertLessEqual(used, parameters, "pcs.txt uses unknown agent parameters")

        crm = read("crm.txt").replace("\\\n", " ")
        primitive = next(line for line in crm.splitlines() if line.startswith("primitive"))
        words = shlex.split(primitive)
        self.assertEqual(words[2], "ocf:awsdns:awsdns")
        params = words[words.index("params") + 1:]
        used = set()
        for word in params:
            if word == "op" or word == "meta":
                break
            used.add(word.split("=", 1)[0])
        self.assertTrue(used, "crm snippet sets no parameter")
        self.assertLessEqual(used, parameters, "crm.txt uses unknown agent parameters")


AGENT_MARGIN_S = 2.0  # the agent's DEADLINE_MARGIN_MS
SLACK_S = 30.0        # the documented timeouts are the worst cases rounded up, not far above
OP_COMMANDS = {"start": "activate", "stop": "deactivate", "monitor": "monitor"}


def seconds(text):
    """'420s' / '420' -> 420.0 (Pacemaker's default unit is seconds)."""
    return float(text[:-1]) if text.endswith("s") else float(text)


def op_timeouts(text):
    """{op name: timeout in s} from `op NAME ... timeout=T` in a pcs/crm snippet or command."""
    found = {}
    for name, options in re.findall(r"\bop (start|stop|monitor)((?: [a-z-]+=\S+)+)", text):
        values = dict(option.split("=", 1) for option in options.split())
        found[name] = seconds(values["timeout"])
    return found


class TimeoutsAgreeWithCheck(harness.E2ETestCase):
    """The op timeouts of the OCF agent's meta-data, of examples/pcs.txt and crm.txt and of the
    README's Pacemaker quick start cover `awsdns check --json`'s worst case of each command for
    examples/awsdns.yaml plus the agent's margin, and are not far above it; the figures quoted
    next to them are check's."""

    def setUp(self):
        super().setUp()
        self.dir = harness.make_temp_dir("awsdns-timeouts-")
        settings = os.path.join(self.dir, "clpaws_setting.conf")
        shutil.copyfile(example("clpaws_setting.conf"), settings)
        os.chmod(settings, 0o600)
        config = os.path.join(self.dir, "awsdns.yaml")
        shutil.copyfile(example("awsdns.yaml"), config)
        os.chmod(config, 0o600)
        common = ["check", "--config", config, "--env-file", settings]
        result = harness.run_awsdns(common + ["--json"], self.env())
        self.assertExit(result, 0, "awsdns check --json")
        self.worst = {command: ms / 1000 for command, ms in
                      json.loads(result.stdout)["worst_case_ms"]["web"].items()}
        self.assertEqual(set(self.worst), set(OP_COMMANDS.values()))
        text = harness.run_awsdns(common, self.env())
        self.assertExit(text, 0, "awsdns check")
        self.check_text = text.stdout

    def assertCovers(self, timeouts, where):
        self.assertEqual(set(timeouts), set(OP_COMMANDS), f"{where}: {timeouts}")
        for op, command in OP_COMMANDS.items():
            needed = self.worst[command] + AGENT_MARGIN_S
            self.assertGreaterEqual(timeouts[op], needed, f"{where}: op {op} vs {command}")
            self.assertLessEqual(timeouts[op], needed + SLACK_S, f"{where}: op {op} vs {command}")

    def test_agent_meta_data(self):
        with open(AGENT) as f:
            self.assertRegex(f.read(), rf"(?m)^readonly DEADLINE_MARGIN_MS={int(AGENT_MARGIN_S * 1000)}$")
        env = {"PATH": harness.SAFE_PATH, "OCF_ROOT": "/usr/lib/ocf"}
        result = subprocess.run([AGENT, "meta-data"], env=env, capture_output=True, text=True,
                                timeout=30, check=True)
        actions = {a.get("name"): a for a in ET.fromstring(result.stdout).iter("action")}
        self.assertCovers({op: seconds(actions[op].get("timeout")) for op in OP_COMMANDS},
                          "meta-data")

    def test_pacemaker_snippets_and_readme(self):
        with open(os.path.join(harness.SOURCE_DIR, "README.md")) as f:
            readme = f.read()
        quick_start = readme[readme.index("## Quick start: Pacemaker"):]
        quick_start = quick_start[:quick_start.index("\n## ", 1)]
        for name, text in (("pcs.txt", read("pcs.txt")), ("crm.txt", read("crm.txt")),
                           ("README quick start", quick_start)):
            with self.subTest(where=name):
                self.assertCovers(op_timeouts(text.replace("\\\n", " ")), name)
                self.assertQuotesCheck(text, name)
        self.assertQuotesCheck(readme, "README")

    def assertQuotesCheck(self, text, where):
        """The worst cases quoted in `text` (at least once) are the ones check prints."""
        quoted = re.findall(r"activate [0-9.]+ s, deactivate [0-9.]+ s, monitor [0-9.]+ s",
                            text.replace("\n# ", " ").replace("\n", " "))
        self.assertTrue(quoted, f"{where} quotes no worst case")
        for figures in quoted:
            self.assertIn(figures, self.check_text, where)


if __name__ == "__main__":
    unittest.main()
