"""B8's virtual-time simulation of larger fleets: runs `awsdns_fleet_sim` (a C++ program of the
build) once per fleet size, layout and tool and reads the one JSON object it prints. When the
program is not there, B8 says so and goes on with its real runs."""

import json
import os
import subprocess

SIM_ENV = "AWSDNS_FLEET_SIM"
SIM_NAME = "awsdns_fleet_sim"
SEED = 1
SIM_TIMEOUT = 300

# The simulator's output keys, by what B8 calls them: the first key present wins, so the names
# can change in this one place. Nested objects "result" / "summary" are searched too.
KEYS = {
    "upsert_all": ("upsert_all", "all_upserts_accepted", "upserts_accepted_s",
                   "upsert_accepted_all", "time_all_upserts_accepted", "last_upsert_accepted",
                   "upsert_accepted"),
    "insync_all": ("insync_all", "all_insync_seen", "insync_seen_s", "insync_seen_all",
                   "time_all_insync_seen", "last_insync_seen", "insync_seen"),
    "failed": ("failed", "failed_activates", "failed_runs", "failures"),
    "unchanged_success": ("unchanged_success", "unchanged_successes", "success_unchanged",
                          "unchanged"),
    "throttled": ("throttled", "throttled_answers", "throttles"),
    "prior_request_not_complete": ("prior_request_not_complete", "prior_not_complete",
                                   "busy_answers"),
    "requests": ("requests", "requests_by_kind", "api_requests"),
    "cli_runs": ("cli_runs", "aws_cli_runs", "cli_invocations"),
    "cpu": ("cpu", "cpu_s", "modelled_cpu", "cpu_seconds", "modeled_cpu"),
    "per_cluster": ("per_cluster", "cluster_times", "per_cluster_times"),
}


def find(awsdns):
    """The simulator's path: $AWSDNS_FLEET_SIM, else beside the awsdns executable's build
    directory; None when there is none."""
    named = os.environ.get(SIM_ENV)
    if named:
        return named if os.access(named, os.X_OK) else None
    build = os.path.dirname(os.path.abspath(awsdns))
    roots = [build, os.path.dirname(build)]  # build/awsdns or build/cli/awsdns
    source_build = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "build")
    candidates = [os.path.join(root, *sub, SIM_NAME) for root in roots + [source_build]
                  for sub in (("bench", "fleet_sim"), ("bench",), ())]
    return next((c for c in candidates if os.path.isfile(c) and os.access(c, os.X_OK)), None)


def _lookup(obj, names):
    for scope in (obj, obj.get("result"), obj.get("summary")):
        if isinstance(scope, dict):
            for name in names:
                if name in scope:
                    return scope[name]
    return None


def read(obj):
    """The simulator's JSON object in B8's names (absent keys are None)."""
    out = {key: _lookup(obj, names) for key, names in KEYS.items()}
    if isinstance(out["requests"], dict):  # by kind; B8 shows the kinds and their sum
        out["requests_total"] = sum(v for v in out["requests"].values()
                                    if isinstance(v, (int, float)))
    else:
        out["requests_total"] = out["requests"]
    return out


def _options(sim):
    """The simulator's --help text (to pass only the options it knows), or ''."""
    try:
        proc = subprocess.run([sim, "--help"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return proc.stdout + proc.stderr


def run_one(sim, n, layout, tool, settings, known):
    """One simulation: B8's names (read()) plus n, layout, tool; or {"error": text}."""
    argv = [sim, "--clusters", str(n), "--layout", layout, "--tool", tool, "--seed", str(SEED)]
    for option, value in settings.items():
        if option != "apply-time" or f"--{option}" in known:  # optional in the simulator
            argv += [f"--{option}", f"{value:g}"]
    base = {"n": n, "layout": layout, "tool": tool, "argv": " ".join(argv[1:])}
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=SIM_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as error:
        return dict(base, error=f"{type(error).__name__}: {error}")
    if proc.returncode != 0:
        return dict(base, error=f"exit {proc.returncode}: {proc.stderr.strip()[-300:]}")
    text = proc.stdout.strip()
    try:
        obj = json.loads(text[text.index("{"):]) if "{" in text else None
    except ValueError as error:
        return dict(base, error=f"not JSON ({error}): {text[:200]}")
    if not isinstance(obj, dict):
        return dict(base, error=f"no JSON object in its output: {text[:200]}")
    return dict(base, **read(obj))


def run_all(awsdns, sizes, layouts, tools, settings, log):
    """{"program": path or None, "runs": [...]} over every size, layout and tool."""
    sim = find(awsdns)
    if sim is None:
        log(f"  {SIM_NAME} not found (set {SIM_ENV}): no simulated fleets")
        return {"program": None, "runs": []}
    known = _options(sim)
    runs = []
    for n in sizes:
        for layout in layouts:
            for tool in tools:
                run = run_one(sim, n, layout, tool, settings, known)
                log(f"  simulated N = {n} {layout} {tool}: "
                    + (run["error"] if "error" in run else
                       f"UPSERTs by {run['upsert_all']}, INSYNC by {run['insync_all']}, "
                       f"failed {run['failed']}"))
                runs.append(run)
    return {"program": sim, "runs": runs, "seed": SEED}
