# Regenerates the files of this folder: REAL /usr/bin/aws (2.9.19) output against the Route 53
# emulator (loopback only, over HTTPS with the harness's test CA). Run, as root, in a network
# namespace with only loopback: test/e2e/loopback_netns.sh /usr/bin/python3 test/data/aws_output/capture.py
# NAME.json = stdout, NAME.stderr = stderr, NAME.exit = exit status. Read by test/unit/route53_*.
import sys, os, json
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "e2e"))
import harness
OUT = HERE
Z = "Z0123456789ABCDEFGHIJ"
r53 = harness.Route53Emulator(zones=[(Z, "clusterpro.local.", 5)]).start()
env = harness.base_env()
def aws(name, args, env=env, endpoint=r53.endpoint_url, expect=None):
    res = harness.run_aws(args + ["--output", "json"], env, endpoint_url=endpoint)
    print(name, res.returncode)
    if expect is not None: assert res.returncode == expect, res.describe()
    if res.stdout:
        open(os.path.join(OUT, name + ".json"), "w").write(res.stdout)
    if res.stderr:
        open(os.path.join(OUT, name + ".stderr"), "w").write(res.stderr)
    open(os.path.join(OUT, name + ".exit"), "w").write(f"{res.returncode}\n")
    return res
batch = json.dumps({"Changes": [{"Action": "UPSERT", "ResourceRecordSet": {"Name": "test.clusterpro.local.", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "10.0.110.100"}]}}]})
r53.set_sync(pending_count=1)
res = aws("change_upsert", ["route53", "change-resource-record-sets", "--hosted-zone-id", Z, "--change-batch", batch], expect=0)
cid = json.loads(res.stdout)["ChangeInfo"]["Id"]
aws("get_change_pending", ["route53", "get-change", "--id", cid], expect=0)
aws("get_change_insync", ["route53", "get-change", "--id", cid], expect=0)
lookup = lambda n, t: ["route53", "list-resource-record-sets", "--hosted-zone-id", Z, "--start-record-name", n, "--start-record-type", t, "--max-items", "1"]
aws("list_found", lookup("test.clusterpro.local.", "A"), expect=0)
aws("list_next_record", lookup("host00002.clusterpro.local.", "AAAA"), expect=0)   # not present: the next one
aws("list_empty", lookup("zzz.clusterpro.local.", "A"), expect=0)
aws("list_other_type", lookup("test.clusterpro.local.", "AAAA"), expect=0)
# The zone's SOA for check --live: the first 10 record sets from the start of the zone (the apex
# first), and a zone whose apex holds 10 record sets sorted before its SOA (weighted A records).
zone_start = ["route53", "list-resource-record-sets", "--hosted-zone-id", Z, "--max-items", "10",
              "--page-size", "10"]
aws("list_zone_start", zone_start, expect=0)
r53.put_rrsets(Z, [{"name": "clusterpro.local.", "type": "A", "ttl": 60, "values": [f"10.0.0.{i}"],
                    "set_identifier": f"w{i}"} for i in range(1, 10)])
aws("list_zone_start_busy_apex", zone_start, expect=0)
aws("list_apex_soa", lookup("clusterpro.local.", "SOA"), expect=0)
# Failures of both AWS CLI generations: test/data/aws_stderr/capture.py.
r53.stop()
