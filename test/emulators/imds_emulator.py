#!/usr/bin/python3
"""EC2 instance metadata (IMDSv2) emulator for tests (loopback only, stdlib only).

  PUT /latest/api/token   (header X-aws-ec2-metadata-token-ttl-seconds: 1..21600) -> token
  GET /latest/meta-data/iam/security-credentials/        -> role name       (token required)
  GET /latest/meta-data/iam/security-credentials/ROLE    -> credentials JSON (token required)
Point the AWS CLI at it with AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.3:PORT/ .

Every request is logged with its client address and headers (tokens redacted), and flagged
"via_proxy" when it carries a header a forwarding proxy adds (Via, X-Forwarded-For, ...) or
comes from a --proxy-source address, so a test can prove IMDS requests arrived directly. Plain
http only, as the real IMDS.

Control API (JSON):
  GET  /_emulator/log      the request log;   GET /_emulator/stats  counters per operation
  POST /_emulator/reset    clear log, counters, tokens, faults; restore the start-up settings
  POST /_emulator/config   {"role", "access_key_id", "secret_access_key", "session_token",
                            "require_token": true, "expiration_seconds": 21600}
  POST /_emulator/faults   {"faults": [{"operation": "Token"|"RoleName"|"Credentials"|"*",
                            "kind": "error"|"delay"|"close", "status": 500, "delay": S,
                            "count": N}], "append": false}
Command line: imds_emulator.py [--host 127.0.0.3] [--port 0] [--port-file F] [--role NAME]
  [--access-key-id ID] [--proxy-source ADDR]...
"""

import datetime
import json
import os
import secrets
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from emulator_common import (EmulatorHandler, FaultTable, LoopbackServer, RequestLog,  # noqa: E402
                             common_arguments, configure, require_loopback, serve)

CREDENTIALS_PATH = "/latest/meta-data/iam/security-credentials/"
TOKEN_PATH = "/latest/api/token"
DEFAULTS = {
    "role": "awsdns-test-role",
    "access_key_id": "ASIAIMDSEMULATOR0001",
    "secret_access_key": "imds-emulator-secret-access-key",
    "session_token": "imds-emulator-session-token",
    "require_token": True,
    "expiration_seconds": 21600,
}


def iso(ts):
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class ImdsServer(LoopbackServer):
    def __init__(self, address, settings, verbose=False):
        super().__init__(address, ImdsHandler)
        self.verbose = verbose
        self.initial_settings = dict(settings)
        self.lock = threading.Lock()
        self.log = RequestLog()
        self.faults = FaultTable()
        self.reset()

    def reset(self):
        with self.lock:
            self.settings = dict(self.initial_settings)
            self.tokens = {}  # token -> expiry (time.time())
        self.log.reset()
        self.faults.clear()

    def issue_token(self, ttl):
        token = "IMDSTOKEN-" + secrets.token_urlsafe(24)
        with self.lock:
            self.tokens[token] = time.time() + ttl
        return token

    def token_valid(self, token):
        with self.lock:
            expiry = self.tokens.get(token or "")
            return expiry is not None and expiry > time.time()


class ImdsHandler(EmulatorHandler):
    def do_GET(self):
        self.dispatch()

    def do_PUT(self):
        self.dispatch()

    def do_POST(self):
        self.dispatch()

    def operation_of(self, path):
        if path == TOKEN_PATH:
            return "Token"
        if path == CREDENTIALS_PATH:
            return "RoleName"
        if path.startswith(CREDENTIALS_PATH):
            return "Credentials"
        return "Other"

    def dispatch(self):
        path, query = self.split_path()
        body = self.read_body()
        if path.startswith("/_emulator/"):
            return self.control(path, body)
        operation = self.operation_of(path)
        fault = self.server.faults.take(operation)
        entry = self.log_entry(operation, path, query, fault["kind"] if fault else None)
        entry["status"] = None  # set once answered; stays None when the connection is dropped
        self.server.log.add(entry)
        if fault and fault.get("delay"):
            time.sleep(float(fault["delay"]))
        if fault and fault["kind"] == "close":
            return self.drop_connection()
        if fault and fault["kind"] == "error":
            status, text, headers = int(fault.get("status", 500)), "Injected error\n", {}
        else:
            status, text, headers = self.answer(operation, path)
        entry["status"] = status
        content_type = "application/json" if operation == "Credentials" and status == 200 \
            else "text/plain"
        self.send_body(status, text, content_type, headers)

    def answer(self, operation, path):
        server = self.server
        settings = server.settings
        if operation == "Token":
            if self.command != "PUT":
                return 405, "Method Not Allowed\n", {}
            try:
                ttl = int(self.headers.get("X-aws-ec2-metadata-token-ttl-seconds", ""))
            except ValueError:
                return 400, "Bad Request: missing or invalid token TTL\n", {}
            if not 1 <= ttl <= 21600:
                return 400, "Bad Request: token TTL out of range\n", {}
            return 200, server.issue_token(ttl), {"X-aws-ec2-metadata-token-ttl-seconds": str(ttl)}
        if self.command != "GET":
            return 405, "Method Not Allowed\n", {}
        token = self.headers.get("X-aws-ec2-metadata-token")
        if settings["require_token"] and not server.token_valid(token):
            return 401, "Unauthorized\n", {}
        if operation == "RoleName":
            return 200, settings["role"], {}
        if operation == "Credentials" and path[len(CREDENTIALS_PATH):].strip("/") == settings["role"]:
            now = time.time()
            return 200, json.dumps({
                "Code": "Success",
                "LastUpdated": iso(now),
                "Type": "AWS-HMAC",
                "AccessKeyId": settings["access_key_id"],
                "SecretAccessKey": settings["secret_access_key"],
                "Token": settings["session_token"],
                "Expiration": iso(now + int(settings["expiration_seconds"])),
            }, indent=2), {}
        return 404, "Not Found\n", {}

    def control(self, path, raw):
        server = self.server
        try:
            body = self.json_body(raw)
            parts = path[len("/_emulator/"):].strip("/").split("/")
            if parts == ["log"] and self.command == "GET":
                return self.send_json(200, server.log.list())
            if parts == ["stats"] and self.command == "GET":
                return self.send_json(200, server.log.snapshot())
            if parts == ["reset"] and self.command == "POST":
                server.reset()
                return self.send_json(200, {"ok": True})
            if parts == ["config"] and self.command == "POST":
                unknown = set(body) - set(DEFAULTS)
                if unknown:
                    return self.send_json(400, {"error": f"unknown settings {sorted(unknown)}"})
                with server.lock:
                    server.settings.update(body)
                    shown = {k: v for k, v in server.settings.items()
                             if k not in ("secret_access_key", "session_token")}
                return self.send_json(200, shown)
            if parts == ["faults"] and self.command == "POST":
                server.faults.set(body.get("faults", []), append=bool(body.get("append")))
                return self.send_json(200, server.faults.list())
            return self.send_json(404, {"error": f"unknown control path {self.command} {path}"})
        except (ValueError, KeyError, TypeError) as e:
            return self.send_json(400, {"error": f"{type(e).__name__}: {e}"})


def main():
    parser = common_arguments("EC2 instance metadata (IMDSv2) emulator", "127.0.0.3")
    parser.add_argument("--role", default=DEFAULTS["role"], help="IAM role name served")
    parser.add_argument("--access-key-id", default=DEFAULTS["access_key_id"])
    args = parser.parse_args()
    require_loopback(args.host)
    settings = dict(DEFAULTS, role=args.role, access_key_id=args.access_key_id)
    server = ImdsServer((args.host, args.port), settings, args.verbose)
    configure(server, args)
    serve(server, args.port_file)


if __name__ == "__main__":
    main()
