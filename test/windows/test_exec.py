"""awsdns.exe exec under Wine, as a cluster manager meets it: a time-out ends the child's whole
tree (exit 124), and so does awsdns.exe's own death by SIGKILL (the Job object's last handle
closes with it: KILL_ON_JOB_CLOSE). The tree is build-windows/stubs/spawn_tree.exe, copied under
a name of this run so that its processes can be found in the process table.
Usage: python3 test/windows/test_exec.py [BUILD_DIR] (default build-windows)."""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import uuid

import wine_support

SOURCE_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD_DIR = os.path.abspath(sys.argv.pop(1) if len(sys.argv) > 1 else
                            os.path.join(SOURCE_DIR, "build-windows"))
AWSDNS_EXE = os.path.join(BUILD_DIR, "awsdns.exe")
TREE_EXE = os.path.join(BUILD_DIR, "stubs", "spawn_tree.exe")
SETTINGS = "[ENVIRONMENT]\r\nHTTPS_PROXY = http://127.0.0.1:3128\r\n"


def windows_path(path):
    return "Z:" + path.replace("/", "\\")


def running(name):
    """The Unix pids of the Wine processes whose command line names `name`."""
    found = subprocess.run(["pgrep", "-f", name], capture_output=True, text=True, check=False)
    return [int(pid) for pid in found.stdout.split()]


def wait_until(predicate, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


class ExecTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not (os.path.isfile(AWSDNS_EXE) and os.path.isfile(TREE_EXE)):
            raise unittest.SkipTest("no cross-built awsdns.exe and stubs in " + BUILD_DIR)
        cls.prefix = tempfile.mkdtemp(prefix="awsdns-wine-exec-")
        cls.env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"),
                   "WINEDEBUG": "-all", "WINEPREFIX": cls.prefix}
        wine_support.start_session(cls.env)

    @classmethod
    def tearDownClass(cls):
        wine_support.stop_session(cls.env)
        shutil.rmtree(cls.prefix, ignore_errors=True)

    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="awsdns-exec-")
        self.addCleanup(shutil.rmtree, self.folder, True)
        self.tree = "tree_" + uuid.uuid4().hex[:12] + ".exe"
        shutil.copy(TREE_EXE, os.path.join(self.folder, self.tree))
        self.settings = os.path.join(self.folder, "clpaws_setting.conf")
        with open(self.settings, "w", encoding="utf-8") as out:
            out.write(SETTINGS)
        self.pid_file = os.path.join(self.folder, "pids.txt")
        self.addCleanup(self.kill_leftovers)

    def kill_leftovers(self):
        for pid in running(self.tree):
            os.kill(pid, signal.SIGKILL)

    def exec_argv(self, *options):
        return ["wine", AWSDNS_EXE, "exec", "--env-file", windows_path(self.settings), *options,
                "--", windows_path(os.path.join(self.folder, self.tree)),
                windows_path(self.pid_file)]

    def test_a_time_out_ends_child_and_grandchild_with_124(self):
        done = subprocess.run(self.exec_argv("--timeout", "2"), env=self.env,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=120, check=False)
        self.assertEqual(done.returncode, 124, done.stderr)
        self.assertIn("timed out", done.stderr)
        self.assertTrue(os.path.exists(self.pid_file), "the tree never started")
        self.assertTrue(wait_until(lambda: not running(self.tree), 10),
                        "left running: %s" % running(self.tree))

    def test_sigkill_of_awsdns_ends_the_tree(self):
        awsdns = subprocess.Popen(self.exec_argv(), env=self.env, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            self.assertTrue(wait_until(lambda: os.path.exists(self.pid_file) and
                                       len(running(self.tree)) >= 2, 60), "the tree never started")
        finally:
            awsdns.kill()  # SIGKILL: no handler of awsdns runs
            awsdns.wait(timeout=30)
        self.assertTrue(wait_until(lambda: not running(self.tree), 10),
                        "left running after awsdns was killed: %s" % running(self.tree))


if __name__ == "__main__":
    wine_support.main(verbosity=2)
