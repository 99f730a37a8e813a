"""In-memory model of Route 53 hosted zones, record sets and changes (no HTTP here).

The rules follow the real service as far as the AWS CLI can observe them:
- record names are stored lower case, fully qualified (trailing dot), with characters other than
  [a-z0-9-_] escaped as \\ooo (so '*' becomes '\\052', as Route 53 returns it);
- ListResourceRecordSets order: name with its labels reversed plus a trailing dot
  ("com.example.www."), then type, then set identifier;
- ChangeResourceRecordSets batches are atomic; CREATE of an existing record, DELETE of a missing
  one, or DELETE whose TTL/values differ from the current ones reject the whole batch with
  InvalidChangeBatch and the messages Route 53 uses.
- A zone is busy for `apply_time` seconds after an accepted change (Route 53 applies a change
  before it propagates): another change to it meanwhile is rejected with PriorRequestNotComplete
  (not applied). INSYNC comes `insync_delay` seconds after the change but never before the
  change is applied: at max(insync_delay, apply_time). Both default to 0 and are set apart.
- The name servers' view (dns_answer): an accepted change reaches DNS when it becomes INSYNC by
  time (insync_delay; pending_count only affects GetChange); zones and record sets set through
  the control API are served at once. Answers are authoritative: the records of the name and
  type, else NODATA or NXDOMAIN with the zone's SOA for the negative answer, its TTL the lesser
  of the SOA's TTL and its MINIMUM field (RFC 2308, as Route 53 does); names in no zone are
  REFUSED.
"""

import bisect
import datetime
import ipaddress
import random
import string
import threading
import time

PRIOR_REQUEST_MESSAGE = ("The request was rejected because Route 53 was still processing a prior "
                         "request.")
MAX_ITEMS_LIMIT = 300  # Route 53 never returns more record sets per page

VALID_TYPES = {"SOA", "A", "TXT", "NS", "CNAME", "MX", "NAPTR", "PTR", "SRV", "SPF", "AAAA", "CAA",
               "DS"}


class ApiError(Exception):
    """A Route 53 error answer: HTTP status, ErrorResponse Type/Code/Message."""

    def __init__(self, status, code, message, error_type="Sender"):
        super().__init__(f"{code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.error_type = error_type


def _escape_char(ch):
    if ch.isascii() and (ch.isalnum() or ch in "-_"):
        return ch
    return "".join("\\%03o" % b for b in ch.encode("utf-8"))


def canonical_name(name):
    """Route 53's stored form of a DNS name: lower case, escaped, with the trailing dot."""
    name = name.strip()
    if name in ("", "."):
        return "."
    if not name.endswith("."):
        name += "."
    labels = []
    for label in name[:-1].split("."):
        out = []
        i = 0
        while i < len(label):
            ch = label[i]
            if ch == "\\" and i + 3 < len(label) and label[i + 1:i + 4].isdigit():
                out.append(_escape_char(chr(int(label[i + 1:i + 4], 8)).lower()))
                i += 4
                continue
            if ch == "\\" and i + 1 < len(label):
                out.append(_escape_char(label[i + 1].lower()))
                i += 2
                continue
            out.append(_escape_char(ch.lower()))
            i += 1
        labels.append("".join(out))
    return ".".join(labels) + "."


def reversed_name(name):
    """Sort key of a canonical name: labels reversed, joined by dots, with a trailing dot."""
    if name == ".":
        return "."
    return ".".join(reversed(name[:-1].split("."))) + "."


def sort_key(name, rtype, set_identifier):
    """The (reversed name, type, identifier) tuple Route 53 orders record sets by."""
    return (reversed_name(name), rtype or "", set_identifier or "")


def now_iso():
    """Current UTC time in Route 53's timestamp format."""
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def random_id(prefix, length=20):
    """A Route 53 style identifier (upper-case letters and digits)."""
    alphabet = string.ascii_uppercase + string.digits
    return prefix + "".join(random.choice(alphabet) for _ in range(length - len(prefix)))


class RecordSet:
    """One resource record set. `extra` keeps other XML children (AliasTarget, Weight...) verbatim."""

    __slots__ = ("name", "type", "set_identifier", "ttl", "values", "extra")

    def __init__(self, name, rtype, ttl=None, values=(), set_identifier=None, extra=()):
        self.name = canonical_name(name)
        self.type = rtype.upper()
        self.set_identifier = set_identifier
        self.ttl = ttl
        self.values = list(values)
        self.extra = list(extra)  # list of (tag, xml_text) pairs, emitted as is

    def key(self):
        return sort_key(self.name, self.type, self.set_identifier)

    def describe(self):
        text = f"[name='{self.name}', type='{self.type}'"
        if self.set_identifier is not None:
            text += f", set-identifier='{self.set_identifier}'"
        return text + "]"

    def same_content(self, other):
        return (self.ttl == other.ttl and sorted(self.values) == sorted(other.values)
                and self.extra == other.extra)

    def to_json(self):
        out = {"Name": self.name, "Type": self.type}
        if self.set_identifier is not None:
            out["SetIdentifier"] = self.set_identifier
        if self.ttl is not None:
            out["TTL"] = self.ttl
        if self.values:
            out["ResourceRecords"] = [{"Value": v} for v in self.values]
        return out

    @classmethod
    def from_json(cls, obj):
        """From {"name"|"Name", "type", "ttl", "values"|"ResourceRecords", "set_identifier"}."""
        def get(*names, default=None):
            for n in names:
                if n in obj:
                    return obj[n]
            return default
        values = get("values", "Values")
        if values is None:
            values = [r["Value"] for r in get("ResourceRecords", default=[])]
        ttl = get("ttl", "TTL", default=300)
        return cls(get("name", "Name"), get("type", "Type", default="A"),
                   None if ttl is None else int(ttl), values,
                   get("set_identifier", "SetIdentifier"))


class Zone:
    """A hosted zone: record sets kept sorted (bisect) so lookups and listings stay fast."""

    def __init__(self, zone_id, name):
        self.id = zone_id
        self.name = canonical_name(name)
        self._keys = []     # sorted list of sort keys
        self._records = {}  # sort key -> RecordSet

    def __len__(self):
        return len(self._keys)

    def contains_name(self, name):
        return name == self.name or name.endswith("." + self.name) or self.name == "."

    def get(self, key):
        return self._records.get(key)

    def put(self, record):
        """Adds or replaces a record set (no Route 53 rules; used by changes and preloading)."""
        key = record.key()
        if key not in self._records:
            bisect.insort(self._keys, key)
        self._records[key] = record

    def remove(self, key):
        if key in self._records:
            del self._records[key]
            del self._keys[bisect.bisect_left(self._keys, key)]

    def all(self):
        return [self._records[k] for k in self._keys]

    def copy(self):
        clone = Zone(self.id, self.name)
        clone._keys = list(self._keys)
        clone._records = dict(self._records)
        return clone

    def replace_contents(self, other):
        self._keys, self._records = other._keys, other._records

    def at_name(self, name):
        """Every record set named `name` (all types), in order."""
        index = bisect.bisect_left(self._keys, (reversed_name(name),))
        out = []
        while index < len(self._keys) and self._keys[index][0] == reversed_name(name):
            out.append(self._records[self._keys[index]])
            index += 1
        return out

    def has_below(self, name):
        """True when some record set is named below `name` (an empty non-terminal)."""
        prefix = reversed_name(name)
        index = bisect.bisect_right(self._keys, (prefix, "\uffff"))
        return index < len(self._keys) and self._keys[index][0].startswith(prefix)

    def page(self, start_key, max_items):
        """Records from the first >= start_key: (records, next record or None)."""
        index = bisect.bisect_left(self._keys, start_key)
        keys = self._keys[index:index + max_items + 1]
        records = [self._records[k] for k in keys[:max_items]]
        following = self._records[keys[max_items]] if len(keys) > max_items else None
        return records, following


def _check_value(record):
    for value in record.values:
        try:
            if record.type == "A":
                ipaddress.IPv4Address(value)
            elif record.type == "AAAA":
                ipaddress.IPv6Address(value)
        except ValueError:
            family = "IPv4" if record.type == "A" else "IPv6"
            return (f"ARRDATAIllegal{family}Address (Value is not a valid {family} address) "
                    f"encountered with '{value}'")
    return None


class Change:
    """One accepted change batch: applied (its zone busy) until `applied_at`, PENDING -> INSYNC
    by its schedule. Times are time.monotonic() values (one clock for every process of the
    machine); `moments()` gives them with their wall-clock equivalents."""

    def __init__(self, change_id, comment, pending_answers, accepted_at, applied_at, insync_at,
                 zone_id, changes):
        self.id = change_id
        self.comment = comment
        self.submitted_at = now_iso()
        self.pending_answers = pending_answers  # GetChange answers still PENDING
        self.accepted_at = accepted_at          # monotonic time the change was accepted
        self.accepted_wall = time.time()
        self.applied_at = applied_at            # monotonic time its zone is free again
        self.insync_at = insync_at              # monotonic time from which INSYNC is allowed
        self.first_insync_answer = None         # monotonic time of the first INSYNC GetChange
        self.zone_id = zone_id
        self.changes = changes                  # [(action, RecordSet)]
        self.get_change_answers = 0

    def status(self, consume=False):
        now = time.monotonic()
        pending = self.pending_answers > 0 or now < self.insync_at
        if consume:
            self.get_change_answers += 1
            if self.pending_answers > 0:
                self.pending_answers -= 1
            if not pending and self.first_insync_answer is None:
                self.first_insync_answer = now
        return "PENDING" if pending else "INSYNC"

    def moments(self):
        """{accepted, applied, insync, first_insync_answer}: each {"monotonic", "wall"} (None
        while no GetChange reported INSYNC); insync is the time from which GetChange may report
        INSYNC and DNS serves the change."""
        def moment(at):
            if at is None:
                return None
            return {"monotonic": at, "wall": self.accepted_wall + (at - self.accepted_at)}
        return {"accepted": moment(self.accepted_at), "applied": moment(self.applied_at),
                "insync": moment(self.insync_at),
                "first_insync_answer": moment(self.first_insync_answer)}


class Route53Model:
    """All zones and changes, guarded by one lock. Methods raise ApiError like Route 53 would."""

    def __init__(self):
        self.lock = threading.RLock()
        self.zones = {}
        self.changes = {}
        self.change_order = []
        self.pending_count = 0    # GetChange answers that report PENDING for each new change
        self.insync_delay = 0.0   # seconds after the change before INSYNC may be reported
        self.apply_time = 0.0     # seconds after the change during which its zone is busy
        self.busy_until = {}      # zone id -> monotonic time its last change is applied
        self.served = {}          # zone id -> the zone as its name servers serve it
        self.propagating = {}     # zone id -> [(insync_at, [(action, RecordSet)])], oldest first

    # ---- zones -------------------------------------------------------------------------------
    def create_zone(self, zone_id, name, records=0, record_prefix="host", record_type="A",
                    soa_ns=True, rrsets=()):
        """Creates (or replaces) a zone, optionally with apex SOA/NS and N synthetic records."""
        zone = Zone(zone_id, name)
        if soa_ns:
            zone.put(RecordSet(zone.name, "SOA", 900, [
                "ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"]))
            zone.put(RecordSet(zone.name, "NS", 172800, [
                "ns-1.awsdns-01.org.", "ns-2.awsdns-02.co.uk.", "ns-3.awsdns-03.com.",
                "ns-4.awsdns-04.net."]))
        width = max(5, len(str(records)))
        for i in range(int(records)):
            if record_type == "AAAA":
                value = f"fd00::{i // 65536:x}:{i % 65536:x}"
            else:
                value = f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}"
            zone.put(RecordSet(f"{record_prefix}{i:0{width}d}.{zone.name}", record_type, 300, [value]))
        for obj in rrsets:
            zone.put(obj if isinstance(obj, RecordSet) else RecordSet.from_json(obj))
        with self.lock:
            self.zones[zone_id] = zone
            self.busy_until.pop(zone_id, None)
            self.served[zone_id] = zone.copy()
            self.propagating[zone_id] = []
        return zone

    def put_rrsets(self, zone_id, records):
        """Adds or replaces record sets without Route 53's rules, served by DNS at once."""
        with self.lock:
            zone = self.zone(zone_id)
            served = self._served(zone_id)
            for record in records:
                zone.put(record)
                served.put(record)
            return zone

    def zone(self, zone_id):
        zone = self.zones.get(zone_id)
        if zone is None:
            raise ApiError(404, "NoSuchHostedZone", f"No hosted zone found with ID: {zone_id}")
        return zone

    # ---- operations --------------------------------------------------------------------------
    def change_rrsets(self, zone_id, comment, changes, force_error=None):
        """Applies [(action, RecordSet)] atomically; returns the Change."""
        with self.lock:
            zone = self.zone(zone_id)
            now = time.monotonic()
            if now < self.busy_until.get(zone_id, 0.0):
                raise ApiError(400, "PriorRequestNotComplete", PRIOR_REQUEST_MESSAGE)
            work = zone.copy()
            errors = []
            for action, record in changes:
                if not zone.contains_name(record.name):
                    errors.append(f"RRSet with DNS name {record.name} is not permitted in zone "
                                  f"{zone.name}")
                    continue
                if record.type not in VALID_TYPES:
                    raise ApiError(400, "InvalidInput", f"Invalid XML ; cvc-enumeration-valid: "
                                   f"Value '{record.type}' is not facet-valid with respect to "
                                   "enumeration.")
                current = work.get(record.key())
                if action == "CREATE":
                    if current is not None:
                        errors.append(f"Tried to create resource record set {record.describe()} "
                                      "but it already exists")
                        continue
                elif action == "DELETE":
                    if current is None:
                        errors.append(f"Tried to delete resource record set {record.describe()} "
                                      "but it was not found")
                    elif not current.same_content(record):
                        errors.append(f"Tried to delete resource record set {record.describe()} "
                                      "but the values provided do not match the current values")
                    else:
                        work.remove(record.key())
                    continue
                elif action != "UPSERT":
                    raise ApiError(400, "InvalidInput", f"Invalid action: {action}")
                problem = _check_value(record)
                if problem:
                    errors.append(problem)
                    continue
                work.put(record)
            if force_error:
                errors.append(force_error)
            if errors:
                raise ApiError(400, "InvalidChangeBatch", "[" + ", ".join(errors) + "]")
            zone.replace_contents(work)
            applied_at = now + self.apply_time
            self.busy_until[zone_id] = applied_at
            change = Change(random_id("C", 21), comment, self.pending_count, now, applied_at,
                            now + max(self.insync_delay, self.apply_time), zone_id, changes)
            self.changes[change.id] = change
            self.change_order.append(change.id)
            self.propagating.setdefault(zone_id, []).append((change.insync_at, list(changes)))
            return change

    def get_change(self, change_id):
        """Returns (Change, status); each call consumes one PENDING answer."""
        with self.lock:
            change = self.changes.get(change_id)
            if change is None:
                raise ApiError(404, "NoSuchChange", f"Could not find resource with ID: {change_id}")
            return change, change.status(consume=True)

    def list_rrsets(self, zone_id, name=None, rtype=None, identifier=None, max_items=None):
        """Returns (records, next record or None, max_items as echoed)."""
        if rtype is not None and name is None:
            raise ApiError(400, "InvalidInput", "The input is not valid: type specified without name")
        if identifier is not None and rtype is None:
            raise ApiError(400, "InvalidInput",
                           "The input is not valid: identifier specified without type")
        if rtype is not None and rtype.upper() not in VALID_TYPES:
            raise ApiError(400, "InvalidInput", f"Invalid type: {rtype}")
        if max_items is None:
            limit = MAX_ITEMS_LIMIT
            echoed = str(MAX_ITEMS_LIMIT)
        else:
            try:
                limit = int(max_items)
            except ValueError:
                raise ApiError(400, "InvalidInput", f"Invalid maxitems: {max_items}") from None
            if limit < 1:
                raise ApiError(400, "InvalidInput", "MaxItems must be at least 1")
            echoed = str(max_items)
            limit = min(limit, MAX_ITEMS_LIMIT)
        with self.lock:
            zone = self.zone(zone_id)
            start = sort_key(canonical_name(name), rtype.upper() if rtype else "", identifier) \
                if name is not None else ("", "", "")
            records, following = zone.page(start, limit)
            return records, following, echoed

    # ---- DNS: what the name servers answer ----------------------------------------------------
    def _served(self, zone_id):
        """The served copy of a zone with every change whose INSYNC time has come applied."""
        if zone_id not in self.served:
            self.served[zone_id] = self.zones[zone_id].copy()
        served = self.served[zone_id]
        queue = self.propagating.setdefault(zone_id, [])
        now = time.monotonic()
        while queue and queue[0][0] <= now:
            for action, record in queue.pop(0)[1]:
                if action == "DELETE":
                    served.remove(record.key())
                else:
                    served.put(record)
        return served

    def zone_for_name(self, name):
        """The zone with the longest name that `name` is in or under, or None."""
        best = None
        for zone in self.zones.values():
            if zone.contains_name(name) and (best is None or len(zone.name) > len(best.name)):
                best = zone
        return best

    def dns_answer(self, qname, qtype):
        """(rcode, records, soa) for a query: rcode "NOERROR", "NXDOMAIN" or "REFUSED"; records
        the answer (the name's records of the type, or its CNAME); soa the zone's SOA record set
        for a negative answer (NXDOMAIN, or NOERROR without records), else None."""
        qname = canonical_name(qname)
        with self.lock:
            zone = self.zone_for_name(qname)
            if zone is None:
                return "REFUSED", [], None
            served = self._served(zone.id)
            soa = served.get(sort_key(zone.name, "SOA", None))
            at_name = [r for r in served.at_name(qname) if r.values]
            if at_name:
                found = [r for r in at_name if qtype in (r.type, "ANY")]
                if not found:
                    found = [r for r in at_name if r.type == "CNAME"]
                return "NOERROR", found[:1] if qtype != "ANY" else found, None if found else soa
            if served.has_below(qname):
                return "NOERROR", [], soa
            return "NXDOMAIN", [], soa

    # ---- introspection -----------------------------------------------------------------------
    def change_log(self):
        """Every accepted change, oldest first, as JSON-able dicts."""
        with self.lock:
            out = []
            for cid in self.change_order:
                c = self.changes[cid]
                out.append({"id": c.id, "zone": c.zone_id, "comment": c.comment,
                            "submitted_at": c.submitted_at,
                            "get_change_answers": c.get_change_answers,
                            "status": c.status(), "moments": c.moments(),
                            "changes": [{"action": a, "record": r.to_json()} for a, r in c.changes]})
            return out
