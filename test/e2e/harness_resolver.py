"""Harness: a REAL caching resolver (Debian's unbound) in front of the Route 53 emulator's DNS
side, and a DNS client that reports everything a resolver's answer says (see harness.py).

unbound asks nothing but the emulator: each zone is a stub zone at the emulator's DNS address,
the root (".") is forwarded there too (the emulator refuses names in none of its zones), no
root hints (an empty hints file), no trust anchor (iterator module only, no validator), IPv4
only, and every query it sends leaves from its own loopback address, from which the kernel
routes nothing off the machine. Its caching is left at unbound's defaults: the figures are those
of a stock resolver."""

import os
import random
import socket
import struct
import subprocess

from harness_core import Service, free_port, wait_until

UNBOUND_BIN = "/usr/sbin/unbound"
UNBOUND_CHECKCONF = "/usr/sbin/unbound-checkconf"
UNBOUND_CONTROL = "/usr/sbin/unbound-control"
RESOLVER_HOST = "127.0.0.55"

RCODES = {0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 4: "NOTIMP", 5: "REFUSED"}
QTYPES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "TXT": 16, "AAAA": 28, "ANY": 255}


class DnsAnswer:
    """A decoded DNS answer: rcode name, flags (aa, ra, tc), answer and authority records as
    (name, type, ttl, value) with value an address, a name, or for SOA the 7 fields joined."""

    def __init__(self, rcode, aa, ra, tc, answers, authority):
        self.rcode, self.aa, self.ra, self.tc = rcode, aa, ra, tc
        self.answers, self.authority = answers, authority

    def addresses(self):
        return [value for _, rtype, _, value in self.answers if rtype in ("A", "AAAA")]

    def ttl(self):
        """How long a client may keep this answer: the answer's smallest TTL, or for a negative
        answer the TTL of the SOA in the authority section (None when there is neither)."""
        ttls = [ttl for _, _, ttl, _ in self.answers] or \
            [ttl for _, rtype, ttl, _ in self.authority if rtype == "SOA"]
        return min(ttls) if ttls else None

    def __repr__(self):
        return (f"DnsAnswer({self.rcode}, aa={self.aa}, answers={self.answers}, "
                f"authority={self.authority})")


def _name(data, offset):
    labels, end = [], None
    for _ in range(128):
        length = data[offset]
        if length >= 0xC0:
            end = offset + 2 if end is None else end
            offset = ((length & 0x3F) << 8) | data[offset + 1]
            continue
        offset += 1
        if length == 0:
            return ".".join(labels).lower() + ".", end if end is not None else offset
        labels.append(data[offset:offset + length].decode("ascii", "backslashreplace"))
        offset += length
    raise ValueError("compression loop")


def _records(data, offset, count):
    names = {v: k for k, v in QTYPES.items()}
    out = []
    for _ in range(count):
        owner, offset = _name(data, offset)
        rtype, _, ttl, rdlength = struct.unpack(">HHIH", data[offset:offset + 10])
        offset += 10
        rdata = data[offset:offset + rdlength]
        type_name = names.get(rtype, str(rtype))
        if rtype == 1:
            value = socket.inet_ntop(socket.AF_INET, rdata)
        elif rtype == 28:
            value = socket.inet_ntop(socket.AF_INET6, rdata)
        elif rtype in (2, 5):
            value = _name(data, offset)[0]
        elif rtype == 6:
            mname, after = _name(data, offset)
            rname, after = _name(data, after)
            value = " ".join([mname, rname] + [str(n) for n in struct.unpack(
                ">IIIII", data[after:after + 20])])
        else:
            value = rdata.hex()
        offset += rdlength
        out.append((owner, type_name, ttl, value))
    return out, offset


def dns_lookup(name, server, port=53, qtype="A", timeout=2.0, recursion=True):
    """One UDP query; returns a DnsAnswer. Raises OSError on timeout, ValueError when the
    answer is malformed or not for this query."""
    ident = random.randrange(65536)
    question = b"".join(bytes([len(p)]) + p.encode() for p in name.rstrip(".").split(".")) + b"\0"
    question += struct.pack(">HH", QTYPES[qtype], 1)
    flags = 0x0100 if recursion else 0
    packet = struct.pack(">HHHHHH", ident, flags, 1, 0, 0, 0) + question
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        s.sendto(packet, (server, port))
        data, _ = s.recvfrom(4096)
    rid, flags, qd, an, ns, _ = struct.unpack(">HHHHHH", data[:12])
    if rid != ident or not flags & 0x8000 or qd != 1 or data[12:12 + len(question)].lower() \
            != question.lower():
        raise ValueError(f"not the answer to this query: {data[:40].hex()}")
    answers, offset = _records(data, 12 + len(question), an)
    authority, _ = _records(data, offset, ns)
    return DnsAnswer(RCODES.get(flags & 0xF, str(flags & 0xF)), bool(flags & 0x0400),
                     bool(flags & 0x0080), bool(flags & 0x0200), answers, authority)


class Unbound(Service):
    """Debian's unbound on RESOLVER_HOST:PORT, caching in front of the emulator's DNS side
    (upstream "HOST:PORT") for `zones` (zone names). See the module docstring for what keeps
    every query it sends on loopback. control: unbound-control over a Unix socket in the work
    directory (flush_zone), nothing listening on the network for it."""

    name = "unbound"

    def __init__(self, upstream, zones, address=RESOLVER_HOST, port=None, workdir=None,
                 control=False):
        super().__init__(workdir)
        self.upstream_host, upstream_port = upstream.rsplit(":", 1)
        self.upstream_port = int(upstream_port)
        self.zones = [z if z.endswith(".") else z + "." for z in zones]
        self.address = address
        self.port = port
        self.config_path = os.path.join(self.workdir, "unbound.conf")
        self.control = control

    def config_text(self):
        upstream = f"{self.upstream_host}@{self.upstream_port}"
        hints = os.path.join(self.workdir, "root.hints")
        open(hints, "w").close()  # no root servers at all
        lines = ["server:",
                 f"  interface: {self.address}", f"  port: {self.port}",
                 f"  outgoing-interface: {self.address}",
                 "  do-ip4: yes", "  do-ip6: no", "  do-udp: yes", "  do-tcp: yes",
                 "  interface-automatic: no", "  so-reuseport: no", "  num-threads: 1",
                 "  do-not-query-localhost: no",
                 "  access-control: 127.0.0.0/8 allow",
                 f'  root-hints: "{hints}"',
                 '  module-config: "iterator"',
                 '  username: ""', '  chroot: ""',
                 f'  directory: "{self.workdir}"', '  pidfile: ""',
                 "  use-syslog: no", f'  logfile: "{os.path.join(self.workdir, "unbound.log")}"',
                 "  verbosity: 1", "  log-queries: yes", "  log-replies: yes",
                 "remote-control:"]
        if self.control:
            lines += ["  control-enable: yes", "  control-use-cert: no",
                      f'  control-interface: "{os.path.join(self.workdir, "control.sock")}"']
        else:
            lines += ["  control-enable: no"]
        for zone in self.zones:
            lines += ["stub-zone:", f'  name: "{zone}"', f"  stub-addr: {upstream}"]
        lines += ["forward-zone:", '  name: "."', f"  forward-addr: {upstream}"]
        return "\n".join(lines) + "\n"

    def start(self, timeout=15.0):
        if self.port is None:
            self.port = free_port(self.address, udp_too=True)
        with open(self.config_path, "w") as f:
            f.write(self.config_text())
        check = subprocess.run([UNBOUND_CHECKCONF, self.config_path], capture_output=True,
                               text=True, timeout=30)
        if check.returncode != 0:
            raise RuntimeError(f"unbound-checkconf refused {self.config_path}: "
                               f"{check.stdout}{check.stderr}")
        self._spawn([UNBOUND_BIN, "-d", "-c", self.config_path])
        probe = self.zones[0] if self.zones else "."
        if not wait_until(lambda: not self.alive() or self._answers(probe), timeout) \
                or not self.alive():
            self._fail_start(f"{self.address}:{self.port}")
        return self

    def _answers(self, name):
        try:
            return dns_lookup(name, self.address, self.port, "SOA", timeout=0.3).rcode \
                in ("NOERROR", "NXDOMAIN")
        except (OSError, ValueError):
            return False

    def query(self, name, qtype="A", timeout=2.0):
        """What a client asking this resolver gets (a DnsAnswer)."""
        return dns_lookup(name, self.address, self.port, qtype, timeout)

    def flush_zone(self, zone):
        """Forgets everything cached at or below `zone` (needs control=True)."""
        subprocess.run([UNBOUND_CONTROL, "-c", self.config_path, "flush_zone", zone],
                       capture_output=True, timeout=30, check=True)

    def log(self):
        try:
            with open(os.path.join(self.workdir, "unbound.log"), errors="replace") as f:
                return f.read()
        except OSError:
            return ""
