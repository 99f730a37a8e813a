"""Harness: squid, dnsmasq, a DNS query helper, black-hole and closed ports (see harness.py)."""

import os
import pwd
import random
import socket
import struct
import subprocess
import threading

from harness_core import (DNSMASQ_BIN, DNS_HOST, HTPASSWD_BIN, NCSA_AUTH, PROXY_HOST,
                          PROXY_SOURCE, SQUID_BIN, Service, free_port, port_open, wait_until)


class Squid(Service):
    """A real squid on 127.0.0.1:PORT, its own config in a temp dir owned by `proxy`. It relays
    plain http requests and CONNECT tunnels (to any port: no SSL_ports rule), and connects out
    from PROXY_SOURCE (127.0.0.9), by which the emulators recognise what came through it.
    users: {name: password} turns on Basic proxy authentication (htpasswd + basic_ncsa_auth).
    deny_connect: True refuses every CONNECT (HTTP 403), a port number CONNECT to that port.
    extra_config: more squid.conf lines (inserted before the http_access rules)."""

    name = "squid"

    def __init__(self, port=None, users=None, extra_config=(), workdir=None, deny_connect=False):
        super().__init__(workdir)
        self.port = port
        self.users = dict(users or {})
        self.deny_connect = deny_connect
        self.extra_config = list(extra_config)
        self.access_log_path = os.path.join(self.workdir, "access.log")
        self.cache_log_path = os.path.join(self.workdir, "cache.log")
        self.pid_path = os.path.join(self.workdir, "squid.pid")
        self.conf_path = os.path.join(self.workdir, "squid.conf")

    def _config(self):
        lines = [
            f"http_port {PROXY_HOST}:{self.port}",
            "visible_hostname awsdns-test-squid",
            "cache_effective_user proxy",
            "pinger_enable off",
            "dns_nameservers 127.0.0.1",
            "udp_outgoing_address 127.0.0.1",
            "udp_incoming_address 127.0.0.1",
            f"tcp_outgoing_address {PROXY_SOURCE}",
            "icp_port 0",
            "htcp_port 0",
            "snmp_port 0",
            "cache deny all",
            "cache_mem 8 MB",
            "netdb_filename none",
            "shutdown_lifetime 1 seconds",
            f"access_log stdio:{self.access_log_path} squid",
            f"cache_log {self.cache_log_path}",
            f"pid_filename {self.pid_path}",
            f"coredump_dir {self.workdir}",
            "acl loopback src 127.0.0.0/8",
        ]
        if self.users:
            lines += [
                f"auth_param basic program {NCSA_AUTH} {self.workdir}/htpasswd",
                "auth_param basic children 2 startup=1 idle=1",
                "auth_param basic realm awsdns-test",
                "acl authenticated proxy_auth REQUIRED",
            ]
        if self.deny_connect is not False:
            lines.append("acl connect_method method CONNECT")
            denied = "connect_method"
            if self.deny_connect is not True:
                lines.append(f"acl denied_port port {int(self.deny_connect)}")
                denied += " denied_port"
            lines.append(f"http_access deny {denied}")
        lines += self.extra_config
        lines.append("http_access allow loopback authenticated" if self.users
                     else "http_access allow loopback")
        lines.append("http_access deny all")
        return "\n".join(lines) + "\n"

    def start(self, timeout=30.0):
        if self.port is None:
            self.port = free_port(PROXY_HOST)
        proxy = pwd.getpwnam("proxy")
        if self.users:
            path = os.path.join(self.workdir, "htpasswd")
            for index, (user, password) in enumerate(self.users.items()):
                flags = ["-c"] if index == 0 else []
                subprocess.run([HTPASSWD_BIN, "-i", "-m"] + flags + [path, user],
                               input=password.encode(), check=True, capture_output=True)
            os.chmod(path, 0o640)
            os.chown(path, 0, proxy.pw_gid)
        with open(self.conf_path, "w") as f:
            f.write(self._config())
        os.chmod(self.workdir, 0o755)
        os.chown(self.workdir, proxy.pw_uid, proxy.pw_gid)
        for path in (self.access_log_path, self.cache_log_path):
            open(path, "a").close()
            os.chown(path, proxy.pw_uid, proxy.pw_gid)
        self._spawn([SQUID_BIN, "-N", "-f", self.conf_path])
        if not wait_until(lambda: not self.alive() or port_open(PROXY_HOST, self.port), timeout) \
                or not self.alive():
            self._fail_start(f"port {self.port}; cache.log:\n{self._read(self.cache_log_path)}")
        return self

    def stop(self, timeout=10.0):
        super().stop(timeout)

    @staticmethod
    def _read(path):
        try:
            with open(path, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    @property
    def url(self):
        """Proxy URL without credentials: http://127.0.0.1:PORT."""
        return f"http://{PROXY_HOST}:{self.port}"

    def proxy_url(self, user=None, password=None):
        """Proxy URL, with user:password@ when given."""
        auth = f"{user}:{password}@" if user is not None else ""
        return f"http://{auth}{PROXY_HOST}:{self.port}"

    def mark(self):
        """Current end of the access log: pass to entries(since=...) to see only later lines."""
        try:
            return os.path.getsize(self.access_log_path)
        except OSError:
            return 0

    def entries(self, since=0, include_errors=False):
        """Parsed access-log lines (squid format) after offset `since`: dicts with time, elapsed,
        client, code (e.g. TCP_MISS), status (int), bytes, method, url, user, hierarchy, type.
        Lines for connections that sent no request (url "error:...", e.g. the start-up port
        probe) are left out unless include_errors."""
        with open(self.access_log_path, "rb") as f:
            f.seek(since)
            text = f.read().decode(errors="replace")
        out = []
        for line in text.splitlines():
            fields = line.split()
            if len(fields) < 10:
                continue
            if fields[6].startswith("error:") and not include_errors:
                continue
            code, _, status = fields[3].partition("/")
            out.append({"time": float(fields[0]), "elapsed": int(fields[1]), "client": fields[2],
                        "code": code, "status": int(status or 0), "bytes": int(fields[4]),
                        "method": fields[5], "url": fields[6], "user": fields[7],
                        "hierarchy": fields[8], "type": fields[9], "line": line})
        return out

    def wait_for_entries(self, predicate=lambda e: True, since=0, count=1, timeout=5.0):
        """Waits until at least `count` entries after `since` match; returns the matches (maybe
        fewer after the timeout: squid writes a line when a transaction ends)."""
        found = wait_until(lambda: (lambda m: m if len(m) >= count else None)(
            [e for e in self.entries(since) if predicate(e)]), timeout)
        return found or [e for e in self.entries(since) if predicate(e)]

    def tunnels(self, authority=None, since=0, timeout=5.0, count=1):
        """CONNECT entries after `since` (to `authority`, "HOST:PORT", when given), waiting up
        to `timeout` for `count` of them: squid writes a tunnel's line when it closes, one per
        TCP connection, whatever the number of requests inside."""
        return self.wait_for_entries(
            lambda e: e["method"] == "CONNECT" and authority in (None, e["url"]), since=since,
            count=count, timeout=timeout)

    def requests_to(self, host, since=0):
        """Entries whose URL targets `host` (IP literal), e.g. requests_to(ROUTE53_HOST)."""
        return [e for e in self.entries(since)
                if e["url"].split("://", 1)[-1].startswith(f"{host}:")
                or e["url"].split("://", 1)[-1].startswith(f"{host}/")]

    def cache_log(self):
        return self._read(self.cache_log_path)


class Dnsmasq(Service):
    """A real DNS server (dnsmasq) on DNS_HOST:PORT (UDP and TCP) answering `records`
    ({name: ip} or [(name, ip)]; A or AAAA by the address family) and nothing else."""

    name = "dnsmasq"

    def __init__(self, records, address=DNS_HOST, port=None, workdir=None):
        super().__init__(workdir)
        self.records = list(records.items()) if isinstance(records, dict) else list(records)
        self.address = address
        self.port = port

    def start(self, timeout=10.0):
        if self.port is None:
            self.port = free_port(self.address, udp_too=True)
        argv = [DNSMASQ_BIN, "--no-daemon", "--conf-file=/dev/null", "--pid-file=",
                f"--port={self.port}", f"--listen-address={self.address}", "--bind-interfaces",
                "--no-resolv", "--no-hosts", "--no-poll", "--log-queries",
                f"--log-facility={os.path.join(self.workdir, 'queries.log')}",
                "--user=root", "--group=root"]
        argv += [f"--host-record={name.rstrip('.')},{ip}" for name, ip in self.records]
        self._spawn(argv)
        probe = self.records[0][0] if self.records else "localhost"
        if not wait_until(lambda: not self.alive() or self._answers(probe), timeout) \
                or not self.alive():
            self._fail_start(f"{self.address}:{self.port}")
        return self

    def _answers(self, name):
        try:
            dns_query(name, self.address, self.port, timeout=0.3)
            return True
        except (OSError, ValueError):
            return False

    @property
    def server(self):
        """"IP:PORT" as the config's monitor.resolver expects it."""
        return f"{self.address}:{self.port}"


def dns_query(name, server, port=53, qtype="A", timeout=2.0):
    """A minimal UDP DNS query; returns the answer addresses (list of str, maybe empty).
    Raises OSError on timeout, ValueError on a malformed answer."""
    qcode = {"A": 1, "AAAA": 28}[qtype]
    ident = random.randrange(65536)
    question = b"".join(bytes([len(p)]) + p.encode() for p in name.rstrip(".").split(".")) + b"\0"
    packet = struct.pack(">HHHHHH", ident, 0x0100, 1, 0, 0, 0) + question + struct.pack(">HH", qcode, 1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        s.sendto(packet, (server, port))
        data, _ = s.recvfrom(4096)
    rid, flags, qd, an = struct.unpack(">HHHH", data[:8])
    if rid != ident:
        raise ValueError("DNS answer id mismatch")
    offset = 12 + len(question) + 4
    out = []
    for _ in range(an):
        while True:  # skip the (possibly compressed) owner name
            length = data[offset]
            if length >= 0xC0:
                offset += 2
                break
            offset += 1 + length
            if length == 0:
                break
        rtype, _, _, rdlength = struct.unpack(">HHIH", data[offset:offset + 10])
        offset += 10
        rdata = data[offset:offset + rdlength]
        offset += rdlength
        if rtype == 1 and rdlength == 4:
            out.append(socket.inet_ntop(socket.AF_INET, rdata))
        elif rtype == 28 and rdlength == 16:
            out.append(socket.inet_ntop(socket.AF_INET6, rdata))
    return out


class BlackHole:
    """A TCP listener on 127.0.0.1 that accepts connections and never answers (in-process)."""

    def __init__(self, host=PROXY_HOST):
        self.host = host
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((host, 0))
        self._socket.listen(64)
        self.port = self._socket.getsockname()[1]
        self.connections = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        while True:
            try:
                conn, _ = self._socket.accept()
            except OSError:
                return
            self.connections.append(conn)

    @property
    def url(self):
        return f"http://{self.host}:{self.port}"

    def close(self):
        try:
            self._socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._socket.close()
        for conn in self.connections:
            conn.close()

    stop = close

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class ClosedPort:
    """A port on 127.0.0.1 where connections are refused: bound (so nobody else takes it) but
    never listening."""

    def __init__(self, host=PROXY_HOST):
        self.host = host
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind((host, 0))
        self.port = self._socket.getsockname()[1]

    @property
    def url(self):
        return f"http://{self.host}:{self.port}"

    def close(self):
        self._socket.close()

    stop = close

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
