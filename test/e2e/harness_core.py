"""Harness core: constants, small utilities, the service registry and `Service`.
Imported through harness.py; see its docstring."""

import atexit
import ctypes
import fcntl
import glob
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.environ.get("AWSDNS_SOURCE_DIR") or os.path.dirname(os.path.dirname(HERE))
BUILD_DIR = os.environ.get("AWSDNS_BUILD_DIR", "")
EMULATORS_DIR = os.path.join(SOURCE_DIR, "test", "emulators")
PYTHON = "/usr/bin/python3"
AWS_CLI = "/usr/bin/aws"
SQUID_BIN = "/usr/sbin/squid"
DNSMASQ_BIN = "/usr/sbin/dnsmasq"
HTPASSWD_BIN = "/usr/bin/htpasswd"
NCSA_AUTH = "/usr/lib/squid/basic_ncsa_auth"

PROXY_HOST = "127.0.0.1"   # squid, black holes, closed ports
PROXY_SOURCE = "127.0.0.9"  # squid's outgoing address: the emulators mark what comes from it
ROUTE53_HOST = "127.0.0.2"
IMDS_HOST = "127.0.0.3"
DNS_HOST = "127.0.0.53"
RUN_MARKER = "AWSDNS_TEST_RUN_ID"
SAFE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
PROXY_VARIABLES = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "no_proxy",
                   "NO_PROXY", "all_proxy", "ALL_PROXY")
DUMMY_ACCESS_KEY_ID = "AKIDAWSDNSTEST000001"
DUMMY_SECRET_ACCESS_KEY = "awsdns-test-dummy-secret"

_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
# Test modules that may run in a network namespace with more than loopback, and why. Every other
# user of the harness runs in a namespace whose only interface is loopback (test/CMakeLists.txt
# starts each end-to-end module through test/e2e/loopback_netns.sh, bench/run.sh itself): a
# malformed proxy URL makes the AWS CLI resolve a host name with the system resolver, and that
# must reach nothing. test_pacemaker_cluster runs there too: its nodes and their test network
# are namespaces it makes, joined to the module's own namespace by a veth.
HOST_NETWORK_MODULES = {}
_SIOCGIFFLAGS = 0x8913
_IFF_UP, _IFF_LOOPBACK = 0x1, 0x8
_registry = []
_registry_lock = threading.Lock()


# ---- the network namespace --------------------------------------------------------------------
def interfaces_up():
    """Names of the interfaces that are up in this process's network namespace, loopback
    excluded (ioctl on a socket: /sys/class/net shows the namespace sysfs was mounted in)."""
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _, name in socket.if_nameindex():
            request = struct.pack("16sH14s", name.encode(), 0, b"")
            try:
                flags = struct.unpack("16sH14s", fcntl.ioctl(probe, _SIOCGIFFLAGS, request))[1]
            except OSError:
                continue  # gone meanwhile
            if flags & _IFF_UP and not flags & _IFF_LOOPBACK:
                found.append(name)
    return found


def _test_modules():
    """The e2e test modules being run (imported, or run as a script)."""
    names = set()
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None) or ""
        base = os.path.splitext(os.path.basename(path))[0]
        if os.path.dirname(os.path.abspath(path)) == HERE and base.startswith("test_"):
            names.add(base)
    return names


def require_loopback_only_network():
    """Refuses to go on (RuntimeError) when an interface other than loopback is up, unless every
    test module being run is one of HOST_NETWORK_MODULES."""
    modules = _test_modules()
    if modules and modules <= set(HOST_NETWORK_MODULES):
        return
    others = interfaces_up()
    if others:
        raise RuntimeError(
            f"the e2e harness runs only in a network namespace with loopback alone, and "
            f"{', '.join(others)} is up here: run the tests through ctest, or as "
            f"test/e2e/loopback_netns.sh /usr/bin/python3 -m unittest MODULE (a module that "
            f"cannot run so goes into harness_core.HOST_NETWORK_MODULES with the reason)")


# ---- small utilities -------------------------------------------------------------------------
def awsdns_bin():
    """Path of the awsdns executable: $AWSDNS_BIN, else $AWSDNS_BUILD_DIR/awsdns."""
    candidates = [os.environ.get("AWSDNS_BIN", "")]
    if BUILD_DIR:
        candidates.append(os.path.join(BUILD_DIR, "awsdns"))
    for path in candidates:
        if path and os.access(path, os.X_OK):
            return path
    raise RuntimeError("awsdns executable not found: set AWSDNS_BIN (ctest does)")


def aws_cli_generation(path):
    """1 or 2 from `PATH --version` ("aws-cli/1.45.11 ..."), or None when it does not run."""
    try:
        result = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=60,
                                env={"PATH": SAFE_PATH, "HOME": "/nonexistent", "LANG": "C.UTF-8"})
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (result.stdout or result.stderr).strip()
    if result.returncode != 0 or not text.startswith("aws-cli/"):
        return None
    return int(text[len("aws-cli/"):].split(".", 1)[0])


_V1_CANDIDATES = ("/usr/local/bin/aws", "/root/.local/bin/aws", "/root/.pyenv/versions/*/bin/aws",
                  "/opt/*/bin/aws")
_v1_found = []


def find_aws_cli_v1():
    """The AWS CLI v1 to test with: $AWSDNS_TEST_AWS_CLI_V1 when set (it must be a v1), else the
    first v1 among the usual pip/pyenv install places and PATH; None when there is none."""
    if _v1_found:
        return _v1_found[0]
    override = os.environ.get("AWSDNS_TEST_AWS_CLI_V1")
    if override:
        if aws_cli_generation(override) != 1:
            raise RuntimeError(f"AWSDNS_TEST_AWS_CLI_V1={override} is not an AWS CLI v1")
        _v1_found.append(override)
        return override
    candidates = [match for pattern in _V1_CANDIDATES for match in sorted(glob.glob(pattern))]
    candidates += [os.path.join(d, "aws") for d in os.environ.get("PATH", "").split(":") if d]
    for path in candidates:
        if ("shims" not in path and os.access(path, os.X_OK)
                and aws_cli_generation(path) == 1):
            _v1_found.append(path)
            return path
    _v1_found.append(None)
    return None


def free_port(host=PROXY_HOST, udp_too=False):
    """A TCP port free on `host` right now (also free for UDP when udp_too)."""
    for _ in range(100):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind((host, 0))
            port = s.getsockname()[1]
        if not udp_too:
            return port
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
                u.bind((host, port))
            return port
        except OSError:
            continue
    raise RuntimeError("no free port found")


def port_open(host, port, timeout=0.5):
    """True when something accepts TCP connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_until(predicate, timeout=10.0, interval=0.05):
    """Polls predicate() until it returns a truthy value (returned) or timeout (returns None)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            return None
        time.sleep(interval)


def make_temp_dir(prefix="awsdns-e2e-"):
    """A fresh directory (mode 0700) removed at exit; remove earlier with shutil.rmtree."""
    path = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, path, True)
    return path


def http_json(method, url, body=None, timeout=10):
    """JSON request sent directly (never through a proxy); returns the decoded answer."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    try:
        with _DIRECT.open(request, timeout=timeout) as answer:
            return json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as e:
        raise RuntimeError(f"{method} {url} -> {e.code}: {e.read().decode(errors='replace')}")


try:  # resolved once here: the child of fork() must not load libraries (other threads' locks)
    _PRCTL = ctypes.CDLL("libc.so.6", use_errno=True).prctl
except (OSError, AttributeError):
    _PRCTL = None


def _set_parent_death_signal():
    """preexec_fn: the child gets SIGTERM when the test process dies (Linux prctl)."""
    if _PRCTL is not None:
        _PRCTL(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _terminate(process, timeout=10.0, sig=signal.SIGTERM):
    """Stops a Popen: `sig`, wait up to timeout, then SIGKILL; always reaps it."""
    if process is None or process.poll() is not None:
        return
    try:
        process.send_signal(sig)
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


def stop_all():
    """Stops every service still registered (runs at interpreter exit)."""
    with _registry_lock:
        services = list(reversed(_registry))
    for service in services:
        try:
            service.stop()
        except Exception:  # noqa: BLE001 - best effort at exit
            pass


atexit.register(stop_all)


# ---- services --------------------------------------------------------------------------------
class Service:
    """A background process with a work directory and a log file; stop() is idempotent."""

    name = "service"

    def __init__(self, workdir=None):
        self.workdir = workdir or make_temp_dir(f"awsdns-{self.name}-")
        self.log_path = os.path.join(self.workdir, f"{self.name}.out")
        self.process = None

    def __enter__(self):
        return self.start() if self.process is None else self

    def __exit__(self, *exc):
        self.stop()
        return False

    def _spawn(self, argv, env=None):
        log = open(self.log_path, "ab")
        try:
            self.process = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                env=env if env is not None else {"PATH": SAFE_PATH, "LANG": "C.UTF-8"},
                cwd=self.workdir, start_new_session=True, preexec_fn=_set_parent_death_signal)
        finally:
            log.close()
        with _registry_lock:
            _registry.append(self)
        return self.process

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def output(self):
        """What the process wrote on stdout/stderr so far (for failure messages)."""
        try:
            with open(self.log_path, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def stop(self, timeout=10.0):
        _terminate(self.process, timeout)
        with _registry_lock:
            if self in _registry:
                _registry.remove(self)

    def _fail_start(self, what):
        text = self.output()
        self.stop()
        raise RuntimeError(f"{self.name} did not start ({what}); output:\n{text[-3000:]}")
