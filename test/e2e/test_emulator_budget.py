"""Self-tests of the Route 53 emulator's request budget (Route 53 since 2026-07-30): the account
and per-operation token buckets (burst, refill, the cost of a change, all or nothing), the
Throttling answer as both REAL AWS CLI generations print it (over HTTPS through a real squid),
PriorRequestNotComplete while a zone applies its previous change, and the counters and change
moments a benchmark reads. Bucket arithmetic is driven directly over plain http (one
keep-alive connection, so a burst takes milliseconds); what the CLI prints is driven with the
CLI. No assertion bounds a time from above: a refill test bounds the tokens by the time it
measured itself (a slower machine only widens the bound), and `rate` is 0 wherever an exact
count is asserted."""

import http.client
import json
import re
import threading
import time
import unittest

import harness

ZONE = "Z0BUDGETTEST000001"
OTHER_ZONE = "Z0BUDGETTEST000002"
NAME = "test.clusterpro.local."
V1_CLI = harness.find_aws_cli_v1()
PRIOR_MESSAGE = ("The request was rejected because Route 53 was still processing a prior "
                 "request.")
SQUID = None
R53 = None


def setUpModule():
    global SQUID, R53
    SQUID = harness.Squid().start()
    unittest.addModuleCleanup(SQUID.stop)
    R53 = harness.Route53Emulator(plain_http=True).start()
    unittest.addModuleCleanup(R53.stop)


def change_body(*values):
    """A ChangeResourceRecordSetsRequest with one UPSERT per value: of NAME for one value, else
    of n0.NAME, n1.NAME, ..."""
    names = [NAME] if len(values) == 1 else [f"n{i}.{NAME}" for i in range(len(values))]
    changes = "".join(
        f"<Change><Action>UPSERT</Action><ResourceRecordSet><Name>{name}</Name><Type>A</Type>"
        f"<TTL>60</TTL><ResourceRecords><ResourceRecord><Value>{value}</Value></ResourceRecord>"
        "</ResourceRecords></ResourceRecordSet></Change>" for name, value in zip(names, values))
    return ('<ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/'
            f'2013-04-01/"><ChangeBatch><Changes>{changes}</Changes></ChangeBatch>'
            "</ChangeResourceRecordSetsRequest>")


class Api:
    """The Route 53 API of an emulator (default R53), directly over plain http on one
    keep-alive connection: each call returns (HTTP status, error code or "OK", ...)."""

    def __init__(self, emulator=None):
        emulator = emulator or R53
        self.connection = http.client.HTTPConnection(emulator.host, emulator.port, timeout=30)
        self.sent = None  # time.monotonic() before the last request was sent

    def close(self):
        self.connection.close()

    def request(self, method, path, body=None):
        self.sent = time.monotonic()
        self.connection.request(method, "/2013-04-01/" + path, body=body)
        answer = self.connection.getresponse()
        text = answer.read().decode()
        code = re.search(r"<Code>([^<]*)</Code>", text)
        return answer.status, code.group(1) if code else "OK", text

    def list_zone(self, zone=ZONE):
        return self.request("GET", f"hostedzone/{zone}/rrset?maxitems=1")[:2]

    def change(self, *values, zone=ZONE):
        status, code, text = self.request("POST", f"hostedzone/{zone}/rrset/",
                                          change_body(*values).encode())
        found = re.search(r"<Id>/change/([^<]*)</Id>", text)
        return status, code, found.group(1) if found else None

    def get_change(self, change_id):
        status, code, text = self.request("GET", f"change/{change_id}")
        found = re.search(r"<Status>([^<]*)</Status>", text)
        return status, code, found.group(1) if found else None

    def until_throttled(self, limit=1000):
        """Lists the zone until the first Throttling answer: the OK answers before it."""
        for admitted in range(limit):
            status, code = self.list_zone()
            if code == "Throttling":
                return admitted
            if (status, code) != (200, "OK"):
                raise AssertionError(f"unexpected answer {status} {code}")
        raise AssertionError(f"not throttled after {limit} requests")


class BudgetCase(harness.E2ETestCase):
    def setUp(self):
        super().setUp()
        R53.reset()
        R53.create_zone(ZONE, "clusterpro.local.")
        R53.create_zone(OTHER_ZONE, "clusterpro.local.")
        self.api = Api()
        self.addCleanup(self.api.close)

    def lists(self, n):
        return [self.api.list_zone()[1] for _ in range(n)]


class Buckets(BudgetCase):
    def test_off_by_default(self):
        self.assertFalse(R53.budget()["config"]["enabled"])
        self.assertEqual(set(self.lists(120)), {"OK"})
        counters = R53.budget_counters("ListResourceRecordSets")
        self.assertEqual((counters["requests"], counters["throttled"], counters["answered"]),
                         (120, 0, 120))

    def test_burst_of_50_then_throttled(self):
        R53.set_budget(enabled=True, burst=50, rate=0)
        self.assertEqual(self.lists(60), ["OK"] * 50 + ["Throttling"] * 10)
        self.assertEqual(R53.budget()["tokens"]["account"], 0.0)

    def test_defaults_are_50_and_10_per_second(self):
        started = time.monotonic()  # the buckets are full from set_budget on, after this
        config = R53.set_budget(enabled=True)["config"]
        self.assertEqual((config["burst"], config["rate"], config["change_cost"],
                          config["per_operation"]), (50, 10, 2, True))
        codes = self.lists(80)
        elapsed = time.monotonic() - started
        self.assertEqual(codes[:50], ["OK"] * 50)
        # 50 at once, then at most what 10 per second refilled while this test ran
        self.assertLessEqual(codes.count("OK"), 50 + int(10 * elapsed), f"{elapsed:.2f} s")

    def test_refill_at_the_configured_rate(self):
        rate, pause = 4.0, 1.5
        R53.set_budget(enabled=True, burst=10, rate=rate, per_operation=False)
        self.api.until_throttled()
        # The throttled request found less than 1 token, at a moment between `sent` and now.
        sent = self.api.sent
        time.sleep(pause)
        admitted = self.api.until_throttled()
        ended = time.monotonic()
        # At least what `pause` refilled (below the burst of 10 nothing is lost); less than the
        # token left over plus what refilled until the last answer: a slower machine only widens
        # the bound, so no timing of this machine can make it fail.
        self.assertGreaterEqual(admitted, int(rate * pause))
        self.assertLess(admitted, 1 + rate * (ended - sent))

    def test_a_bucket_never_holds_more_than_its_burst(self):
        R53.set_budget(enabled=True, burst=3, rate=20)
        self.api.until_throttled()
        time.sleep(0.5)  # would refill 10
        tokens = R53.budget()["tokens"]
        self.assertEqual(tokens["account"], 3.0)
        self.assertEqual(tokens["operations"]["ListResourceRecordSets"], 3.0)

    def test_throttled_requests_take_no_tokens(self):
        R53.set_budget(enabled=True, burst=1, rate=5, per_operation=False)
        self.assertEqual(self.lists(1), ["OK"])
        # 100 requests need 99 refilled tokens (19.8 s): most of them are throttled ...
        self.assertGreater(self.lists(100).count("Throttling"), 50)
        time.sleep(0.3)  # ... and left the bucket at >= 0, so this refills >= 1.5 tokens
        self.assertEqual(self.lists(1), ["OK"])

    def test_a_change_costs_two(self):
        R53.set_budget(enabled=True, burst=5, rate=0, per_operation=False)
        self.assertEqual([self.api.change(f"10.0.0.{i}")[1] for i in range(3)],
                         ["OK", "OK", "Throttling"])
        self.assertEqual(R53.budget()["tokens"]["account"], 1.0)  # 5 - 2 - 2, none for the third
        self.assertEqual(self.lists(2), ["OK", "Throttling"])
        self.assertEqual(len(R53.changes()), 2)
        self.assertEqual(R53.find_rrset(ZONE, NAME)["ResourceRecords"], [{"Value": "10.0.0.1"}])

    def test_change_cost_settable_per_batch_or_per_change(self):
        R53.set_budget(enabled=True, burst=10, rate=0, per_operation=False, change_cost=3,
                       change_cost_per_change=True)
        self.assertEqual(self.api.change("10.0.0.1", "10.0.0.2", "10.0.0.3")[1], "OK")  # 9
        self.assertEqual(self.api.change("10.0.0.4")[1], "Throttling")  # 3 > 1
        R53.set_budget(change_cost_per_change=False)  # full again: 10
        self.assertEqual(self.api.change("10.0.0.1", "10.0.0.2", "10.0.0.3")[1], "OK")  # 3
        self.assertEqual(R53.budget()["tokens"]["account"], 7.0)

    def test_per_operation_buckets(self):
        R53.set_budget(enabled=True, burst=8, operation_burst=4, rate=0)
        self.assertEqual(self.lists(5), ["OK"] * 4 + ["Throttling"])  # its own bucket is empty
        status, code, change_id = self.api.change("10.0.0.1")
        self.assertEqual(code, "OK")  # account 8 - 4 - 2 = 2
        codes = [self.api.get_change(change_id)[1] for _ in range(3)]
        self.assertEqual(codes, ["OK", "OK", "Throttling"])  # the account bucket is empty
        tokens = R53.budget()["tokens"]
        self.assertEqual(tokens["account"], 0.0)
        self.assertEqual(tokens["operations"], {"ListResourceRecordSets": 0.0,
                                                "ChangeResourceRecordSets": 2.0,
                                                "GetChange": 2.0})

    def test_account_bucket_only(self):
        R53.set_budget(enabled=True, burst=3, operation_burst=1, rate=0, per_operation=False)
        self.assertEqual(self.lists(4), ["OK"] * 3 + ["Throttling"])
        self.assertEqual(R53.budget()["tokens"]["operations"], {})

    def test_one_bucket_for_all_clients(self):
        R53.set_budget(enabled=True, burst=50, rate=0)
        answers = [[] for _ in range(6)]

        def client(codes):
            api = Api()
            try:
                codes.extend(api.list_zone()[1] for _ in range(20))
            finally:
                api.close()
        threads = [threading.Thread(target=client, args=(codes,)) for codes in answers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        codes = sum(answers, [])
        self.assertEqual((len(codes), codes.count("OK")), (120, 50))

    def test_settings_are_checked(self):
        for settings in ({"burst": -1}, {"bursts": 5}, {"enabled": "yes"}):
            with self.subTest(settings=settings):
                with self.assertRaisesRegex(RuntimeError, "-> 400"):
                    R53.set_budget(**settings)
        self.assertFalse(R53.budget()["config"]["enabled"])


class CliOutput(BudgetCase):
    """What the REAL AWS CLIs print for the emulator's answers (one attempt each, so the CLI's
    own retries do not wait)."""

    def cli(self, generation, *args):
        program = harness.AWS_CLI if generation == 2 else V1_CLI
        if program is None:
            self.skipTest("no AWS CLI v1 on this machine")
        env = harness.cli_env(self.env(extra={"AWS_MAX_ATTEMPTS": "1"}), SQUID.url)
        return harness.run([program, "--endpoint-url", R53.endpoint_url, "--output", "json",
                            "route53", *args], env, 120)

    def assertServiceError(self, result, generation, code, operation, message):
        self.assertExit(result, 254 if generation == 2 else 255)
        self.assertIn(f"An error occurred ({code}) when calling the {operation} operation",
                      result.stderr, result.describe())
        self.assertIn(f": {message}", result.stderr, result.describe())

    def test_throttling_as_the_cli_prints_it(self):
        batch = json.dumps({"Changes": [{"Action": "UPSERT", "ResourceRecordSet": {
            "Name": NAME, "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "10.0.0.1"}]}}]})
        R53.set_budget(enabled=True, burst=1, rate=0)
        self.assertEqual(self.lists(1), ["OK"])
        runs = ((2, "ListResourceRecordSets", ["list-resource-record-sets",
                                               "--hosted-zone-id", ZONE]),
                (2, "GetChange", ["get-change", "--id", "C0123456789"]),
                (2, "ChangeResourceRecordSets", ["change-resource-record-sets",
                                                 "--hosted-zone-id", ZONE,
                                                 "--change-batch", batch]),
                (1, "ChangeResourceRecordSets", ["change-resource-record-sets",
                                                 "--hosted-zone-id", ZONE,
                                                 "--change-batch", batch]))
        for generation, operation, args in runs:
            with self.subTest(generation=generation, operation=operation):
                self.assertServiceError(self.cli(generation, *args), generation, "Throttling",
                                        operation, "Rate exceeded")
        log = R53.request_log()[1:]
        self.assertEqual({(e["budget"], e["status"], e["via_proxy"], e["tls"]) for e in log},
                         {("throttled", 400, True, True)})
        self.assertIsNone(R53.find_rrset(ZONE, NAME))

    def test_prior_request_not_complete_as_the_cli_prints_it(self):
        R53.set_sync(apply_time=60)
        self.assertEqual(self.api.change("10.0.0.1")[1], "OK")
        batch = json.dumps({"Changes": [{"Action": "UPSERT", "ResourceRecordSet": {
            "Name": NAME, "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "10.0.0.2"}]}}]})
        for generation in (2, 1):
            with self.subTest(generation=generation):
                result = self.cli(generation, "change-resource-record-sets", "--hosted-zone-id",
                                  ZONE, "--change-batch", batch)
                self.assertServiceError(result, generation, "PriorRequestNotComplete",
                                        "ChangeResourceRecordSets", PRIOR_MESSAGE)
        self.assertEqual(R53.find_rrset(ZONE, NAME)["ResourceRecords"], [{"Value": "10.0.0.1"}])


class PriorRequest(BudgetCase):
    def test_busy_zone_rejects_changes_other_zones_do_not(self):
        R53.set_sync(apply_time=60)
        self.assertEqual(self.api.change("10.0.0.1")[1], "OK")
        self.assertEqual(self.api.change("10.0.0.2")[:2], (400, "PriorRequestNotComplete"))
        self.assertEqual(self.api.change("10.0.0.3", zone=OTHER_ZONE)[1], "OK")
        self.assertEqual(R53.find_rrset(ZONE, NAME)["ResourceRecords"], [{"Value": "10.0.0.1"}])
        self.assertEqual(R53.budget_counters("ChangeResourceRecordSets")
                         ["prior_request_not_complete"], 1)
        self.assertEqual(R53.request_log("ChangeResourceRecordSets")[1]["budget"],
                         "prior_request_not_complete")
        self.assertEqual(self.lists(1), ["OK"])  # reading a busy zone is fine

    def test_insync_never_before_the_change_is_applied(self):
        R53.set_sync(apply_time=60, insync_delay=0)
        change_id = self.api.change("10.0.0.1")[2]
        self.assertEqual(self.api.get_change(change_id)[2], "PENDING")
        moments = R53.changes()[0]["moments"]
        self.assertAlmostEqual(moments["applied"]["monotonic"] - moments["accepted"]["monotonic"],
                               60, places=6)
        self.assertEqual(moments["insync"], moments["applied"])

    def test_accepted_once_the_apply_time_passed(self):
        R53.set_sync(apply_time=0.5, insync_delay=1.0)
        before = time.monotonic()
        status, code, first = self.api.change("10.0.0.1")
        answered = time.monotonic()
        self.assertEqual(code, "OK")
        time.sleep(max(0.0, answered + 0.6 - time.monotonic()))  # applied by answered + 0.5
        status, code, second = self.api.change("10.0.0.2")
        self.assertEqual(code, "OK")
        time.sleep(1.1)
        self.assertEqual(self.api.get_change(first)[2], "INSYNC")
        after = time.monotonic()
        one, two = (c["moments"] for c in R53.changes())
        self.assertTrue(before <= one["accepted"]["monotonic"] <= answered, one)
        self.assertAlmostEqual(one["applied"]["monotonic"] - one["accepted"]["monotonic"], 0.5)
        self.assertAlmostEqual(one["insync"]["monotonic"] - one["accepted"]["monotonic"], 1.0)
        self.assertGreaterEqual(two["accepted"]["monotonic"], one["applied"]["monotonic"])
        self.assertTrue(one["insync"]["monotonic"] <= one["first_insync_answer"]["monotonic"]
                        <= after, one)
        self.assertIsNone(two["first_insync_answer"])
        self.assertAlmostEqual(one["accepted"]["wall"] - one["accepted"]["monotonic"],
                               one["insync"]["wall"] - one["insync"]["monotonic"], places=3)


class Counters(BudgetCase):
    def test_counters_log_and_stats(self):
        R53.set_budget(enabled=True, burst=3, rate=0)
        self.assertEqual(self.lists(5), ["OK"] * 3 + ["Throttling"] * 2)
        expected = {"requests": 5, "admitted": 3, "throttled": 2, "prior_request_not_complete": 0,
                    "answered": 5, "answers": {"OK": 3, "Throttling": 2}}
        self.assertEqual(R53.budget_counters("ListResourceRecordSets"), expected)
        self.assertEqual(R53.stats()["budget"], {"ListResourceRecordSets": expected})
        log = R53.request_log()
        self.assertEqual([(e["budget"], e["status"]) for e in log],
                         [(None, 200)] * 3 + [("throttled", 400)] * 2)
        self.assertEqual(sorted(e["monotonic"] for e in log), [e["monotonic"] for e in log])
        R53.clear_log()
        self.assertEqual(R53.stats()["budget"], {})
        self.assertEqual(self.lists(1), ["Throttling"])  # clearing counters refills nothing

    def test_a_throttled_request_takes_no_injected_fault(self):
        R53.set_budget(enabled=True, burst=1, rate=0)
        self.assertEqual(self.lists(1), ["OK"])
        R53.add_fault("ListResourceRecordSets", "internal_error")
        self.assertEqual(self.lists(1), ["Throttling"])
        self.assertEqual(len(R53.control("GET", "faults")), 1)
        self.assertEqual(R53.stats()["faults_injected"], {})

    def test_reset_restores_the_start_up_budget(self):
        R53.set_budget(enabled=True, burst=1, rate=0)
        R53.set_sync(apply_time=60)
        R53.reset()
        R53.create_zone(ZONE, "clusterpro.local.")
        self.assertFalse(R53.budget()["config"]["enabled"])
        self.assertEqual([self.api.change(f"10.0.0.{i}")[1] for i in range(2)], ["OK", "OK"])

    def test_start_up_options(self):
        with harness.Route53Emulator(
                host="127.0.0.12", zones=[(ZONE, "clusterpro.local.", 0)], plain_http=True,
                apply_time=60, budget={"enabled": True, "burst": 7, "rate": 0,
                                       "operation_burst": 6, "change_cost": 3,
                                       "change_cost_per_change": True}) as other:
            config = other.budget()["config"]
            self.assertEqual(config, dict(config, enabled=True, burst=7, rate=0,
                                          operation_burst=6, change_cost=3,
                                          change_cost_per_change=True, per_operation=True))
            api = Api(other)
            self.addCleanup(api.close)
            self.assertEqual([api.change("10.0.0.1")[1], api.change("10.0.0.2")[1],
                              api.list_zone()[1], api.list_zone()[1]],
                             ["OK", "PriorRequestNotComplete", "OK", "Throttling"])
            self.assertEqual(other.budget()["tokens"]["operations"],
                             {"ChangeResourceRecordSets": 0.0, "ListResourceRecordSets": 5.0})


if __name__ == "__main__":
    unittest.main()
