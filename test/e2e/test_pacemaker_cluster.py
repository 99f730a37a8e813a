"""A real two-node Pacemaker cluster (harness_cluster.py: corosync 3 + pacemakerd, each node in
its own network, mount, UTS and PID namespaces) runs this checkout's OCF agent scripts/ocf/awsdns
(ocf:awsdns:awsdns) with the real /usr/bin/aws over HTTPS through a real squid (CONNECT) against
the Route 53 emulator. The nodes reach squid only over the test network (the host end of its
veth, in the module's own loopback-only network namespace); squid reaches the emulator on
loopback. Nothing else is reachable from the nodes.

Scenario: start on node1; node1 standby -> node2; the record changed behind the cluster's back
-> the monitor fails and Pacemaker recovers it; kill -9 of every process of node2 -> node1 takes
over; node1 standby -> stop deletes the record. The record is read from the emulator's state.
Every wait is a bounded poll (it catches hangs). The times measured go to a JSON file
($AWSDNS_B6_OUT, else $AWSDNS_BUILD_DIR/b6_pacemaker.json) that bench/b6.py turns into the B6
rows of BENCHMARKS.md. Where it cannot run (not root, no namespaces, packages missing) the module
is skipped with the reason; under CI=true that is an error instead: CI must run it."""

import datetime
import json
import os
import subprocess
import time
import unittest
import xml.etree.ElementTree as ET

import harness
from harness_cluster import CIBADMIN, CRM_FAILCOUNT, CRM_RESOURCE, CRM_STANDBY, \
    PacemakerCluster, missing_requirement
from harness_netns import TestNetwork

ZONE = "Z0PACEMAKER0TEST0001"
NAME = "test.clusterpro.local"
RESOURCE = "dns"
OTHER_IP = "10.0.99.99"  # the value written behind the cluster's back (no node's address)
MONITOR_INTERVAL_S = 5
STEP_TIMEOUT = 90.0  # per step: only catches a hang
TOTAL_BOUND = 300.0  # the bound for the whole scenario
AGENT_SOURCE = os.path.join(harness.SOURCE_DIR, "scripts", "ocf", "awsdns")

NETWORK = R53 = SQUID = CLUSTER = None


def setUpModule():
    global NETWORK, R53, SQUID
    reason = missing_requirement()
    if reason:
        if os.environ.get("CI") == "true":
            raise RuntimeError(f"test_pacemaker_cluster must run in CI but cannot: {reason}")
        raise unittest.SkipTest(f"test_pacemaker_cluster: {reason}")
    NETWORK = TestNetwork()
    unittest.addModuleCleanup(NETWORK.stop)
    NETWORK.start()
    R53 = harness.Route53Emulator(zones=[(ZONE, "clusterpro.local.", 0)]).start()
    unittest.addModuleCleanup(R53.stop)
    port = harness.free_port()
    SQUID = harness.Squid(port=port, extra_config=[
        f"http_port {NETWORK.host_address}:{port}",
        f"acl testnet src {NETWORK.subnet}.0/24",
        "http_access allow testnet"]).start()
    unittest.addModuleCleanup(SQUID.stop)


def write_files(directory):
    """The settings file (proxy = squid on the test network, dummy credentials), the awsdns
    configuration (node name -> address) and the agent directory for the overlay."""
    proxy = f"http://{NETWORK.host_address}:{SQUID.port}"
    settings = harness.write_settings_file(directory, harness.aws_settings(proxy, **{
        "NO_PROXY": "169.254.169.254",
        "AWS_ACCESS_KEY_ID": harness.DUMMY_ACCESS_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": harness.DUMMY_SECRET_ACCESS_KEY,
        "AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_PAGER": ""}))
    ips = {"node1": NETWORK.address(1), "node2": NETWORK.address(2)}
    config = harness.write_yaml_config(directory, harness.route53_config(
        R53.endpoint_url, ZONE, NAME, ips=ips, resource="web"))
    agents = os.path.join(directory, "agents")
    os.makedirs(os.path.join(agents, "awsdns"))
    os.symlink(AGENT_SOURCE, os.path.join(agents, "awsdns", "awsdns"))
    for path in (agents, os.path.join(agents, "awsdns")):
        os.chmod(path, 0o755)  # the overlay's top directory takes these permissions
    return settings, config, agents


def primitive_xml(config, settings):
    """ocf:awsdns:awsdns, initially stopped; node is left to the agent (crm_node -n)."""
    rsc = ET.Element("primitive", id=RESOURCE, attrib={"class": "ocf"}, provider="awsdns",
                     type="awsdns")
    params = ET.SubElement(rsc, "instance_attributes", id=f"{RESOURCE}-params")
    for key, value in (("config", config), ("resource", "web"),
                       ("awsdns", harness.awsdns_bin()), ("env_file", settings)):
        ET.SubElement(params, "nvpair", id=f"{RESOURCE}-{key}", name=key, value=value)
    meta = ET.SubElement(rsc, "meta_attributes", id=f"{RESOURCE}-meta")
    ET.SubElement(meta, "nvpair", id=f"{RESOURCE}-target-role", name="target-role",
                  value="Stopped")
    ops = ET.SubElement(rsc, "operations")
    for name, interval, timeout in (("start", "0s", "150s"), ("stop", "0s", "150s"),
                                    ("monitor", f"{MONITOR_INTERVAL_S}s", "60s")):
        ET.SubElement(ops, "op", id=f"{RESOURCE}-{name}-{interval}", name=name,
                      interval=interval, timeout=timeout)
    return ET.tostring(rsc, encoding="unicode")


def tool_version(argv):
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    return (proc.stdout + proc.stderr).strip().splitlines()[0] if proc.stdout + proc.stderr \
        else "unknown"


def write_figures(times):
    """Writes the measured times for bench/b6.py (B6 of BENCHMARKS.md)."""
    path = os.environ.get("AWSDNS_B6_OUT") or (
        os.path.join(harness.BUILD_DIR, "b6_pacemaker.json") if harness.BUILD_DIR else "")
    if not path:
        return
    figures = {
        "measured_by": "test/e2e/test_pacemaker_cluster.py",
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "monitor_interval_s": MONITOR_INTERVAL_S, "nproc": os.cpu_count(),
        "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "versions": {"pacemaker": tool_version(["/usr/sbin/pacemakerd", "--version"]),
                     "corosync": tool_version(["/usr/sbin/corosync", "-v"]),
                     "awsdns": tool_version([harness.awsdns_bin(), "--version"]),
                     "aws-cli": tool_version([harness.AWS_CLI, "--version"])},
        "times_s": {k: round(v, 2) for k, v in times.items()}}
    with open(path, "w") as f:
        json.dump(figures, f, indent=2)
        f.write("\n")


class PacemakerClusterTest(unittest.TestCase):

    maxDiff = None

    def setUp(self):
        global CLUSTER
        self.dir = harness.make_temp_dir("awsdns-pcmk-files-")
        os.chmod(self.dir, 0o755)
        self.settings, self.config, agents = write_files(self.dir)
        self.times = {}
        started = time.monotonic()
        # The sanitizer pass (test/run.sh) sets these for awsdns: the agent's awsdns gets them too.
        sanitizers = {k: v for k, v in os.environ.items() if k in ("ASAN_OPTIONS", "UBSAN_OPTIONS")}
        CLUSTER = PacemakerCluster(["node1", "node2"], NETWORK, agents, sanitizers)
        self.addCleanup(CLUSTER.stop)
        CLUSTER.start()
        self.times["cluster_formed"] = time.monotonic() - started
        self.node1, self.node2 = CLUSTER.node("node1"), CLUSTER.node("node2")

    # ---- helpers ------------------------------------------------------------------------------
    def crm(self, node, argv):
        proc = CLUSTER.crm(node, argv)
        self.assertEqual(proc.returncode, 0, f"{' '.join(argv)} on {node.name}:\n"
                         f"{proc.stdout}{proc.stderr}\n{CLUSTER.diagnostics()}")
        return proc.stdout

    def record_values(self):
        record = R53.find_rrset(ZONE, NAME, "A")
        return None if record is None else [r["Value"] for r in record["ResourceRecords"]]

    def wait_for(self, what, predicate, started=None):
        """Polls predicate until true (fails after STEP_TIMEOUT); returns the seconds from
        `started` (default: the call) to the first true answer."""
        started = time.monotonic() if started is None else started
        if not harness.wait_until(predicate, STEP_TIMEOUT, 0.1):
            self.fail(f"{what}: not within {STEP_TIMEOUT:.0f}s; record {self.record_values()}\n"
                      f"{CLUSTER.diagnostics()}")
        return time.monotonic() - started

    def wait_record(self, what, values, started):
        """Seconds from `started` until the record's values are `values` (None: absent)."""
        return self.wait_for(what, lambda: self.record_values() == values, started)

    def wait_located(self, what, nodes, via):
        """Waits until the resource is active on `nodes` and no action is pending: the next
        step's clock starts on an idle cluster (the record changes before start returns)."""
        self.wait_for(what, lambda: CLUSTER.locate(RESOURCE, via) == nodes)
        self.settle(via)

    def settle(self, via):
        self.assertTrue(CLUSTER.settled(via), f"cluster did not settle\n{CLUSTER.diagnostics()}")

    # ---- the scenario -------------------------------------------------------------------------
    def test_failover_scenario(self):
        scenario_started = time.monotonic()
        ip1, ip2 = self.node1.address, self.node2.address
        n1 = self.node1
        self.crm(n1, [CIBADMIN, "--create", "-o", "resources", "--xml-text",
                      primitive_xml(self.config, self.settings)])
        self.crm(n1, [CIBADMIN, "--create", "-o", "constraints", "--xml-text",
                      f'<rsc_location id="{RESOURCE}-prefers-node1" rsc="{RESOURCE}" '
                      'node="node1" score="50"/>'])
        self.settle(n1)  # the probes ran on both nodes: not running anywhere
        self.assertIsNone(self.record_values())

        started = time.monotonic()
        self.crm(n1, [CRM_RESOURCE, "-r", RESOURCE, "--meta", "-p", "target-role", "-v",
                      "Started"])
        self.times["start"] = self.wait_record("start on node1", [ip1], started)
        self.wait_located("started on node1", ["node1"], n1)

        started = time.monotonic()
        self.crm(n1, [CRM_STANDBY, "-N", "node1", "-v", "on"])
        self.times["standby_move"] = self.wait_record("node1 standby -> node2", [ip2], started)
        self.wait_located("moved to node2", ["node2"], n1)

        # node1 back online: the resource stays where it is (stickiness 100 > location 50).
        self.crm(n1, [CRM_STANDBY, "-N", "node1", "-v", "off"])
        self.settle(n1)
        self.assertEqual(CLUSTER.locate(RESOURCE, n1), ["node2"], CLUSTER.diagnostics())

        started = time.monotonic()
        R53.put_rrsets(ZONE, [{"name": NAME, "type": "A", "ttl": 300, "values": [OTHER_IP]}])
        self.assertEqual(self.record_values(), [OTHER_IP])
        self.times["recovery"] = self.wait_record("recovery after the change", [ip2], started)
        self.wait_for("monitor failure counted on node2", lambda: self.fail_count("node2") >= 1)
        self.wait_located("recovered on node2", ["node2"], n1)

        started = time.monotonic()
        self.assertTrue(self.node2.kill_processes(), "node2's processes survived kill -9")
        self.times["node_loss_takeover"] = self.wait_record("node1 takes over", [ip1], started)
        self.wait_located("running on node1", ["node1"], n1)

        started = time.monotonic()
        self.crm(n1, [CRM_STANDBY, "-N", "node1", "-v", "on"])
        self.times["final_stop"] = self.wait_record("stop deletes the record", None, started)
        self.wait_located("stopped everywhere", [], n1)
        self.times["scenario_total"] = time.monotonic() - scenario_started

        # Every AWS CLI request came from a node over the test network, through squid's CONNECT
        # tunnels, over TLS.
        entries = SQUID.entries()
        self.assertEqual({e["client"] for e in entries}, {ip1, ip2}, "squid's clients")
        self.assertEqual({(e["method"], e["url"]) for e in entries}, {("CONNECT", R53.authority)})
        changes = R53.request_log("ChangeResourceRecordSets")
        self.assertTrue(changes and all(e["via_proxy"] and e["tls"] for e in changes), changes)

        # Clean-up is part of the test: no process, namespace, veth or mount is left.
        CLUSTER.stop()
        NETWORK.stop()
        self.assertFalse(NETWORK.host_link_exists())
        self.assertLess(self.times["scenario_total"] + self.times["cluster_formed"], TOTAL_BOUND,
                        self.times)
        write_figures(self.times)
        print(f"\nB6 times (s): {json.dumps({k: round(v, 2) for k, v in self.times.items()})}")

    def fail_count(self, node_name):
        """fail-count of the resource on a node (crm_failcount --query), 0 when unset."""
        proc = CLUSTER.crm(self.node1, [CRM_FAILCOUNT, "--query", "-r", RESOURCE, "-N",
                                        node_name])
        for field in proc.stdout.split():
            if field.startswith("value="):
                value = field.split("=", 1)[1]
                return 1_000_000 if value == "INFINITY" else int(value or 0)
        return 0


if __name__ == "__main__":
    unittest.main()
