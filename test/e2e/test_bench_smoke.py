"""The benchmark script cannot rot: `bench/run.sh --smoke` (one iteration of every figure, small
zone, report in a temporary file) must run to the end with every command succeeding.

This is not a benchmark: nothing here looks at a timing. It checks that the figures could be
measured (exit status 0 means no command of the run failed and every record ended as expected)
and that the report has its sections."""

import os
import subprocess
import tempfile
import unittest

SOURCE_DIR = os.environ.get("AWSDNS_SOURCE_DIR") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUN_SH = os.path.join(SOURCE_DIR, "bench", "run.sh")


class BenchSmokeTest(unittest.TestCase):
    def test_smoke_run_writes_every_section(self):
        awsdns = os.environ.get("AWSDNS_BIN", "")
        if not awsdns or not os.access(awsdns, os.X_OK):
            self.skipTest("AWSDNS_BIN is not set to the built awsdns")
        if os.geteuid() != 0:
            self.skipTest("bench/run.sh runs as root (a network namespace; squid for B5)")
        figures = ["B1", "B2", "B3", "B4", "B5", "B7", "B8"]
        published = os.path.join(SOURCE_DIR, "BENCHMARKS.md")
        before = os.stat(published).st_mtime_ns if os.path.exists(published) else None
        with tempfile.TemporaryDirectory(prefix="awsdns-bench-smoke-") as tmp:
            report = os.path.join(tmp, "BENCHMARKS.md")
            env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                   "LANG": "C.UTF-8", "HOME": tmp, "AWSDNS_BIN": awsdns}
            for name in ("ASAN_OPTIONS", "UBSAN_OPTIONS"):  # the sanitizer build's settings
                if name in os.environ:
                    env[name] = os.environ[name]
            proc = subprocess.run(
                [RUN_SH, "--smoke", "--out", report, "--only", ",".join(figures)],
                env=env, capture_output=True, text=True, timeout=600, cwd=tmp)
            output = proc.stdout[-6000:] + proc.stderr[-6000:]
            self.assertEqual(proc.returncode, 0, f"bench/run.sh --smoke failed:\n{output}")
            with open(report) as f:
                text = f.read()
        for figure in figures:
            self.assertIn(f"## {figure} ", text, f"section {figure} missing:\n{text}")
        for section in ("## Machine", "## Versions", "## Goals", "## Reproducing"):
            self.assertIn(section, text)
        self.assertIn("Smoke run", text)
        self.assertNotIn("## Problems", text)
        after = os.stat(published).st_mtime_ns if os.path.exists(published) else None
        self.assertEqual(before, after, "a smoke run must not touch BENCHMARKS.md")


if __name__ == "__main__":
    unittest.main()
