"""DNS messages on the wire (RFC 1035, EDNS0 of RFC 6891), as much as an authoritative server for
the emulator's zones needs: parse a query, build an answer. Stdlib only.

Names are exchanged in the Route 53 model's text form (lower case, trailing dot, bytes other than
[a-z0-9-_] escaped as \\ooo), so the model can look them up as they are stored."""

import ipaddress
import struct

TYPES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "PTR": 12, "MX": 15, "TXT": 16, "AAAA": 28,
         "SRV": 33, "NAPTR": 35, "OPT": 41, "DS": 43, "SPF": 99, "ANY": 255, "CAA": 257}
TYPE_NAMES = {code: name for name, code in TYPES.items()}
CLASS_IN = 1
NOERROR, FORMERR, SERVFAIL, NXDOMAIN, NOTIMP, REFUSED = 0, 1, 2, 3, 4, 5
EDNS_PAYLOAD = 1232  # what this server offers in its OPT record (the DNS flag day value)


class Query:
    """A parsed query: id, flags, the question (raw bytes kept to echo its case), EDNS."""

    def __init__(self, ident, flags, qname, qtype, qclass, question, edns_payload):
        self.id = ident
        self.flags = flags
        self.qname = qname              # model text form, e.g. "test.clusterpro.local."
        self.qtype = qtype              # numeric
        self.qclass = qclass
        self.question = question        # the question section as received
        self.edns_payload = edns_payload  # None when the query had no OPT record

    @property
    def opcode(self):
        return (self.flags >> 11) & 0xF

    @property
    def type_name(self):
        return TYPE_NAMES.get(self.qtype, f"TYPE{self.qtype}")


def _label_text(raw):
    out = []
    for byte in raw:
        ch = chr(byte).lower()
        out.append(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "\\%03o" % ord(ch))
    return "".join(out)


def read_name(data, offset):
    """(name in text form, offset after the name); follows compression pointers."""
    labels, end, jumps = [], None, 0
    while True:
        if offset >= len(data):
            raise ValueError("name runs past the message")
        length = data[offset]
        if length >= 0xC0:
            if offset + 1 >= len(data) or jumps > 20:
                raise ValueError("bad compression pointer")
            if end is None:
                end = offset + 2
            offset = ((length & 0x3F) << 8) | data[offset + 1]
            jumps += 1
            continue
        if length > 63:
            raise ValueError("bad label length")
        offset += 1
        if length == 0:
            break
        labels.append(_label_text(data[offset:offset + length]))
        offset += length
    return (".".join(labels) + ".") if labels else ".", end if end is not None else offset


def encode_name(name):
    """Wire form of a text-form name (\\ooo escapes decoded)."""
    if name in ("", "."):
        return b"\0"
    out = b""
    for label in name.rstrip(".").split("."):
        raw, i = bytearray(), 0
        while i < len(label):
            if label[i] == "\\" and label[i + 1:i + 4].isdigit():
                raw.append(int(label[i + 1:i + 4], 8))
                i += 4
            elif label[i] == "\\" and i + 1 < len(label):
                raw.extend(label[i + 1].encode())
                i += 2
            else:
                raw.extend(label[i].encode())
                i += 1
        out += bytes([len(raw)]) + bytes(raw)
    return out + b"\0"


def parse_query(data):
    """A Query from a datagram; ValueError when it is no well-formed one-question query."""
    if len(data) < 12:
        raise ValueError("shorter than a DNS header")
    ident, flags, qdcount, _, _, arcount = struct.unpack(">HHHHHH", data[:12])
    if flags & 0x8000:
        raise ValueError("a response, not a query")
    if qdcount != 1:
        raise ValueError(f"{qdcount} questions")
    qname, offset = read_name(data, 12)
    if offset + 4 > len(data):
        raise ValueError("question cut short")
    qtype, qclass = struct.unpack(">HH", data[offset:offset + 4])
    question = data[12:offset + 4]
    offset += 4
    edns = None
    for _ in range(arcount):  # the additional section: look for the OPT record
        _, offset = read_name(data, offset)
        if offset + 10 > len(data):
            raise ValueError("additional record cut short")
        rtype, rclass, _, rdlength = struct.unpack(">HHIH", data[offset:offset + 10])
        offset += 10 + rdlength
        if rtype == TYPES["OPT"]:
            edns = rclass
    return Query(ident, flags, qname, qtype, qclass, question, edns)


def soa_fields(value):
    """(mname, rname, serial, refresh, retry, expire, minimum) from an SOA value's text."""
    parts = value.split()
    if len(parts) != 7:
        raise ValueError(f"SOA value with {len(parts)} fields: {value!r}")
    return (parts[0], parts[1], *(int(p) for p in parts[2:]))


def _txt_rdata(value):
    """TXT value as Route 53 stores it: one or more "quoted" strings."""
    out, current, inside, i = b"", bytearray(), False, 0
    while i < len(value):
        ch = value[i]
        if ch == '"':
            if inside:
                out += bytes([len(current)]) + bytes(current)
                current = bytearray()
            inside = not inside
        elif inside and ch == "\\" and i + 1 < len(value):
            i += 1
            current.extend(value[i].encode())
        elif inside:
            current.extend(ch.encode())
        i += 1
    return out or b"\0"


def rdata(rtype, value):
    """Wire rdata of one value of type `rtype` (name); ValueError for types not served."""
    if rtype == "A":
        return ipaddress.IPv4Address(value).packed
    if rtype == "AAAA":
        return ipaddress.IPv6Address(value).packed
    if rtype in ("NS", "CNAME", "PTR"):
        return encode_name(value.lower() if value.endswith(".") else value.lower() + ".")
    if rtype == "SOA":
        mname, rname, *numbers = soa_fields(value)
        return encode_name(mname) + encode_name(rname) + struct.pack(">IIIII", *numbers)
    if rtype == "MX":
        preference, exchange = value.split()
        return struct.pack(">H", int(preference)) + encode_name(exchange)
    if rtype in ("TXT", "SPF"):
        return _txt_rdata(value)
    raise ValueError(f"type {rtype} is not served over DNS")


def resource_record(owner, rtype, ttl, data):
    """One resource record; `owner` is wire bytes (a name or a compression pointer)."""
    return owner + struct.pack(">HHIH", TYPES[rtype], CLASS_IN, ttl, len(data)) + data


QUESTION_POINTER = b"\xc0\x0c"  # the question's name, as the query spelled it


def response(query, rcode, answers=(), authority=(), authoritative=True):
    """The answer datagram. answers/authority: wire records from resource_record(). QR set, RD
    copied, RA clear (no recursion here), AA when `authoritative`; an OPT record when the query
    had one."""
    flags = 0x8000 | (query.flags & 0x7900)  # QR, opcode and RD copied
    if authoritative:
        flags |= 0x0400
    flags |= rcode & 0xF
    additional = []
    if query.edns_payload is not None:
        additional.append(b"\0" + struct.pack(">HHIH", TYPES["OPT"], EDNS_PAYLOAD, 0, 0))
    header = struct.pack(">HHHHHH", query.id, flags, 1, len(answers), len(authority),
                         len(additional))
    return header + query.question + b"".join(answers) + b"".join(authority) + b"".join(additional)


def error_response(data, rcode):
    """FORMERR/NOTIMP for a datagram that parse_query refused, when it has a header at all."""
    if len(data) < 12:
        return None
    ident, flags = struct.unpack(">HH", data[:4])
    if flags & 0x8000:
        return None  # never answer a response
    return struct.pack(">HHHHHH", ident, 0x8000 | (flags & 0x7900) | rcode, 0, 0, 0, 0)
