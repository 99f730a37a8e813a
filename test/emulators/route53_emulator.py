#!/usr/bin/python3
"""Route 53 REST API emulator for tests and benchmarks (loopback only, stdlib only).

Serves what AWS CLI 2.x sends for ChangeResourceRecordSets, GetChange, ListResourceRecordSets
(and GetHostedZone), ignoring SigV4 signatures. Rules and ordering: see route53_model.py.
Also answers DNS over UDP on the same address (--dns-port, 0 = a free port) as the zones' name
servers would: authoritative (AA) answers for A, AAAA, SOA, NS, CNAME, TXT, MX; NXDOMAIN and
NODATA with the zone's SOA in the authority section; REFUSED for names in no zone; a change
reaches DNS when it becomes INSYNC by time (route53_model.py). Each query is logged.

Control API (JSON, under /_emulator/ on the same port): see route53_control.py.

Route 53's request budget since 2026-07-30 (off unless --budget or POST /_emulator/budget):
token buckets for the account and per operation; a request that finds too few tokens gets HTTP
400 Throttling "Rate exceeded" and takes none; the rules and choices are in route53_budget.py.
The check comes first: a throttled request consumes no injected fault and changes nothing. A
change to a zone still applying its previous one (--apply-time) gets PriorRequestNotComplete
(route53_model.py). The request log marks either answer in "budget" ("throttled",
"prior_request_not_complete"); /_emulator/stats counts them per operation.

A FAULT is {"operation": "ChangeResourceRecordSets"|"GetChange"|"ListResourceRecordSets"|"*",
"kind": KIND, "count": N (-1 forever, default 1), "skip": M (let M matching requests pass first),
"delay": SECONDS (sleep before answering), "apply": bool (run the operation anyway)} with KIND:
  throttling (400 Throttling), prior_request_not_complete (400 PriorRequestNotComplete),
  internal_error (500 InternalFailure), service_unavailable (503 ServiceUnavailable),
  invalid_change_batch (400 InvalidChangeBatch, "message"), access_denied (403 AccessDenied),
  error ("status", "code", "message", "type"), delay (answer normally after "delay" seconds),
  close (close the connection without answering).

HTTPS: with --tls-cert/--tls-key the same port serves the API over TLS (emulator_common.py);
plain-http API requests are then refused (HTTP 400, code PlainHttpRefused, logged with status
400) unless --plain-http is given, so a test cannot fall back to plain http unnoticed. The
control API answers on plain http (and over TLS) always. --proxy-source ADDR marks requests
whose TCP peer is ADDR as via_proxy (a CONNECT tunnel adds no header).

Command line: route53_emulator.py [--host 127.0.0.2] [--port 0] [--port-file F]
  [--zone ID|ID:NAME[:N]]... [--zone-name NAME] [--records N] [--pending-count N]
  [--insync-delay S] [--dns-port P] [--tls-cert PEM --tls-key PEM [--plain-http]]
  [--proxy-source ADDR]... [--apply-time S] [--budget [--budget-burst N] [--budget-rate R]
  [--budget-operation-burst N] [--budget-operation-rate R] [--budget-no-per-operation]
  [--budget-change-cost C] [--budget-change-cost-per-change]]
  (--zone-name/--records are the defaults for zones given as a bare ID)
"""

import os
import socket
import sys
import threading
import time
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from emulator_common import (EmulatorHandler, FaultTable, LoopbackServer, RequestLog,  # noqa: E402
                             common_arguments, configure, require_loopback, serve, tls_arguments)
from route53_budget import CHANGE_OPERATION, Budget, budget_arguments, budget_config  # noqa: E402
from route53_control import ControlApi  # noqa: E402
from route53_model import ApiError, RecordSet, Route53Model, random_id  # noqa: E402
import dns_wire  # noqa: E402

NAMESPACE = "https://route53.amazonaws.com/doc/2013-04-01/"
API_PREFIX = "/2013-04-01/"

FAULT_ERRORS = {
    "throttling": (400, "Throttling", "Rate exceeded", "Sender"),
    "prior_request_not_complete": (400, "PriorRequestNotComplete",
                                   "The request was rejected because Route 53 was still "
                                   "processing a prior request.", "Sender"),
    "internal_error": (500, "InternalFailure", "An internal error occurred.", "Receiver"),
    "http500": (500, "InternalFailure", "An internal error occurred.", "Receiver"),
    "service_unavailable": (503, "ServiceUnavailable", "Service Unavailable", "Receiver"),
    "invalid_change_batch": (400, "InvalidChangeBatch", "[Injected fault]", "Sender"),
    "access_denied": (403, "AccessDenied", "User: arn:aws:iam::123456789012:user/test is not "
                      "authorized to perform: route53:* on resource", "Sender"),
}


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _child(element, name):
    for c in element:
        if _local(c.tag) == name:
            return c
    return None


def _text(element, name, default=None):
    c = _child(element, name)
    return c.text.strip() if c is not None and c.text is not None else default


def _xml(tag, content):
    return f"<{tag}>{content}</{tag}>"


def record_xml(record):
    """A ResourceRecordSet element as Route 53 returns it."""
    parts = [_xml("Name", escape(record.name)), _xml("Type", record.type)]
    if record.set_identifier is not None:
        parts.append(_xml("SetIdentifier", escape(record.set_identifier)))
    parts.extend(xml for _, xml in record.extra)
    if record.ttl is not None:
        parts.append(_xml("TTL", str(record.ttl)))
    if record.values:
        parts.append(_xml("ResourceRecords", "".join(
            _xml("ResourceRecord", _xml("Value", escape(v))) for v in record.values)))
    return _xml("ResourceRecordSet", "".join(parts))


def change_info_xml(change, status):
    comment = _xml("Comment", escape(change.comment)) if change.comment is not None else ""
    return _xml("ChangeInfo", _xml("Id", f"/change/{change.id}") + _xml("Status", status)
                + _xml("SubmittedAt", change.submitted_at) + comment)


def document(root, content):
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="{NAMESPACE}">{content}'
            f"</{root}>")


def parse_change_batch(body):
    """(comment, [(action, RecordSet)]) from a ChangeResourceRecordSetsRequest body."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        raise ApiError(400, "InvalidInput", f"Invalid XML: {e}") from None
    batch = _child(root, "ChangeBatch")
    changes_el = _child(batch, "Changes") if batch is not None else None
    if changes_el is None or len(changes_el) == 0:
        raise ApiError(400, "InvalidInput", "Invalid XML ; missing ChangeBatch/Changes")
    changes = []
    for change in changes_el:
        action = _text(change, "Action", "")
        rrset = _child(change, "ResourceRecordSet")
        if rrset is None or not _text(rrset, "Name") or not _text(rrset, "Type"):
            raise ApiError(400, "InvalidInput", "Invalid XML ; ResourceRecordSet needs Name, Type")
        ttl = _text(rrset, "TTL")
        values = []
        records_el = _child(rrset, "ResourceRecords")
        if records_el is not None:
            values = [_text(r, "Value", "") for r in records_el]
        extra = []
        for c in rrset:
            tag = _local(c.tag)
            if tag not in ("Name", "Type", "SetIdentifier", "TTL", "ResourceRecords"):
                for el in c.iter():
                    el.tag = _local(el.tag)
                extra.append((tag, ET.tostring(c, encoding="unicode").strip()))
        changes.append((action, RecordSet(_text(rrset, "Name"), _text(rrset, "Type"),
                                          int(ttl) if ttl is not None else None, values,
                                          _text(rrset, "SetIdentifier"), extra)))
    return _text(batch, "Comment"), changes


def count_changes(body):
    """Change elements of a ChangeResourceRecordSetsRequest body (1 when it cannot be read: the
    operation then answers InvalidInput, after the budget took the cost of one change)."""
    try:
        batch = _child(ET.fromstring(body), "ChangeBatch")
        changes = _child(batch, "Changes") if batch is not None else None
        return max(1, len(changes)) if changes is not None else 1
    except ET.ParseError:
        return 1


class DnsSide:
    """The zones' name servers: a UDP socket on the emulator's address, one thread answering
    from the model (server.model, looked up per query so a reset takes effect)."""

    def __init__(self, server, host, port):
        self.server = server
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.socket.bind((host, port))
        self.address = self.socket.getsockname()
        self.log = RequestLog()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                data, client = self.socket.recvfrom(4096)
            except OSError:
                return
            try:
                answer = self.answer(data, client)
            except Exception as error:  # noqa: BLE001 - one bad query never stops the server
                sys.stderr.write(f"dns: {type(error).__name__}: {error}\n")
                answer = dns_wire.error_response(data, dns_wire.SERVFAIL)
            if answer:
                try:
                    self.socket.sendto(answer, client)
                except OSError:
                    pass

    def answer(self, data, client):
        try:
            query = dns_wire.parse_query(data)
        except ValueError:
            return dns_wire.error_response(data, dns_wire.FORMERR)
        entry = {"time": time.time(), "client": f"{client[0]}:{client[1]}",
                 "operation": "DnsQuery", "name": query.qname, "type": query.type_name,
                 "edns": query.edns_payload is not None, "rd": bool(query.flags & 0x0100)}
        if query.opcode != 0 or query.qclass != dns_wire.CLASS_IN:
            entry["rcode"] = "NOTIMP"
            self.log.add(entry)
            return dns_wire.response(query, dns_wire.NOTIMP, authoritative=False)
        rcode, records, soa = self.server.model.dns_answer(query.qname, query.type_name)
        answers, values, ttls = [], [], []
        for record in records:
            owner = dns_wire.QUESTION_POINTER if record.name == query.qname \
                else dns_wire.encode_name(record.name)
            for value in record.values:
                try:
                    wire = dns_wire.rdata(record.type, value)
                except ValueError:
                    continue
                answers.append(dns_wire.resource_record(owner, record.type, record.ttl, wire))
                values.append(value)
                ttls.append(record.ttl)
        authority, negative_ttl = [], None
        if soa is not None and not answers:
            minimum = dns_wire.soa_fields(soa.values[0])[6]
            negative_ttl = min(soa.ttl, minimum)
            authority.append(dns_wire.resource_record(
                dns_wire.encode_name(soa.name), "SOA", negative_ttl,
                dns_wire.rdata("SOA", soa.values[0])))
        code = {"NOERROR": dns_wire.NOERROR, "NXDOMAIN": dns_wire.NXDOMAIN,
                "REFUSED": dns_wire.REFUSED}[rcode]
        entry.update({"rcode": rcode, "values": values, "ttls": ttls,
                      "negative_ttl": negative_ttl})
        self.log.add(entry)
        return dns_wire.response(query, code, answers, authority,
                                 authoritative=rcode != "REFUSED")


class Route53Server(LoopbackServer):
    """Server state: the model, the fault table, the request log and the start-up zones."""

    def __init__(self, address, initial_zones, pending_count, insync_delay, verbose=False,
                 dns_port=0, apply_time=0.0, budget=None):
        super().__init__(address, Route53Handler)
        self.verbose = verbose
        self.plain_http = True  # the API on plain http too; main() turns it off for TLS
        self.initial_zones = initial_zones
        self.initial_sync = (pending_count, insync_delay, apply_time)
        self.budget = Budget(budget)
        self.faults = FaultTable()
        self.log = RequestLog()
        self.generation = 0
        self.reset(keep_zones=False)
        self.dns = DnsSide(self, address[0], dns_port)

    def reset(self, keep_zones=False):
        """Start-up state again; requests still sleeping in a delay fault are then dropped."""
        self.generation += 1
        old = self.model.zones if keep_zones and hasattr(self, "model") else None
        self.model = Route53Model()
        self.model.pending_count, self.model.insync_delay, self.model.apply_time = \
            self.initial_sync
        if old is not None:
            self.model.zones = old
        else:
            for spec in self.initial_zones:
                self.model.create_zone(**spec)
        self.faults.clear()
        self.log.reset()
        self.budget.reset()


class Route53Handler(ControlApi, EmulatorHandler):
    def do_GET(self):
        self.dispatch()

    def do_POST(self):
        self.dispatch()

    def do_DELETE(self):
        self.dispatch()

    def do_PUT(self):
        self.dispatch()

    def operation_of(self, path):
        if not path.startswith(API_PREFIX):
            return "Unknown", None
        parts = path[len(API_PREFIX):].strip("/").split("/")
        if len(parts) == 3 and parts[0] == "hostedzone" and parts[2] == "rrset":
            return ("ChangeResourceRecordSets" if self.command == "POST"
                    else "ListResourceRecordSets"), parts[1]
        if len(parts) == 2 and parts[0] == "change" and self.command == "GET":
            return "GetChange", parts[1]
        if len(parts) == 2 and parts[0] == "hostedzone" and self.command == "GET":
            return "GetHostedZone", parts[1]
        return "Unknown", None

    def dispatch(self):
        path, query = self.split_path()
        body = self.read_body()
        if path.startswith("/_emulator/"):
            return self.control(path, query, body)
        operation, resource = self.operation_of(path)
        if not self.server.plain_http and not self.over_tls():
            return self.refuse_plain_http(operation, path, query)
        budget = self.server.budget
        if not budget.charge(operation, count_changes(body) if operation == CHANGE_OPERATION
                             else 1):
            return self.answer(operation, self.throttled_entry(operation, path, query),
                               *self.fault_answer({"kind": "throttling"}, operation))
        fault = self.server.faults.take(operation)
        entry = self.log_entry(operation, path, query, fault["kind"] if fault else None)
        entry["status"] = None  # set once answered; stays None when the connection is dropped
        entry["budget"] = None
        self.server.log.add(entry)
        generation = self.server.generation
        if fault and fault.get("delay"):
            time.sleep(float(fault["delay"]))
            if generation != self.server.generation:  # reset meanwhile: do not touch new state
                return self.drop_connection()
        if fault and fault["kind"] == "close":
            if fault.get("apply"):
                self.run_operation(operation, resource, query, body)
            return self.drop_connection()
        status, xml, code = self.run_operation(operation, resource, query, body,
                                               execute=not fault or fault["kind"] == "delay"
                                               or fault.get("apply", False))
        if code == "PriorRequestNotComplete":
            entry["budget"] = "prior_request_not_complete"
            budget.prior_request_not_complete(operation)
        if fault and fault["kind"] != "delay":
            status, xml, code = self.fault_answer(fault, operation)
        self.answer(operation, entry, status, xml, code)

    def throttled_entry(self, operation, path, query):
        """The logged entry of a request the budget throttled (no fault taken, nothing run)."""
        entry = self.log_entry(operation, path, query)
        entry["budget"] = "throttled"
        self.server.log.add(entry)
        return entry

    def answer(self, operation, entry, status, xml, code):
        """Sends an API answer, notes its status in the log entry, counts its code."""
        entry["status"] = status
        self.send_body(status, xml, "text/xml", {"x-amzn-RequestId": random_id("", 36).lower()})
        self.server.budget.answered(operation, code)

    def refuse_plain_http(self, operation, path, query):
        """The API on plain http while the emulator serves HTTPS: a test misconfiguration."""
        entry = self.log_entry(operation, path, query, "plain-http-refused")
        entry["status"] = 400
        self.server.log.add(entry)
        error = ApiError(400, "PlainHttpRefused", "this emulator serves the Route 53 API over "
                         "https only (start it with --plain-http to allow plain http)")
        self.send_body(400, self.error_xml(error), "text/xml")

    def fault_answer(self, fault, operation):
        kind = fault["kind"]
        if kind == "error":
            spec = (int(fault.get("status", 400)), fault.get("code", "InvalidInput"),
                    fault.get("message", "Injected error"), fault.get("type", "Sender"))
        elif kind in FAULT_ERRORS:
            spec = FAULT_ERRORS[kind]
        else:
            spec = (400, "InvalidInput", f"unknown fault kind {kind}", "Sender")
        status, code, message, etype = spec
        if "message" in fault:
            message = fault["message"]
        return status, self.error_xml(ApiError(status, code, message, etype)), code

    @staticmethod
    def error_xml(error):
        return document("ErrorResponse", _xml("Error", _xml("Type", error.error_type)
                                             + _xml("Code", error.code)
                                             + _xml("Message", escape(error.message)))
                        + _xml("RequestId", random_id("", 36).lower()))

    def run_operation(self, operation, resource, query, body, execute=True):
        """(status, xml, code) of the operation: code "OK" or the error code."""
        if not execute:
            return 0, "", "OK"
        try:
            status, xml = self.operation_answer(operation, resource, query, body)
            return status, xml, "OK"
        except ApiError as e:
            return e.status, self.error_xml(e), e.code

    def operation_answer(self, operation, resource, query, body):
        """(status, xml) of a successful operation; raises ApiError for an error answer."""
        model = self.server.model
        if operation == "ChangeResourceRecordSets":
            comment, changes = parse_change_batch(body)
            change = model.change_rrsets(resource, comment, changes)
            return 200, document("ChangeResourceRecordSetsResponse",
                                 change_info_xml(change, "PENDING"))
        if operation == "GetChange":
            change, status = model.get_change(resource)
            return 200, document("GetChangeResponse", change_info_xml(change, status))
        if operation == "ListResourceRecordSets":
            return 200, self.list_answer(resource, query)
        if operation == "GetHostedZone":
            zone = model.zone(resource)
            hosted_zone = (_xml("Id", f"/hostedzone/{zone.id}") + _xml("Name", zone.name)
                           + _xml("CallerReference", zone.id)
                           + _xml("Config", _xml("PrivateZone", "true"))
                           + _xml("ResourceRecordSetCount", str(len(zone))))
            return 200, document("GetHostedZoneResponse", _xml("HostedZone", hosted_zone))
        raise ApiError(404, "UnknownOperationException", f"Unknown operation {self.command} "
                       f"{self.path}")

    def list_answer(self, zone_id, query):
        records, following, echoed = self.server.model.list_rrsets(
            zone_id, query.get("name"), query.get("type"), query.get("identifier"),
            query.get("maxitems"))
        content = _xml("ResourceRecordSets", "".join(record_xml(r) for r in records))
        content += _xml("IsTruncated", "true" if following else "false")
        if following:
            content += _xml("NextRecordName", escape(following.name))
            content += _xml("NextRecordType", following.type)
            if following.set_identifier is not None:
                content += _xml("NextRecordIdentifier", escape(following.set_identifier))
        content += _xml("MaxItems", escape(echoed))
        return document("ListResourceRecordSetsResponse", content)


def main():
    parser = common_arguments("Route 53 REST API emulator", "127.0.0.2")
    parser.add_argument("--zone", action="append", default=[],
                        help="hosted zone to create: ID or ID:NAME[:RECORDS] (repeatable)")
    parser.add_argument("--zone-name", default="clusterpro.local.", help="DNS name of --zone")
    parser.add_argument("--records", type=int, default=0, help="synthetic records per --zone")
    parser.add_argument("--pending-count", type=int, default=0,
                        help="GetChange answers reporting PENDING per change")
    parser.add_argument("--insync-delay", type=float, default=0.0,
                        help="seconds after a change before GetChange may report INSYNC "
                             "(never before the change is applied: --apply-time)")
    parser.add_argument("--dns-port", type=int, default=0,
                        help="UDP port of the DNS side; 0 picks a free one (default)")
    parser.add_argument("--apply-time", type=float, default=0.0,
                        help="seconds after a change during which its zone answers another "
                             "change with PriorRequestNotComplete (default 0: never)")
    budget_arguments(parser)
    tls_arguments(parser)
    parser.add_argument("--plain-http", action="store_true",
                        help="with --tls-cert: serve the API on plain http too")
    args = parser.parse_args()
    require_loopback(args.host)
    zones = []
    for spec in args.zone:  # ID, or ID:NAME[:RECORDS] for zones that differ from the defaults
        zone_id, _, rest = spec.partition(":")
        name, _, records = rest.partition(":")
        zones.append({"zone_id": zone_id, "name": name or args.zone_name,
                      "records": int(records) if records else args.records})
    try:
        budget = budget_config(args)
    except ValueError as error:
        parser.error(str(error))
    server = Route53Server((args.host, args.port), zones, args.pending_count, args.insync_delay,
                           args.verbose, args.dns_port, args.apply_time, budget)
    configure(server, args)
    server.plain_http = args.plain_http or server.tls_context is None
    serve(server, args.port_file)


if __name__ == "__main__":
    main()
