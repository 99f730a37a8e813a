"""activate's INSYNC wait in ONE run of the AWS CLI's own waiter, with BOTH real AWS CLI
generations (v2 /usr/bin/aws, v1 from harness.find_aws_cli_v1) over HTTPS through a real squid
(CONNECT) against the Route 53 emulator. The AWS CLI is a wrapper that appends each run's
arguments to a log and execs the real one, so the runs are counted independently of awsdns.

- INSYNC at T s: exactly 3 AWS CLI runs (UPSERT, read-back, one waiter), about T/poll_interval
  GetChange requests, and the JSON's accepted_ms / insync_ms agree with the emulator's log;
- a throttled GetChange ends the waiter run; the next, after a pause, polls less;
- a change never INSYNC: the waiter gives up by itself at wait_timeout, exit 5;
- a waiter definition directory planted by `nobody` with a service model that redirects the CLI
  (proven with the CLI itself) is refused: exit 78, no AWS call."""

import glob
import gzip
import json
import os
import subprocess
import time
import unittest

import harness

ZONE = "Z0WAITER000000000001"
NAME = "test.clusterpro.local."
SERVER1 = "10.0.110.100"
NOBODY = 65534
V1_CLI = harness.find_aws_cli_v1()
NO_V1 = "no AWS CLI v1 on this machine (pip install awscli, or set AWSDNS_TEST_AWS_CLI_V1)"
WRAPPER = """#!/bin/sh
printf '%s\\n' "$*" >> '{log}'
exec '{cli}' "$@"
"""
MODEL = "route53/2013-04-01/service-2.json"

SQUID = R53 = None


def setUpModule():
    global SQUID, R53
    SQUID = harness.Squid().start()
    unittest.addModuleCleanup(SQUID.stop)
    R53 = harness.Route53Emulator().start()
    unittest.addModuleCleanup(R53.stop)


def route53_model(cli):
    """The route53 service model the AWS CLI `cli` bundles (botocore's data, .json or .json.gz)."""
    prefix = os.path.dirname(os.path.dirname(os.path.realpath(cli)))
    patterns = [f"{prefix}/lib/python3*/{kind}/{package}/data/{MODEL}"
                for kind in ("site-packages", "dist-packages")
                for package in ("botocore", "awscli/botocore")]
    for pattern in patterns:
        for path in sorted(glob.glob(pattern)) + sorted(glob.glob(pattern + ".gz")):
            opener = gzip.open if path.endswith(".gz") else open
            with opener(path, "rt") as f:
                return json.load(f)
    raise AssertionError(f"no {MODEL} of {cli} under {prefix}")


class Scenarios:
    """The scenarios; a subclass names the CLI in `cli`."""

    cli = None

    def setUp(self):
        super().setUp()
        R53.reset()
        R53.create_zone(ZONE, "clusterpro.local.", records=3)
        self.dir = harness.make_temp_dir("awsdns-waiter-")
        self.log = os.path.join(self.dir, "runs.log")
        wrapper = os.path.join(self.dir, "aws")
        with open(wrapper, "w") as f:
            f.write(WRAPPER.format(log=self.log, cli=self.cli))
        os.chmod(wrapper, 0o755)
        self.lock_dir = os.path.join(self.dir, "locks")
        settings = harness.write_settings_file(self.dir, harness.aws_settings(SQUID.url))
        self.config = harness.write_yaml_config(self.dir, harness.route53_config(
            R53.endpoint_url, ZONE, env_file=settings, lock_dir=self.lock_dir,
            aws={"cli": wrapper}, resource_settings={"wait_timeout": 20, "poll_interval": 2}))

    def runs(self):
        """The AWS CLI runs recorded so far: their arguments."""
        if not os.path.exists(self.log):
            return []
        with open(self.log) as f:
            return f.read().splitlines()

    def activate(self):
        """`awsdns activate --json` -> (RunResult, report, wall-clock time of its start)."""
        started = time.time()
        result = harness.run_awsdns(["activate", "--config", self.config, "--node", "server1",
                                     "--json"], self.env(), timeout=180)
        lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
        return result, (json.loads(lines[-1]) if lines else {}), started

    @staticmethod
    def delay_of(directory):
        """The seconds between polls of the waiter definition in `directory`."""
        with open(os.path.join(directory, "route53", "2013-04-01", "waiters-2.json")) as f:
            return json.load(f)["waiters"]["ResourceRecordSetsChanged"]["delay"]

    def assertThreeRuns(self):
        operations = [run.split()[1] for run in self.runs()]
        self.assertEqual(sorted(operations), ["change-resource-record-sets",
                                              "list-resource-record-sets", "wait"], self.runs())

    def test_insync_after_6_s_costs_three_runs(self):
        insync_after = 6.0
        R53.set_sync(insync_delay=insync_after)
        result, report, started = self.activate()
        self.assertExit(result, 0)
        self.assertEqual((report["status"], report["attempts"]), ("INSYNC", 3), report)
        self.assertThreeRuns()
        self.assertIn(f"wait resource-record-sets-changed --id {report['change_id']}",
                      "\n".join(self.runs()))
        polls = R53.request_log("GetChange")
        # One poll every 2 s from the waiter's start until the one after INSYNC: T/2 + 1.
        self.assertGreaterEqual(len(polls), insync_after / 2, polls)
        self.assertLessEqual(len(polls), insync_after / 2 + 2, polls)
        # The times of the JSON, seen from the emulator: the change arrived before awsdns saw
        # it accepted; the first poll after INSYNC came before awsdns saw INSYNC.
        changed = R53.request_log("ChangeResourceRecordSets")[0]["time"]
        insync_poll = min(p["time"] for p in polls if p["time"] >= changed + insync_after)
        accepted_at = started + report["accepted_ms"] / 1000
        seen_at = started + report["insync_ms"] / 1000
        self.assertLessEqual(changed, accepted_at + 0.05, report)
        self.assertLess(accepted_at, changed + 2.0, report)
        self.assertLessEqual(insync_poll, seen_at + 0.05, report)
        self.assertLess(seen_at, insync_poll + 2.0, report)
        self.assertLessEqual(report["accepted_ms"], report["insync_ms"])
        self.assertLessEqual(report["insync_ms"], report["elapsed_ms"])
        self.assertEqual(R53.find_rrset(ZONE, NAME)["ResourceRecords"], [{"Value": SERVER1}])
        self.assertTrue(all(e["via_proxy"] and e["tls"] for e in R53.request_log()))

    def test_a_throttled_poll_ends_the_run_and_the_wait_polls_less(self):
        # Route 53's budget is the account's: a throttled poll ends the waiter run, and the next
        # one, after a pause, polls at the contended interval (here a quarter of wait_timeout,
        # 5 s), so that a failing-over fleet's polls leave the budget to its changes.
        R53.set_sync(insync_delay=2)
        R53.add_fault("GetChange", "throttling", 2)
        result, report, _ = self.activate()
        self.assertExit(result, 0)
        self.assertEqual(report["status"], "INSYNC", report)
        waits = [run for run in self.runs() if run.split()[1] == "wait"]
        self.assertEqual(len(waits), 3, self.runs())
        throttled = [e for e in R53.request_log("GetChange") if e["fault"] == "throttling"]
        self.assertEqual(len(throttled), 2)
        self.assertEqual(result.stderr.count("[throttled, transient]; another waiter run in"), 2,
                         result.stderr)
        data = os.path.join(self.lock_dir, "aws-data")
        delays = sorted(self.delay_of(os.path.join(data, name)) for name in os.listdir(data))
        self.assertEqual(delays, [2, 5], "the usual and the contended definition")

    def test_never_insync_the_waiter_gives_up_at_wait_timeout(self):
        R53.set_sync(insync_delay=3600)
        config = harness.write_yaml_config(self.dir, harness.route53_config(
            R53.endpoint_url, ZONE, env_file=os.path.join(self.dir, "clpaws_setting.conf"),
            lock_dir=self.lock_dir, aws={"cli": os.path.join(self.dir, "aws")},
            # The CLI's waiter gives up after wait_timeout / poll_interval polls, one interval
            # before wait_timeout: that interval is the slack for the CLI's start-up, which a
            # busy machine stretches to seconds.
            resource_settings={"wait_timeout": 10, "poll_interval": 5}), name="short.yaml")
        self.config = config
        result, report, _ = self.activate()
        self.assertExit(result, 5)
        self.assertEqual((report["result"], report["status"]), ("not-in-sync", "PENDING"), report)
        self.assertIsNone(report["insync_ms"])
        self.assertIsNotNone(report["accepted_ms"])
        self.assertIn("(wait_timeout)", report["message"])
        self.assertIn("2 polls", report["message"], "the waiter gave up by itself")
        self.assertThreeRuns()
        self.assertEqual(R53.request_count("GetChange"), 2)
        self.assertLess(result.elapsed, 60)  # a hang
        self.assertNoSurvivors()

    def test_a_waiter_directory_planted_by_nobody_is_refused(self):
        # Where awsdns puts the definition for this configuration: learned from a clean run.
        self.assertExit(self.activate()[0], 0)
        # Two definitions: the usual one (a poll every poll_interval, 2 s) is the one planted.
        data = os.path.join(self.lock_dir, "aws-data")
        (name,) = [name for name in os.listdir(data)
                   if self.delay_of(os.path.join(data, name)) == 2]
        planted = os.path.join(data, name)
        subprocess.run(["rm", "-r", planted], check=True)
        with open(self.log, "w"):
            pass
        # `nobody` plants it while the lock directory is open to others for a moment, with the
        # waiter and a route53 model whose GetChange goes to another path.
        model = route53_model(self.cli)
        model["operations"]["GetChange"]["http"]["requestUri"] = "/2013-04-01/planted/{Id}"
        waiter = {"version": 2, "waiters": {"ResourceRecordSetsChanged": {
            "delay": 1, "maxAttempts": 1, "operation": "GetChange", "acceptors": [
                {"matcher": "path", "argument": "ChangeInfo.Status", "expected": "INSYNC",
                 "state": "success"}]}}}
        files = {MODEL: json.dumps(model),
                 "route53/2013-04-01/waiters-2.json": json.dumps(waiter)}
        os.chmod(self.dir, 0o755)
        os.chmod(self.lock_dir, 0o777)
        os.chmod(os.path.join(self.lock_dir, "aws-data"), 0o777)
        plant = ("import os, sys, json\nfiles = json.load(sys.stdin)\n"
                 "for rel, text in files.items():\n"
                 "    path = os.path.join(sys.argv[1], rel)\n"
                 "    os.makedirs(os.path.dirname(path), exist_ok=True)\n"
                 "    open(path, 'w').write(text)\n")
        subprocess.run([harness.PYTHON, "-c", plant, planted], input=json.dumps(files),
                       text=True, check=True, user=NOBODY, group=NOBODY)
        os.chmod(os.path.join(self.lock_dir, "aws-data"), 0o700)
        os.chmod(self.lock_dir, 0o700)
        self.assertEqual(os.stat(planted).st_uid, NOBODY)
        # What it would do: the AWS CLI itself, given that directory, asks another path.
        R53.clear_log()
        probe = harness.run([self.cli, "--endpoint-url", R53.endpoint_url, "route53", "wait",
                             "resource-record-sets-changed", "--id", "C0PLANTED"],
                            harness.cli_env(harness.base_env(extra={"AWS_DATA_PATH": planted}),
                                            SQUID.url), timeout=120)
        paths = [e["path"] for e in R53.request_log()]
        self.assertIn("/2013-04-01/planted/C0PLANTED", paths, probe.describe())
        # awsdns refuses it before any AWS call.
        R53.clear_log()
        result, report, _ = self.activate()
        self.assertExit(result, 78)
        self.assertIn(planted, report["message"])
        self.assertIn("uid 65534", report["message"])
        self.assertIn(f"remove {planted}", report["message"])
        self.assertEqual(report["action"], "none")
        self.assertEqual(R53.request_count(), 0, R53.request_log())
        self.assertEqual(self.runs(), [], "no AWS CLI run")


class AwsCliV2(Scenarios, harness.E2ETestCase):
    cli = harness.AWS_CLI


@unittest.skipUnless(V1_CLI, NO_V1)
class AwsCliV1(Scenarios, harness.E2ETestCase):
    cli = V1_CLI


if __name__ == "__main__":
    unittest.main()
