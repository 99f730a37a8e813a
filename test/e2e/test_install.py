"""Installation: `cmake --install` into a DESTDIR (the tree, links, modes, nothing in /etc), the
man page and bash completion against the program's own --help, then the .deb (and .rpm when
rpmbuild exists) built by CPack: inspected with dpkg-deb / rpm, installed with `dpkg -i`, run
from PATH and removed again (root only)."""

import glob
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


# The Debian package of each shared library awsdns may load (with AWSDNS_STATIC_DEPS, the default,
# only libc's); the packages' Depends/Requires must name exactly those the binary loads.
LIBRARY_PACKAGES = {
    "libboost_program_options.so.1.81.0": "libboost-program-options1.81.0",
    "libboost_filesystem.so.1.81.0": "libboost-filesystem1.81.0",
    "libboost_json.so.1.81.0": "libboost-json1.81.0",
    "libyaml-cpp.so.0.7": "libyaml-cpp0.7",
    "libcares.so.2": "libc-ares2",
    "libstdc++.so.6": "libstdc++6",
    "libgcc_s.so.1": "libgcc-s1",
    "libm.so.6": "libc6",
    "libc.so.6": "libc6",
}


def library_package(library):
    """The package of a library from needed_libraries(); the dynamic loader (ld-*) is libc6's."""
    if library.startswith("ld-"):
        return "libc6"
    if library not in LIBRARY_PACKAGES:
        raise AssertionError(f"awsdns loads {library}, which this test does not know")
    return LIBRARY_PACKAGES[library]


def needed_libraries(binary):
    """The sonames in the dynamic section of `binary` (what the loader loads for it)."""
    dynamic = run(["readelf", "-d", binary]).stdout
    return set(re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", dynamic))


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
        cls.config = os.path.join(BUILD_DIR, "CPackConfig.cmake")
        if not os.path.exists(cls.config):
            raise AssertionError(f"{cls.config} missing: include cmake/Packaging.cmake")
        cls.out = harness.make_temp_dir("awsdns-cpack-")

    def build(self, generator, pattern):
        run(["cpack", "--config", self.config, "-G", generator, "-B", self.out], timeout=900)
        found = glob.glob(os.path.join(self.out, pattern))
        self.assertEqual(len(found), 1, found)
        return found[0]

    def test_deb(self):
        deb = self.build("DEB", "awsdns_*.deb")
        info = run(["dpkg-deb", "-I", deb]).stdout
        fields = dict(re.findall(r"(?m)^ ([A-Za-z-]+): (.*)$", info))
        self.assertEqual(fields["Package"], "awsdns")
        depends = fields["Depends"]
        needed = needed_libraries(os.path.join(STAGE, "usr", "bin", "awsdns"))
        self.assertIn("libc.so.6", needed)
        loaded_packages = {library_package(library) for library in needed}
        for package in loaded_packages:
            self.assertIn(package, depends)
        for package in set(LIBRARY_PACKAGES.values()) - loaded_packages:
            self.assertNotIn(package, depends, "a dependency on a library linked statically")
        self.assertNotIn("awscli", depends, "the AWS CLI is a recommendation only")
        self.assertEqual(fields["Recommends"], "awscli")
        self.assertNotIn("conffiles", info, "no configuration file is shipped")
        listing = run(["dpkg-deb", "-c", deb]).stdout
        self.assertRegex(listing, r"-rwxr-xr-x \S+ +\d+ [\d-]+ [\d:]+ \./usr/bin/awsdns\n")
        self.assertRegex(listing, r"\./usr/bin/awsdns-activate -> awsdns\n")
        self.assertRegex(listing, r"-rwxr-xr-x .* \./usr/lib/ocf/resource\.d/awsdns/awsdns\n")
        self.assertNotIn("./etc/", listing)
        self.install_and_remove(deb)

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

    def test_rpm(self):
        if not shutil.which("rpmbuild", path=harness.SAFE_PATH):
            self.skipTest("rpmbuild not installed (apt install rpm): no .rpm built")
        rpm = self.build("RPM", "awsdns-*.rpm")
        requires = run(["rpm", "-qp", "--requires", rpm]).stdout
        needed = needed_libraries(os.path.join(STAGE, "usr", "bin", "awsdns"))
        for library in LIBRARY_PACKAGES:
            if library in needed:
                self.assertIn(library, requires)
            else:
                self.assertNotIn(library, requires, "a requirement on a library linked statically")
        self.assertNotIn("awscli", requires, "the AWS CLI is a recommendation only")
        self.assertEqual(run(["rpm", "-qp", "--recommends", rpm]).stdout.split(), ["awscli"])
        files = run(["rpm", "-qpl", rpm]).stdout.split()
        self.assertIn("/usr/bin/awsdns-monitor", files)
        self.assertIn("/usr/lib/ocf/resource.d/awsdns/awsdns", files)
        self.assertFalse([f for f in files if f.startswith("/etc")], files)


if __name__ == "__main__":
    unittest.main()
