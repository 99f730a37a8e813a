"""The packaged awsdns is one fully static executable. Taken from the .deb that CPack
builds (the .rpm carries the same bytes: test_install), it has no dynamic section, no GLIBC symbol
version and Linux 3.2 as its ABI floor. It runs --version, `check` on the bundled examples,
`activate` (which creates the lock directory in a /run that does not exist yet) and `exec`
inside an EMPTY root directory (chroot: only the files this test copies in), and on the host
with only the system calls of Linux 3.2 and 4.18 (kernel_floor: no pidfd_open, close_range...).
It never loads a shared object, NSS modules included (strace): each root's /etc/nsswitch.conf
names first a module that does not exist, which glibc's NSS would try to load; the same holds for
`check --live` through a proxy given by host name (from /etc/hosts, in a private mount namespace).
Root only (chroot, mount namespaces); skipped otherwise."""

import glob
import json
import os
import re
import shutil
import stat
import subprocess
import unittest

import harness
from harness_netns import MOUNT, NSENTER, SLEEP, UNSHARE, _check, _holder, _isolated

BUILD_DIR = harness.BUILD_DIR
CHROOT = "/usr/sbin/chroot"
STRACE = "/usr/bin/strace"
GETENT = "/usr/bin/getent"
KERNEL_FLOOR = os.path.join(BUILD_DIR, "test", "helpers", "kernel_floor")
EXAMPLES = os.path.join(harness.SOURCE_DIR, "examples")
SETTINGS_PATH = "/opt/nec/clusterpro/cloud/aws/clpaws_setting.conf"  # examples/awsdns.yaml's
# A lookup through glibc's NSS first tries to load libnss_awsdnstrap.so.2 (strace sees it).
TRAP_NSSWITCH = "".join(f"{db}: awsdnstrap files{' dns' if db == 'hosts' else ''}\n" for db in (
    "passwd", "group", "shadow", "hosts", "networks", "protocols", "services", "ethers", "rpc",
    "netgroup"))
SHARED_OBJECT = re.compile(r"\.so(\.|$)|/gconv/|^/etc/ld\.so\.")
# strace pads a short call's line before " = ": "vfork()                                 = 6074"
CHILD_MADE = re.compile(r"(?:clone3?|v?fork)\(.*\)\s+= (\d+)$")
PACKAGED = None
VERSION = None


def setUpModule():
    global PACKAGED, VERSION
    if os.geteuid() != 0:
        raise unittest.SkipTest("needs root (chroot, mount namespaces)")
    config = os.path.join(BUILD_DIR, "CPackConfig.cmake")
    if not os.path.exists(config):
        raise AssertionError(f"{config} missing: is awsdns linked fully static in this build?")
    for tool in (CHROOT, STRACE, GETENT, KERNEL_FLOOR):
        if not os.access(tool, os.X_OK):
            raise AssertionError(f"{tool} missing (setup.sh installs it; ctest builds helpers)")
    out = harness.make_temp_dir("awsdns-static-")
    subprocess.run(["cpack", "--config", config, "-G", "DEB", "-B", out], check=True,
                   capture_output=True, timeout=900)
    deb, = glob.glob(os.path.join(out, "awsdns_*.deb"))
    subprocess.run(["dpkg-deb", "-x", deb, os.path.join(out, "tree")], check=True, timeout=300)
    PACKAGED = os.path.join(out, "tree", "usr", "bin", "awsdns")
    with open(os.path.join(BUILD_DIR, "CMakeCache.txt")) as cache:
        VERSION = re.search(r"(?m)^CMAKE_PROJECT_VERSION:STATIC=(.+)$", cache.read()).group(1)


def loaded_shared_objects(prefix, program):
    """Shared objects (.so, gconv modules, ld.so.cache) that processes running `program` tried to
    open, from the strace -ff files PREFIX.PID, and whether `program` ran at all. A process runs
    `program` from its successful execve of it to its next one; a child starts running what its
    parent ran when it was created."""
    traces = {}
    for path in glob.glob(prefix + ".*"):
        with open(path, errors="replace") as trace:
            traces[int(path.rsplit(".", 1)[1])] = trace.read().splitlines()
    children = {int(child.group(1)) for lines in traces.values() for line in lines
                if (child := CHILD_MADE.match(line))}
    # the process no other one made (not the lowest PID: PIDs wrap around)
    root, = set(traces) - children
    pending, found, ran = [(root, False)], [], False
    while pending:
        pid, running = pending.pop()
        for line in traces.get(pid, []):
            if execve := re.match(r'execve\("([^"]*)".* = 0$', line):
                running = execve.group(1) == program
                ran = ran or running
            elif child := CHILD_MADE.match(line):
                pending.append((int(child.group(1)), running))
            elif running and (opened := re.match(r'(?:open\(|openat\([^,]+, )"([^"]*)"', line)):
                if SHARED_OBJECT.search(opened.group(1)):
                    found.append(opened.group(1))
    return found, ran


def traced(argv, program, env, timeout=120):
    """Runs argv under strace -f; returns (RunResult, shared objects `program` tried to load)."""
    prefix = os.path.join(harness.make_temp_dir("awsdns-strace-"), "trace")
    result = harness.run([STRACE, "-f", "-ff", "-qq", "--seccomp-bpf", "-o", prefix,
                          "-e", "trace=%process,open,openat"] + argv, env, timeout)
    loaded, ran = loaded_shared_objects(prefix, program)
    if not ran:
        raise AssertionError(f"{program} never ran" + result.describe())
    return result, loaded


def copy_program(root, program):
    """Copies `program` and the shared libraries it needs (ldd) into the root directory."""
    libraries = re.findall(r"(/\S+) \(0x", subprocess.run(
        ["ldd", program], capture_output=True, text=True, check=True).stdout)
    for path in [program] + libraries:
        target = root + os.path.realpath(path) if path != program else root + path
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(os.path.realpath(path), target)
        if path != program and os.path.realpath(path) != path:
            os.makedirs(os.path.dirname(root + path), exist_ok=True)
            if not os.path.exists(root + path):
                os.symlink(os.path.realpath(path), root + path)


def read_text(path):
    with open(path) as f:
        return f.read()


def make_root(with_programs=()):
    """A root directory holding the packaged awsdns (+ awsdns-activate), the bundled examples at
    the places they name, /etc/passwd, /etc/hosts, the trap nsswitch.conf, and `with_programs`."""
    root = harness.make_temp_dir("awsdns-root-")
    files = {"/etc/awsdns/awsdns.yaml": read_text(os.path.join(EXAMPLES, "awsdns.yaml")),
             SETTINGS_PATH: read_text(os.path.join(EXAMPLES, "clpaws_setting.conf")),
             "/etc/passwd": "root:x:0:0:root:/root:/bin/sh\n",
             "/etc/hosts": "127.0.0.1 localhost\n", "/etc/nsswitch.conf": TRAP_NSSWITCH}
    for path, text in files.items():
        os.makedirs(os.path.dirname(root + path), exist_ok=True)
        with open(root + path, "w") as f:
            f.write(text)
        os.chmod(root + path, 0o600 if "awsdns" in path or "aws/" in path else 0o644)
    os.makedirs(root + "/usr/bin")
    shutil.copy2(PACKAGED, root + "/usr/bin/awsdns")
    os.symlink("awsdns", root + "/usr/bin/awsdns-activate")
    for program in with_programs:
        copy_program(root, program)
    return root


class StaticElfTest(unittest.TestCase):

    def tool(self, *argv):
        result = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        return result.stdout + result.stderr

    def test_no_dynamic_loading_and_no_glibc_version(self):
        self.assertIn("GLIBC_", self.tool("objdump", "-T", "/bin/true"), "the check can tell")
        symbols = self.tool("objdump", "-T", PACKAGED)
        self.assertNotIn("GLIBC_", symbols)
        self.assertIn("not a dynamic object", symbols)
        self.assertIn("There is no dynamic section", self.tool("readelf", "-d", PACKAGED))
        self.assertNotIn("INTERP", self.tool("readelf", "-lW", PACKAGED))
        self.assertIn("OS: Linux, ABI: 3.2.0", self.tool("readelf", "-n", PACKAGED))


class EmptyRootTest(harness.E2ETestCase):
    """Nothing in the root but the packaged binary and its example configuration."""

    @classmethod
    def setUpClass(cls):
        cls.root = make_root()
        others = [p for p in harness.files_under(cls.root) if re.search(r"\.so|/bin/(?!awsdns)", p)]
        assert not others, others

    def awsdns(self, program, *args):
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", harness.RUN_MARKER: self.run_id}
        result, loaded = traced([CHROOT, self.root, "/usr/bin/" + program] + list(args),
                                "/usr/bin/" + program, env)
        self.assertEqual(loaded, [], "a static awsdns loads no shared object" + result.describe())
        return result

    def test_version_is_the_project_version_and_commit(self):
        result = self.awsdns("awsdns", "--version")
        self.assertExit(result, 0)
        self.assertRegex(result.stdout,
                         rf"^awsdns {re.escape(VERSION)} \(commit ([0-9a-f]{{12}}(-dirty)?)\)\n$")

    def test_check_on_the_bundled_examples(self):
        result = self.awsdns("awsdns", "check", "--json")
        self.assertExit(result, 127, "everything checks out but the AWS CLI, absent here")
        report = json.loads(result.stdout)
        self.assertEqual((report["settings_file"], report["config"], report["resources"]),
                         (SETTINGS_PATH, "/etc/awsdns/awsdns.yaml", ["web"]))
        self.assertEqual(report["environment"]["https_proxy"], "http://11.0.10.200:3128")
        self.assertEqual(report["result"], "not-found")

    def test_activate_without_an_aws_cli_stops_before_the_lock(self):
        result = self.awsdns("awsdns-activate", "--node", "server1")
        self.assertExit(result, 127)
        self.assertIn("AWS CLI not found: /usr/bin/aws (aws.cli)", result.stderr)
        self.assertFalse(os.path.exists(self.root + "/run/awsdns"), "nothing done for nothing")

    def test_activate_creates_the_lock_directory_on_first_use(self):
        root = make_root(with_programs=["/bin/false"])  # an "AWS CLI" that fails at once
        shutil.copy2(root + "/bin/false", root + "/usr/bin/aws")
        os.makedirs(root + "/dev")
        os.mknod(root + "/dev/null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # the CLI's stdin
        self.assertFalse(os.path.exists(root + "/run"))
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", harness.RUN_MARKER: self.run_id}
        result = harness.run([CHROOT, root, "/usr/bin/awsdns-activate", "--node", "server1"], env)
        self.assertExit(result, 1, "the lock is taken, then the AWS CLI fails")
        self.assertIn("unexpected", result.stderr)
        info = os.stat(root + "/run/awsdns")
        self.assertEqual((stat.S_IMODE(info.st_mode), info.st_uid), (0o700, 0))
        self.assertEqual(stat.S_IMODE(os.stat(root + "/run/awsdns/web.lock").st_mode), 0o600)


class ExecTest(harness.E2ETestCase):
    """exec in a root with /bin/true, /bin/false, /bin/sleep (and their libraries), and on the
    host with the system calls of old kernels."""

    @classmethod
    def setUpClass(cls):
        cls.root = make_root(["/bin/true", "/bin/false", "/bin/sleep", GETENT])

    def chrooted(self, program, *args, floor=None):
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", harness.RUN_MARKER: self.run_id}
        prefix = [KERNEL_FLOOR, floor] if floor else []
        return traced(prefix + [CHROOT, self.root, program] + list(args), program, env)

    def test_exec_in_the_empty_root(self):
        for child, code in (("/bin/true", 0), ("/bin/false", 1)):
            result, loaded = self.chrooted("/usr/bin/awsdns", "exec", "--syslog", "--env-file",
                                           SETTINGS_PATH, "--", child)
            self.assertExit(result, code)
            self.assertEqual(loaded, [], result.describe())

    def test_the_nss_trap_is_armed(self):
        result, loaded = self.chrooted(GETENT, "passwd", "root")
        self.assertExit(result, 0)
        self.assertTrue([p for p in loaded if "libnss_awsdnstrap.so" in p], loaded)

    def test_exec_with_the_system_calls_of_old_kernels(self):
        for floor in ("3.2", "4.18"):
            env = self.env()
            result = harness.run([KERNEL_FLOOR, floor, PACKAGED, "exec", "--", "/bin/true"], env)
            self.assertExit(result, 0, f"Linux {floor}")
            result = harness.run([KERNEL_FLOOR, floor, PACKAGED, "exec", "--timeout", "1", "--",
                                  "/bin/sleep", "60"], env, timeout=60)
            self.assertExit(result, 124, f"Linux {floor}: the time limit still works")
            self.assertLess(result.elapsed, 30, "hang guard")
            self.assertNoSurvivors(env[harness.RUN_MARKER])


class NamedProxyTest(harness.E2ETestCase):
    """check --live through a proxy given by host name, in a private mount namespace whose
    /etc/nsswitch.conf is the trap, /etc/hosts names the proxy and /etc/resolv.conf points at
    loopback (no query leaves the machine): awsdns resolves the name itself (c-ares), the AWS CLI
    through glibc's NSS."""

    @classmethod
    def setUpClass(cls):
        cls.squid = harness.Squid().start()
        cls.addClassCleanup(cls.squid.stop)
        cls.r53 = harness.Route53Emulator().start()
        cls.addClassCleanup(cls.r53.stop)
        cls.r53.create_zone("Z0123456789ABCDEFGHIJ", "clusterpro.local.", records=3)
        cls.holder = _holder([UNSHARE, "--mount", "--propagation", "private", SLEEP, "infinity"])
        cls.addClassCleanup(cls.holder.kill)
        if not harness.wait_until(lambda: _isolated(cls.holder.pid, ["mnt"]), timeout=10):
            raise AssertionError("the mount namespace did not come up")
        work = harness.make_temp_dir("awsdns-nss-")
        files = {"/etc/nsswitch.conf": TRAP_NSSWITCH,
                 "/etc/hosts": "127.0.0.1 localhost awsdns-proxy.test\n",
                 "/etc/resolv.conf": "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n"}
        for target, text in files.items():
            source = os.path.join(work, os.path.basename(target))
            with open(source, "w") as f:
                f.write(text)
            _check([NSENTER, "-t", str(cls.holder.pid), "-m", MOUNT, "--bind", source, target],
                   f"bind {target}")

    def live(self, proxy_host):
        work = harness.make_temp_dir()
        proxy = f"http://{proxy_host}:{self.squid.port}"
        settings = harness.write_settings_file(work, harness.aws_settings(proxy))
        config = harness.write_yaml_config(work, harness.route53_config(
            self.r53.endpoint_url, "Z0123456789ABCDEFGHIJ", env_file=settings,
            lock_dir=os.path.join(work, "locks"), aws={"attempts": 1, "call_timeout": 20}))
        inside = [NSENTER, "-t", str(self.holder.pid), "-m"]
        result, loaded = traced(inside + [PACKAGED, "check", "--live", "--config", config,
                                          "--node", "server1", "--json"], PACKAGED, self.env())
        self.assertEqual(loaded, [], "awsdns loads no NSS module" + result.describe())
        steps = {step["step"]: step for step in json.loads(result.stdout)["live"]}
        return result, steps

    def test_the_nss_trap_is_armed_in_the_namespace(self):
        inside = [NSENTER, "-t", str(self.holder.pid), "-m"]
        result, loaded = traced(inside + [GETENT, "hosts", "awsdns-proxy.test"], GETENT, self.env())
        self.assertExit(result, 0)
        self.assertTrue(result.stdout.startswith("127.0.0.1"), result.describe())
        self.assertTrue([p for p in loaded if "libnss_awsdnstrap.so" in p], loaded)

    def test_check_live_resolves_the_proxy_name_from_the_hosts_file(self):
        result, steps = self.live("awsdns-proxy.test")
        self.assertExit(result, 0)
        proxy = f"awsdns-proxy.test:{self.squid.port}"
        self.assertTrue(steps["proxy-https"]["ok"], steps["proxy-https"])
        self.assertIn(f"http://{proxy}: the proxy {proxy} answered CONNECT "
                      f"{self.r53.authority} with \"200 ", steps["proxy-https"]["detail"])
        self.assertTrue(self.r53.request_log(), "the AWS CLI reached the emulator")
        self.assertTrue(all(entry["via_proxy"] and entry["tls"]
                            for entry in self.r53.request_log()))

    def test_a_proxy_name_nobody_knows(self):
        result, steps = self.live("awsdns-nowhere.invalid")
        self.assertNotEqual(result.returncode, 0, result.describe())
        self.assertFalse(steps["proxy-https"]["ok"])
        self.assertIn("cannot resolve awsdns-nowhere.invalid", steps["proxy-https"]["detail"])
