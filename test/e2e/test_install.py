"""Installation: `cmake --install` into a DESTDIR (the tree, links, modes, nothing in /etc; the OCF
agent and the man page carry the project version; another prefix: the agent runs the awsdns
installed with it and the install says how to point Pacemaker at it), the man page and bash
completion against the program's own --help, then the .deb and the .rpm built by CPack: the same
file list and the same static executable in both, no requirement but /bin/sh and bash (the .rpm),
none at all (the .deb), the AWS CLI only recommended. The .deb is installed with `dpkg -i`, run
from PATH and removed again; the .rpm is installed into an EMPTY rpm root (`rpm --root`), where
its awsdns runs (chroot). Root only for the installs. test_static_binary runs the packaged
executable in an empty root, on old kernels' system calls, and shows it loads no NSS module."""

import glob
import hashlib
import os
import re
import shutil
import stat
import subprocess
import unittest

import harness

BUILD_DIR = harness.BUILD_DIR
COMMANDS = ("exec", "check", "activate", "deactivate", "monitor")
ACTION_LINKS = ("awsdns-activate", "awsdns-deactivate", "awsdns-monitor")
EXIT_CODES = ("0", "1", "3", "4", "5", "6", "64", "69", "77", "78", "124", "126", "127")
OCF_AGENT = "usr/lib/ocf/resource.d/awsdns/awsdns"
STAGE = None


def run(argv, timeout=600, env=None, check=True):
    result = subprocess.run(argv, capture_output=True, text=True, timeout=timeout,
                            env=env or {"PATH": harness.SAFE_PATH, "LANG": "C.UTF-8"})
    if check and result.returncode != 0:
        raise AssertionError(f"$ {' '.join(argv)} -> {result.returncode}\n{result.stdout}"
                             f"{result.stderr}")
    return result


# Every file and link of both packages (directories aside), relative to /.
PACKAGE_FILES = {
    "usr/bin/awsdns", *(f"usr/bin/{name}" for name in ACTION_LINKS), OCF_AGENT,
    *(f"usr/share/awsdns/clusterpro/linux/{name}" for name in (
        "start.sh", "stop.sh", "monitor.sh", "example-aws-exec.sh", "awsdns-common.sh")),
    *(f"usr/share/awsdns/clusterpro/windows/{name}" for name in (
        "start.bat", "stop.bat", "monitor.bat")),
    *(f"usr/share/doc/awsdns/examples/{name}" for name in (
        "awsdns.yaml", "clpaws_setting.conf", "squid.conf.fragment", "iam-policy.json", "pcs.txt",
        "crm.txt")),
    "usr/share/doc/awsdns/README.md", "usr/share/doc/awsdns/LICENSE",
    "usr/share/man/man1/awsdns.1", *(f"usr/share/man/man1/{name}.1" for name in ACTION_LINKS),
    "usr/share/bash-completion/completions/awsdns",
    *(f"usr/share/bash-completion/completions/{name}" for name in ACTION_LINKS),
}
# What the .rpm may require: the scripts' interpreters (every target distribution has them) and
# rpm's own format features (rpm 4.6 and later, RHEL 8 has 4.14).
RPM_REQUIRES = {"/bin/sh", "/bin/bash", "rpmlib(CompressedFileNames) <= 3.0.4-1",
                "rpmlib(FileDigests) <= 4.6.0-1", "rpmlib(PayloadFilesHavePrefix) <= 4.0-1"}


def project_version():
    """CMake's project version of the build tree."""
    with open(os.path.join(BUILD_DIR, "CMakeCache.txt")) as cache:
        return re.search(r"(?m)^CMAKE_PROJECT_VERSION:STATIC=(.+)$", cache.read()).group(1)


def files_in(tree):
    """Files and links below `tree`, relative to it (directories left out)."""
    found = set()
    for root, dirs, files in os.walk(tree):
        found.update(os.path.relpath(os.path.join(root, name), tree) for name in files)
        found.update(os.path.relpath(os.path.join(root, name), tree) for name in dirs
                     if os.path.islink(os.path.join(root, name)))
    return found


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def setUpModule():
    global STAGE
    if not BUILD_DIR or not os.path.exists(os.path.join(BUILD_DIR, "cmake_install.cmake")):
        raise unittest.SkipTest("AWSDNS_BUILD_DIR (a configured, built tree) is not set")
    STAGE = harness.make_temp_dir("awsdns-destdir-")
    env = {"PATH": harness.SAFE_PATH, "DESTDIR": STAGE}
    run(["cmake", "--install", BUILD_DIR, "--prefix", "/usr"], env=env)


def help_options(command):
    """Long options (--name) that `awsdns COMMAND --help` lists."""
    result = run([harness.awsdns_bin(), command, "--help"])
    return set(re.findall(r"(?m)^\s+(?:-\w \[ )?(--[a-z][a-z-]+)", result.stdout))


class DestdirInstallTest(unittest.TestCase):

    def path(self, relative):
        return os.path.join(STAGE, relative)

    def test_binary_and_action_links(self):
        binary = self.path("usr/bin/awsdns")
        self.assertTrue(os.access(binary, os.X_OK), binary)
        for name in ACTION_LINKS:
            link = self.path(f"usr/bin/{name}")
            self.assertTrue(os.path.islink(link), f"{link} must be a symbolic link")
            self.assertEqual(os.readlink(link), "awsdns", "relative link")
            self.assertEqual(os.path.realpath(link), os.path.realpath(binary))
        result = run([self.path("usr/bin/awsdns-activate"), "--help"])
        self.assertIn("activate", result.stdout)
        self.assertRegex(run([binary, "--version"]).stdout, r"^awsdns \d+\.\d+")

    def test_ocf_agent_scripts_and_examples(self):
        agent = self.path(OCF_AGENT)
        self.assertEqual(stat.S_IMODE(os.stat(agent).st_mode), 0o755, agent)
        for name in ("start.sh", "stop.sh", "monitor.sh", "example-aws-exec.sh", "awsdns-common.sh"):
            script = self.path(f"usr/share/awsdns/clusterpro/linux/{name}")
            self.assertTrue(os.access(script, os.X_OK), script)
        for name in ("start.bat", "stop.bat", "monitor.bat"):
            self.assertTrue(os.path.isfile(self.path(f"usr/share/awsdns/clusterpro/windows/{name}")))
        for name in ("awsdns.yaml", "clpaws_setting.conf", "squid.conf.fragment",
                     "iam-policy.json", "pcs.txt", "crm.txt"):
            self.assertTrue(os.path.isfile(self.path(f"usr/share/doc/awsdns/examples/{name}")), name)

    def test_agent_and_man_page_carry_the_project_version(self):
        version = project_version()
        self.assertRegex(run([self.path("usr/bin/awsdns"), "--version"]).stdout,
                         rf"^awsdns {re.escape(version)} \(commit \S+\)\n$")
        agent = run([self.path(OCF_AGENT), "meta-data"],
                    env={"PATH": harness.SAFE_PATH, "OCF_ROOT": "/usr/lib/ocf"}).stdout
        self.assertIn(f'<resource-agent name="awsdns" version="{version}">', agent)
        self.assertIn('default="/usr/bin/awsdns"', agent, "the prefix /usr: the packaged awsdns")
        with open(self.path("usr/share/man/man1/awsdns.1")) as page:
            self.assertIn(f'"awsdns {version}"', page.read())

    def test_another_prefix_says_where_the_agent_went(self):
        stage = harness.make_temp_dir("awsdns-opt-")
        result = run(["cmake", "--install", BUILD_DIR, "--prefix", "/opt/awsdns"],
                     env={"PATH": harness.SAFE_PATH, "DESTDIR": stage})
        agent_dir = "/opt/awsdns/lib/ocf/resource.d/awsdns"
        self.assertIn(f"the OCF agent went to {agent_dir}/awsdns", result.stdout)
        self.assertIn(f"ln -s {agent_dir} /usr/lib/ocf/resource.d/awsdns", result.stdout)
        with open(stage + agent_dir + "/awsdns") as f:
            agent = f.read()
        self.assertIn("readonly DEFAULT_AWSDNS=/opt/awsdns/bin/awsdns\n", agent)
        self.assertIn('default="/opt/awsdns/bin/awsdns"', agent)
        self.assertNotIn("/usr/bin/awsdns", agent)
        self.assertTrue(os.access(stage + "/opt/awsdns/bin/awsdns", os.X_OK))
        quiet = run(["cmake", "--install", BUILD_DIR, "--prefix", "/usr"],
                    env={"PATH": harness.SAFE_PATH, "DESTDIR": harness.make_temp_dir()})
        self.assertNotIn("OCF agent went to", quiet.stdout, "/usr: where Pacemaker looks")

    def test_nothing_under_etc(self):
        self.assertFalse(os.path.exists(self.path("etc")), "nothing may be installed in /etc")
        self.assertFalse(os.path.exists(self.path("usr/etc")))

    def test_every_installed_link_resolves(self):
        for root, dirs, files in os.walk(STAGE):
            for name in dirs + files:
                path = os.path.join(root, name)
                if os.path.islink(path):
                    self.assertFalse(os.path.isabs(os.readlink(path)), f"{path}: absolute link")
                    self.assertTrue(os.path.exists(path), f"{path}: dangling link")

    def test_man_page_covers_commands_options_and_exit_codes(self):
        page = self.path("usr/share/man/man1/awsdns.1")
        for name in ACTION_LINKS:
            self.assertEqual(os.readlink(self.path(f"usr/share/man/man1/{name}.1")), "awsdns.1")
        result = run(["groff", "-man", "-Tutf8", "-ww", "-z", page])
        self.assertEqual(result.stderr, "", "groff warnings")
        text = run(["man", "-l", page], env={"PATH": harness.SAFE_PATH, "MANWIDTH": "200",
                                             "LANG": "C.UTF-8", "MAN_KEEP_FORMATTING": ""}).stdout
        text = text.replace("\u2010", "-").replace("\u2212", "-")
        for command in COMMANDS:
            self.assertRegex(text, rf"awsdns {command}\b", f"command {command}")
            for option in help_options(command):
                self.assertIn(option, text, f"option {option} of {command}")
        for code in EXIT_CODES:
            self.assertRegex(text, rf"(?m)^\s+{code}\s", f"exit code {code}")
        for path in ("/etc/awsdns/awsdns.yaml", "/opt/nec/clusterpro/cloud/aws/clpaws_setting.conf",
                     "/usr/lib/ocf/resource.d/awsdns/awsdns"):
            self.assertIn(path, text)
        for key in ("env_file", "extra_args", "connect_timeout", "read_timeout", "call_timeout",
                    "attempts", "hosted_zone_id", "delete_on_deactivate", "wait_insync",
                    "wait_timeout", "check_resolution", "resolver", "on_cli_failure"):
            self.assertIn(key, text, f"config key {key}")

    def test_bash_completion(self):
        completion = self.path("usr/share/bash-completion/completions/awsdns")
        run(["bash", "-n", completion])
        for name in ACTION_LINKS:
            self.assertEqual(os.readlink(self.path(f"usr/share/bash-completion/completions/{name}")),
                             "awsdns")

        def complete(*words):
            script = (f"source {completion}\nCOMP_WORDS=({' '.join(repr(w) for w in words)})\n"
                      "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n_awsdns\n"
                      "printf '%s\\n' \"${COMPREPLY[@]}\"\n")
            return set(run(["bash", "-c", script]).stdout.split())

        self.assertEqual(complete("awsdns", ""), set(COMMANDS))
        for command in COMMANDS:
            offered = complete("awsdns", command, "--")
            for option in help_options(command):
                self.assertIn(option, offered, f"completion of {command} {option}")
        config = os.path.join(harness.SOURCE_DIR, "examples", "awsdns.yaml")
        self.assertEqual(complete("awsdns-activate", "--config", config, ""), {"web"})


class PackageTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        config = os.path.join(BUILD_DIR, "CPackConfig.cmake")
        if not os.path.exists(config):
            raise AssertionError(f"{config} missing: is awsdns linked fully static here?")
        if not shutil.which("rpmbuild", path=harness.SAFE_PATH):
            raise AssertionError("rpmbuild not installed (setup.sh installs rpm)")
        out = harness.make_temp_dir("awsdns-cpack-")
        run(["cpack", "--config", config, "-G", "DEB;RPM", "-B", out], timeout=900)
        (cls.deb,), (cls.rpm,) = (glob.glob(os.path.join(out, pattern))
                                  for pattern in ("awsdns_*.deb", "awsdns-*.rpm"))
        cls.deb_tree, cls.rpm_tree = os.path.join(out, "deb"), os.path.join(out, "rpm")
        run(["dpkg-deb", "-x", cls.deb, cls.deb_tree])
        run(["rpm2archive", cls.rpm])
        os.makedirs(cls.rpm_tree)
        run(["tar", "-xzf", cls.rpm + ".tgz", "-C", cls.rpm_tree])

    def test_the_same_files_and_executable_in_both(self):
        self.assertEqual(files_in(self.deb_tree), PACKAGE_FILES)
        self.assertEqual(files_in(self.rpm_tree), PACKAGE_FILES)
        for relative in PACKAGE_FILES:
            deb, rpm = (os.path.join(tree, relative) for tree in (self.deb_tree, self.rpm_tree))
            if os.path.islink(deb):
                self.assertEqual(os.readlink(deb), os.readlink(rpm), relative)
            else:
                self.assertEqual(sha256(deb), sha256(rpm), relative)
                self.assertEqual(os.stat(deb).st_mode, os.stat(rpm).st_mode, relative)
        self.assertIn("statically linked", run(["file", "-L", os.path.join(
            self.deb_tree, "usr/bin/awsdns")]).stdout)

    def test_deb(self):
        info = run(["dpkg-deb", "-I", self.deb]).stdout
        fields = dict(re.findall(r"(?m)^ ([A-Za-z-]+): (.*)$", info))
        self.assertEqual(fields["Package"], "awsdns")
        self.assertNotIn("Depends", fields, "a static executable and Essential bash: no Depends")
        self.assertEqual(fields["Recommends"], "awscli")
        self.assertEqual(fields["Suggests"], "resource-agents, pacemaker, squid")
        self.assertNotIn("conffiles", info, "no configuration file is shipped")
        listing = run(["dpkg-deb", "-c", self.deb]).stdout
        self.assertRegex(listing, r"-rwxr-xr-x \S+ +\d+ [\d-]+ [\d:]+ \./usr/bin/awsdns\n")
        self.assertRegex(listing, r"\./usr/bin/awsdns-activate -> awsdns\n")
        self.assertRegex(listing, r"-rwxr-xr-x .* \./usr/lib/ocf/resource\.d/awsdns/awsdns\n")
        self.assertNotIn("./etc/", listing)
        self.install_and_remove(self.deb)

    def install_and_remove(self, deb):
        if os.geteuid() != 0:
            self.skipTest("dpkg -i needs root: the package was built and inspected, not installed")
        if run(["dpkg-query", "-W", "awsdns"], check=False).returncode == 0:
            self.skipTest("an awsdns package is already installed here; not touching it")
        if os.path.exists("/usr/bin/awsdns"):
            self.skipTest("/usr/bin/awsdns exists outside dpkg; not overwriting it")
        self.addCleanup(run, ["dpkg", "-r", "awsdns"], 300, None, False)
        run(["dpkg", "-i", deb], timeout=300)
        path_env = {"PATH": harness.SAFE_PATH, "LANG": "C.UTF-8"}
        self.assertEqual(run(["sh", "-c", "command -v awsdns"], env=path_env).stdout.strip(),
                         "/usr/bin/awsdns")
        version = run(["awsdns", "--version"], env=path_env).stdout
        self.assertRegex(version, r"^awsdns \d+\.\d+\.\d+")
        usage = run(["awsdns-activate", "--help"], env=path_env).stdout
        self.assertIn("activate", usage)
        self.assertTrue(os.access("/usr/lib/ocf/resource.d/awsdns/awsdns", os.X_OK))
        run(["dpkg", "-r", "awsdns"], timeout=300)
        self.assertFalse(os.path.exists("/usr/bin/awsdns"), "dpkg -r left the binary behind")
        self.assertFalse(os.path.exists("/usr/bin/awsdns-activate"))
        self.assertFalse(os.path.exists("/usr/lib/ocf/resource.d/awsdns"))

    def test_rpm_requirements_and_files(self):
        self.assertEqual(set(run(["rpm", "-qpR", self.rpm]).stdout.splitlines()), RPM_REQUIRES)
        self.assertEqual(run(["rpm", "-qp", "--recommends", self.rpm]).stdout.split(), ["awscli"])
        # Its files, and the directories only it has (others belong to filesystem, etc.).
        own_directories = {"/usr/lib/ocf/resource.d/awsdns", "/usr/share/awsdns",
                           "/usr/share/awsdns/clusterpro", "/usr/share/awsdns/clusterpro/linux",
                           "/usr/share/awsdns/clusterpro/windows", "/usr/share/doc/awsdns",
                           "/usr/share/doc/awsdns/examples"}
        self.assertEqual(set(run(["rpm", "-qpl", self.rpm]).stdout.split()),
                         {"/" + f for f in PACKAGE_FILES} | own_directories)

    def test_rpm_installs_and_runs_in_an_empty_rpm_root(self):
        if os.geteuid() != 0:
            self.skipTest("the installed awsdns runs in a chroot: root only")
        root = harness.make_temp_dir("awsdns-rpmroot-")
        run(["rpm", "--root", root, "--initdb"])
        refused = run(["rpm", "--root", root, "-i", self.rpm], check=False)
        self.assertNotEqual(refused.returncode, 0, "the root has no /bin/sh")
        unmet = set(re.findall(r"(?m)^\s+(\S+) is needed by awsdns-", refused.stderr))
        self.assertEqual(unmet, {"/bin/sh", "/bin/bash"}, refused.stderr)
        run(["rpm", "--root", root, "-i", "--nodeps", self.rpm])
        run(["rpm", "--root", root, "-V", "--nodeps", "awsdns"])
        chrooted = ["/usr/sbin/chroot", root]
        env = {"PATH": "/usr/bin", "LANG": "C.UTF-8"}
        self.assertRegex(run(chrooted + ["/usr/bin/awsdns", "--version"], env=env).stdout,
                         rf"^awsdns {re.escape(project_version())} ")
        self.assertIn("activate", run(chrooted + ["/usr/bin/awsdns-activate", "--help"],
                                      env=env).stdout)
        with open(os.path.join(root, OCF_AGENT)) as f:
            self.assertIn("DEFAULT_AWSDNS=/usr/bin/awsdns\n", f.read())


if __name__ == "__main__":
    unittest.main()
