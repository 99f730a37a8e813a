#!/usr/bin/python3
"""Regenerates the fixtures of this folder: what the REAL AWS CLIs print when a call fails.

For each generation (v2: /usr/bin/aws; v1: the AWS CLI v1 the harness finds, see
harness.find_aws_cli_v1) and each failure class that awsdns tells apart, one run against the
Route 53 emulator, squid, a TLS server with an untrusted certificate or a dead port, all on
loopback. Writes v1/NAME.stderr, v1/NAME.exit, v2/NAME.stderr, v2/NAME.exit. The unit tests
(test/unit/route53_cli_errors_test.cpp) classify every file and compare with EXPECTED.tsv.
Most cases use the emulator's plain-http side, as when they were first recorded; the
proxy_connect_* cases use its HTTPS side through a proxy, where the CLI opens a CONNECT tunnel.
The waiter_* cases run `aws route53 wait resource-record-sets-changed` with a waiter definition
of the shape awsdns writes (route53/waiter.cpp), read through AWS_DATA_PATH: the waiter gives up
(max attempts), reaches a terminal failure state, or meets an error no acceptor matches.

Run (as root: squid drops to 'proxy'; in a network namespace with only loopback):
    test/e2e/loopback_netns.sh /usr/bin/python3 test/data/aws_stderr/capture.py [--only A,B]
--only NAME,... records only those cases (the others' files stay as they are).
"""

import argparse
import json
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "e2e"))
import harness  # noqa: E402

ZONE = "Z0123456789ABCDEFGHIJ"
NAME = "test.clusterpro.local."
BATCH = json.dumps({"Changes": [{"Action": "UPSERT", "ResourceRecordSet": {
    "Name": NAME, "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "10.0.110.100"}]}}]})
BAD_DELETE = json.dumps({"Changes": [{"Action": "DELETE", "ResourceRecordSet": {
    "Name": NAME, "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "10.0.120.100"}]}}]})
COMMON = ["--output", "json", "--cli-connect-timeout", "2", "--cli-read-timeout", "2"]


def change(batch=BATCH):
    return ["route53", "change-resource-record-sets", "--hosted-zone-id", ZONE,
            "--change-batch", batch]


def waiter_data(workdir, name, delay, attempts, failure_acceptor=None):
    """A directory for AWS_DATA_PATH holding a ResourceRecordSetsChanged waiter."""
    acceptors = [{"matcher": "path", "argument": "ChangeInfo.Status", "expected": "INSYNC",
                  "state": "success"},
                 {"matcher": "error", "expected": "Throttling", "state": "retry"},
                 {"matcher": "error", "expected": "PriorRequestNotComplete", "state": "retry"}]
    acceptors += [{"matcher": "status", "expected": status, "state": "retry"}
                  for status in (500, 502, 503, 504)]
    if failure_acceptor:
        acceptors.append(failure_acceptor)
    directory = os.path.join(workdir, name)
    os.makedirs(os.path.join(directory, "route53", "2013-04-01"))
    with open(os.path.join(directory, "route53", "2013-04-01", "waiters-2.json"), "w") as f:
        json.dump({"version": 2, "waiters": {"ResourceRecordSetsChanged": {
            "delay": delay, "maxAttempts": attempts, "operation": "GetChange",
            "acceptors": acceptors}}}, f)
    return directory


def wait(change_id):
    return ["route53", "wait", "resource-record-sets-changed", "--id", change_id]


def lookup(zone=ZONE):
    return ["route53", "list-resource-record-sets", "--hosted-zone-id", zone,
            "--start-record-name", NAME, "--start-record-type", "A", "--max-items", "1"]


class UnlistenedBacklog:
    """A listener whose backlog is full: the kernel drops further SYNs, so a connect times out."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind((harness.ROUTE53_HOST, 0))
        self.sock.listen(0)
        self.port = self.sock.getsockname()[1]
        self.fillers = []
        for _ in range(4):  # fill the accept queue; these connects succeed or stay pending
            filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            filler.setblocking(False)
            filler.connect_ex((harness.ROUTE53_HOST, self.port))
            self.fillers.append(filler)

    def close(self):
        for filler in self.fillers:
            filler.close()
        self.sock.close()


class UntrustedTls:
    """A TLS server on loopback with a self-signed certificate that nobody trusts."""

    def __init__(self, workdir):
        key, cert = os.path.join(workdir, "key.pem"), os.path.join(workdir, "cert.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", "/CN=127.0.0.2", "-keyout", key, "-out", cert],
                       check=True, capture_output=True)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.context = context
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind((harness.ROUTE53_HOST, 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            try:
                self.context.wrap_socket(conn, server_side=True).close()
            except (OSError, ssl.SSLError):
                conn.close()

    @property
    def url(self):
        return f"https://{harness.ROUTE53_HOST}:{self.port}"

    def close(self):
        self.sock.close()


def capture(cli_path, out_dir, r53, squids, only):
    os.makedirs(out_dir, exist_ok=True)
    env = harness.base_env(extra={"AWS_MAX_ATTEMPTS": "1", "AWS_RETRY_MODE": "standard"})
    squid, no_connect = squids

    def aws(name, args, endpoint=r53.plain_endpoint_url, run_env=None):
        if only and name not in only:
            return
        prefix = [cli_path] + (["--endpoint-url", endpoint] if endpoint else [])
        result = harness.run(prefix + args + COMMON, run_env or env, timeout=120)
        with open(os.path.join(out_dir, name + ".stderr"), "w") as f:
            f.write(result.stderr)
        with open(os.path.join(out_dir, name + ".exit"), "w") as f:
            f.write(f"{result.returncode}\n")
        print(f"{os.path.basename(out_dir)} {name}: exit {result.returncode}")

    for fault, name in (("throttling", "throttling"), ("prior_request_not_complete",
                        "prior_request"), ("internal_error", "internal_error"),
                        ("service_unavailable", "service_unavailable"),
                        ("access_denied", "access_denied")):
        r53.add_fault("ChangeResourceRecordSets", fault, 1)
        aws(name, change())
    r53.clear_faults()
    aws("invalid_change_batch", change(BAD_DELETE))
    aws("no_such_zone", lookup("ZNOSUCHZONE0000000000"))
    r53.add_fault("ListResourceRecordSets", "close", 1)
    aws("connection_closed", lookup())
    r53.clear_faults()
    with harness.ClosedPort(host=harness.ROUTE53_HOST) as closed:
        aws("endpoint_refused", lookup(), endpoint=closed.url)
    with harness.BlackHole(host=harness.ROUTE53_HOST) as hole:
        aws("read_timeout", lookup(), endpoint=hole.url)
    backlog = UnlistenedBacklog()
    aws("connect_timeout", lookup(), endpoint=f"http://{harness.ROUTE53_HOST}:{backlog.port}")
    backlog.close()
    with harness.ClosedPort() as closed:
        aws("proxy_refused", lookup(), run_env=dict(env, HTTPS_PROXY=closed.url,
                                                     HTTP_PROXY=closed.url))
    bad_auth = squid.proxy_url("tester", "wrong-password")
    aws("proxy_auth_required", lookup(), run_env=dict(env, HTTP_PROXY=bad_auth,
                                                       HTTPS_PROXY=bad_auth))
    # The real path: HTTPS through the proxy, a CONNECT tunnel; the proxy refuses the tunnel
    # (407 wrong password, 403 ACL) or is not there.
    aws("proxy_connect_407", lookup(), endpoint=r53.endpoint_url,
        run_env=harness.cli_env(env, bad_auth))
    aws("proxy_connect_403", lookup(), endpoint=r53.endpoint_url,
        run_env=harness.cli_env(env, no_connect.url))
    with harness.ClosedPort() as closed:
        aws("proxy_connect_refused", lookup(), endpoint=r53.endpoint_url,
            run_env=harness.cli_env(env, closed.url))
    with tempfile.TemporaryDirectory() as workdir:
        tls = UntrustedTls(workdir)
        aws("tls_untrusted", lookup(), endpoint=tls.url)
        tls.close()
    aws("profile_not_found", lookup() + ["--profile", "nosuchprofile"])
    aws("no_credentials", lookup(), run_env=harness.base_env(
        credentials="none", extra={"AWS_EC2_METADATA_DISABLED": "true", "AWS_MAX_ATTEMPTS": "1"}))
    aws("invalid_region", lookup() + ["--region", "not a region!"], endpoint=None)
    aws("unknown_option", lookup() + ["--no-cli-pager", "--no-such-option"])
    aws("invalid_argument", lookup() + ["--max-items", "many"])
    aws("missing_argument", ["route53", "list-resource-record-sets"])
    aws("bad_json_parameter", change("{not json"))
    aws("no_region", lookup(), run_env={k: v for k, v in env.items() if k != "AWS_DEFAULT_REGION"})
    capture_waiter(aws, env, r53)


def capture_waiter(aws, env, r53):
    """The waiter's own failures: a change that stays PENDING (the emulator's insync_delay)."""
    r53.set_sync(insync_delay=3600)
    upsert = harness.run([harness.AWS_CLI, "--endpoint-url", r53.plain_endpoint_url] + change()
                         + COMMON, env, timeout=120)
    change_id = json.loads(upsert.stdout)["ChangeInfo"]["Id"].rsplit("/", 1)[-1]
    with tempfile.TemporaryDirectory() as workdir:
        plain = dict(env, AWS_DATA_PATH=waiter_data(workdir, "plain", 1, 2))
        aws("waiter_max_attempts", wait(change_id), run_env=plain)
        r53.add_fault("GetChange", "throttling", 2)
        aws("waiter_max_attempts_throttled", wait(change_id), run_env=plain)
        r53.clear_faults()
        failing = dict(env, AWS_DATA_PATH=waiter_data(workdir, "failing", 1, 2, {
            "matcher": "path", "argument": "ChangeInfo.Status", "expected": "PENDING",
            "state": "failure"}))
        aws("waiter_terminal_failure", wait(change_id), run_env=failing)
        r53.add_fault("GetChange", "access_denied", 1)
        aws("waiter_access_denied", wait(change_id), run_env=plain)
        r53.clear_faults()
    r53.set_sync(insync_delay=0)


def main():
    parser = argparse.ArgumentParser(description="Records what the AWS CLIs print per failure.")
    parser.add_argument("--only", default="", help="comma-separated case names to record")
    only = {name for name in parser.parse_args().only.split(",") if name}
    clis = [("v2", harness.AWS_CLI)]
    v1 = harness.find_aws_cli_v1()
    if v1:
        clis.append(("v1", v1))
    else:
        print("no AWS CLI v1 found: v1 fixtures not regenerated", file=sys.stderr)
    r53 = harness.Route53Emulator(zones=[(ZONE, "clusterpro.local.", 2)], plain_http=True).start()
    squid = harness.Squid(users={"tester": "right-password"}).start()
    no_connect = harness.Squid(deny_connect=r53.port).start()
    try:
        for label, path in clis:
            capture(path, os.path.join(HERE, label), r53, (squid, no_connect), only)
    finally:
        no_connect.stop()
        squid.stop()
        r53.stop()


if __name__ == "__main__":
    main()
