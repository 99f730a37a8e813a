"""Harness: the test run's own certificate authority and the server certificates it signs
(openssl CLI, EC P-256), so the Route 53 emulator serves HTTPS that the AWS CLI verifies.

The CA is made once per test process, at first use, in a private temporary directory removed
at exit; its PEM file (`run_ca().bundle`) is what a test gives the AWS CLI as AWS_CA_BUNDLE,
in the settings file like a site with a private CA. Nothing outside the test trusts it."""

import os
import subprocess
import threading

from harness_core import SAFE_PATH, make_temp_dir

OPENSSL = "/usr/bin/openssl"
VALID_DAYS = "2"
_CONFIG = """[req]
distinguished_name = dn
prompt = no
[dn]
CN = awsdns test CA
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:{ip}
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""
_EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]


def _openssl(args, cwd):
    proc = subprocess.run([OPENSSL] + args, cwd=cwd, capture_output=True, text=True,
                          env={"PATH": SAFE_PATH, "LANG": "C.UTF-8"}, timeout=60, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"openssl {' '.join(args)} -> exit {proc.returncode}\n{proc.stderr}")


class CertificateAuthority:
    """A CA in `directory`: bundle (its certificate, PEM) and server certificates per IP."""

    def __init__(self, directory=None):
        self.directory = directory or make_temp_dir("awsdns-ca-")
        self.bundle = os.path.join(self.directory, "ca.pem")
        self._key = os.path.join(self.directory, "ca.key")
        self._servers = {}
        self._serial = 1
        self._lock = threading.Lock()
        self._write_config("127.0.0.1")
        _openssl(["req", "-x509", "-config", "openssl.cnf", "-extensions", "ca", *_EC_KEY,
                  "-days", VALID_DAYS, "-keyout", self._key, "-out", self.bundle],
                 self.directory)

    def _write_config(self, ip):
        with open(os.path.join(self.directory, "openssl.cnf"), "w") as f:
            f.write(_CONFIG.format(ip=ip))

    def server_certificate(self, ip):
        """(certificate PEM path, key PEM path) for a server at the IP literal `ip`, signed by
        this CA (made once per IP)."""
        with self._lock:
            if ip not in self._servers:
                self._serial += 1
                base = os.path.join(self.directory, f"server-{ip}")
                self._write_config(ip)
                _openssl(["req", "-new", "-config", "openssl.cnf", *_EC_KEY, "-subj", f"/CN={ip}",
                          "-keyout", base + ".key", "-out", base + ".csr"], self.directory)
                _openssl(["x509", "-req", "-in", base + ".csr", "-CA", self.bundle, "-CAkey",
                          self._key, "-set_serial", str(self._serial), "-days", VALID_DAYS,
                          "-extfile", "openssl.cnf", "-extensions", "server",
                          "-out", base + ".pem"], self.directory)
                self._servers[ip] = (base + ".pem", base + ".key")
            return self._servers[ip]


_ca = []
_ca_lock = threading.Lock()


def run_ca():
    """The CA of this test process (made at first use)."""
    with _ca_lock:
        if not _ca:
            _ca.append(CertificateAuthority())
        return _ca[0]
