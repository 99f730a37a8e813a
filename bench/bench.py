#!/usr/bin/python3
"""Benchmark driver behind bench/run.sh: sets up the loopback fixtures (Route 53 emulator,
squid, settings files, YAML configurations, the peer agent's AWS profile), runs the figures
(bench/figures.py) and writes the report (bench/report.py).

Everything runs on loopback: the emulator on 127.0.0.2, squid on 127.0.0.1, and the AWS CLI
always with --endpoint-url (directly, through awsdns's extra_args, or through
bench/peers/aws-endpoint-wrapper for the peer agent)."""

import argparse
import json
import os
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(SOURCE_DIR, "test", "e2e"))

import b7  # noqa: E402
import b8  # noqa: E402
import b8_report  # noqa: E402
import figures  # noqa: E402
import report  # noqa: E402
from fixtures import Context  # noqa: E402

ALL_FIGURES = ("B1", "B2", "B3", "B4", "B5", "B7", "B8")
MODULES = {"B7": b7, "B8": b8}  # the others are in figures.py


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--awsdns", required=True, help="the awsdns executable")
    parser.add_argument("--out", required=True, help="Markdown report to write")
    parser.add_argument("--json", help="also write the raw results as JSON here")
    parser.add_argument("--smoke", action="store_true",
                        help="one iteration, small zone, T = 0 s (checks the script, not speed)")
    parser.add_argument("--only", default=",".join(ALL_FIGURES),
                        help="comma list of figures to run (default all)")
    parser.add_argument("--runs", type=int, default=5, help="runs per B2/B4/B5 figure (5)")
    parser.add_argument("--failover-runs", type=int, default=3,
                        help="runs per B3 tool at T <= 30 s (3; at larger T awsdns 2, peers 1)")
    parser.add_argument("--hyperfine-runs", type=int, default=500, help="B1 runs (500)")
    parser.add_argument("--hyperfine-warmup", type=int, default=50, help="B1 warm-up (50)")
    parser.add_argument("--rss-runs", type=int, default=20, help="B1 peak-RSS runs (20)")
    parser.add_argument("--zone-sizes", default="10,1000,10000", help="B2 zone sizes")
    parser.add_argument("--insync-delays", default="5,30,60,120",
                        help="B3 INSYNC delays T in seconds (5,30,60,120)")
    parser.add_argument("--phase-delays", default="30.25,30.5,30.75,31,31.25,31.5,31.75,32",
                        help="B3 phase sweep: T values for awsdns alone (one 2 s interval)")
    parser.add_argument("--move-runs", type=int, default=3,
                        help="B7 planned moves per delete_on_deactivate setting (3)")
    parser.add_argument("--fleet-sizes", default="10,25",
                        help="B8: clusters failing over at once, real runs (10,25)")
    parser.add_argument("--sim-sizes", default="25,100,300,1000",
                        help="B8: fleet sizes for the simulation (25,100,300,1000)")
    parser.add_argument("--b8-apply-time", type=float, default=1.0,
                        help="B8: seconds a zone answers PriorRequestNotComplete after a change")
    parser.add_argument("--b8-cli-start", type=float, default=0.8,
                        help="B8 simulation: CPU seconds of one AWS CLI start-up (0.8)")
    parser.add_argument("--command-line", default="bench/run.sh", help="shown in the report")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args(argv)
    if args.smoke:
        args.runs = args.failover_runs = args.rss_runs = 1
        args.hyperfine_runs, args.hyperfine_warmup = 10, 2
        args.zone_sizes = "10"
        args.insync_delays, args.phase_delays, args.move_runs = "0", "", 1
    args.only = [f.strip().upper() for f in args.only.split(",") if f.strip()]
    args.zone_sizes = [int(s) for s in args.zone_sizes.split(",")]
    args.fleet_sizes = [int(s) for s in args.fleet_sizes.split(",") if s.strip()]
    args.sim_sizes = [int(s) for s in args.sim_sizes.split(",") if s.strip()]
    args.insync_delays = [float(s) for s in args.insync_delays.split(",") if s.strip()]
    args.phase_delays = [float(s) for s in args.phase_delays.split(",") if s.strip()]
    return args


def main(argv):
    args = parse_args(argv)
    started = time.time()

    def log(text):
        print(text, flush=True)

    machine = report.machine_facts()
    versions = report.tool_versions(args.awsdns)
    ctx = Context(args, log)
    results = {}
    try:
        for name in ALL_FIGURES:
            if name in args.only:
                log(f"== {name}")
                try:
                    module = MODULES.get(name, figures)
                    results[name] = getattr(module, name.lower())(ctx, results)
                except Exception as error:  # noqa: BLE001 - stated in the report, run goes on
                    ctx.problems.append(f"{name}: could not be measured: "
                                        f"{type(error).__name__}: {str(error)[:500]}")
                    log(traceback.format_exc())
    finally:
        ctx.close()
    machine["load_after"] = report.load_average()
    machine["pressure_after"] = report.pressure()
    meta = {"started": started, "duration": time.time() - started, "smoke": args.smoke,
            "command_line": args.command_line, "args": {k: v for k, v in vars(args).items()
                                                        if k not in ("awsdns", "out", "json")}}
    # Paths as a reader can use them: relative to the source tree, the work directory as $WORK.
    shown = json.dumps(results).replace(args.awsdns, "$AWSDNS")
    shown = shown.replace(ctx.workdir, "$WORK").replace(SOURCE_DIR + "/", "")
    results = json.loads(shown)
    where = os.path.relpath(args.awsdns, SOURCE_DIR) \
        if args.awsdns.startswith(SOURCE_DIR + "/") else args.awsdns
    versions["awsdns"] += f" (`$AWSDNS` below: {where})"
    if results.get("B8"):
        b8_report.prepare(results["B8"], args.out, args.smoke)
    if args.only == ["B8"] and not args.smoke and os.path.exists(args.out):
        # B8 alone into the existing report: the other figures' sections stay as measured.
        with open(args.out) as f:
            text = b8_report.splice(f.read(), results.get("B8"), results) \
                if results.get("B8") else f.read()
    else:
        text = report.render(meta, machine, versions, results, ctx.problems)
    partial = f"{args.out}.partial"
    with open(partial, "w") as f:
        f.write(text)
    os.replace(partial, args.out)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"meta": meta, "machine": machine, "versions": versions,
                       "results": results, "problems": ctx.problems}, f, indent=1, default=str)
    log(f"wrote {args.out} ({(time.time() - started) / 60:.1f} min)")
    for problem in ctx.problems:
        log(f"PROBLEM: {problem}")
    return 1 if ctx.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
