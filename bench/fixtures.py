"""Fixtures shared by the figures: the Route 53 emulator, the files each tool reads, how each tool
is invoked (awsdns; Pacemaker's aws-vpc-route53 agent), and the list of problems met."""

import os
import shutil
import tempfile

import harness  # test/e2e/harness.py (bench.py puts test/e2e on sys.path)
from measure import Runner

HERE = os.path.dirname(os.path.abspath(__file__))
PEERS_DIR = os.path.join(HERE, "peers")
AWS_WRAPPER = os.path.join(PEERS_DIR, "aws-endpoint-wrapper")
BASH_WRAPPER = os.path.join(PEERS_DIR, "bash_wrapper.sh")
AGENT = "/usr/lib/ocf/resource.d/heartbeat/aws-vpc-route53"
OCF_ROOT = "/usr/lib/ocf"
RECORD_NAME = "test.clusterpro.local."
RECORD_TTL = 60
NODE = "server1"
NODE_IP = "10.0.110.100"
OTHER_IP = "10.0.120.100"


def zone_id_for(size):
    """A valid-looking hosted zone id per zone size, e.g. ZBENCH0000010000."""
    return f"ZBENCH{size:010d}"


class Context:
    """Fixtures and helpers shared by the figures."""

    def __init__(self, args, log):
        self.args = args
        self.log = log
        self.awsdns = args.awsdns
        self.workdir = tempfile.mkdtemp(prefix="awsdns-bench-")
        self.problems = []  # unexpected outcomes, stated in the report
        self.spawn_log = os.path.join(self.workdir, "aws-runs.log")
        self.r53 = harness.Route53Emulator(workdir=self._sub("route53")).start()
        # The emulator is HTTPS with the run's CA: the AWS CLI run directly (and through the
        # counting wrapper) trusts it by AWS_CA_BUNDLE; awsdns's by the settings file below.
        self.env = harness.cli_env(harness.base_env(home=self._sub("home")))
        self.env.update({"AWSDNS_BENCH_ENDPOINT": self.r53.endpoint_url,
                         "AWSDNS_BENCH_SPAWN_LOG": self.spawn_log})
        self.settings = harness.write_settings_file(self._sub("settings"),
                                                    harness.aws_settings())
        self.runner = Runner(self.env, self.r53, self.spawn_log, log)
        self.agent_profile_dir = self._agent_profile()
        self.zones = {}

    def _sub(self, name):
        path = os.path.join(self.workdir, name)
        os.makedirs(path, exist_ok=True)
        return path

    def close(self):
        harness.stop_all()
        if not self.args.keep:
            shutil.rmtree(self.workdir, ignore_errors=True)

    # ---- zones and the record ------------------------------------------------------------
    def zone(self, size):
        """Zone id of a zone with `size` synthetic A records plus SOA, NS and the test record."""
        if size not in self.zones:
            zone_id = zone_id_for(size)
            self.r53.create_zone(zone_id, records=size)
            self.zones[size] = zone_id
            self.point(zone_id, NODE_IP)
        return self.zones[size]

    def zone_records(self, zone_id):
        return self.r53.stats()["zones"][zone_id]

    def point(self, zone_id, ip):
        """Sets the test record to `ip` (control API: not counted as an API request)."""
        self.r53.put_rrsets(zone_id, [{"name": RECORD_NAME, "type": "A", "ttl": RECORD_TTL,
                                       "values": [ip]}])

    def record_ip(self, zone_id):
        found = self.r53.find_rrset(zone_id, RECORD_NAME)
        if not found:
            return None
        values = found.get("ResourceRecords") or found.get("values") or []
        return [v.get("Value") if isinstance(v, dict) else v for v in values]

    # ---- awsdns ----------------------------------------------------------------------------
    def awsdns_config(self, zone_id, name, env_file=None, via_wrapper=True, resource=None,
                      record_name=RECORD_NAME, resource_name="web"):
        """A production-like configuration for the test record in `zone_id` (or `record_name`,
        resource `resource_name`: B8's clusters each have their own). via_wrapper: the AWS CLI
        is the counting wrapper (which adds --endpoint-url); else /usr/bin/aws with
        --endpoint-url in extra_args. env_file: the settings file (default: only the CA)."""
        aws = {"connect_timeout": 10, "read_timeout": 30, "call_timeout": 100, "attempts": 4,
               # awsdns builds the AWS CLI's environment from scratch: name what the offline
               # setup and the counting wrapper need.
               "pass_env": list(harness.TEST_PASS_ENV) + ["AWSDNS_BENCH_ENDPOINT",
                                                          "AWSDNS_BENCH_SPAWN_LOG"]}
        if via_wrapper:
            aws.update({"cli": AWS_WRAPPER, "extra_args": []})
        config = harness.route53_config(
            self.r53.endpoint_url, zone_id, record_name=record_name.rstrip("."),
            resource=resource_name,
            ips={NODE: NODE_IP, "server2": OTHER_IP}, env_file=env_file or self.settings,
            lock_dir=self._sub("locks"), aws=aws,
            resource_settings=dict({"ttl": RECORD_TTL, "wait_timeout": 300}, **(resource or {})))
        return harness.write_yaml_config(self._sub("configs"), config, name=f"{name}.yaml")

    def awsdns_argv(self, action, config, node=NODE):
        return [self.awsdns, action, "--config", config, "--node", node]

    # ---- the peer agent (Pacemaker aws-vpc-route53) ----------------------------------------
    def _agent_profile(self):
        """The AWS profile the agent insists on (`--profile default`, text output), with dummy
        keys, so the CLI never looks for instance-metadata credentials."""
        directory = self._sub("agent-aws")
        with open(os.path.join(directory, "config"), "w") as f:
            f.write("[default]\nregion = us-east-1\noutput = text\n")
        with open(os.path.join(directory, "credentials"), "w") as f:
            f.write(f"[default]\naws_access_key_id = {harness.DUMMY_ACCESS_KEY_ID}\n"
                    f"aws_secret_access_key = {harness.DUMMY_SECRET_ACCESS_KEY}\n")
        return directory

    def agent_env(self, zone_id, interval_ms=0, record_name=RECORD_NAME):
        """Environment of one agent action, as Pacemaker would set it; interval 0 = probe."""
        return {
            "PATH": PEERS_DIR + ":" + harness.SAFE_PATH,  # bench/peers/dig: see that file
            "OCF_ROOT": OCF_ROOT,
            "OCF_RESOURCE_INSTANCE": "bench_route53",
            "OCF_RESKEY_CRM_meta_interval": str(interval_ms),
            "OCF_RESKEY_awscli": AWS_WRAPPER,
            "OCF_RESKEY_profile": "default",
            "OCF_RESKEY_hostedzoneid": zone_id,
            "OCF_RESKEY_fullname": record_name,
            "OCF_RESKEY_ip": NODE_IP,
            "OCF_RESKEY_ttl": str(RECORD_TTL),
            "AWS_CONFIG_FILE": os.path.join(self.agent_profile_dir, "config"),
            "AWS_SHARED_CREDENTIALS_FILE": os.path.join(self.agent_profile_dir, "credentials"),
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CA_BUNDLE": self.r53.ca_bundle,
        }

    # ---- outcomes --------------------------------------------------------------------------
    def expect(self, figure, sample, codes=(0,)):
        """Records an unexpected exit status as a problem (stated in the report)."""
        if sample.returncode not in codes:
            tail = sample.output.strip().splitlines()[-3:]
            self.problems.append(f"{figure}: `{sample.label}` exited {sample.returncode} "
                                 f"(expected {'/'.join(map(str, codes))}): "
                                 + " | ".join(tail))
        return sample


    def verify_record(self, figure, zone_id, what):
        """Records a problem unless the test record now holds this node's address."""
        values = self.record_ip(zone_id)
        if values != [NODE_IP]:
            self.problems.append(f"{figure}: after {what} the record holds {values}, "
                                 f"expected [{NODE_IP}]")
