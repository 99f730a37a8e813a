#!/usr/bin/python3
"""Route 53 REST API emulator for tests and benchmarks (loopback only, stdlib only).

Serves what AWS CLI 2.x sends for ChangeResourceRecordSets, GetChange, ListResourceRecordSets
(and GetHostedZone), ignoring SigV4 signatures. Rules and ordering: see route53_model.py.
Also answers DNS over UDP on the same address (--dns-port, 0 = a free port) as the zones' name
servers would: authoritative (AA) answers for A, AAAA, SOA, NS, CNAME, TXT, MX; NXDOMAIN and
NODATA with the zone's SOA in the authority section; REFUSED for names in no zone; a change
reaches DNS when it becomes INSYNC by time (route53_model.py). Each query is logged.

Control API (JSON) on the same server:
  POST   /_emulator/reset                 {"keep_zones": false} -> back to the start-up state
  POST   /_emulator/zones                 {"id", "name", "records": N, "record_prefix": "host",
                                           "record_type": "A", "soa_ns": true, "rrsets": [...]}
  DELETE /_emulator/zones/ID
  GET    /_emulator/zones/ID/rrsets       every record set of the zone, in Route 53 order
  POST   /_emulator/zones/ID/rrsets       [{"name","type","ttl","values","set_identifier"}]
                                           added/replaced without Route 53's rules
  POST   /_emulator/faults                {"faults": [FAULT...], "append": false}
  DELETE /_emulator/faults
  POST   /_emulator/sync                  {"pending_count": N, "insync_delay": SECONDS}
  GET    /_emulator/stats                 counters per operation, faults injected, zone sizes
  GET    /_emulator/log                   request log (method, path, query, headers redacted)
  GET    /_emulator/changes               accepted change batches, oldest first
  GET    /_emulator/dns                   {"host", "port"} of the DNS side, queries answered
  GET    /_emulator/dns/log               DNS queries: time, client, name, type, rcode, answer
                                          values, TTLs of answer and authority
  DELETE /_emulator/dns/log
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
  [--proxy-source ADDR]...
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
                 dns_port=0):
        super().__init__(address, Route53Handler)
        self.verbose = verbose
        self.plain_http = True  # the API on plain http too; main() turns it off for TLS
        self.initial_zones = initial_zones
        self.initial_sync = (pending_count, insync_delay)
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
        self.model.pending_count, self.model.insync_delay = self.initial_sync
        if old is not None:
            self.model.zones = old
        else:
            for spec in self.initial_zones:
                self.model.create_zone(**spec)
        self.faults.clear()
        self.log.reset()


class Route53Handler(EmulatorHandler):
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
        fault = self.server.faults.take(operation)
        entry = self.log_entry(operation, path, query, fault["kind"] if fault else None)
        entry["status"] = None  # set once answered; stays None when the connection is dropped
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
        status, xml = self.run_operation(operation, resource, query, body,
                                         execute=not fault or fault["kind"] == "delay"
                                         or fault.get("apply", False))
        if fault and fault["kind"] != "delay":
            status, xml = self.fault_answer(fault, operation)
        entry["status"] = status
        self.send_body(status, xml, "text/xml",
                       {"x-amzn-RequestId": random_id("", 36).lower()})

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
        return status, self.error_xml(ApiError(status, code, message, etype))

    @staticmethod
    def error_xml(error):
        return document("ErrorResponse", _xml("Error", _xml("Type", error.error_type)
                                             + _xml("Code", error.code)
                                             + _xml("Message", escape(error.message)))
                        + _xml("RequestId", random_id("", 36).lower()))

    def run_operation(self, operation, resource, query, body, execute=True):
        if not execute:
            return 0, ""
        model = self.server.model
        try:
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
        except ApiError as e:
            return e.status, self.error_xml(e)

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

    # ---- control API -------------------------------------------------------------------------
    def control(self, path, query, raw):
        server = self.server
        try:
            body = self.json_body(raw)
            parts = path[len("/_emulator/"):].strip("/").split("/")
            if parts == ["reset"] and self.command == "POST":
                server.reset(keep_zones=bool(body.get("keep_zones")))
                return self.send_json(200, {"ok": True})
            if parts == ["zones"] and self.command == "POST":
                zone = server.model.create_zone(
                    body["id"], body.get("name", "clusterpro.local."), int(body.get("records", 0)),
                    body.get("record_prefix", "host"), body.get("record_type", "A"),
                    bool(body.get("soa_ns", True)), body.get("rrsets", []))
                return self.send_json(200, {"id": zone.id, "name": zone.name, "records": len(zone)})
            if parts == ["zones"] and self.command == "GET":
                with server.model.lock:
                    zones = {z.id: {"name": z.name, "records": len(z)}
                             for z in server.model.zones.values()}
                return self.send_json(200, zones)
            if len(parts) == 2 and parts[0] == "zones" and self.command == "DELETE":
                with server.model.lock:
                    server.model.zones.pop(parts[1], None)
                return self.send_json(200, {"ok": True})
            if len(parts) == 3 and parts[0] == "zones" and parts[2] == "rrsets":
                if self.command == "POST":
                    server.model.put_rrsets(parts[1], [
                        RecordSet.from_json(obj)
                        for obj in (body if isinstance(body, list) else body.get("rrsets", []))])
                with server.model.lock:
                    zone = server.model.zone(parts[1])
                    return self.send_json(200, [r.to_json() for r in zone.all()])
            if parts == ["faults"] and self.command == "POST":
                server.faults.set(body.get("faults", []), append=bool(body.get("append")))
                return self.send_json(200, server.faults.list())
            if parts == ["faults"] and self.command in ("DELETE", "GET"):
                if self.command == "DELETE":
                    server.faults.clear()
                return self.send_json(200, server.faults.list())
            if parts == ["sync"] and self.command == "POST":
                with server.model.lock:
                    server.model.pending_count = int(body.get("pending_count",
                                                              server.model.pending_count))
                    server.model.insync_delay = float(body.get("insync_delay",
                                                               server.model.insync_delay))
                return self.send_json(200, {"pending_count": server.model.pending_count,
                                            "insync_delay": server.model.insync_delay})
            if parts == ["stats"] and self.command == "GET":
                stats = server.log.snapshot()
                with server.model.lock:
                    stats["zones"] = {z.id: len(z) for z in server.model.zones.values()}
                    stats["changes"] = len(server.model.change_order)
                stats["faults_pending"] = server.faults.list()
                return self.send_json(200, stats)
            if parts == ["log"] and self.command == "GET":
                return self.send_json(200, server.log.list())
            if parts == ["log"] and self.command == "DELETE":
                server.log.reset()
                return self.send_json(200, {"ok": True})
            if parts == ["dns"] and self.command == "GET":
                host, port = server.dns.address
                return self.send_json(200, {"host": host, "port": port,
                                            "queries": server.dns.log.snapshot()["total"]})
            if parts == ["dns", "log"] and self.command == "GET":
                return self.send_json(200, server.dns.log.list())
            if parts == ["dns", "log"] and self.command == "DELETE":
                server.dns.log.reset()
                return self.send_json(200, {"ok": True})
            if parts == ["changes"] and self.command == "GET":
                return self.send_json(200, server.model.change_log())
            return self.send_json(404, {"error": f"unknown control path {self.command} {path}"})
        except ApiError as e:
            return self.send_json(e.status, {"error": e.message, "code": e.code})
        except (ValueError, KeyError, TypeError) as e:
            return self.send_json(400, {"error": f"{type(e).__name__}: {e}"})


def main():
    parser = common_arguments("Route 53 REST API emulator", "127.0.0.2")
    parser.add_argument("--zone", action="append", default=[],
                        help="hosted zone to create: ID or ID:NAME[:RECORDS] (repeatable)")
    parser.add_argument("--zone-name", default="clusterpro.local.", help="DNS name of --zone")
    parser.add_argument("--records", type=int, default=0, help="synthetic records per --zone")
    parser.add_argument("--pending-count", type=int, default=0,
                        help="GetChange answers reporting PENDING per change")
    parser.add_argument("--insync-delay", type=float, default=0.0,
                        help="seconds after a change before GetChange may report INSYNC")
    parser.add_argument("--dns-port", type=int, default=0,
                        help="UDP port of the DNS side; 0 picks a free one (default)")
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
    server = Route53Server((args.host, args.port), zones, args.pending_count, args.insync_delay,
                           args.verbose, args.dns_port)
    configure(server, args)
    server.plain_http = args.plain_http or server.tls_context is None
    serve(server, args.port_file)


if __name__ == "__main__":
    main()
