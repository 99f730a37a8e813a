"""B8's virtual-time simulation of larger fleets: runs `awsdns_fleet_sim` (a C++ program of the
build) once per fleet size, layout and tool and reads the one JSON object it prints. When the
program is not there, B8 says so and goes on with its real runs."""

import json
import os
import subprocess

SIM_ENV = "AWSDNS_FLEET_SIM"
SIM_NAME = "awsdns_fleet_sim"
SEED = 1
SIM_TIMEOUT = 60  # per run; a size that times out skips the larger ones of its layout and tool

# The simulator's output keys, by what B8 calls them: the first key present wins, so the names
# can change in this one place. Nested objects "result" / "summary" are searched too.
KEYS = {
    "upsert_all": ("all_accepted_s", "upsert_all", "all_upserts_accepted", "upserts_accepted_s",
                   "upsert_accepted_all", "time_all_upserts_accepted", "last_upsert_accepted",
                   "upsert_accepted"),
    "insync_all": ("all_insync_seen_s", "last_end_s", "insync_all", "all_insync_seen", "insync_seen_s", "insync_seen_all",
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
    "per_cluster": ("accepted_s", "per_cluster", "cluster_times", "per_cluster_times"),
    "per_cluster_insync": ("insync_seen_s", "per_cluster_insync"),
    "apply_time": ("apply_time", "apply_time_s"),
    "accepted": ("accepted", "accepted_count"),
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
    """The first of `names` with a value (null counts as absent: e.g. "every UPSERT accepted"
    is null when one never was, and the last exit is then the INSYNC figure, as in B8)."""
    for scope in (obj, obj.get("result"), obj.get("summary")):
        if isinstance(scope, dict):
            for name in names:
                if scope.get(name) is not None:
                    return scope[name]
    return None


def read(obj):
    """The simulator's JSON object in B8's names (absent keys are None)."""
    out = {key: _lookup(obj, names) for key, names in KEYS.items()}
    if isinstance(out["accepted"], dict):  # a distribution of the accepted moments
        out["accepted"] = out["accepted"].get("count")
    if isinstance(out["requests"], dict):  # by kind; B8 shows the kinds and their sum
        out["requests_total"] = sum(v for v in out["requests"].values()
                                    if isinstance(v, (int, float)))
    else:
        out["requests_total"] = out["requests"]
    return out


# Options B8 passes when the simulator knows them: the emulator's zone apply time, and one
# account bucket without the per-operation ones (as B8's real runs set the emulator).
OPTIONAL = ("apply-time", "no-per-operation")


def _argv(sim, n, layout, tool, settings, optional):
    argv = [sim, "--clusters", str(n), "--layout", layout, "--tool", tool, "--seed", str(SEED)]
    for option, value in settings.items():
        if option not in OPTIONAL:
            argv += [f"--{option}", f"{value:g}"]
        elif optional and value is not None:
            argv += [f"--{option}"] + ([] if value is True else [f"{value:g}"])
    return argv


def run_one(sim, n, layout, tool, settings):
    """One simulation: B8's names (read()) plus n, layout, tool; or {"error": text}. Run again
    without the optional options when the simulator rejects one of them."""
    for optional in (True, False):
        argv = _argv(sim, n, layout, tool, settings, optional)
        try:
            proc = subprocess.run(argv, capture_output=True, text=True, timeout=SIM_TIMEOUT)
        except subprocess.TimeoutExpired:
            return {"n": n, "layout": layout, "tool": tool,
                    "error": f"TimeoutExpired: no answer within {SIM_TIMEOUT} s"}
        except OSError as error:
            return {"n": n, "layout": layout, "tool": tool, "error": f"OSError: {error}"}
        if "unknown option" not in proc.stderr:
            break
    base = {"n": n, "layout": layout, "tool": tool, "argv": " ".join(argv[1:])}
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
    runs, timed_out = [], set()
    for n in sorted(sizes):
        for layout in layouts:
            for tool in tools:
                if (layout, tool) in timed_out:
                    runs.append({"n": n, "layout": layout, "tool": tool,
                                 "error": "not run: a smaller fleet timed out"})
                    continue
                run = run_one(sim, n, layout, tool, settings)
                if "TimeoutExpired" in run.get("error", ""):
                    timed_out.add((layout, tool))
                log(f"  simulated N = {n} {layout} {tool}: "
                    + (run["error"] if "error" in run else
                       f"UPSERTs by {run['upsert_all']}, INSYNC by {run['insync_all']}, "
                       f"failed {run['failed']}"))
                runs.append(run)
    return {"program": sim, "runs": runs, "seed": SEED}
