"""Measuring one command: wall time, CPU seconds of its whole process tree, AWS CLI runs, and
the Route 53 API requests the emulator saw; plus the statistics the report prints."""

import json
import os
import resource
import statistics
import subprocess
import time


class Sample:
    """One measured run: exit status, wall seconds, CPU seconds (user+sys of the command and
    every descendant it waited for), API requests by operation, AWS CLI runs (or None)."""

    def __init__(self, label, returncode, wall, cpu, api, cli_runs, output="", stdout="",
                 timeline=()):
        self.label = label
        self.stdout = stdout
        self.timeline = list(timeline)  # [(seconds since start, API operation)]
        self.returncode = returncode
        self.wall = wall
        self.cpu = cpu
        self.api = dict(api)
        self.cli_runs = cli_runs
        self.output = output

    @property
    def api_total(self):
        return sum(self.api.values())

    def plus(self, other):
        """The two runs back to back, as one operation (e.g. aws change + aws wait)."""
        api = dict(self.api)
        for op, n in other.api.items():
            api[op] = api.get(op, 0) + n
        runs = None if self.cli_runs is None or other.cli_runs is None \
            else self.cli_runs + other.cli_runs
        shifted = [(t + self.wall, op) for t, op in other.timeline]
        return Sample(self.label, self.returncode or other.returncode, self.wall + other.wall,
                      self.cpu + other.cpu, api, runs, self.output + other.output,
                      self.stdout + other.stdout, self.timeline + shifted)

    def to_json(self):
        return {"label": self.label, "returncode": self.returncode, "wall": self.wall,
                "cpu": self.cpu, "api": self.api, "cli_runs": self.cli_runs,
                "timeline": [[round(t, 3), op] for t, op in self.timeline]}


def _children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Runner:
    """Runs commands one at a time with a fixed base environment. `emulator` (harness
    Route53Emulator) gives the API request counts; `spawn_log` is the file the AWS CLI wrapper
    appends one line to per run (bench/peers/aws-endpoint-wrapper)."""

    def __init__(self, env, emulator=None, spawn_log=None, log=None, timeout=600):
        self.env = dict(env)
        self.emulator = emulator
        self.spawn_log = spawn_log
        self.log = log
        self.timeout = timeout

    def _cli_runs(self):
        if not self.spawn_log:
            return None
        try:
            with open(self.spawn_log) as f:
                return sum(1 for line in f if line.startswith("aws "))
        except FileNotFoundError:
            return 0

    def measure(self, label, argv, extra_env=None, stdin_text=None):
        """Runs argv once and returns a Sample. The emulator log and the spawn log are cleared
        first, so the counts belong to this run only."""
        if self.emulator is not None:
            self.emulator.clear_log()
        if self.spawn_log:
            open(self.spawn_log, "w").close()
        env = dict(self.env)
        env.update(extra_env or {})
        cpu_before = _children_cpu()
        started_epoch = time.time()
        started = time.monotonic()
        proc = subprocess.run(argv, env=env, input=stdin_text, capture_output=True, text=True,
                              timeout=self.timeout, start_new_session=True)
        wall = time.monotonic() - started
        cpu = _children_cpu() - cpu_before
        api, timeline = {}, []
        if self.emulator is not None:
            api = {op: n for op, n in self.emulator.stats().get("requests", {}).items()
                   if op != "Unknown"}
            timeline = [(e["time"] - started_epoch, e["operation"])
                        for e in self.emulator.request_log() if e["operation"] != "Unknown"]
        output = proc.stdout + proc.stderr
        sample = Sample(label, proc.returncode, wall, cpu, api, self._cli_runs(), output,
                        proc.stdout, timeline)
        if self.log:
            self.log(f"  {label}: exit {proc.returncode}, {wall:.3f} s wall, {cpu:.3f} s CPU, "
                     f"API {sample.api_total} {api}, AWS CLI runs {sample.cli_runs}")
            if proc.returncode != 0:
                self.log("    output: " + output.strip().replace("\n", "\n    ")[-2000:])
        return sample


def summary(values):
    """{median, min, max, n} of a list of numbers (None when empty)."""
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "n": len(values)}


def hyperfine(commands, runs, warmup, json_path, env, log_path):
    """Runs hyperfine (no intermediate shell) on {name: command line}; returns
    ({name: [seconds]}, {name: mean user+system CPU milliseconds})."""
    argv = ["hyperfine", "-N", "--style", "basic", "--warmup", str(warmup), "--runs", str(runs),
            "--export-json", json_path]
    for name, command in commands.items():
        argv += ["-n", name, command]
    with open(log_path, "a") as log:
        subprocess.run(argv, env=env, stdout=log, stderr=subprocess.STDOUT, check=True)
    with open(json_path) as f:
        data = json.load(f)
    return ({r["command"]: r["times"] for r in data["results"]},
            {r["command"]: (r["user"] + r["system"]) * 1000 for r in data["results"]})


def peak_rss_kib(argv, env, runs):
    """Peak resident set size (KiB) of each of `runs` runs, from GNU time's %M."""
    results = []
    for _ in range(runs):
        proc = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv, env=env,
                              capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}: {proc.stderr}")
        results.append(int(proc.stderr.strip().splitlines()[-1]))
    return results


def tool_version(argv, env=None):
    """First line of a tool's --version output, or 'not found'."""
    try:
        proc = subprocess.run(argv, env=env or {"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
                              capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "not found"
    text = (proc.stdout or proc.stderr).strip()
    return text.splitlines()[0] if text else f"exit {proc.returncode}"
