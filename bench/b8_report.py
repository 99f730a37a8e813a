"""B8's part of BENCHMARKS.md: the fleet table (real runs and the simulation side by side), the
goals for awsdns, and the figure (a PNG drawn with matplotlib beside the report)."""

import json
import sys

import os

from b8_figure import draw, figure_path, floor
from report_format import replace_section, table, yes_no

NAMES = {"awsdns": "`awsdns activate`", "aws_wait": "`aws` change + `aws route53 wait`",
         "agent": "aws-vpc-route53 `start`"}
GOAL_MAX_N = 300


def _s(value):
    return "n/a" if value is None else f"{value:.1f} s"


def _n(value):
    return "n/a" if value is None else f"{value:g}"


def _requests(requests):
    if isinstance(requests, dict):
        return ", ".join(f"{op} {k}" for op, k in sorted(requests.items())) or "none"
    return _n(requests)


def prepare(r, out, smoke):
    """Draws the figure for report `out`; keeps its path relative to the report in `r`."""
    path = figure_path(out, smoke)
    r["figure_error"] = draw(r, path)
    r["figure"] = None if r["figure_error"] else os.path.relpath(
        path, os.path.dirname(os.path.abspath(out)))


def _row(g, simulated):
    return ((f"{g['n']}", g["layout"], NAMES[g["tool"]] + (" (sim.)" if simulated else ""),
             _s(g.get("floor", max(0.0, (2 * g["n"] - 50) / 10))),
             _s(g.get("upsert_all")) if g.get("upsert_all") is not None
             or g.get("accepted") is None else f"{g['accepted']}/{g['n']} accepted",
             _s(g.get("insync_all")), _n(g.get("failed")), _n(g.get("unchanged_success")),
             _n(g.get("throttled")), _n(g.get("prior_request_not_complete")),
             _requests(g.get("requests")), _n(g.get("cli_runs")),
             _s(g.get("cpu")) if g.get("cpu") is not None else "n/a",
             f"{g['load']:.1f}" if "load" in g else "—"))


HEADER = ["N", "Layout", "Tool", "Floor", "Every UPSERT accepted", "Every INSYNC seen (last exit)",
          "Failed", "Success, record unchanged", "Throttled", "PriorRequestNotComplete",
          "Requests", "AWS CLI runs", "CPU", "Load (1 min)"]


def _comparison(r):
    """Lines comparing the real and the simulated runs at the sizes both have."""
    lines = []
    sims = {(g["n"], g["layout"], g["tool"]): g for g in r["sim"]["runs"] if "error" not in g}
    for g in r["real"]:
        s = sims.get((g["n"], g["layout"], g["tool"]))
        if not s:
            continue
        diffs = [f"{what} {_s(g[key])} real vs {_s(s.get(key))} simulated"
                 + (f" (simulated − real {s[key] - g[key]:+.1f} s)"
                    if None not in (g[key], s.get(key)) else "")
                 for key, what in (("upsert_all", "UPSERTs"), ("insync_all", "INSYNC"))]
        lines.append(f"- N = {g['n']}, {g['layout']}, {NAMES[g['tool']]}: " + "; ".join(diffs)
                     + f"; failed {g['failed']} vs {_n(s.get('failed'))}.\n")
    return lines


def _failures(r):
    """What the failed (or unchanged) runs of each real group said, two messages at most."""
    lines = []
    for g in r["real"]:
        said = g.get("failures") or []
        if said:
            lines.append(f"- N = {g['n']}, {g['layout']}, {NAMES[g['tool']]}: "
                         + "; ".join(f"`{m}`" for m in said[:2])
                         + (f" (and {len(said) - 2} more)" if len(said) > 2 else "") + "\n")
    return ("\nWhat the failed runs, and the successes that left the record unchanged, printed "
            "last:\n\n" + "".join(lines)) if lines else ""


def section(meta, r):
    rows = [_row(g, False) for g in r["real"]]
    sim = r["sim"]
    sim_rows = [_row(g, True)[:-1] for g in sim["runs"] if "error" not in g]
    errors = [f"- N = {g['n']}, {g['layout']}, {NAMES[g['tool']]}: {g['error']}\n"
              for g in sim["runs"] if "error" in g]
    errors = ["\nSimulations without figures:\n\n"] + errors if errors else []
    if sim["program"] is None:
        sim_text = ("The virtual-time simulation (`awsdns_fleet_sim`) was not found beside the "
                    "awsdns build (or in `$AWSDNS_FLEET_SIM`): no simulated fleets.\n")
    else:
        compared = _comparison(r)
        sim_text = (f"Simulated: `awsdns_fleet_sim` in virtual time (seed {sim['seed']}, "
                    f"AWS CLI start-up {r['cli_start']:g} s of CPU each; CPU is modelled):\n\n"
                    + (table(HEADER[:-1], sim_rows) if sim_rows else "No simulation ran.\n")
                    + "\n"
                    + ("Real against simulated at the same N:\n\n" + "".join(compared)
                       if compared else "No size was both run and simulated.\n"))
    picture = (f"\n![B8: seconds until every UPSERT was accepted and every INSYNC seen, against "
               f"N, per tool; filled: real runs, hollow: simulated]({r['figure']})\n"
               if r.get("figure") else f"\nNo figure: {r.get('figure_error') or 'not drawn'}.\n")
    b = r["budget"]
    return ("## B8 — a fleet failing over at once under Route 53's request budget\n\n"
            f"N clusters of one account fail over at the same moment, each one process (the "
            f"real AWS CLI v2 through `bench/peers/aws-endpoint-wrapper`, as in B3). The "
            f"emulator models the budget since 2026-07-30: one bucket per account, burst "
            f"{b['burst']:g} tokens, {b['rate']:g} tokens/s, a change {b['change_cost']:g} "
            f"tokens, any other request 1; no token: `Throttling`. INSYNC {r['insync']:g} s "
            f"after each change; a zone answers `PriorRequestNotComplete` for "
            f"{r['apply_time']:g} s after it accepted a change (the shared layout's changes "
            "queue on it). Layouts: one hosted zone per cluster, or one zone shared by all. "
            "Every UPSERT accepted: from the emulator's change log; every INSYNC seen: the last "
            "process's exit (the agent's too); failed: non-zero exits; success with the record "
            "unchanged: exit 0 while the emulator's record still points at the old node (the "
            "agent ignores a failed UPSERT); floor: (2N − 50)/10 s, the least time in which the "
            "bucket admits N changes; CPU: user+sys of every process of the group "
            "(`getrusage(RUSAGE_CHILDREN)`); load: the 1-minute load average at the start, "
            "as other work shared the machine's CPUs.\n\n"
            + table(HEADER, rows) + _failures(r) + "\n" + sim_text + "".join(errors) + picture
            + _why(r)
            + "\nReproduce: `bench/run.sh --only B8` (writes this section into an existing "
            "BENCHMARKS.md; `--fleet-sizes`, `--sim-sizes`, `--b8-apply-time`).\n")


def _awsdns(r):
    real = [g for g in r["real"] if g["tool"] == "awsdns"]
    sim = [g for g in r["sim"]["runs"] if g["tool"] == "awsdns" and "error" not in g]
    return real, sim


def goals(results):
    """[(goal, measured, met)] of B8 for awsdns, from the run's own numbers."""
    r = results.get("B8")
    if not r:
        return []
    real, sim = _awsdns(r)
    upto = [g for g in real + sim if g["n"] <= GOAL_MAX_N]
    failed = [g for g in upto if g.get("failed") is None or g["failed"] > 0 or
              g.get("ok", g["n"]) < g["n"] or (g.get("unchanged_success") or 0) > 0]
    largest = max((g["n"] for g in upto), default=0)
    out = [(f"B8: no failed `awsdns activate` with up to {GOAL_MAX_N} clusters failing over "
            "at once", f"{len(upto)} groups up to N = {largest}"
            + ("" if largest >= GOAL_MAX_N else " (no simulation: larger N not measured)")
            + f"; groups with failures: {len(failed)}", not failed and largest >= GOAL_MAX_N)]
    late = [g for g in real + sim if g.get("upsert_all") is None
            or g["upsert_all"] > 1.5 * g.get("floor", floor(g["n"])) + 5]
    out.append(("B8: every UPSERT of `awsdns activate` accepted within 1.5 × floor + 5 s",
                "; ".join(f"N = {g['n']} {g['layout']}{' (sim.)' if g in sim else ''}: "
                          f"{_s(g.get('upsert_all'))} (bound {1.5 * floor(g['n']) + 5:.1f} s)"
                          for g in real + sim), not late and bool(real)))
    return out


def _why(r):
    """Why B8's unmet goals (the Goals table's B8 rows) are unmet, as a paragraph or ''."""
    lines = gaps(r)
    return ("\nWhy the unmet B8 goals are unmet, from this run's numbers:\n\n" + "".join(lines)
            if lines else "")


def _evidence(g, r):
    """What else the group's numbers say: the CPU the fleet needed against the machine's CPUs
    (AWS CLI start-ups queue for them), and what a failed run printed."""
    text = ""
    cpus = r.get("nproc") or os.cpu_count() or 1
    if g.get("cpu") is not None and "load" in g:
        text += (f"; the group used {g['cpu']:.0f} s of CPU on {cpus} CPUs (at least "
                 f"{g['cpu'] / cpus:.0f} s of wall for its AWS CLI runs, the load average was "
                 f"{g['load']:.1f} at its start)")
    if g.get("failures"):
        text += f"; a failed run printed: `{g['failures'][0]}`"
    return text


def gaps(r):
    """Why B8's unmet goals are unmet (Markdown list items)."""
    real, sim = _awsdns(r)
    out = []
    for g in real + sim:
        kind = "simulated" if g in sim else "real"
        bound = 1.5 * floor(g["n"]) + 5
        why = []
        if g.get("failed"):
            why.append(f"{g['failed']} of {g['n']} activates failed")
        if g.get("upsert_all") is None or g["upsert_all"] > bound:
            why.append(f"the last UPSERT was accepted at {_s(g.get('upsert_all'))} (bound "
                       f"{bound:.1f} s)")
        if why:
            out.append(f"- B8 ({kind}, N = {g['n']}, {g['layout']}): " + ", ".join(why)
                       + f"; throttled answers {_n(g.get('throttled'))}, "
                       f"PriorRequestNotComplete {_n(g.get('prior_request_not_complete'))}, "
                       f"requests {_requests(g.get('requests'))}" + _evidence(g, r) + ".\n")
    if not sim:
        out.append("- B8: no simulated fleets (awsdns_fleet_sim not found), so N up to "
                   f"{GOAL_MAX_N} was not measured.\n")
    return out


def splice(text, r, results):
    """Existing report `text` with B8's section and its goal rows replaced (`--only B8`)."""
    text = replace_section(text, "## B8", section(None, r))
    lines = [line for line in text.split("\n") if not line.startswith("| B8:")]
    try:
        start = next(i for i, line in enumerate(lines) if line.startswith("## Goals"))
        end = next(i for i in range(start + 3, len(lines)) if not lines[i].startswith("|"))
    except StopIteration:
        return "\n".join(lines)
    rows = [f"| {goal} | {measured} | {yes_no(met)} |" for goal, measured, met in goals(results)]
    return "\n".join(lines[:end] + rows + lines[end:])


def main(argv):
    """python3 bench/b8_report.py RUN.json REPORT.md: B8's section, goal rows and figure again
    from a run's --json output (no measuring), into an existing report."""
    if len(argv) != 2:
        print(main.__doc__)
        return 64
    with open(argv[0]) as f:
        results = json.load(f)["results"]
    prepare(results["B8"], argv[1], smoke=False)
    with open(argv[1]) as f:
        text = splice(f.read(), results["B8"], results)
    with open(argv[1], "w") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
