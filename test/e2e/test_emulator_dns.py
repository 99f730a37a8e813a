"""Self-tests of the Route 53 emulator's DNS side (part of the emulator self-tests next to
test_emulators.py): authoritative answers from the zones as the AWS CLI changed them, negative
answers with the zone's SOA (its TTL the lesser of the SOA's TTL and MINIMUM), changes served
once INSYNC, and a REAL caching resolver (unbound) in front of it that accepts and caches those
answers, asking nothing but the emulator. The changes are made by the REAL /usr/bin/aws over
HTTPS through a REAL squid (CONNECT)."""

import json
import socket
import struct
import unittest

import harness

ZONE = "Z0EMULATORDNS000001"
R53 = None
SQUID = None
SOA_VALUE = "ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"


def setUpModule():
    global R53, SQUID
    R53 = harness.Route53Emulator().start()
    unittest.addModuleCleanup(R53.stop)
    SQUID = harness.Squid().start()
    unittest.addModuleCleanup(SQUID.stop)


def change_batch(action, name, ip, ttl=60):
    return json.dumps({"Changes": [{"Action": action, "ResourceRecordSet": {
        "Name": name, "Type": "A", "TTL": ttl, "ResourceRecords": [{"Value": ip}]}}]})


class DnsCase(harness.E2ETestCase):
    def setUp(self):
        super().setUp()
        R53.reset()
        R53.create_zone(ZONE, "clusterpro.local.", rrsets=[
            {"name": "test.clusterpro.local", "type": "A", "ttl": 60, "values": ["10.0.110.100"]},
            {"name": "v6.clusterpro.local", "type": "AAAA", "ttl": 30, "values": ["fd00::1"]},
            {"name": "a.b.clusterpro.local", "type": "A", "ttl": 60, "values": ["10.0.0.9"]}])
        R53.create_zone("Z0EMULATORDNS000002", "sub.clusterpro.local.")
        R53.clear_dns_log()
        host, port = R53.dns_server.split(":")
        self.host, self.port = host, int(port)

    def ask(self, name, qtype="A"):
        return harness.dns_lookup(name, self.host, self.port, qtype, recursion=False)

    def aws_change(self, action, name, ip, ttl=60):
        result = harness.run_aws(["--output", "json", "route53", "change-resource-record-sets",
                                  "--hosted-zone-id", ZONE, "--change-batch",
                                  change_batch(action, name, ip, ttl)], self.env(),
                                 R53.endpoint_url, proxy=SQUID.url)
        self.assertExit(result, 0)
        return json.loads(result.stdout)["ChangeInfo"]["Id"].rsplit("/", 1)[-1]

    def change_status(self, change_id):
        return [c for c in R53.changes() if c["id"] == change_id][0]["status"]


class Authoritative(DnsCase):
    def test_positive_answers_are_authoritative_with_the_record_ttl(self):
        answer = self.ask("test.clusterpro.local")
        self.assertEqual((answer.rcode, answer.aa, answer.ra), ("NOERROR", True, False))
        self.assertEqual(answer.answers, [("test.clusterpro.local.", "A", 60, "10.0.110.100")])
        self.assertEqual(answer.authority, [])
        answer = self.ask("V6.ClusterPro.Local", "AAAA")  # case-insensitive, case echoed
        self.assertEqual(answer.answers, [("v6.clusterpro.local.", "AAAA", 30, "fd00::1")])
        answer = self.ask("clusterpro.local", "SOA")
        self.assertEqual(answer.answers, [("clusterpro.local.", "SOA", 900, SOA_VALUE)])
        self.assertEqual(len(self.ask("clusterpro.local", "NS").answers), 4)

    def test_negative_answers_carry_the_soa_with_the_negative_ttl(self):
        for name, qtype, rcode in (("nope.clusterpro.local", "A", "NXDOMAIN"),
                                   ("test.clusterpro.local", "AAAA", "NOERROR"),  # NODATA
                                   ("b.clusterpro.local", "A", "NOERROR")):  # empty non-terminal
            answer = self.ask(name, qtype)
            self.assertEqual((answer.rcode, answer.aa, answer.answers), (rcode, True, []),
                             (name, answer))
            self.assertEqual(answer.authority, [("clusterpro.local.", "SOA", 900, SOA_VALUE)])
        # RFC 2308: the SOA's TTL in a negative answer is min(SOA TTL, SOA MINIMUM)
        R53.put_rrsets(ZONE, [{"name": "clusterpro.local", "type": "SOA", "ttl": 600, "values": [
            "ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 45"]}])
        self.assertEqual(self.ask("nope.clusterpro.local").ttl(), 45)
        self.assertEqual(self.ask("clusterpro.local", "SOA").ttl(), 600)

    def test_most_specific_zone_answers_and_other_names_are_refused(self):
        answer = self.ask("x.sub.clusterpro.local")
        self.assertEqual(answer.rcode, "NXDOMAIN")
        self.assertEqual(answer.authority[0][0], "sub.clusterpro.local.")
        answer = self.ask("example.com")
        self.assertEqual((answer.rcode, answer.aa, answer.answers), ("REFUSED", False, []))
        log = R53.dns_log()
        self.assertEqual([(e["name"], e["rcode"]) for e in log],
                         [("x.sub.clusterpro.local.", "NXDOMAIN"), ("example.com.", "REFUSED")])
        self.assertEqual(R53.request_count(), 0)  # DNS is not counted as API requests

    def test_edns_is_answered_and_garbage_gets_formerr(self):
        question = b"\x04test\x0aclusterpro\x05local\x00" + struct.pack(">HH", 1, 1)
        opt = b"\x00" + struct.pack(">HHIH", 41, 4096, 0, 0)
        packet = struct.pack(">HHHHHH", 0x1234, 0, 1, 0, 0, 1) + question + opt
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(5)
            s.sendto(packet, (self.host, self.port))
            data, _ = s.recvfrom(4096)
            ident, flags, _, ancount, _, arcount = struct.unpack(">HHHHHH", data[:12])
            self.assertEqual((ident, flags & 0x8400, ancount, arcount), (0x1234, 0x8400, 1, 1))
            self.assertEqual(struct.unpack(">HH", data[-10:-6]), (41, 1232))  # the OPT record
            s.sendto(struct.pack(">HHHHHH", 0x4321, 0, 2, 0, 0, 0), (self.host, self.port))
            data, _ = s.recvfrom(4096)
            self.assertEqual(struct.unpack(">HH", data[:4]), (0x4321, 0x8001))  # FORMERR
        self.assertEqual(self.ask("test.clusterpro.local").rcode, "NOERROR")  # still serving


class Propagation(DnsCase):
    def test_a_change_reaches_dns_when_it_is_insync(self):
        R53.set_sync(insync_delay=4.0)
        change_id = self.aws_change("UPSERT", "test.clusterpro.local", "10.0.120.100")
        self.assertEqual(self.ask("test.clusterpro.local").addresses(), ["10.0.110.100"])
        self.assertEqual(self.change_status(change_id), "PENDING",
                         "the AWS CLI run took longer than the INSYNC delay")
        self.assertTrue(harness.wait_until(
            lambda: self.change_status(change_id) == "INSYNC", timeout=30))
        self.assertEqual(self.ask("test.clusterpro.local").addresses(), ["10.0.120.100"])

    def test_delete_gives_nxdomain_and_control_api_records_are_served_at_once(self):
        self.aws_change("DELETE", "test.clusterpro.local", "10.0.110.100")
        answer = self.ask("test.clusterpro.local")
        self.assertEqual((answer.rcode, answer.ttl()), ("NXDOMAIN", 900))
        R53.set_sync(insync_delay=600.0)
        R53.put_rrsets(ZONE, [{"name": "test.clusterpro.local", "type": "A", "ttl": 5,
                               "values": ["10.0.120.100"]}])
        self.assertEqual(self.ask("test.clusterpro.local").answers,
                         [("test.clusterpro.local.", "A", 5, "10.0.120.100")])


class CachingResolver(DnsCase):
    """unbound in front of the emulator: what a client of a real resolver sees."""

    def setUp(self):
        super().setUp()
        self.resolver = harness.Unbound(R53.dns_server, ["clusterpro.local",
                                                         "sub.clusterpro.local"]).start()
        self.addCleanup(self.resolver.stop)
        R53.clear_dns_log()

    def test_answers_are_cached_for_their_ttl(self):
        first = self.resolver.query("test.clusterpro.local")
        self.assertEqual((first.rcode, first.addresses()), ("NOERROR", ["10.0.110.100"]))
        self.assertLessEqual(first.ttl(), 60)
        R53.put_rrsets(ZONE, [{"name": "test.clusterpro.local", "type": "A", "ttl": 60,
                               "values": ["10.0.120.100"]}])
        self.assertEqual(self.resolver.query("test.clusterpro.local").addresses(),
                         ["10.0.110.100"])  # the cached answer, not the new address
        self.assertEqual(len(R53.dns_log()), 1)

    def test_nxdomain_is_cached_for_the_negative_ttl_past_the_record_ttl(self):
        self.aws_change("DELETE", "test.clusterpro.local", "10.0.110.100")
        negative = self.resolver.query("test.clusterpro.local")
        self.assertEqual(negative.rcode, "NXDOMAIN")
        self.assertEqual(negative.authority[0][1], "SOA")
        self.assertGreater(negative.ttl(), 60)  # 900 s from the SOA, record TTL was 60 s
        self.assertLessEqual(negative.ttl(), 900)
        self.aws_change("UPSERT", "test.clusterpro.local", "10.0.120.100")
        self.assertEqual(self.ask("test.clusterpro.local").addresses(), ["10.0.120.100"])
        again = self.resolver.query("test.clusterpro.local")
        self.assertEqual((again.rcode, again.addresses()), ("NXDOMAIN", []))  # still negative
        self.assertEqual([e["name"] for e in R53.dns_log() if e["client"].startswith(
            harness.RESOLVER_HOST + ":")], ["test.clusterpro.local."])

    def test_it_asks_nothing_but_the_emulator(self):
        outside = self.resolver.query("example.com")
        self.assertEqual(outside.rcode, "SERVFAIL")  # the emulator refused it
        self.assertTrue(self.resolver.query("x.sub.clusterpro.local").rcode == "NXDOMAIN")
        log = R53.dns_log()
        self.assertIn("example.com.", [e["name"] for e in log])
        self.assertTrue(all(e["client"].startswith(harness.RESOLVER_HOST + ":") for e in log),
                        log)
        config = self.resolver.config_text()
        for line in (f"outgoing-interface: {harness.RESOLVER_HOST}", "do-ip6: no",
                     'name: "."', f"forward-addr: {R53.dns_server.replace(':', '@')}"):
            self.assertIn(line, config)
        self.assertIn("root hints", self.resolver.log())  # an empty hints file: no root servers


if __name__ == "__main__":
    unittest.main()
