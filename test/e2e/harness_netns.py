"""Harness: machines made of Linux namespaces on this one host, joined by a test network that
exists only inside them (see harness_cluster.py for the Pacemaker nodes built on it).

TestNetwork   a bridge in a network namespace of its own, 10.200.N.0/24 (N picked free per run),
              and one veth to the host whose host end is 10.200.N.254: the only address the host
              gets, reachable only through that veth (squid listens there).
NamespaceHost one machine: network + mount + UTS + PID namespaces, its eth0 on the bridge at
              10.200.N.<index>; enter() wraps a command to run inside it (nsenter), run()
              and query() run one there.
Crash-proof clean-up: each namespace is held by a process that dies with the test process
(parent-death signal); the kernel then kills everything in the PID namespace and drops the
namespaces, their mounts and veths. stop() does the same at once and checks it happened.
"""

import os
import random
import signal
import subprocess
import time

from harness_core import _PRCTL, PYTHON, SAFE_PATH, wait_until

IP = "/usr/sbin/ip"
UNSHARE = "/usr/bin/unshare"
NSENTER = "/usr/bin/nsenter"
SLEEP = "/usr/bin/sleep"
SYSCTL = "/usr/sbin/sysctl"
HOSTNAME = "/usr/bin/hostname"
MOUNT = "/usr/bin/mount"
# PID 1 of a host's PID namespace: reaps orphans (pacemakerd's children after a kill -9).
_INIT = ("import os, time\nwhile True:\n    try:\n        os.wait()\n"
         "    except ChildProcessError:\n        time.sleep(0.2)\n")


def namespace_id(pid, kind):
    """Inode of /proc/PID/ns/KIND (identifies the namespace), or None when pid is gone."""
    try:
        return os.stat(f"/proc/{pid}/ns/{kind}").st_ino
    except OSError:
        return None


def pids_in_namespace(kind, inode):
    """Host PIDs of the live processes in that namespace."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and namespace_id(entry, kind) == inode:
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    state = f.read().rsplit(b")", 1)[1].split()[0]
            except OSError:
                continue
            if state != b"Z":
                found.append(int(entry))
    return found


def _check(argv, what, timeout=30):
    """Runs a set-up command (no shell); raises RuntimeError with its output when it fails."""
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout,
                          env={"PATH": SAFE_PATH, "LANG": "C.UTF-8"}, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{what}: {' '.join(argv)} -> exit {proc.returncode}\n"
                           f"{proc.stdout}{proc.stderr}")
    return proc.stdout


def die_with_parent():
    """preexec_fn: SIGKILL when the test process dies (unshare --fork blocks SIGTERM)."""
    if _PRCTL is not None:
        _PRCTL(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _holder(argv):
    """Starts a namespace holder that dies with this process."""
    return subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True,
                            preexec_fn=die_with_parent)


def _isolated(pid, kinds):
    """True when pid is alive and in other namespaces of `kinds` than this process."""
    return all(namespace_id(pid, k) not in (None, namespace_id("self", k)) for k in kinds)


def _kill_all(pids):
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


class TestNetwork:
    """The bridge namespace and the host's veth; hosts attach with attach()."""

    def __init__(self):
        self.subnet = None
        self.holder = None
        self.host_if = f"awpc{os.getpid() % 100000}"
        self._ports = 0

    def _free_subnet(self):
        routes = _check([IP, "-4", "route", "show", "table", "all"], "routes") + \
            _check([IP, "-4", "-o", "addr", "show"], "addresses")
        for n in random.sample(range(1, 255), 254):
            if f"10.200.{n}." not in routes:
                return f"10.200.{n}"
        raise RuntimeError("no free 10.200.N.0/24 test subnet")

    def start(self):
        self.subnet = self._free_subnet()
        self.holder = _holder([UNSHARE, "--net", SLEEP, "infinity"])
        if not wait_until(lambda: _isolated(self.holder.pid, ["net"]), 10):
            raise RuntimeError("the bridge's network namespace did not appear")
        self.bridge_run([SYSCTL, "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1",
                         "net.ipv6.conf.default.disable_ipv6=1"])
        self.bridge_run([IP, "link", "add", "br0", "type", "bridge"])
        self.bridge_run([IP, "link", "set", "br0", "up"])
        _check([IP, "link", "add", self.host_if, "type", "veth", "peer", "name", "uplink",
                "netns", str(self.holder.pid)], "host veth")
        with open(f"/proc/sys/net/ipv6/conf/{self.host_if}/disable_ipv6", "w") as f:
            f.write("1\n")
        self.bridge_run([IP, "link", "set", "uplink", "master", "br0", "up"])
        _check([IP, "addr", "add", f"{self.host_address}/24", "dev", self.host_if], "host ip")
        _check([IP, "link", "set", self.host_if, "up"], "host link")
        return self

    @property
    def host_address(self):
        """The host's end of the test network (services for the hosts listen here)."""
        return f"{self.subnet}.254"

    def address(self, index):
        return f"{self.subnet}.{index}"

    def bridge_run(self, argv):
        return _check([NSENTER, "-t", str(self.holder.pid), "-n", "--"] + argv, "bridge")

    def attach(self, host_pid, index):
        """Gives the host with PID 1 `host_pid` its eth0 on the bridge at address(index)."""
        port = f"port{index}"
        _check([IP, "link", "add", "eth0", "netns", str(host_pid), "type", "veth", "peer",
                "name", port, "netns", str(self.holder.pid)], "node veth")
        self.bridge_run([IP, "link", "set", port, "master", "br0", "up"])

    def host_link_exists(self):
        return subprocess.run([IP, "link", "show", "dev", self.host_if], capture_output=True,
                              check=False).returncode == 0

    def stop(self):
        """Drops the bridge namespace (and with it every veth); checks the host's end is gone."""
        if self.holder is not None:
            self.holder.kill()
            self.holder.wait(timeout=10)
        if self.subnet and not wait_until(lambda: not self.host_link_exists(), 10):
            subprocess.run([IP, "link", "del", "dev", self.host_if], check=False)


class NamespaceHost:
    """A machine of its own namespaces (net, mount, UTS, PID) on the test network."""

    def __init__(self, name, index, network):
        self.name, self.index, self.network = name, index, network
        self.unshare = None
        self.pid = None  # host PID of its PID 1
        self.ns = {}

    @property
    def address(self):
        return self.network.address(self.index)

    def start(self):
        self.unshare = _holder([UNSHARE, "--net", "--uts", "--pid", "--kill-child",
                                "--mount-proc", "--propagation", "private", PYTHON, "-c", _INIT])
        kinds = ["net", "mnt", "uts", "pid"]

        def child():
            try:
                with open(f"/proc/{self.unshare.pid}/task/{self.unshare.pid}/children") as f:
                    pids = f.read().split()
            except OSError:
                return None
            if not pids or not _isolated(pids[0], kinds):
                return None
            try:  # after the exec: /proc of its own is mounted by then
                exe = os.readlink(f"/proc/{pids[0]}/exe")
            except OSError:
                return None
            return int(pids[0]) if exe == os.path.realpath(PYTHON) else None
        self.pid = wait_until(child, 10)
        if self.pid is None:
            raise RuntimeError(f"{self.name}: its namespaces did not appear")
        self.ns = {k: namespace_id(self.pid, k) for k in kinds}
        self.run([SYSCTL, "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1",
                  "net.ipv6.conf.default.disable_ipv6=1"])
        self.run([HOSTNAME, self.name])
        self.network.attach(self.pid, self.index)
        self.run([IP, "link", "set", "lo", "up"])
        self.run([IP, "addr", "add", f"{self.address}/24", "dev", "eth0"])
        self.run([IP, "link", "set", "eth0", "up"])
        return self

    def enter(self, argv):
        """argv wrapped to run inside this host."""
        return [NSENTER, "-t", str(self.pid), "-m", "-u", "-n", "-p", "--"] + list(argv)

    def run(self, argv, timeout=60):
        """Runs a set-up command inside; raises RuntimeError when it fails; returns stdout."""
        return _check(self.enter(argv), self.name, timeout)

    def query(self, argv, timeout=60):
        """Runs a command inside -> CompletedProcess (text), whatever its exit status."""
        return subprocess.run(self.enter(argv), capture_output=True, text=True, timeout=timeout,
                              env={"PATH": SAFE_PATH, "LANG": "C.UTF-8"}, check=False)

    def processes(self):
        """Host PIDs of every live process inside except its PID 1."""
        return [p for p in pids_in_namespace("pid", self.ns["pid"]) if p != self.pid]

    def kill_processes(self, timeout=10.0):
        """kill -9 of every process inside (PID 1 stays: the namespaces and network remain)."""
        deadline = time.monotonic() + timeout
        while self.processes() and time.monotonic() < deadline:
            _kill_all(self.processes())
            time.sleep(0.05)
        return not self.processes()

    def stop(self):
        """Kills PID 1 (the kernel kills the rest) and waits until nothing is left inside."""
        if self.pid is not None and namespace_id(self.pid, "pid") == self.ns["pid"]:
            _kill_all([self.pid])
        self.pid = None  # never signal that number again: it may be reused
        if self.unshare is not None:
            self.unshare.kill()
            self.unshare.wait(timeout=10)
        if self.ns and not wait_until(lambda: not pids_in_namespace("pid", self.ns["pid"]), 10):
            raise RuntimeError(f"{self.name}: processes left in its namespace")
