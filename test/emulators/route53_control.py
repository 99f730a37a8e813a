"""The Route 53 emulator's control API (JSON in, JSON out), under /_emulator/ on its port:

  POST   /_emulator/reset                 {"keep_zones": false} -> back to the start-up state
                                          (zones, faults, log, GetChange schedule, budget)
  POST   /_emulator/zones                 {"id", "name", "records": N, "record_prefix": "host",
                                           "record_type": "A", "soa_ns": true, "rrsets": [...]}
  DELETE /_emulator/zones/ID
  GET    /_emulator/zones/ID/rrsets       every record set of the zone, in Route 53 order
  POST   /_emulator/zones/ID/rrsets       [{"name","type","ttl","values","set_identifier"}]
                                           added/replaced without Route 53's rules
  POST   /_emulator/faults                {"faults": [FAULT...], "append": false}
  DELETE /_emulator/faults
  POST   /_emulator/sync                  {"pending_count": N, "insync_delay": SECONDS,
                                           "apply_time": SECONDS} for changes made from now on
  POST   /_emulator/budget                {"enabled", "burst", "rate", "per_operation",
                                           "operation_burst", "operation_rate", "change_cost",
                                           "change_cost_per_change"}: given keys change, every
                                          bucket is full again (route53_budget.py)
  GET    /_emulator/budget                configuration, tokens now, counters per operation
  GET    /_emulator/stats                 counters per operation, faults injected, zone sizes,
                                          the budget's counters ("budget")
  GET    /_emulator/log                   request log (method, path, query, headers redacted,
                                          time and monotonic, status, fault, budget)
  DELETE /_emulator/log                   empties the log and the request and budget counters
  GET    /_emulator/changes               accepted change batches, oldest first, with their
                                          moments (accepted, applied, insync,
                                          first_insync_answer: {"monotonic", "wall"})
  GET    /_emulator/dns                   {"host", "port"} of the DNS side, queries answered
  GET    /_emulator/dns/log               DNS queries: time, client, name, type, rcode, answer
                                          values, TTLs of answer and authority
  DELETE /_emulator/dns/log
"""

from route53_model import ApiError, RecordSet


class ControlApi:
    """Mixin for the emulator's request handler: `control()` answers /_emulator/ paths."""

    def control(self, path, query, raw):
        try:
            body = self.json_body(raw)
            parts = path[len("/_emulator/"):].strip("/").split("/")
            for handler in (self._control_state, self._control_zones, self._control_schedule,
                            self._control_records):
                answer = handler(parts, body)
                if answer is not None:
                    return self.send_json(*answer)
            return self.send_json(404, {"error": f"unknown control path {self.command} {path}"})
        except ApiError as e:
            return self.send_json(e.status, {"error": e.message, "code": e.code})
        except (ValueError, KeyError, TypeError) as e:
            return self.send_json(400, {"error": f"{type(e).__name__}: {e}"})

    def _control_state(self, parts, body):
        server = self.server
        if parts == ["reset"] and self.command == "POST":
            server.reset(keep_zones=bool(body.get("keep_zones")))
            return 200, {"ok": True}
        if parts == ["faults"] and self.command == "POST":
            server.faults.set(body.get("faults", []), append=bool(body.get("append")))
            return 200, server.faults.list()
        if parts == ["faults"] and self.command in ("DELETE", "GET"):
            if self.command == "DELETE":
                server.faults.clear()
            return 200, server.faults.list()
        if parts == ["budget"] and self.command == "POST":
            server.budget.configure(body)
            return 200, server.budget.snapshot()
        if parts == ["budget"] and self.command == "GET":
            return 200, server.budget.snapshot()
        return None

    def _control_zones(self, parts, body):
        model = self.server.model
        if parts == ["zones"] and self.command == "POST":
            zone = model.create_zone(
                body["id"], body.get("name", "clusterpro.local."), int(body.get("records", 0)),
                body.get("record_prefix", "host"), body.get("record_type", "A"),
                bool(body.get("soa_ns", True)), body.get("rrsets", []))
            return 200, {"id": zone.id, "name": zone.name, "records": len(zone)}
        if parts == ["zones"] and self.command == "GET":
            with model.lock:
                return 200, {z.id: {"name": z.name, "records": len(z)}
                             for z in model.zones.values()}
        if len(parts) == 2 and parts[0] == "zones" and self.command == "DELETE":
            with model.lock:
                model.zones.pop(parts[1], None)
            return 200, {"ok": True}
        if len(parts) == 3 and parts[0] == "zones" and parts[2] == "rrsets":
            if self.command == "POST":
                model.put_rrsets(parts[1], [
                    RecordSet.from_json(obj)
                    for obj in (body if isinstance(body, list) else body.get("rrsets", []))])
            with model.lock:
                return 200, [r.to_json() for r in model.zone(parts[1]).all()]
        return None

    def _control_schedule(self, parts, body):
        model = self.server.model
        if parts == ["sync"] and self.command == "POST":
            with model.lock:
                model.pending_count = int(body.get("pending_count", model.pending_count))
                model.insync_delay = float(body.get("insync_delay", model.insync_delay))
                model.apply_time = float(body.get("apply_time", model.apply_time))
                return 200, {"pending_count": model.pending_count,
                             "insync_delay": model.insync_delay, "apply_time": model.apply_time}
        if parts == ["changes"] and self.command == "GET":
            return 200, model.change_log()
        return None

    def _control_records(self, parts, body):
        server = self.server
        if parts == ["stats"] and self.command == "GET":
            stats = server.log.snapshot()
            with server.model.lock:
                stats["zones"] = {z.id: len(z) for z in server.model.zones.values()}
                stats["changes"] = len(server.model.change_order)
            stats["faults_pending"] = server.faults.list()
            stats["budget"] = server.budget.snapshot()["counters"]
            return 200, stats
        if parts == ["log"] and self.command == "GET":
            return 200, server.log.list()
        if parts == ["log"] and self.command == "DELETE":
            server.log.reset()
            server.budget.clear_counters()
            return 200, {"ok": True}
        if parts == ["dns"] and self.command == "GET":
            host, port = server.dns.address
            return 200, {"host": host, "port": port,
                         "queries": server.dns.log.snapshot()["total"]}
        if parts == ["dns", "log"] and self.command == "GET":
            return 200, server.dns.log.list()
        if parts == ["dns", "log"] and self.command == "DELETE":
            server.dns.log.reset()
            return 200, {"ok": True}
        return None
