"""Harness: a real Pacemaker cluster on this one machine (corosync 3 and pacemakerd from Debian's
packages, started by hand: PID 1 is not systemd). Each node is a NamespaceHost (harness_netns.py)
whose mount namespace has its own /etc/corosync, /var/lib/corosync, /var/lib/pacemaker,
/var/log/corosync, /var/log/pacemaker (bind mounts of per-node directories), private tmpfs on
/run and /dev/shm, and an overlay lowerdir=AGENT_DIR:/usr/lib/ocf/resource.d that makes extra OCF
agents visible without touching the host. corosync: knet, unicast nodelist, two_node, no crypto.
The CIB is seeded with stonith-enabled=false, dc-deadtime=5s, resource-stickiness=100.

    cluster = PacemakerCluster(["node1", "node2"], network, agent_dir).start()
    cluster.crm(node, [CRM_STANDBY, "-N", "node1", "-v", "on"]); cluster.locate("dns")
"""

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET

from harness_core import SAFE_PATH, _terminate, make_temp_dir, wait_until
from harness_netns import HOSTNAME, IP, MOUNT, NSENTER, SYSCTL, UNSHARE, NamespaceHost, \
    die_with_parent

COROSYNC = "/usr/sbin/corosync"
COROSYNC_CFGTOOL = "/usr/sbin/corosync-cfgtool"
PACEMAKERD = "/usr/sbin/pacemakerd"
CIBADMIN = "/usr/sbin/cibadmin"
CRM_MON = "/usr/sbin/crm_mon"
CRM_RESOURCE = "/usr/sbin/crm_resource"
CRM_STANDBY = "/usr/sbin/crm_standby"
CRM_FAILCOUNT = "/usr/sbin/crm_failcount"
TOOLS = (UNSHARE, NSENTER, IP, SYSCTL, HOSTNAME, MOUNT, COROSYNC, COROSYNC_CFGTOOL, PACEMAKERD,
         CIBADMIN, CRM_MON, CRM_RESOURCE, CRM_STANDBY, CRM_FAILCOUNT)
STATE_DIRS = ("/etc/corosync", "/var/lib/corosync", "/var/lib/pacemaker", "/var/log/corosync",
              "/var/log/pacemaker")
OCF_RESOURCE_DIR = "/usr/lib/ocf/resource.d"
PACEMAKER_LOG = "/var/log/pacemaker/pacemaker.log"
COROSYNC_LOG = "/var/log/corosync/corosync.log"

CIB_SEED = """<cib validate-with="pacemaker-3.9" epoch="1" num_updates="0" admin_epoch="0">
  <configuration>
    <crm_config>
      <cluster_property_set id="cib-bootstrap-options">
        <nvpair id="opt-stonith-enabled" name="stonith-enabled" value="false"/>
        <nvpair id="opt-dc-deadtime" name="dc-deadtime" value="5s"/>
        <nvpair id="opt-cluster-name" name="cluster-name" value="awsdns-test"/>
      </cluster_property_set>
    </crm_config>
    <nodes/>
    <resources/>
    <constraints/>
    <rsc_defaults>
      <meta_attributes id="rsc-defaults">
        <nvpair id="rsc-stickiness" name="resource-stickiness" value="100"/>
      </meta_attributes>
    </rsc_defaults>
    <op_defaults>
      <meta_attributes id="op-defaults">
        <nvpair id="op-timeout" name="timeout" value="120s"/>
      </meta_attributes>
    </op_defaults>
  </configuration>
  <status/>
</cib>
"""


def missing_requirement():
    """Why a cluster cannot run here (None when it can): root, the tools, namespaces, overlay."""
    if os.geteuid() != 0:
        return "needs root (namespaces, mounts, corosync and pacemaker)"
    missing = [t for t in TOOLS if not os.access(t, os.X_OK)]
    if missing:
        return f"missing {' '.join(missing)} (setup.sh installs them)"
    # The namespaces and the overlay exactly as a node uses them, in a throwaway mount namespace.
    probe = subprocess.run([UNSHARE, "--net", "--mount", "--uts", "--pid", "--fork",
                            "--propagation", "private", MOUNT, "-t", "overlay", "-o",
                            f"lowerdir=/usr/share/pacemaker:{OCF_RESOURCE_DIR}", "overlay",
                            OCF_RESOURCE_DIR], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        return f"cannot create namespaces with an overlay mount: {probe.stderr.strip()}"
    return None


def corosync_conf(nodes):
    entries = "".join(f"    node {{\n        name: {n.name}\n        nodeid: {n.index}\n"
                      f"        ring0_addr: {n.address}\n    }}\n" for n in nodes)
    return ("totem {\n    version: 2\n    cluster_name: awsdns-test\n    transport: knet\n"
            "    ip_version: ipv4\n    crypto_cipher: none\n    crypto_hash: none\n}\n"
            f"logging {{\n    to_stderr: yes\n    to_logfile: yes\n    logfile: {COROSYNC_LOG}\n"
            "    to_syslog: no\n    timestamp: on\n}\n"
            "quorum {\n    provider: corosync_votequorum\n    two_node: 1\n}\n"
            f"nodelist {{\n{entries}}}\n")


def _skeleton(source, target):
    """Copies the directory tree of `source` (directories only, owner and mode kept)."""
    for root, dirs, _ in os.walk(source):
        relative = os.path.relpath(root, source)
        path = os.path.normpath(os.path.join(target, relative))
        os.makedirs(path, exist_ok=True)
        info = os.stat(root)
        os.chown(path, info.st_uid, info.st_gid)
        os.chmod(path, info.st_mode & 0o7777)


class PacemakerNode(NamespaceHost):
    """One cluster node: its namespaces, its own state directories, its daemons."""

    def __init__(self, name, index, network, workdir, agent_dir):
        super().__init__(name, index, network)
        self.workdir = os.path.join(workdir, name)
        self.agent_dir = agent_dir
        self.daemons = []

    def host_path(self, path):
        """Where a file of one of the node's STATE_DIRS lives on the host."""
        for state_dir in STATE_DIRS:
            if path == state_dir or path.startswith(state_dir + "/"):
                flat = state_dir.strip("/").replace("/", "_")
                return os.path.join(self.workdir, flat, os.path.relpath(path, state_dir))
        raise ValueError(f"{path} is not in a per-node directory")

    def start(self):
        super().start()
        self.run([MOUNT, "-t", "tmpfs", "-o", "mode=0755,size=64m", "tmpfs", "/run"])
        self.run([MOUNT, "-t", "tmpfs", "-o", "mode=1777,size=64m", "tmpfs", "/dev/shm"])
        for state_dir in STATE_DIRS:
            _skeleton(state_dir, self.host_path(state_dir))
            self.run([MOUNT, "--bind", self.host_path(state_dir), state_dir])
        self.run([MOUNT, "-t", "overlay", "-o",
                  f"lowerdir={self.agent_dir}:{OCF_RESOURCE_DIR}", "overlay", OCF_RESOURCE_DIR])
        return self

    def _write(self, path, text, owner=None, mode=0o644):
        host = self.host_path(path)
        with open(host, "w") as f:
            f.write(text)
        os.chmod(host, mode)
        if owner is not None:
            shutil.chown(host, *owner)

    def spawn_daemon(self, name, argv, env):
        """Starts a daemon inside (output in WORKDIR/NAME.out); it dies with the test."""
        with open(os.path.join(self.workdir, f"{name}.out"), "ab") as log:
            process = subprocess.Popen(self.enter(argv), stdin=subprocess.DEVNULL, stdout=log,
                                       stderr=subprocess.STDOUT, env=env,
                                       start_new_session=True, preexec_fn=die_with_parent)
        self.daemons.append(process)
        return process

    def start_corosync(self, conf):
        self._write("/etc/corosync/corosync.conf", conf)
        return self.spawn_daemon("corosync", [COROSYNC, "-f"], {"PATH": SAFE_PATH})

    def corosync_ready(self):
        return self.query([COROSYNC_CFGTOOL, "-s"], timeout=10).returncode == 0

    def start_pacemaker(self, env):
        """Seeds the CIB, then starts pacemakerd (foreground) with env."""
        self._write("/var/lib/pacemaker/cib/cib.xml", CIB_SEED, ("hacluster", "haclient"), 0o600)
        return self.spawn_daemon("pacemakerd", [PACEMAKERD], env)

    def log_tail(self, path, lines=60):
        try:
            with open(self.host_path(path), errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError as e:
            return f"<{e}>"

    def stop(self):
        super().stop()
        for process in self.daemons:
            _terminate(process, timeout=5)


class PacemakerCluster:
    """Nodes node1..nodeN (addresses .1 ... .N of the network) forming one cluster."""

    def __init__(self, names, network, agent_dir, pacemaker_env=None):
        self.workdir = make_temp_dir("awsdns-pcmk-")
        self.nodes = [PacemakerNode(name, i + 1, network, self.workdir, agent_dir)
                      for i, name in enumerate(names)]
        self.env = {"PATH": SAFE_PATH, "LANG": "C.UTF-8", "PCMK_logfile": PACEMAKER_LOG,
                    "PCMK_logfacility": "none"}
        self.env.update(pacemaker_env or {})

    def node(self, name):
        return next(n for n in self.nodes if n.name == name)

    def start(self, timeout=90.0):
        """Starts every node's namespaces, corosync, then pacemakerd; waits until one DC and
        every node online. Returns self."""
        for node in self.nodes:
            os.makedirs(node.workdir)
            node.start()
        conf = corosync_conf(self.nodes)
        for node in self.nodes:
            node.start_corosync(conf)
        for node in self.nodes:
            if not wait_until(node.corosync_ready, timeout, 0.2):
                raise RuntimeError(f"corosync did not start on {node.name}\n{self.diagnostics()}")
        for node in self.nodes:
            node.start_pacemaker(self.env)
        if not wait_until(self.formed, timeout, 0.5):
            raise RuntimeError(f"the cluster did not form\n{self.diagnostics()}")
        return self

    def crm(self, node, argv, timeout=60):
        """Runs a Pacemaker tool on a node -> CompletedProcess."""
        return node.query(argv, timeout)

    def status(self, node):
        """crm_mon's XML status as seen from node, or None when it cannot be read."""
        proc = self.crm(node, [CRM_MON, "-1", "--output-as=xml"], timeout=30)
        if proc.returncode != 0:
            return None
        try:
            return ET.fromstring(proc.stdout)
        except ET.ParseError:
            return None

    def formed(self, via=None):
        """True when `via` (default: every node) sees a DC and every node online."""
        for node in [via] if via else self.nodes:
            status = self.status(node)
            if status is None:
                return False
            dc = status.find("summary/current_dc")
            online = {n.get("name") for n in status.iter("node")
                      if n.get("online") == "true" and n.get("id")}
            if dc is None or dc.get("present") != "true" or \
                    not {x.name for x in self.nodes} <= online:
                return False
        return True

    def locate(self, resource, via):
        """Names of the nodes where `resource` is active, as `via` sees it (None: no status)."""
        status = self.status(via)
        if status is None:
            return None
        for element in status.iter("resource"):
            if element.get("id") == resource:
                if element.get("active") != "true":
                    return []
                return sorted(n.get("name") for n in element.findall("node"))
        return []

    def settled(self, via, timeout=60):
        """True when `crm_resource --wait` says the cluster has no pending action."""
        proc = self.crm(via, [CRM_RESOURCE, "--wait", f"--timeout={timeout}s"], timeout + 10)
        return proc.returncode == 0

    def diagnostics(self):
        """crm_mon text and log tails of every node (for failure messages)."""
        parts = []
        for node in self.nodes:
            mon = self.crm(node, [CRM_MON, "-1", "-r", "-f"], timeout=20) if node.pid else None
            parts.append(f"=== {node.name} crm_mon\n{mon.stdout + mon.stderr if mon else ''}"
                         f"=== {node.name} {PACEMAKER_LOG}\n{node.log_tail(PACEMAKER_LOG)}"
                         f"=== {node.name} {COROSYNC_LOG}\n{node.log_tail(COROSYNC_LOG, 20)}")
        return "\n".join(parts)

    def stop(self):
        """Kills every node (nothing survives: PID namespaces) and drops its namespaces."""
        errors = []
        for node in self.nodes:
            try:
                node.stop()
            except RuntimeError as e:
                errors.append(str(e))
        keep = os.environ.get("AWSDNS_KEEP_CLUSTER_LOGS")
        if keep and os.path.isdir(self.workdir):  # the nodes' logs, for a look after the run
            for node in self.nodes:
                shutil.copytree(node.workdir, os.path.join(keep, node.name), symlinks=True,
                                dirs_exist_ok=True)
        shutil.rmtree(self.workdir, ignore_errors=True)
        if errors:
            raise RuntimeError("; ".join(errors))
