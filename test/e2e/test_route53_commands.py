"""End to end: `awsdns activate/deactivate/monitor` with the REAL /usr/bin/aws over HTTPS through
a REAL squid (the settings file's proxy, CONNECT) against the Route 53 emulator (the
README's scenarios)."""

import fcntl
import json
import os
import pty
import signal
import subprocess
import time
import unittest

import harness

ZONE = "Z0123456789ABCDEFGHIJ"
BIG_ZONE = "Z0BIGZONE00000000000A"
NAME = "test.clusterpro.local."
SERVER1, SERVER2 = "10.0.110.100", "10.0.120.100"
NOBODY = 65534
JSON_KEYS = {"resource", "node", "ip", "action", "change_id", "status", "attempts", "elapsed_ms",
             "result", "message"}

SQUID = None
R53 = None


def setUpModule():
    global SQUID, R53
    SQUID = harness.Squid().start()
    unittest.addModuleCleanup(SQUID.stop)
    R53 = harness.Route53Emulator().start()
    unittest.addModuleCleanup(R53.stop)


class Route53Commands(harness.E2ETestCase):
    def setUp(self):
        super().setUp()
        R53.reset()
        R53.create_zone(ZONE, "clusterpro.local.", records=20)
        self.dir = harness.make_temp_dir()
        self.settings = harness.write_settings_file(self.dir, harness.aws_settings(SQUID.url))

    # ---- helpers --------------------------------------------------------------------------
    def config(self, zone=ZONE, **kwargs):
        kwargs.setdefault("env_file", self.settings)
        kwargs.setdefault("lock_dir", os.path.join(self.dir, "locks"))
        return harness.write_yaml_config(self.dir, harness.route53_config(
            R53.endpoint_url, zone, **kwargs))

    def awsdns(self, command, node, config, *extra, env=None, timeout=180):
        args = [command, "--config", config, "--node", node, *extra]
        return harness.run_awsdns(args, env or self.env(), timeout=timeout)

    def record(self, zone=ZONE):
        found = R53.find_rrset(zone, NAME, "A")
        return found and [r["Value"] for r in found["ResourceRecords"]]

    # ---- scenarios ------------------------------------------------------------------------
    def test_two_node_failover(self):
        config = self.config()
        mark = SQUID.mark()
        result = self.awsdns("activate", "server1", config)
        self.assertExit(result, 0)
        self.assertEqual(self.record(), [SERVER1])
        self.assertIn("ok", result.stdout)
        self.assertEqual(result.stdout.count("\n"), 1, result.describe())
        self.assertEqual(result.stderr, "", "quiet without a terminal" + result.describe())
        # every request went through the settings file's proxy, in a CONNECT tunnel (one per
        # AWS CLI run: UPSERT, read-back, at least one GetChange)
        self.assertGreaterEqual(len(SQUID.tunnels(R53.authority, since=mark, count=3)), 3)
        self.assertTrue(all(e["via_proxy"] and e["tls"] for e in R53.request_log()),
                        R53.request_log())

        self.assertExit(self.awsdns("deactivate", "server1", config), 0)
        self.assertIsNone(self.record(), "server1's deactivate deletes its record")
        self.assertExit(self.awsdns("activate", "server2", config), 0)
        self.assertEqual(self.record(), [SERVER2])
        self.assertExit(self.awsdns("monitor", "server2", config), 0)
        result = self.awsdns("monitor", "server1", config)
        self.assertExit(result, 4)
        self.assertIn(SERVER2, result.stdout)
        self.assertNoSurvivors()

    def test_late_deactivate_leaves_the_other_nodes_record(self):
        config = self.config()
        self.assertExit(self.awsdns("activate", "server1", config), 0)
        self.assertExit(self.awsdns("activate", "server2", config), 0)
        R53.clear_log()
        result = self.awsdns("deactivate", "server1", config)
        self.assertExit(result, 0)
        self.assertIn("untouched", result.stdout)
        self.assertEqual(self.record(), [SERVER2])
        self.assertEqual(R53.request_count("ChangeResourceRecordSets"), 0)

    def test_deactivate_of_an_absent_record_succeeds(self):
        result = self.awsdns("deactivate", "server1", self.config())
        self.assertExit(result, 0)
        self.assertIn("absent", result.stdout)
        self.assertEqual(R53.request_count("ChangeResourceRecordSets"), 0)

    def test_monitor_of_a_big_zone_makes_one_request(self):
        R53.create_zone(BIG_ZONE, "clusterpro.local.", records=10000)
        R53.put_rrsets(BIG_ZONE, [{"name": NAME, "type": "A", "ttl": 300, "values": [SERVER1]}])
        config = self.config(zone=BIG_ZONE)
        for node, code in (("server1", 0), ("server2", 4)):
            R53.clear_log()
            self.assertExit(self.awsdns("monitor", node, config), code)
            log = R53.request_log()
            self.assertEqual(len(log), 1, log)
            self.assertEqual(log[0]["query"].get("maxitems"), "1", log)
            self.assertEqual(log[0]["query"].get("name"), NAME, log)
        # absent: the listing returns the next record, which must not be taken for ours
        R53.control("DELETE", "log")
        other = self.config(zone=BIG_ZONE, record_name="host00005.clusterpro.local")
        R53.clear_log()
        result = self.awsdns("monitor", "server1", other)
        self.assertExit(result, 4)  # host00005 exists with another address
        R53.clear_log()
        missing = self.config(zone=BIG_ZONE, record_name="nothere.clusterpro.local")
        self.assertExit(self.awsdns("monitor", "server1", missing), 3)
        self.assertEqual(R53.request_count(), 1)

    def test_throttling_twice_then_success(self):
        R53.add_fault("ChangeResourceRecordSets", "throttling", count=2)
        result = self.awsdns("activate", "server1", self.config())
        self.assertExit(result, 0)
        self.assertEqual(R53.request_count("ChangeResourceRecordSets"), 3)
        self.assertEqual(self.record(), [SERVER1])

    def test_throttled_until_the_budget_ends_is_unreachable(self):
        # A throttled run is not one of `attempts`: the change waits its turn until the end of
        # the command's budget (no --deadline), then fails as aws-unreachable.
        R53.add_fault("ChangeResourceRecordSets", "throttling", count=-1)
        result = self.awsdns("activate", "server1", self.config(aws={"attempts": 2}))
        self.assertExit(result, 69)
        self.assertGreater(R53.request_count("ChangeResourceRecordSets"), 2)
        self.assertIn("throttled until the command's deadline", result.stdout)

    def test_invalid_change_batch_fails_at_once(self):
        R53.add_fault("ChangeResourceRecordSets", "invalid_change_batch", count=1,
                      message="Injected: RRSet of type CNAME with DNS name is not permitted")
        result = self.awsdns("activate", "server1", self.config())
        self.assertExit(result, 1)
        self.assertEqual(R53.request_count("ChangeResourceRecordSets"), 1)
        self.assertIn("InvalidChangeBatch", result.stdout)
        self.assertIn("not permitted", result.stdout)

    def test_insync_after_three_pending_in_seconds(self):
        R53.set_sync(pending_count=3)
        started = time.monotonic()
        result = self.awsdns("activate", "server1", self.config(), "--json")
        elapsed = time.monotonic() - started
        self.assertExit(result, 0)
        report = json.loads(result.stdout)
        self.assertEqual(report["status"], "INSYNC")
        self.assertEqual(R53.request_count("GetChange"), 4)
        # the AWS CLI waiter polls every 2 s (poll_interval): seconds, not the tens of seconds of
        # the bundled waiter's 30 s (generous bound for a loaded machine)
        self.assertLess(elapsed, 60.0, "INSYNC must be seen in seconds")
        log = R53.request_log()
        self.assertLess(log[-1]["time"] - log[0]["time"], 45.0, log)

    def test_not_insync_within_wait_timeout(self):
        R53.set_sync(pending_count=1000)
        config = self.config(resource_settings={"wait_timeout": 3})
        result = self.awsdns("activate", "server1", config)
        self.assertExit(result, 5)
        self.assertIn("wait_timeout", result.stdout)

    def test_json_output(self):
        config = self.config()
        result = self.awsdns("activate", "server1", config, "--json")
        self.assertExit(result, 0)
        report = json.loads(result.stdout)
        self.assertTrue(JSON_KEYS <= set(report), report)
        self.assertEqual((report["resource"], report["node"], report["ip"], report["action"]),
                         ("web", "server1", SERVER1, "upsert"))
        self.assertTrue(report["change_id"].startswith("C"), report)
        self.assertEqual(report["result"], "ok")
        result = self.awsdns("monitor", "server2", config, "--json")
        self.assertExit(result, 4)
        report = json.loads(result.stdout)
        self.assertEqual((report["action"], report["status"], report["result"], report["attempts"]),
                         ("check", "elsewhere", "record-elsewhere", 1))

    def test_ip_override_and_bad_ip(self):
        config = self.config()
        self.assertExit(self.awsdns("activate", "server1", config, "--ip", "10.0.110.7"), 0)
        self.assertEqual(self.record(), ["10.0.110.7"])
        R53.clear_log()
        result = self.awsdns("activate", "server1", config, "--ip", "2001:db8::1")
        self.assertExit(result, 64)
        self.assertEqual(R53.request_count(), 0)

    def test_awsdns_activate_name_dispatch(self):
        link = os.path.join(self.dir, "awsdns-activate")
        os.symlink(harness.awsdns_bin(), link)
        result = harness.run([link, "--config", self.config(), "--node", "server1"], self.env())
        self.assertExit(result, 0)
        self.assertEqual(self.record(), [SERVER1])
        monitor = os.path.join(self.dir, "awsdns-monitor")
        os.symlink(harness.awsdns_bin(), monitor)
        self.assertExit(harness.run([monitor, "--config", self.config(), "--node", "server2"],
                                    self.env()), 4)

    def test_config_error_makes_no_aws_request(self):
        path = harness.write_yaml_config(self.dir, (
            "aws:\n  cli: /usr/bin/aws\n  extra_args: [\"--endpoint-url\", \"" + R53.endpoint_url +
            "\"]\nresources:\n  web:\n    hosted_zone_id: " + ZONE + "\n    name: " + NAME +
            "\n    type: A\n    ttll: 300\n    ip:\n      server1: 10.0.110.100\n"))
        R53.clear_log()
        result = self.awsdns("activate", "server1", path)
        self.assertExit(result, 78)
        self.assertRegex(result.stderr, r"awsdns\.yaml:9:5: .*ttll")
        self.assertEqual(R53.request_count(), 0)

    def test_unknown_node_is_a_config_error(self):
        R53.clear_log()
        result = self.awsdns("activate", "server9", self.config())
        self.assertExit(result, 78)
        self.assertIn("server9", result.stderr)
        self.assertEqual(R53.request_count(), 0)

    def test_monitor_reactions_when_aws_is_unreachable(self):
        with harness.ClosedPort() as closed:
            dead = harness.write_settings_file(self.dir, harness.aws_settings(closed.url),
                                               name="dead.conf")
            for reaction, code in (("ignore", 0), ("warn", 0), ("recover", 69)):
                config = self.config(env_file=dead, aws={"attempts": 2},
                                     monitor={"on_cli_failure": reaction})
                result = self.awsdns("monitor", "server1", config, "--json")
                self.assertExit(result, code, reaction)
                report = json.loads(result.stdout)
                self.assertEqual(report["status"], "unknown")
                self.assertEqual(report["attempts"], 2)
                self.assertIn("proxy", report["message"])
                if reaction == "warn":
                    self.assertIn("awsdns: warning:", result.stderr)
                else:
                    self.assertNotIn("warning", result.stderr)
        self.assertEqual(R53.request_count(), 0)

    def test_lock_busy(self):
        lock_dir = os.path.join(self.dir, "locks")
        os.makedirs(lock_dir)
        config = self.config(lock_dir=lock_dir, aws={"attempts": 1, "call_timeout": 2},
                             resource_settings={"wait_insync": False})
        with open(os.path.join(lock_dir, "web.lock"), "w") as held:
            fcntl.flock(held, fcntl.LOCK_EX)
            result = self.awsdns("activate", "server1", config, timeout=60)
        self.assertExit(result, 6)
        self.assertIn("locked", result.stdout)
        self.assertEqual(R53.request_count(), 0)

    def test_a_lock_dir_planted_by_another_user_is_refused(self):
        # The truncation attack: lock_dir in a world-writable sticky directory (as /tmp), where
        # `nobody` made it a symbolic link to a directory of root's that holds a file named like
        # the lock file. awsdns (as root) once opened that file, truncated it and wrote its pid.
        os.chmod(self.dir, 0o755)  # so that nobody can reach tmp/ (root's, not writable)
        sticky = os.path.join(self.dir, "tmp")
        os.mkdir(sticky)
        os.chmod(sticky, 0o1777)
        victim = os.path.join(self.dir, "etc")
        os.mkdir(victim, 0o755)
        target = os.path.join(victim, "web.lock")
        with open(target, "w") as f:
            f.write("root's data\n")
        before = os.stat(target)
        lock_dir = os.path.join(sticky, "awsdns")
        subprocess.run(["ln", "-s", victim, lock_dir], check=True, user=NOBODY, group=NOBODY)
        self.assertEqual(os.lstat(lock_dir).st_uid, NOBODY)
        self.assertExit(self.awsdns("activate", "server1", self.config()), 0)  # a record to delete
        config = self.config(lock_dir=lock_dir)
        R53.clear_log()
        for command in ("deactivate", "activate"):
            result = self.awsdns(command, "server1", config)
            self.assertExit(result, 78, command)
            self.assertIn(f"lock directory {lock_dir} is a symbolic link in {sticky}, a directory "
                          f"others can write", result.stderr)
            self.assertIn(f"run: rm {lock_dir}", result.stderr)
        self.assertEqual(R53.request_count(), 0)
        with open(target) as f:
            self.assertEqual(f.read(), "root's data\n")
        after = os.stat(target)
        self.assertEqual((after.st_size, after.st_mtime_ns), (before.st_size, before.st_mtime_ns))
        self.assertEqual(self.record(), [SERVER1])

        # The fix the message names: awsdns then makes the directory itself, root's and 0700.
        os.remove(lock_dir)
        self.assertExit(self.awsdns("deactivate", "server1", config), 0)
        made = os.lstat(lock_dir)
        self.assertEqual((made.st_uid, made.st_mode & 0o7777), (0, 0o700))
        self.assertIsNone(self.record())

    def test_a_lock_dir_others_may_write_is_refused_with_the_chmod(self):
        lock_dir = os.path.join(self.dir, "shared")
        os.mkdir(lock_dir)
        os.chmod(lock_dir, 0o777)
        result = self.awsdns("deactivate", "server1", self.config(lock_dir=lock_dir))
        self.assertExit(result, 78)
        self.assertIn(f"lock directory {lock_dir} is writable by group or others (mode 0777); "
                      f"run: chmod go-w {lock_dir}", result.stderr)
        self.assertEqual(os.listdir(lock_dir), [])
        os.chmod(lock_dir, 0o755)
        self.assertExit(self.awsdns("deactivate", "server1", self.config(lock_dir=lock_dir)), 0)

    def test_terminal_shows_the_wait_for_the_lock_once(self):
        lock_dir = os.path.join(self.dir, "locks")
        os.makedirs(lock_dir)
        config = self.config(lock_dir=lock_dir, resource_settings={"wait_insync": False})
        held = open(os.path.join(lock_dir, "web.lock"), "w")
        self.addCleanup(held.close)
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write(f"{os.getpid()}\n")
        held.flush()
        master, slave = pty.openpty()
        argv = [harness.awsdns_bin(), "activate", "--config", config, "--node", "server1"]
        process = subprocess.Popen(argv, env=self.env(), stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=slave, start_new_session=True)
        os.close(slave)

        def release_when_waiting(seen):
            if b"waiting for the lock" in seen and not held.closed:
                time.sleep(0.5)  # still waiting: the line is shown once, not per poll
                held.close()  # releases the lock: activate goes on

        seen = harness.read_terminal(master, release_when_waiting)
        out, _ = process.communicate(timeout=60)
        os.close(master)
        self.assertEqual(process.returncode, 0, out)
        status = seen.decode(errors="replace")
        self.assertEqual(status.count("waiting for the lock"), 1, status)
        self.assertRegex(status.replace("\x1b[K", ""),
                         rf"\rawsdns: waiting for the lock of resource web \(held by pid "
                         rf"{os.getpid()}\) up to \d+(\.\d)? s \.\.\.")
        self.assertNotIn("\n", status, "one status line, cleared when the lock is had")
        self.assertEqual(self.record(), [SERVER1])

        # Not at a terminal: no status line.
        with open(os.path.join(lock_dir, "web.lock"), "w") as again:
            fcntl.flock(again, fcntl.LOCK_EX)
            result = self.awsdns("deactivate", "server1", config, "--deadline", "2")
        self.assertExit(result, 124)
        self.assertNotIn("waiting for the lock", result.stderr)
        self.assertIn("locked by another awsdns", result.stdout)

    def test_sigterm_during_the_insync_wait(self):
        R53.set_sync(pending_count=1000)
        args = ["activate", "--config", self.config(), "--node", "server1"]
        spawned = harness.spawn([harness.awsdns_bin()] + args, self.env())
        self.assertTrue(harness.wait_until(lambda: R53.request_count("GetChange") >= 1, 30))
        spawned.send_signal(signal.SIGTERM)
        result = spawned.wait(30)
        self.assertExit(result, 128 + signal.SIGTERM)
        self.assertNoSurvivors()

    def test_no_temporary_file_is_left(self):
        tmp = harness.make_temp_dir()
        env = self.env(extra={"TMPDIR": tmp})
        self.assertExit(self.awsdns("activate", "server1", self.config(), env=env), 0)
        R53.add_fault("ChangeResourceRecordSets", "invalid_change_batch", count=1)
        self.assertExit(self.awsdns("activate", "server2", self.config(), env=env), 1)
        self.assertEqual(harness.files_under(tmp), set())

    def test_terminal_shows_one_updating_status_line(self):
        R53.set_sync(pending_count=2)
        master, slave = pty.openpty()
        argv = [harness.awsdns_bin(), "activate", "--config", self.config(), "--node", "server1"]
        process = subprocess.Popen(argv, env=self.env(), stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=slave, start_new_session=True)
        os.close(slave)
        seen = harness.read_terminal(master)
        out, _ = process.communicate(timeout=60)
        os.close(master)
        self.assertEqual(process.returncode, 0, out)
        status = seen.decode(errors="replace")
        self.assertIn("\rawsdns: change C", status.replace("\x1b[K", ""))
        self.assertIn("PENDING", status)
        self.assertIn("INSYNC", status)
        self.assertNotIn("\n", status, "one line, updated in place")
        self.assertEqual(out.decode().count("\n"), 1)

    def test_check_resolution_against_dnsmasq(self):
        dns = harness.Dnsmasq({NAME: SERVER1}).start()
        self.addCleanup(dns.stop)
        config = self.config(monitor={"check_resolution": True, "resolver": dns.server})
        self.assertExit(self.awsdns("activate", "server1", config), 0)
        result = self.awsdns("monitor", "server1", config)
        self.assertExit(result, 0)
        self.assertIn("resolves to " + SERVER1, result.stdout)
        # Route 53 says server2, DNS still answers server1's address: the mismatch code
        self.assertExit(self.awsdns("activate", "server2", config), 0)
        result = self.awsdns("monitor", "server2", config)
        self.assertExit(result, 4)
        self.assertIn("resolves to " + SERVER1, result.stdout)


if __name__ == "__main__":
    unittest.main()
