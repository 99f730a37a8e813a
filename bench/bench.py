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
import figures  # noqa: E402
import report  # noqa: E402
from fixtures import Context  # noqa: E402

ALL_FIGURES = ("B1", "B2", "B3", "B4", "B5", "B7")


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
                    module = b7 if name == "B7" else figures
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
