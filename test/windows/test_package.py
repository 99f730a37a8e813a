"""The Windows packages (test/windows/package.sh): the MSI's tables, files and system PATH entry
(msiinfo), an install under Wine (msiexec /i /qn) whose awsdns.exe runs from PATH, and the .zip's
files. Usage: python3 test/windows/test_package.py [BUILD_DIR] (default build-windows).
Wine limits: the install runs as Wine's single user without ACLs, so the installed files'
permissions are not tested here (needs a real Windows run)."""
import glob
import os
import subprocess
import sys
import tempfile
import unittest
import zipfile

import wine_support

SOURCE_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD_DIR = os.path.abspath(sys.argv.pop(1) if len(sys.argv) > 1 else
                            os.path.join(SOURCE_DIR, "build-windows"))
INSTALLED = ["awsdns.exe", "README.md", "LICENSE", "clusterpro/start.bat", "clusterpro/stop.bat",
             "clusterpro/monitor.bat", "examples/awsdns.yaml", "examples/clpaws_setting.conf",
             "examples/iam-policy.json", "examples/squid.conf.fragment"]


def run(args, env=None, timeout=120):
    return subprocess.run(args, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=timeout, check=False)


class PackageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        built = run([os.path.join(SOURCE_DIR, "test/windows/package.sh"), BUILD_DIR])
        if built.returncode != 0:
            raise AssertionError("package.sh failed: " + built.stderr)
        cls.msi = glob.glob(os.path.join(BUILD_DIR, "awsdns-*-windows-x86_64.msi"))[0]
        cls.zip = glob.glob(os.path.join(BUILD_DIR, "awsdns-*-windows-x86_64.zip"))[0]
        cls.prefix = tempfile.mkdtemp(prefix="awsdns-wine-package-")
        cls.env = dict(os.environ, WINEDEBUG="-all", WINEPREFIX=cls.prefix)
        wine_support.start_session(cls.env)  # the prefix, before captured runs

    @classmethod
    def tearDownClass(cls):
        wine_support.stop_session(cls.env)
        subprocess.run(["rm", "-rf", cls.prefix], check=False)

    def test_msi_tables_files_and_path_entry(self):
        tables = run(["msiinfo", "tables", self.msi]).stdout.split()
        for table in ("File", "Component", "Directory", "Environment"):
            self.assertIn(table, tables)
        files = run(["msiinfo", "export", self.msi, "File"]).stdout
        for name in INSTALLED:
            self.assertIn("\t" + os.path.basename(name) + "\t", files.replace("|", "\t"))
        environment = run(["msiinfo", "export", self.msi, "Environment"]).stdout
        self.assertIn("SystemPath\t=-*PATH\t[~];[INSTALLDIR]\tExecutable", environment)
        sequence = run(["msiinfo", "export", self.msi, "InstallExecuteSequence"]).stdout
        self.assertIn("WriteEnvironmentStrings", sequence)

    def test_install_under_wine_then_version_from_path(self):
        installed = run(["wine", "msiexec", "/i", self.msi, "/qn"], env=self.env)
        self.assertEqual(installed.returncode, 0, installed.stderr)
        folder = os.path.join(self.prefix, "drive_c", "Program Files", "awsdns")
        for name in INSTALLED:
            self.assertTrue(os.path.isfile(os.path.join(folder, name)), name)
        path = run(["wine", "cmd", "/c", "echo %PATH%"], env=self.env).stdout
        self.assertIn("C:\\Program Files\\awsdns", path)
        version = run(["wine", "cmd", "/c", "awsdns.exe --version"], env=self.env)
        self.assertEqual(version.returncode, 0, version.stderr)
        self.assertIn("awsdns", version.stdout)

    def test_zip_holds_the_same_files(self):
        with zipfile.ZipFile(self.zip) as archive:
            names = set(archive.namelist())
        for name in INSTALLED:
            self.assertIn("awsdns/" + name, names)


if __name__ == "__main__":
    print("Wine limits: no ACLs (installed file permissions not checked), one user; "
          "needs a real Windows run for those.", file=sys.stderr)
    wine_support.main()
