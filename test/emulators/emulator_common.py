"""Shared pieces of the loopback emulators: HTTP plumbing, request log, faults, start-up.

Every emulator is a ThreadingHTTPServer on a loopback address. It writes the port it bound to
into --port-file (atomically, once listening) so a test harness can wait for it, and stops on
SIGTERM/SIGINT. A control API lives under /_emulator/ on the same server (JSON in, JSON out).

With --tls-cert/--tls-key the port speaks HTTPS as well: a connection whose first byte opens a
TLS handshake (0x16) is served over TLS with that certificate, any other one as plain HTTP (the
control API, and what a test about plain http sends). A request counts as "via_proxy" when it
carries a header a forwarding proxy adds (Via, X-Forwarded-For, ...) or when its TCP peer is one
of the --proxy-source addresses: inside a CONNECT tunnel the proxy adds no header, but it
connects from its own source address (squid's tcp_outgoing_address).
"""

import argparse
import json
import os
import re
import signal
import socket
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Headers a forwarding proxy adds; their presence proves a request came through one.
PROXY_HEADERS = ("via", "x-forwarded-for", "forwarded", "x-forwarded-host", "surrogate-capability")
SECRET_HEADERS = ("x-amz-security-token", "x-aws-ec2-metadata-token", "proxy-authorization")
MAX_LOG_ENTRIES = 20000
TLS_HANDSHAKE_TIMEOUT = 10.0  # seconds for the first byte and the handshake of a connection
TLS_RECORD_HANDSHAKE = b"\x16"  # first byte of a TLS ClientHello

_ACCESS_KEY = re.compile(r"Credential=([^/,\s]+)/")


def redact_headers(headers):
    """Header dict (lower-case names) with secrets shown as ***; Authorization keeps its key id."""
    out = {}
    for name, value in headers.items():
        lname = name.lower()
        if lname in SECRET_HEADERS:
            value = "***"
        elif lname == "authorization":
            match = _ACCESS_KEY.search(value)
            value = (value.split(" ", 1)[0] + " Credential=" + match.group(1) + "/... ***"
                     if match else "***")
        out[lname] = value
    return out


class RequestLog:
    """Thread-safe request counters per operation plus a bounded list of request entries."""

    def __init__(self):
        self.lock = threading.Lock()
        self.entries = []
        self.counters = {}
        self.faults = {}
        self.sequence = 0

    def reset(self):
        with self.lock:
            self.entries = []
            self.counters = {}
            self.faults = {}
            self.sequence = 0

    def add(self, entry):
        with self.lock:
            self.sequence += 1
            entry["seq"] = self.sequence
            op = entry.get("operation", "Unknown")
            self.counters[op] = self.counters.get(op, 0) + 1
            if entry.get("fault"):
                key = f"{op}:{entry['fault']}"
                self.faults[key] = self.faults.get(key, 0) + 1
            self.entries.append(entry)
            if len(self.entries) > MAX_LOG_ENTRIES:
                del self.entries[: len(self.entries) - MAX_LOG_ENTRIES]

    def snapshot(self):
        with self.lock:
            return {"total": sum(self.counters.values()), "requests": dict(self.counters),
                    "faults_injected": dict(self.faults)}

    def list(self):
        with self.lock:
            return list(self.entries)


class FaultTable:
    """Faults to inject, consumed in order. A fault is a dict:
    operation: name or "*"; kind: see the emulator; count: how many requests it hits (-1 =
    forever, default 1); skip: matching requests to let through first (default 0); plus kind
    specific fields (delay, status, code, message, apply)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.faults = []

    def set(self, faults, append=False):
        cleaned = []
        for f in faults:
            f = dict(f)
            if "kind" not in f:
                raise ValueError("fault without 'kind'")
            f.setdefault("operation", "*")
            f.setdefault("count", 1)
            f.setdefault("skip", 0)
            f["count"] = int(f["count"])
            f["skip"] = int(f["skip"])
            cleaned.append(f)
        with self.lock:
            if append:
                self.faults.extend(cleaned)
            else:
                self.faults = cleaned

    def clear(self):
        with self.lock:
            self.faults = []

    def take(self, operation):
        """The fault to apply to this request of `operation`, or None."""
        with self.lock:
            for f in self.faults:
                if f["operation"] not in ("*", operation) or f["count"] == 0:
                    continue
                if f["skip"] > 0:
                    f["skip"] -= 1
                    return None
                if f["count"] > 0:
                    f["count"] -= 1
                return dict(f)
            return None

    def list(self):
        with self.lock:
            return [dict(f) for f in self.faults]


class EmulatorHandler(BaseHTTPRequestHandler):
    """HTTP/1.1 handler with body reading, logging of each request, and answer helpers."""

    protocol_version = "HTTP/1.1"
    server_version = "AwsdnsEmulator/1.0"
    # An answer is two writes (headers, body): with Nagle's algorithm the body waits for the
    # client's delayed ACK of the headers, 40 ms per request on a kept-alive connection.
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):  # quiet; the request log is the record
        if getattr(self.server, "verbose", False):
            sys.stderr.write("%s - %s\n" % (self.client_address[0], fmt % args))

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def split_path(self):
        parsed = urllib.parse.urlsplit(self.path)
        query = {k: v[-1] for k, v in urllib.parse.parse_qs(parsed.query,
                                                               keep_blank_values=True).items()}
        return parsed.path, query

    def log_entry(self, operation, path, query, fault=None):
        """Builds the request-log entry for this request (the caller adds status, then logs)."""
        headers = {k.lower(): v for k, v in self.headers.items()}
        match = _ACCESS_KEY.search(headers.get("authorization", ""))
        proxied = any(h in headers for h in PROXY_HEADERS) \
            or self.client_address[0] in self.server.proxy_sources
        return {
            "time": time.time(),
            "monotonic": time.monotonic(),
            "client": f"{self.client_address[0]}:{self.client_address[1]}",
            "method": self.command,
            "request_line": self.requestline,
            "path": path,
            "query": query,
            "headers": redact_headers(headers),
            "via_proxy": proxied,
            "tls": self.over_tls(),
            "access_key_id": match.group(1) if match else None,
            "operation": operation,
            "fault": fault,
        }

    def send_body(self, status, body, content_type, extra_headers=None):
        if isinstance(body, str):
            body = body.encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (extra_headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def send_json(self, status, obj):
        self.send_body(status, json.dumps(obj, indent=1, sort_keys=True) + "\n", "application/json")

    def over_tls(self):
        """True when this connection is the HTTPS side of the port."""
        return isinstance(self.connection, ssl.SSLSocket)

    def drop_connection(self):
        """Closes the connection without sending any answer (over TLS: close_notify first, as
        a server that closes an idle connection does)."""
        self.close_connection = True
        if self.over_tls():
            try:
                self.connection.settimeout(1.0)
                self.connection.unwrap()
            except (OSError, ValueError):
                pass
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def json_body(self, raw):
        if not raw.strip():
            return {}
        return json.loads(raw.decode("utf-8"))


class LoopbackServer(ThreadingHTTPServer):
    """The emulators' server: plain HTTP, and HTTPS on the same port once use_tls() was called."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64
    tls_context = None
    proxy_sources = frozenset()

    def use_tls(self, cert_file, key_file):
        """Serves connections that start a TLS handshake over TLS with this certificate."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_file, key_file)
        self.tls_context = context

    def finish_request(self, request, client_address):
        """In the connection's thread: TLS or plain by the first byte, then the handler."""
        if self.tls_context is None:
            return super().finish_request(request, client_address)
        try:
            request.settimeout(TLS_HANDSHAKE_TIMEOUT)
            if request.recv(1, socket.MSG_PEEK) == TLS_RECORD_HANDSHAKE:
                request = self.tls_context.wrap_socket(request, server_side=True)
            request.settimeout(None)
        except (OSError, ssl.SSLError):
            return None  # a probe, or a client that gave up or refused our certificate
        try:
            return super().finish_request(request, client_address)
        finally:
            if isinstance(request, ssl.SSLSocket):
                request.close()


def common_arguments(description, default_host):
    """An ArgumentParser with --host, --port, --port-file and --verbose."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--host", default=default_host, help=f"loopback address (default {default_host})")
    parser.add_argument("--port", type=int, default=0, help="TCP port; 0 picks a free one (default)")
    parser.add_argument("--port-file", help="write the bound port here once listening")
    parser.add_argument("--verbose", action="store_true", help="log each request on stderr")
    parser.add_argument("--proxy-source", action="append", default=[], metavar="ADDR",
                        help="a proxy's source address: requests from it are via_proxy "
                             "(repeatable)")
    return parser


def tls_arguments(parser):
    """Adds --tls-cert and --tls-key (HTTPS on the same port; both or neither)."""
    parser.add_argument("--tls-cert", help="PEM certificate (chain) for HTTPS")
    parser.add_argument("--tls-key", help="PEM private key of --tls-cert")


def configure(server, args):
    """Applies the common options (--proxy-source, and --tls-cert/--tls-key when the emulator
    offers them) to a server."""
    server.proxy_sources = frozenset(args.proxy_source)
    cert, key = getattr(args, "tls_cert", None), getattr(args, "tls_key", None)
    if bool(cert) != bool(key):
        raise SystemExit("--tls-cert and --tls-key go together")
    if cert:
        server.use_tls(cert, key)


def serve(server, port_file):
    """Announces the port (stdout and --port-file), then serves until SIGTERM/SIGINT."""
    port = server.server_address[1]
    if port_file:
        tmp = f"{port_file}.tmp{os.getpid()}"
        with open(tmp, "w") as f:
            f.write(f"{port}\n")
        os.replace(tmp, port_file)
    print(f"listening on {server.server_address[0]}:{port}", flush=True)

    def stop(signum, frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()


def require_loopback(host):
    """Refuses to listen anywhere but on loopback."""
    import ipaddress
    if not ipaddress.ip_address(host).is_loopback:
        raise SystemExit(f"refusing to listen on non-loopback address {host}")
