"""Harness: the Route 53 and IMDS emulators as managed services (see harness.py)."""

import os

from harness_core import (EMULATORS_DIR, IMDS_HOST, PROXY_SOURCE, PYTHON, ROUTE53_HOST, Service,
                          http_json, port_open, wait_until)
from harness_tls import run_ca


class _EmulatorService(Service):
    """Common start-up of the Python emulators: port file, then a listening port."""

    script = ""
    default_host = ""

    def __init__(self, host=None, port=0, workdir=None, extra_args=()):
        super().__init__(workdir)
        self.host = host or self.default_host
        self.port = port
        # squid connects out from PROXY_SOURCE: what arrives from there came through it
        self.extra_args = list(extra_args) + ["--proxy-source", PROXY_SOURCE]

    def start(self, timeout=15.0):
        port_file = os.path.join(self.workdir, f"{self.name}.port")
        if os.path.exists(port_file):
            os.unlink(port_file)
        self._spawn([PYTHON, os.path.join(EMULATORS_DIR, self.script), "--host", self.host,
                     "--port", str(self.port), "--port-file", port_file] + self.extra_args)

        def ready():
            if not self.alive():
                return "dead"
            try:
                with open(port_file) as f:
                    return f.read().strip() or None
            except OSError:
                return None
        state = wait_until(ready, timeout)
        if state in (None, "dead"):
            self._fail_start("no port file")
        self.port = int(state)
        if not wait_until(lambda: port_open(self.host, self.port), timeout):
            self._fail_start("port not listening")
        return self

    @property
    def base_url(self):
        """http://HOST:PORT: the control API (and plain-http requests)."""
        return f"http://{self.host}:{self.port}"

    @property
    def authority(self):
        """HOST:PORT, as a CONNECT request (and squid's access log) names it."""
        return f"{self.host}:{self.port}"

    def control(self, method, path, body=None):
        """Calls the control API (/_emulator/PATH) directly and returns its JSON answer."""
        return http_json(method, f"{self.base_url}/_emulator/{path.lstrip('/')}", body)


class Route53Emulator(_EmulatorService):
    """The Route 53 API emulator, over HTTPS as AWS is: its certificate is signed by the test
    run's CA (harness_tls.run_ca(); give the AWS CLI `ca_bundle` as AWS_CA_BUNDLE). The same
    port answers plain http for the control API; the Route 53 API on plain http only with
    plain_http=True (for a test about plain http; `plain_endpoint_url`). zones: [(zone_id,
    zone_name, n_records)] created at start-up (and re-created by reset()); pending_count /
    insync_delay set the GetChange schedule, apply_time how long a zone answers another change
    with PriorRequestNotComplete; budget (a dict, see set_budget) Route 53's request budget at
    start-up (off unless given with enabled=True). Each logged request says whether it came over
    TLS ("tls") and through the proxy ("via_proxy": from squid's PROXY_SOURCE, or with a proxy's
    headers)."""

    name = "route53"
    script = "route53_emulator.py"
    default_host = ROUTE53_HOST

    def __init__(self, host=None, port=0, zones=(), pending_count=0, insync_delay=0.0,
                 workdir=None, plain_http=False, apply_time=0.0, budget=None):
        args = ["--pending-count", str(pending_count), "--insync-delay", str(insync_delay),
                "--apply-time", str(apply_time)] + _budget_arguments(budget or {})
        for zone_id, zone_name, records in zones:
            args += ["--zone", f"{zone_id}:{zone_name}:{records}"]
        self.plain_http = plain_http
        super().__init__(host, port, workdir, args + (["--plain-http"] if plain_http else []))

    def start(self, timeout=15.0):
        if "--tls-cert" not in self.extra_args:
            cert, key = run_ca().server_certificate(self.host)
            self.extra_args += ["--tls-cert", cert, "--tls-key", key]
        return super().start(timeout)

    @property
    def endpoint_url(self):
        """Value for the AWS CLI's --endpoint-url: https://HOST:PORT."""
        return f"https://{self.host}:{self.port}"

    @property
    def plain_endpoint_url(self):
        """http://HOST:PORT, for a test about plain http (needs plain_http=True)."""
        if not self.plain_http:
            raise RuntimeError("Route53Emulator(plain_http=True) serves the API on plain http")
        return self.base_url

    @property
    def ca_bundle(self):
        """The PEM file that makes the AWS CLI trust this emulator (AWS_CA_BUNDLE)."""
        return run_ca().bundle

    def reset(self, keep_zones=False):
        """Back to the start-up state: zones, faults, counters, log, changes, GetChange schedule."""
        return self.control("POST", "reset", {"keep_zones": keep_zones})

    def create_zone(self, zone_id, name="clusterpro.local.", records=0, rrsets=(), soa_ns=True,
                    record_prefix="host", record_type="A"):
        """Creates/replaces a zone with apex SOA+NS (soa_ns), N synthetic records
        (PREFIX00000.NAME ... -> 10.x.y.z) and the given rrsets (see put_rrsets)."""
        return self.control("POST", "zones", {
            "id": zone_id, "name": name, "records": records, "rrsets": list(rrsets),
            "soa_ns": soa_ns, "record_prefix": record_prefix, "record_type": record_type})

    def delete_zone(self, zone_id):
        return self.control("DELETE", f"zones/{zone_id}")

    def put_rrsets(self, zone_id, rrsets):
        """Adds/replaces records without Route 53's rules. rrsets: [{"name", "type", "ttl",
        "values": [...], "set_identifier"?}]; returns the whole zone."""
        return self.control("POST", f"zones/{zone_id}/rrsets", list(rrsets))

    def rrsets(self, zone_id):
        """Every record set of the zone in Route 53 order, in the CLI's JSON shape."""
        return self.control("GET", f"zones/{zone_id}/rrsets")

    def find_rrset(self, zone_id, name, rtype="A"):
        """The record set (CLI JSON shape) with that name and type, or None."""
        name = name.lower() if name.endswith(".") else name.lower() + "."
        for record in self.rrsets(zone_id):
            if record["Name"] == name and record["Type"] == rtype:
                return record
        return None

    def set_faults(self, faults, append=False):
        """Installs faults (see route53_emulator.py for the fields), replacing or appending."""
        return self.control("POST", "faults", {"faults": list(faults), "append": append})

    def add_fault(self, operation, kind, count=1, **fields):
        """Appends one fault: e.g. add_fault("ChangeResourceRecordSets", "throttling", 2)."""
        fault = dict(fields, operation=operation, kind=kind, count=count)
        return self.set_faults([fault], append=True)

    def clear_faults(self):
        return self.control("DELETE", "faults")

    def set_sync(self, pending_count=None, insync_delay=None, apply_time=None):
        """Schedule of NEW changes: GetChange says PENDING for pending_count answers and until
        insync_delay seconds after the change (never before it is applied); the zone answers
        another change with PriorRequestNotComplete for apply_time seconds."""
        body = {key: value for key, value in (("pending_count", pending_count),
                                              ("insync_delay", insync_delay),
                                              ("apply_time", apply_time)) if value is not None}
        return self.control("POST", "sync", body)

    def set_budget(self, **settings):
        """Route 53's request budget: enabled, burst, rate (account bucket), per_operation,
        operation_burst, operation_rate (None: as the account's), change_cost,
        change_cost_per_change. Given settings change; every bucket is full again. Returns
        budget()."""
        return self.control("POST", "budget", settings)

    def budget(self):
        """{"config", "tokens": {"account", "operations": {op: n}}, "counters": {op:
        {"requests", "admitted", "throttled", "prior_request_not_complete", "answered",
        "answers": {"OK"|code: n}}}, "monotonic"}: the budget as of now."""
        return self.control("GET", "budget")

    def budget_counters(self, operation):
        """The budget's counters of one operation (zeros when it saw no request)."""
        counters = self.budget()["counters"].get(operation)
        return counters or {"requests": 0, "admitted": 0, "throttled": 0,
                            "prior_request_not_complete": 0, "answered": 0, "answers": {}}

    def stats(self):
        """{"total", "requests": {operation: n}, "faults_injected", "zones", "changes",
        "budget": {operation: counters as in budget()}}."""
        return self.control("GET", "stats")

    def request_count(self, operation=None):
        """Requests received (of one operation, or all), control API excluded."""
        stats = self.stats()
        return stats["total"] if operation is None else stats["requests"].get(operation, 0)

    def request_log(self, operation=None):
        """Logged requests: {seq, time, monotonic, client, method, path, query, headers,
        via_proxy, access_key_id, operation, fault, budget ("throttled",
        "prior_request_not_complete" or None), status}."""
        entries = self.control("GET", "log")
        return [e for e in entries if operation is None or e["operation"] == operation]

    def clear_log(self):
        """Clears the request log and the request and budget counters only (zones, faults, the
        budget's buckets stay)."""
        return self.control("DELETE", "log")

    def changes(self):
        """Accepted change batches, oldest first: {id, zone, comment, submitted_at, status,
        get_change_answers, changes: [{action, record}], moments: {accepted, applied, insync,
        first_insync_answer: {"monotonic", "wall"} or None}} (monotonic: time.monotonic() of
        this machine, comparable with the test's own)."""
        return self.control("GET", "changes")

    @property
    def dns_server(self):
        """"HOST:PORT" of the emulator's DNS side (UDP): the zones' name servers."""
        answer = self.control("GET", "dns")
        return f"{answer['host']}:{answer['port']}"

    def dns_log(self):
        """DNS queries answered: {time, client, name, type, rd, edns, rcode, values, ttls,
        negative_ttl}, oldest first."""
        return self.control("GET", "dns/log")

    def clear_dns_log(self):
        return self.control("DELETE", "dns/log")


def _budget_arguments(budget):
    """route53_emulator.py's --budget* options for a set_budget() style dict."""
    budget = dict(budget)
    args = ["--budget"] if budget.pop("enabled", False) else []
    if not budget.pop("per_operation", True):
        args.append("--budget-no-per-operation")
    if budget.pop("change_cost_per_change", False):
        args.append("--budget-change-cost-per-change")
    for key, value in budget.items():
        if value is not None:
            args += [f"--budget-{key.replace('_', '-')}", str(value)]
    return args


class ImdsEmulator(_EmulatorService):
    """The IMDSv2 emulator. access_key_id is what the CLI signs with when it uses these
    credentials (visible in the Route 53 emulator's log as access_key_id)."""

    name = "imds"
    script = "imds_emulator.py"
    default_host = IMDS_HOST
    access_key_id = "ASIAIMDSEMULATOR0001"

    @property
    def endpoint(self):
        """Value for AWS_EC2_METADATA_SERVICE_ENDPOINT (the trailing slash is required)."""
        return f"{self.base_url}/"

    def reset(self):
        return self.control("POST", "reset")

    def configure(self, **settings):
        """role, access_key_id, secret_access_key, session_token, require_token,
        expiration_seconds."""
        if "access_key_id" in settings:
            self.access_key_id = settings["access_key_id"]
        return self.control("POST", "config", settings)

    def set_faults(self, faults, append=False):
        return self.control("POST", "faults", {"faults": list(faults), "append": append})

    def request_log(self):
        """Logged requests: {client, method, path, headers (tokens ***), via_proxy, status...}."""
        return self.control("GET", "log")

    def stats(self):
        return self.control("GET", "stats")
