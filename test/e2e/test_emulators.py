"""Tests of the emulators themselves, driven by the REAL /usr/bin/aws over HTTPS through a real
squid (CONNECT; direct where a test says so): API shapes, Route 53 ordering and truncation,
DELETE's exact-match rule, atomic batches, fault injection, request counting, IMDSv2
credentials, the transports (a CONNECT tunnel, plain-http forwarding, the test CA). Also records
what the CLI sends for a one-record listing (the fact the monitor command relies on). The
emulator's DNS side has its self-tests in test_emulator_dns.py, its request budget (token
buckets, PriorRequestNotComplete) in test_emulator_budget.py."""

import json
import os
import sys
import time
import unittest
import urllib.error
import urllib.request

import harness

ZONE = "Z0EMULATORTEST00001"
SQUID = None
R53 = None
IMDS = None


def setUpModule():
    global SQUID, R53, IMDS
    SQUID = harness.Squid().start()
    unittest.addModuleCleanup(SQUID.stop)
    # plain_http: the Transport tests show plain-http forwarding next to the CONNECT tunnel
    R53 = harness.Route53Emulator(plain_http=True).start()
    unittest.addModuleCleanup(R53.stop)
    IMDS = harness.ImdsEmulator().start()
    unittest.addModuleCleanup(IMDS.stop)


def record(name, rtype="A", values=("10.0.0.1",), ttl=300):
    return {"name": name, "type": rtype, "ttl": ttl, "values": list(values)}


def change_batch(*changes, comment=None):
    """--change-batch JSON from (action, name, type, ttl, [values]) tuples."""
    batch = {"Changes": [{"Action": a, "ResourceRecordSet": {
        "Name": n, "Type": t, "TTL": ttl, "ResourceRecords": [{"Value": v} for v in values]}}
        for a, n, t, ttl, values in changes]}
    if comment is not None:
        batch["Comment"] = comment
    return json.dumps(batch)


class EmulatorCase(harness.E2ETestCase):
    def setUp(self):
        super().setUp()
        R53.reset()
        R53.create_zone(ZONE, "clusterpro.local.")
        IMDS.reset()

    def aws(self, *args, env=None, proxy=None, timeout=120):
        """Runs /usr/bin/aws against the emulator (--output json) through squid, or `proxy`."""
        return harness.run_aws(["--output", "json"] + list(args), env or self.env(),
                               R53.endpoint_url, timeout, proxy=proxy or SQUID.url)

    def aws_ok(self, *args, **kwargs):
        result = self.aws(*args, **kwargs)
        self.assertExit(result, 0)
        return json.loads(result.stdout) if result.stdout.strip() else None

    def assertServiceError(self, result, code, message_part=""):
        self.assertExit(result, 254)
        self.assertIn(f"An error occurred ({code})", result.stderr, result.describe())
        self.assertIn(message_part, result.stderr, result.describe())

    def change(self, *changes, comment=None):
        return self.aws("route53", "change-resource-record-sets", "--hosted-zone-id", ZONE,
                        "--change-batch", change_batch(*changes, comment=comment))

    def names_types(self, listing):
        return [(r["Name"], r["Type"]) for r in listing["ResourceRecordSets"]]


class ApiShapes(EmulatorCase):
    def test_change_then_get_change_then_list(self):
        result = self.change(("CREATE", "test.clusterpro.local", "A", 60, ["10.0.110.100"]),
                             comment="failover")
        self.assertExit(result, 0)
        info = json.loads(result.stdout)["ChangeInfo"]
        self.assertRegex(info["Id"], r"^/change/C[A-Z0-9]+$")
        self.assertEqual(info["Status"], "PENDING")
        self.assertEqual(info["Comment"], "failover")
        self.assertIn("SubmittedAt", info)

        got = self.aws_ok("route53", "get-change", "--id", info["Id"])["ChangeInfo"]
        self.assertEqual((got["Id"], got["Status"]), (info["Id"], "INSYNC"))

        listing = self.aws_ok("route53", "list-resource-record-sets", "--hosted-zone-id", ZONE)
        self.assertIn({"Name": "test.clusterpro.local.", "Type": "A", "TTL": 60,
                       "ResourceRecords": [{"Value": "10.0.110.100"}]},
                      listing["ResourceRecordSets"])
        self.assertEqual(R53.changes()[0]["changes"][0]["action"], "CREATE")

    def test_get_change_pending_for_configured_answers(self):
        R53.set_sync(pending_count=2)
        result = self.change(("UPSERT", "test.clusterpro.local", "A", 60, ["10.0.110.100"]))
        self.assertExit(result, 0)
        change_id = json.loads(result.stdout)["ChangeInfo"]["Id"]
        statuses = [self.aws_ok("route53", "get-change", "--id", change_id)["ChangeInfo"]["Status"]
                    for _ in range(3)]
        self.assertEqual(statuses, ["PENDING", "PENDING", "INSYNC"])

    def test_get_change_insync_after_delay(self):
        R53.set_sync(insync_delay=4)
        started = time.monotonic()
        result = self.change(("UPSERT", "test.clusterpro.local", "A", 60, ["10.0.110.100"]))
        accepted = time.monotonic()  # the change was made between `started` and now
        change_id = json.loads(result.stdout)["ChangeInfo"]["Id"]
        first = self.aws_ok("route53", "get-change", "--id", change_id)["ChangeInfo"]["Status"]
        if time.monotonic() - started < 3.5:  # the machine was not too slow to see PENDING
            self.assertEqual(first, "PENDING")
        time.sleep(max(0.0, 4.5 - (time.monotonic() - accepted)))
        last = self.aws_ok("route53", "get-change", "--id", change_id)["ChangeInfo"]["Status"]
        self.assertEqual(last, "INSYNC")

    def test_unknown_zone_and_change(self):
        result = self.aws("route53", "list-resource-record-sets", "--hosted-zone-id", "ZNOSUCH")
        self.assertServiceError(result, "NoSuchHostedZone", "ZNOSUCH")
        result = self.aws("route53", "get-change", "--id", "CNOSUCHCHANGE")
        self.assertServiceError(result, "NoSuchChange")
        log = R53.request_log()
        self.assertEqual([e["status"] for e in log], [404, 404])


class Ordering(EmulatorCase):
    """Route 53 order: name with labels reversed plus trailing dot, then type."""

    EXPECTED = [
        ("example.com.", "NS"), ("example.com.", "SOA"),
        ("\\052.example.com.", "A"),  # '\' (92) sorts before letters
        ("a-b.example.com.", "A"),    # "com.example.a-b." < "com.example.a." ('-' < '.')
        ("a.example.com.", "A"),
        ("b.a.example.com.", "A"),    # "com.example.a.b."
        ("mail.example.com.", "A"),
        ("www.example.com.", "A"), ("www.example.com.", "AAAA"), ("www.example.com.", "TXT"),
    ]

    def setUp(self):
        super().setUp()
        R53.create_zone("ZORDER", "example.com.", rrsets=[
            record("www.example.com", "TXT", ['"hello"']),
            record("mail.example.com"), record("b.a.example.com"), record("WWW.Example.COM"),
            record("a.example.com"), record("*.example.com"), record("a-b.example.com"),
            record("www.example.com", "AAAA", ["fd00::1"])])

    def listing(self, *args):
        return self.aws_ok("route53", "list-resource-record-sets", "--hosted-zone-id", "ZORDER",
                           *args)

    def test_full_listing_order(self):
        self.assertEqual(self.names_types(self.listing()), self.EXPECTED)

    def test_paging_follows_the_order(self):
        listing = self.listing("--page-size", "3")
        self.assertEqual(self.names_types(listing), self.EXPECTED)
        queries = [e["query"] for e in R53.request_log("ListResourceRecordSets")]
        self.assertEqual(queries, [
            {"maxitems": "3"},
            {"maxitems": "3", "name": "a-b.example.com.", "type": "A"},
            {"maxitems": "3", "name": "mail.example.com.", "type": "A"},
            {"maxitems": "3", "name": "www.example.com.", "type": "TXT"}])

    def test_start_name_type_and_truncation(self):
        page = self.listing("--start-record-name", "a.example.com", "--start-record-type", "A",
                            "--max-items", "2")
        self.assertEqual(self.names_types(page), self.EXPECTED[4:6])
        self.assertEqual((page["IsTruncated"], page["NextRecordName"], page["NextRecordType"],
                          page["MaxItems"]), (True, "mail.example.com.", "A", "2"))

    def test_start_type_between_existing_types(self):
        page = self.listing("--start-record-name", "www.example.com", "--start-record-type",
                            "CNAME", "--max-items", "5")
        self.assertEqual(self.names_types(page), [("www.example.com.", "TXT")])
        self.assertFalse(page["IsTruncated"])
        self.assertNotIn("NextRecordName", page)

    def test_start_name_missing_lands_on_next_record(self):
        page = self.listing("--start-record-name", "c.example.com", "--start-record-type", "A",
                            "--max-items", "1")
        self.assertEqual(self.names_types(page), [("mail.example.com.", "A")])
        page = self.listing("--start-record-name", "zzz.example.com", "--max-items", "1")
        self.assertEqual(page["ResourceRecordSets"], [])
        self.assertFalse(page["IsTruncated"])

    def test_start_name_only_and_case(self):
        page = self.listing("--start-record-name", "WWW.example.com.", "--max-items", "2")
        self.assertEqual(self.names_types(page), self.EXPECTED[7:9])
        self.assertEqual((page["NextRecordName"], page["NextRecordType"]),
                         ("www.example.com.", "TXT"))

    def test_type_without_name_is_invalid_input(self):
        result = self.aws("route53", "list-resource-record-sets", "--hosted-zone-id", "ZORDER",
                          "--start-record-type", "A", "--max-items", "1")
        self.assertServiceError(result, "InvalidInput")


class BigZone(EmulatorCase):
    def test_default_page_is_300_and_cli_pages_whole_zone(self):
        R53.create_zone("ZBIG", "clusterpro.local.", records=1000)
        listing = self.aws_ok("route53", "list-resource-record-sets", "--hosted-zone-id", "ZBIG")
        self.assertEqual(len(listing["ResourceRecordSets"]), 1002)
        log = R53.request_log("ListResourceRecordSets")
        self.assertEqual(len(log), 4)
        self.assertEqual(log[0]["query"], {})
        self.assertEqual(log[1]["query"], {"name": "host00298.clusterpro.local.", "type": "A"})

    def test_ten_thousand_records_one_request_at_the_end(self):
        started = time.monotonic()
        R53.create_zone("Z10K", "clusterpro.local.", records=10000,
                        rrsets=[record("test.clusterpro.local", values=["10.0.110.100"])])
        created = time.monotonic() - started
        page = self.aws_ok("route53", "list-resource-record-sets", "--hosted-zone-id", "Z10K",
                           "--start-record-name", "test.clusterpro.local", "--start-record-type",
                           "A", "--max-items", "1")
        self.assertEqual(page["ResourceRecordSets"][0]["ResourceRecords"],
                         [{"Value": "10.0.110.100"}])
        self.assertEqual(R53.request_count(), 1)
        self.assertLess(created, 30, "creating a 10,000-record zone is far too slow")


class DeleteRules(EmulatorCase):
    def setUp(self):
        super().setUp()
        self.assertExit(self.change(("CREATE", "test.clusterpro.local", "A", 300,
                                     ["10.0.110.100"])), 0)

    def test_create_existing_is_rejected(self):
        result = self.change(("CREATE", "test.clusterpro.local", "A", 300, ["10.0.120.100"]))
        self.assertServiceError(result, "InvalidChangeBatch",
                                "[Tried to create resource record set [name='test.clusterpro."
                                "local.', type='A'] but it already exists]")

    def test_delete_requires_exact_ttl_and_values(self):
        for ttl, values in ((60, ["10.0.110.100"]), (300, ["10.0.120.100"]),
                            (300, ["10.0.110.100", "10.0.120.100"])):
            result = self.change(("DELETE", "test.clusterpro.local", "A", ttl, values))
            self.assertServiceError(result, "InvalidChangeBatch",
                                    "but the values provided do not match the current values")
        self.assertIsNotNone(R53.find_rrset(ZONE, "test.clusterpro.local"))
        self.assertExit(self.change(("DELETE", "test.clusterpro.local", "A", 300,
                                     ["10.0.110.100"])), 0)
        self.assertIsNone(R53.find_rrset(ZONE, "test.clusterpro.local"))

    def test_delete_missing_is_not_found(self):
        result = self.change(("DELETE", "other.clusterpro.local", "A", 300, ["10.0.110.100"]))
        self.assertServiceError(result, "InvalidChangeBatch", "but it was not found")

    def test_upsert_replaces(self):
        self.assertExit(self.change(("UPSERT", "test.clusterpro.local", "A", 60,
                                     ["10.0.120.100"])), 0)
        self.assertEqual(R53.find_rrset(ZONE, "test.clusterpro.local"),
                         {"Name": "test.clusterpro.local.", "Type": "A", "TTL": 60,
                          "ResourceRecords": [{"Value": "10.0.120.100"}]})

    def test_batch_is_atomic(self):
        result = self.change(("UPSERT", "new.clusterpro.local", "A", 60, ["10.0.0.9"]),
                             ("DELETE", "test.clusterpro.local", "A", 1, ["10.0.110.100"]))
        self.assertServiceError(result, "InvalidChangeBatch")
        self.assertIsNone(R53.find_rrset(ZONE, "new.clusterpro.local"))
        self.assertIsNotNone(R53.find_rrset(ZONE, "test.clusterpro.local"))

    def test_name_outside_zone_and_bad_address(self):
        result = self.change(("UPSERT", "test.example.com", "A", 60, ["10.0.0.9"]))
        self.assertServiceError(result, "InvalidChangeBatch", "is not permitted in zone")
        result = self.change(("UPSERT", "x.clusterpro.local", "A", 60, ["fd00::1"]))
        self.assertServiceError(result, "InvalidChangeBatch", "ARRDATAIllegalIPv4Address")


class Faults(EmulatorCase):
    """Faults as the AWS CLI 2.9.19 sees them. The CLI retries throttling, 5xx and
    PriorRequestNotComplete itself: 3 attempts in all (AWS_MAX_ATTEMPTS changes that)."""

    def list_zone(self, *extra, env_extra=None, direct=False):
        env = self.env(extra=env_extra or {})
        return harness.run_aws(["--output", "json", *extra, "route53", "list-resource-record-sets",
                                "--hosted-zone-id", ZONE], env, R53.endpoint_url,
                               proxy=None if direct else SQUID.url)

    def test_retryable_errors_exit_254_after_cli_retries(self):
        for kind, code in (("throttling", "Throttling"), ("service_unavailable",
                                                          "ServiceUnavailable"),
                           ("internal_error", "InternalFailure"),
                           ("prior_request_not_complete", "PriorRequestNotComplete")):
            with self.subTest(kind=kind):
                R53.reset(keep_zones=True)
                R53.add_fault("ListResourceRecordSets", kind, count=-1)
                result = self.list_zone()
                self.assertServiceError(result, code)
                self.assertEqual(R53.request_count("ListResourceRecordSets"), 3)
        statuses = {e["status"] for e in R53.request_log()}
        self.assertEqual(statuses, {400})  # the last subtest: PriorRequestNotComplete

    def test_http_status_of_faults(self):
        R53.set_faults([{"operation": "*", "kind": k} for k in
                        ("throttling", "internal_error", "service_unavailable")])
        result = self.list_zone(env_extra={"AWS_MAX_ATTEMPTS": "1"})
        self.assertServiceError(result, "Throttling")
        self.list_zone(env_extra={"AWS_MAX_ATTEMPTS": "1"})
        self.list_zone(env_extra={"AWS_MAX_ATTEMPTS": "1"})
        self.assertEqual([e["status"] for e in R53.request_log()], [400, 500, 503])

    def test_throttling_twice_is_absorbed_by_the_cli(self):
        R53.add_fault("ListResourceRecordSets", "throttling", count=2)
        self.assertExit(self.list_zone(), 0)
        self.assertEqual([e["fault"] for e in R53.request_log()], ["throttling", "throttling", None])
        self.assertEqual(R53.stats()["faults_injected"], {"ListResourceRecordSets:throttling": 2})

    def test_single_attempt_and_skip(self):
        R53.add_fault("ListResourceRecordSets", "throttling", count=1, skip=1)
        env = {"AWS_MAX_ATTEMPTS": "1"}
        self.assertExit(self.list_zone(env_extra=env), 0)
        self.assertServiceError(self.list_zone(env_extra=env), "Throttling")
        self.assertExit(self.list_zone(env_extra=env), 0)
        self.assertEqual(R53.request_count(), 3)

    def test_forced_invalid_change_batch_is_not_retried_and_not_applied(self):
        R53.add_fault("ChangeResourceRecordSets", "invalid_change_batch", message="[forced]")
        result = self.change(("UPSERT", "test.clusterpro.local", "A", 60, ["10.0.110.100"]))
        self.assertServiceError(result, "InvalidChangeBatch", "[forced]")
        self.assertEqual(R53.request_count("ChangeResourceRecordSets"), 1)
        self.assertIsNone(R53.find_rrset(ZONE, "test.clusterpro.local"))

    def test_error_with_apply_changes_the_zone(self):
        R53.add_fault("ChangeResourceRecordSets", "internal_error", count=-1, apply=True)
        env = self.env(extra={"AWS_MAX_ATTEMPTS": "1"})
        result = self.aws("route53", "change-resource-record-sets", "--hosted-zone-id", ZONE,
                          "--change-batch", change_batch(("UPSERT", "test.clusterpro.local", "A",
                                                          60, ["10.0.110.100"])), env=env)
        self.assertServiceError(result, "InternalFailure")
        self.assertIsNotNone(R53.find_rrset(ZONE, "test.clusterpro.local"))

    def test_closed_connection_exit_255(self):
        R53.add_fault("ListResourceRecordSets", "close", count=-1)
        result = self.list_zone(direct=True)
        self.assertExit(result, 255)
        self.assertIn("Connection was closed", result.stderr)
        self.assertEqual(R53.request_count(), 3)
        # Inside a CONNECT tunnel the same close reads as the proxy's failure: urllib3 reports
        # any socket error on a proxied connection as "Cannot connect to proxy".
        R53.clear_log()
        result = self.list_zone()
        self.assertExit(result, 255)
        self.assertIn("Failed to connect to proxy URL", result.stderr)
        self.assertEqual(R53.request_count(), 3)

    def test_slow_answer_past_read_timeout(self):
        R53.add_fault("ListResourceRecordSets", "delay", count=-1, delay=4)
        result = self.list_zone("--cli-read-timeout", "1",
                                env_extra={"AWS_MAX_ATTEMPTS": "1"})
        self.assertExit(result, 255)
        self.assertIn("Read timeout", result.stderr)
        self.assertLess(result.elapsed, 30)

    def test_delay_then_normal_answer(self):
        R53.add_fault("ListResourceRecordSets", "delay", delay=1.5)
        result = self.list_zone("--cli-read-timeout", "10")
        self.assertExit(result, 0)
        self.assertGreaterEqual(result.elapsed, 1.5)

    def test_generic_error(self):
        R53.add_fault("*", "error", status=403, code="AccessDenied", message="not you")
        self.assertServiceError(self.list_zone(), "AccessDenied", "not you")


class CountingAndProxy(EmulatorCase):
    def test_counters_and_log(self):
        self.aws_ok("route53", "list-resource-record-sets", "--hosted-zone-id", ZONE)
        self.change(("UPSERT", "test.clusterpro.local", "A", 60, ["10.0.110.100"]))
        stats = R53.stats()
        self.assertEqual(stats["requests"], {"ListResourceRecordSets": 1,
                                             "ChangeResourceRecordSets": 1})
        self.assertEqual(stats["total"], 2)
        first, second = R53.request_log()
        self.assertEqual((first["method"], first["path"]),
                         ("GET", f"/2013-04-01/hostedzone/{ZONE}/rrset"))
        self.assertEqual((second["method"], second["path"]),
                         ("POST", f"/2013-04-01/hostedzone/{ZONE}/rrset/"))
        self.assertEqual(first["access_key_id"], harness.DUMMY_ACCESS_KEY_ID)
        self.assertNotIn(harness.DUMMY_SECRET_ACCESS_KEY, json.dumps(R53.request_log()))
        self.assertEqual((first["via_proxy"], first["tls"]), (True, True), first)


class Transport(EmulatorCase):
    """How requests reach the emulator: HTTPS in a CONNECT tunnel (the real path), plain http
    forwarded by squid (a test about plain http), direct; the test CA is what makes the HTTPS
    trusted, and an emulator without plain_http refuses the API on plain http."""

    def list_args(self):
        return ["--output", "json", "route53", "list-resource-record-sets", "--hosted-zone-id",
                ZONE]

    def test_https_through_squid_is_one_tunnel(self):
        mark = SQUID.mark()
        self.aws_ok("route53", "list-resource-record-sets", "--hosted-zone-id", ZONE)
        entries = SQUID.tunnels(R53.authority, since=mark)
        self.assertEqual([(e["method"], e["status"]) for e in entries], [("CONNECT", 200)],
                         SQUID.entries(mark))
        logged = R53.request_log()[0]
        self.assertEqual((logged["via_proxy"], logged["tls"]), (True, True), logged)
        self.assertEqual(logged["client"].split(":")[0], harness.PROXY_SOURCE)
        self.assertNotIn("via", logged["headers"], "a tunnel adds no header")

    def test_direct_https_is_not_via_proxy(self):
        result = harness.run_aws(self.list_args(), self.env(), R53.endpoint_url)
        self.assertExit(result, 0)
        logged = R53.request_log()[0]
        self.assertEqual((logged["via_proxy"], logged["tls"]), (False, True), logged)

    def test_plain_http_through_squid_is_forwarded_with_headers(self):
        # About plain http: a forwarding proxy's request, marked by the headers it adds.
        mark = SQUID.mark()
        result = harness.run_aws(self.list_args(), self.env(), R53.plain_endpoint_url,
                                 proxy=SQUID.url)
        self.assertExit(result, 0)
        entries = SQUID.wait_for_entries(lambda e: e["url"].startswith(R53.base_url + "/"),
                                         since=mark)
        self.assertEqual([(e["method"], e["status"]) for e in entries], [("GET", 200)],
                         SQUID.entries(mark))
        logged = R53.request_log()[0]
        self.assertEqual((logged["via_proxy"], logged["tls"]), (True, False), logged)
        self.assertIn("squid", logged["headers"]["via"])
        self.assertEqual(logged["headers"]["x-forwarded-for"], "127.0.0.1")

    def test_the_test_ca_is_what_makes_https_trusted(self):
        env = self.env(extra={"AWS_CA_BUNDLE": "/etc/ssl/certs/ca-certificates.crt"})
        result = harness.run_aws(self.list_args(), env, R53.endpoint_url, proxy=SQUID.url)
        self.assertExit(result, 255)
        self.assertIn("CERTIFICATE_VERIFY_FAILED", result.stderr)
        self.assertEqual(R53.request_count(), 0)

    def test_without_plain_http_the_api_is_https_only(self):
        with harness.Route53Emulator(zones=[(ZONE, "clusterpro.local.", 0)]) as strict:
            result = harness.run_aws(self.list_args(), self.env(), strict.base_url)
            self.assertExit(result, 254)
            self.assertIn("PlainHttpRefused", result.stderr)
            self.assertEqual([(e["status"], e["tls"]) for e in strict.request_log()],
                             [(400, False)], "refused, logged; the control API is plain http")
            with self.assertRaises(RuntimeError):
                strict.plain_endpoint_url  # noqa: B018 - the property raises

    def test_squid_basic_auth(self):
        env = self.env(extra={"AWS_MAX_ATTEMPTS": "1"})
        with harness.Squid(users={"alice": "s3cr#t"}) as squid:
            good = self.aws("route53", "list-resource-record-sets", "--hosted-zone-id", ZONE,
                            proxy=squid.proxy_url("alice", "s3cr%23t"), env=env)
            self.assertExit(good, 0)
            bad = self.aws("route53", "list-resource-record-sets", "--hosted-zone-id", ZONE,
                           proxy=squid.proxy_url("alice", "wrong"), env=env)
            # The proxy's 407 to CONNECT: the CLI says only that it could not connect.
            self.assertExit(bad, 255)
            self.assertIn("Failed to connect to proxy URL", bad.stderr)
            self.assertNotIn("wrong", bad.stderr)
            users_statuses = [(e["method"], e["user"], e["status"])
                              for e in squid.wait_for_entries(count=2)]
            self.assertEqual(users_statuses, [("CONNECT", "alice", 200),
                                              ("CONNECT", "alice", 407)])

    def test_squid_denying_connect(self):
        env = self.env(extra={"AWS_MAX_ATTEMPTS": "1"})
        with harness.Squid(deny_connect=R53.port) as squid:
            result = self.aws("route53", "list-resource-record-sets", "--hosted-zone-id", ZONE,
                              proxy=squid.url, env=env)
            self.assertExit(result, 255)
            self.assertIn("Failed to connect to proxy URL", result.stderr)
            self.assertEqual([(e["method"], e["status"]) for e in squid.wait_for_entries()],
                             [("CONNECT", 403)])
        self.assertEqual(R53.request_count(), 0)


class CliListingFacts(EmulatorCase):
    """What `aws route53 list-resource-record-sets` sends for a one-record read (printed)."""

    def setUp(self):
        super().setUp()
        R53.create_zone("ZFACTS", "clusterpro.local.", records=700)

    def measure(self, *args):
        R53.clear_log()
        result = harness.run_aws(["--output", "json", "route53", "list-resource-record-sets",
                                  "--hosted-zone-id", "ZFACTS", *args], self.env(),
                                 R53.endpoint_url, proxy=SQUID.url)
        queries = [e["query"] for e in R53.request_log()]
        sys.stderr.write(f"\n  FACT {' '.join(args) or '(no options)'}: exit "
                         f"{result.returncode}, {len(queries)} request(s), queries {queries[:3]}")
        return result, queries

    def test_start_record_with_max_items_is_one_request_with_maxitems(self):
        start = ["--start-record-name", "host00500.clusterpro.local", "--start-record-type", "A"]
        result, queries = self.measure(*start, "--max-items", "1")
        self.assertExit(result, 0)
        self.assertEqual(queries, [{"name": "host00500.clusterpro.local", "type": "A",
                                    "maxitems": "1"}])
        page = json.loads(result.stdout)
        self.assertEqual(len(page["ResourceRecordSets"]), 1)
        self.assertNotIn("NextToken", page)  # raw API answer: pagination is off
        self.assertEqual(page["NextRecordName"], "host00501.clusterpro.local.")

        result, queries = self.measure(*start, "--page-size", "1")
        self.assertExit(result, 252)  # "Cannot specify --no-paginate along with ... --page-size"
        self.assertEqual(queries, [])

        result, queries = self.measure(*start)
        self.assertExit(result, 0)
        self.assertEqual(queries, [{"name": "host00500.clusterpro.local", "type": "A"}])
        self.assertEqual(len(json.loads(result.stdout)["ResourceRecordSets"]), 200)

    def test_without_start_record(self):
        result, queries = self.measure("--max-items", "1")
        self.assertEqual((result.returncode, queries), (0, [{}]))  # 300 fetched, 1 shown
        result, queries = self.measure("--max-items", "1", "--page-size", "1")
        self.assertEqual((result.returncode, queries), (0, [{"maxitems": "1"}]))
        result, queries = self.measure("--page-size", "300")
        self.assertEqual((result.returncode, len(queries)), (0, 3))  # whole zone: 702 records


class Imds(EmulatorCase):
    def imds_env(self, **extra):
        """Credentials from the IMDS emulator (plain http, direct unless HTTP_PROXY is given);
        Route 53 through squid (HTTPS_PROXY)."""
        return self.env(credentials="none", extra=dict(
            {"AWS_EC2_METADATA_SERVICE_ENDPOINT": IMDS.endpoint, "HTTPS_PROXY": SQUID.url},
            **extra))

    def test_cli_gets_credentials_from_imds(self):
        result = harness.run_aws(["route53", "list-resource-record-sets", "--hosted-zone-id",
                                  ZONE], self.imds_env(), R53.endpoint_url)
        self.assertExit(result, 0)
        log = IMDS.request_log()
        self.assertEqual([(e["method"], e["operation"], e["status"]) for e in log],
                         [("PUT", "Token", 200), ("GET", "RoleName", 200),
                          ("GET", "Credentials", 200)])
        self.assertFalse(any(e["via_proxy"] for e in log))
        self.assertEqual(log[0]["headers"]["x-aws-ec2-metadata-token-ttl-seconds"], "21600")
        self.assertEqual(log[1]["headers"]["x-aws-ec2-metadata-token"], "***")
        self.assertEqual(R53.request_log()[0]["access_key_id"], IMDS.access_key_id)

    def test_imds_through_squid_is_visible(self):
        mark = SQUID.mark()
        env = self.imds_env(HTTP_PROXY=SQUID.url)
        result = harness.run_aws(["route53", "list-resource-record-sets", "--hosted-zone-id",
                                  ZONE], env, R53.endpoint_url)
        self.assertExit(result, 0)
        self.assertTrue(all(e["via_proxy"] for e in IMDS.request_log()))
        self.assertEqual(len(SQUID.wait_for_entries(
            lambda e: e["url"].startswith(IMDS.base_url), since=mark, count=3)), 3)

    def test_token_required_and_ttl_checked(self):
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        url = IMDS.base_url + "/latest/meta-data/iam/security-credentials/"
        with self.assertRaises(urllib.error.HTTPError) as caught:
            opener.open(url, timeout=5)
        self.assertEqual(caught.exception.code, 401)
        request = urllib.request.Request(IMDS.base_url + "/latest/api/token", method="PUT",
                                         headers={"X-aws-ec2-metadata-token-ttl-seconds": "0"})
        with self.assertRaises(urllib.error.HTTPError) as caught:
            opener.open(request, timeout=5)
        self.assertEqual(caught.exception.code, 400)
        request = urllib.request.Request(IMDS.base_url + "/latest/api/token", method="PUT",
                                         headers={"X-aws-ec2-metadata-token-ttl-seconds": "60"})
        token = opener.open(request, timeout=5).read().decode()
        request = urllib.request.Request(url + "awsdns-test-role",
                                         headers={"X-aws-ec2-metadata-token": token})
        creds = json.loads(opener.open(request, timeout=5).read())
        self.assertEqual((creds["Code"], creds["Type"], creds["AccessKeyId"]),
                         ("Success", "AWS-HMAC", IMDS.access_key_id))
        self.assertGreater(creds["Expiration"], creds["LastUpdated"])

    def test_imds_failure_means_no_credentials(self):
        IMDS.set_faults([{"operation": "*", "kind": "error", "status": 500, "count": -1}])
        result = harness.run_aws(["route53", "list-resource-record-sets", "--hosted-zone-id",
                                  ZONE], self.imds_env(), R53.endpoint_url)
        self.assertExit(result, 253)
        self.assertIn("Unable to locate credentials", result.stderr)
        self.assertEqual(R53.request_count(), 0)


class HarnessFixtures(EmulatorCase):
    """The harness's own helpers: DNS server, dead proxies, process accounting."""

    def test_dnsmasq_answers_given_names_only(self):
        with harness.Dnsmasq({"test.clusterpro.local.": "10.0.110.100",
                              "v6.clusterpro.local": "fd00::1"}) as dns:
            self.assertTrue(dns.server.startswith(harness.DNS_HOST + ":"))
            self.assertEqual(harness.dns_query("test.clusterpro.local", dns.address, dns.port),
                             ["10.0.110.100"])
            self.assertEqual(harness.dns_query("v6.clusterpro.local", dns.address, dns.port,
                                               "AAAA"), ["fd00::1"])
            self.assertEqual(harness.dns_query("other.clusterpro.local", dns.address, dns.port),
                             [])
        self.assertFalse(dns.alive())

    def test_black_hole_and_closed_port_as_proxies(self):
        with harness.BlackHole() as hole, harness.ClosedPort() as closed:
            env = self.env(extra={"HTTPS_PROXY": hole.url, "AWS_MAX_ATTEMPTS": "1"})
            # the tunnel's set-up is bounded by the connect timeout, not the read timeout
            result = harness.run_aws(["--cli-connect-timeout", "1", "--cli-read-timeout", "60",
                                      "route53", "get-change", "--id", "C1"], env,
                                     R53.endpoint_url)
            self.assertExit(result, 255)
            self.assertLess(result.elapsed, 30, result.describe())
            # no answer to CONNECT: also "could not connect to proxy"
            self.assertIn("Failed to connect to proxy URL", result.stderr)
            self.assertEqual(len(hole.connections), 1)
            env = self.env(extra={"HTTPS_PROXY": closed.url})
            result = harness.run_aws(["route53", "get-change", "--id", "C1"], env,
                                     R53.endpoint_url)
            self.assertExit(result, 255)
            self.assertIn("Failed to connect to proxy URL", result.stderr)
        self.assertEqual(R53.request_count(), 0)

    def test_run_timeout_kills_the_tree_and_survivors_are_found(self):
        env = self.env()
        result = harness.run(["/bin/sh", "-c", "sleep 300 & sleep 300"], env, timeout=1)
        self.assertTrue(result.timed_out)
        self.assertNoSurvivors()
        other = harness.new_run_id()
        background = harness.spawn(["/bin/sleep", "300"], harness.base_env(run_id=other))
        try:
            found = harness.processes_with_marker(other)
            self.assertEqual([pid for pid, _, _ in found], [background.pid])
            self.assertEqual(len(harness.survivors(other, grace=0.2)), 1)
        finally:
            harness.kill_marked(other)
            background.wait(10)
        self.assertEqual(harness.survivors(other), [])

    def test_the_harness_refuses_a_namespace_with_more_than_loopback(self):
        """What keeps every module in a loopback-only namespace: importing the harness where
        another interface is up fails (here a veth in a nested namespace), where only
        loopback is up it does not."""
        self.assertEqual(harness.interfaces_up(), [], "this module runs with loopback only")
        env = dict(self.env(), PYTHONDONTWRITEBYTECODE="1")
        import_it = f"cd {harness.HERE} && {harness.PYTHON} -c 'import harness'"
        for setup, code in (("ip link set v0 up && ", 1), ("", 0)):
            result = harness.run(["unshare", "--net", "--", "/bin/sh", "-c",
                                  "ip link add v0 type veth peer name v1 && " + setup
                                  + import_it], env, timeout=60)
            self.assertExit(result, code, setup or "v0 down")
            if code:
                self.assertIn("v0 is up here", result.stderr, result.describe())

    def test_settings_file_is_private(self):
        directory = harness.make_temp_dir()
        path = harness.write_settings_file(directory, {"HTTP_PROXY": "http://127.0.0.1:9"})
        self.assertEqual(os.stat(path).st_mode & 0o777, 0o600)
        with open(path) as f:
            self.assertEqual(f.read(), "[ENVIRONMENT]\nHTTP_PROXY = http://127.0.0.1:9\n")


if __name__ == "__main__":
    unittest.main()
