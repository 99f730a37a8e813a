# Regenerates the files of this folder: REAL /usr/bin/aws (2.9.19) output against the Route 53
# emulator (loopback only). Run: /usr/bin/python3 test/data/aws_output/capture.py
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
    res = harness.run_aws(args + ["--output", "json", "--no-cli-pager"], env, endpoint_url=endpoint)
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
r53.add_fault("ChangeResourceRecordSets", "throttling", 1)
aws("error_throttling", ["route53", "change-resource-record-sets", "--hosted-zone-id", Z, "--change-batch", batch], env=dict(env, AWS_MAX_ATTEMPTS="1"), expect=254)
r53.add_fault("ChangeResourceRecordSets", "internal_error", 1)
aws("error_internal", ["route53", "change-resource-record-sets", "--hosted-zone-id", Z, "--change-batch", batch], env=dict(env, AWS_MAX_ATTEMPTS="1"), expect=254)
r53.add_fault("ChangeResourceRecordSets", "service_unavailable", 1)
aws("error_service_unavailable", ["route53", "change-resource-record-sets", "--hosted-zone-id", Z, "--change-batch", batch], env=dict(env, AWS_MAX_ATTEMPTS="1"), expect=254)
r53.add_fault("ChangeResourceRecordSets", "prior_request_not_complete", 1)
aws("error_prior_request", ["route53", "change-resource-record-sets", "--hosted-zone-id", Z, "--change-batch", batch], env=dict(env, AWS_MAX_ATTEMPTS="1"), expect=254)
r53.add_fault("ChangeResourceRecordSets", "access_denied", 1)
aws("error_access_denied", ["route53", "change-resource-record-sets", "--hosted-zone-id", Z, "--change-batch", batch], expect=254)
# a DELETE with wrong values: Route 53's own InvalidChangeBatch
bad = json.dumps({"Changes": [{"Action": "DELETE", "ResourceRecordSet": {"Name": "test.clusterpro.local.", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "10.0.120.100"}]}}]})
aws("error_invalid_change_batch", ["route53", "change-resource-record-sets", "--hosted-zone-id", Z, "--change-batch", bad], expect=254)
aws("error_no_such_zone", lookup("test.clusterpro.local.", "A")[:3] + ["ZNOSUCHZONE0000000000"] + lookup("x", "A")[4:], expect=254)
with harness.ClosedPort() as closed:
    aws("error_proxy_refused", lookup("test.clusterpro.local.", "A"), env=dict(env, HTTPS_PROXY=closed.url, HTTP_PROXY=closed.url, AWS_MAX_ATTEMPTS="1"), expect=255)
aws("error_no_credentials", lookup("test.clusterpro.local.", "A"), env=harness.base_env(credentials="none", extra={"AWS_EC2_METADATA_DISABLED": "true"}), expect=253)
aws("error_bad_parameter", lookup("test.clusterpro.local.", "A") + ["--page-size", "1"], expect=252)
r53.stop()
