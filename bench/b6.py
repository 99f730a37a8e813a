#!/usr/bin/python3
"""B6 of BENCHMARKS.md: failover times in a real two-node Pacemaker cluster. They are measured
by the end-to-end test test/e2e/test_pacemaker_cluster.py (it builds the cluster), not by
bench/run.sh; each passing run of the test writes its times as JSON ($AWSDNS_B6_OUT, else
build/b6_pacemaker.json).

    python3 bench/b6.py RUN.json...   records these runs in bench/b6_pacemaker.json and rewrites
                                      the B6 section of BENCHMARKS.md (the rest stays as is)

bench/report.py renders the same section from bench/b6_pacemaker.json, so a full bench/run.sh
keeps B6."""

import json
import os
import re
import statistics
import sys
import textwrap

from report_format import replace_section

HERE = os.path.dirname(os.path.abspath(__file__))
RECORDED = os.path.join(HERE, "b6_pacemaker.json")
BENCHMARKS = os.path.join(os.path.dirname(HERE), "BENCHMARKS.md")
HEADING = "## B6 — failover in a real Pacemaker cluster"

# (key in the test's times_s, step, what starts the clock -> what stops it)
STEPS = (
    ("cluster_formed", "cluster forms",
     "namespaces created, corosync + pacemakerd started on both nodes → one DC, both online"),
    ("start", "start",
     "`target-role=Started` → the record holds node1's address"),
    ("standby_move", "standby move",
     "`crm_standby -N node1 -v on` → node2's address (stop on node1: the record is deleted; "
     "start on node2)"),
    ("recovery", "recovery",
     "record changed behind the cluster's back → node2's address again (up to one monitor "
     "interval until the monitor fails, then stop + start on node2)"),
    ("node_loss_takeover", "node-loss takeover",
     "kill -9 of every process of node2 → node1's address (corosync notices the loss, "
     "new membership, start on node1)"),
    ("final_stop", "final stop",
     "`crm_standby -N node1 -v on` (the last node) → the record is deleted"),
)


def load(path=RECORDED):
    """The recorded runs ({"runs": [...]}), or None when none were recorded."""
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        return None


def _stat(values):
    return (f"{statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f})"
            if values else "n/a")


def _version(text):
    """'Corosync Cluster Engine, version '3.1.7'' -> '3.1.7'; 'Pacemaker 2.1.5' -> '2.1.5'."""
    found = re.search(r"\d+(\.\d+)+", text)
    return found.group(0) if found else text


def _paragraph(text):
    return textwrap.fill(" ".join(text.split()), width=96, break_on_hyphens=False)


def section(data):
    """The B6 section (Markdown) for the recorded runs."""
    runs = data["runs"]
    first = runs[0]
    dates = sorted(r["date"] for r in runs)
    versions = first["versions"]
    rows = []
    for key, step, clock in STEPS:
        values = [r["times_s"][key] for r in runs if key in r["times_s"]]
        rows.append(f"| {step} | {clock} | {_stat(values)} |")
    loads = ", ".join(r["load_average"].split()[0] for r in runs)
    intro = _paragraph(f"""
        Not from the run above: written by `bench/b6.py` from {len(runs)} passing runs of
        `test/e2e/test_pacemaker_cluster.py` ({dates[0]} to {dates[-1]}); bench/run.sh keeps
        this section as it is. Two nodes on this machine ({first["nproc"]} CPUs), each in its
        own network, mount, UTS and PID namespaces: corosync {_version(versions["corosync"])}
        (knet, unicast, `two_node: 1`) and Pacemaker {_version(versions["pacemaker"])} started
        by hand, `dc-deadtime=5s`, `stonith-enabled=false`, `resource-stickiness=100`;
        `ocf:awsdns:awsdns` with a monitor every {first["monitor_interval_s"]} s; the real AWS
        CLI ({_version(versions["aws-cli"])}) through squid on the test network; the emulator
        reports INSYNC at once. Each time runs from the cluster-side action to the moment the
        emulator's state shows the result (polled every 0.1 s); before each action the cluster
        is idle (`crm_resource --wait`). Median (min–max) over the runs.""")
    note = _paragraph(f"""
        Most of each figure is the AWS CLI runs of the agent's actions (activate: 3, of which
        the first changes the record; deactivate: 2; monitor: 1; one run is about 0.5 s on an
        idle machine, B3, and several times that under load: the 1-minute load average at the
        end of the runs was {loads}) plus Pacemaker's scheduling. The node-loss figure adds
        corosync's token timeout and the new membership (no fencing here).""")
    return f"""{HEADING}

{intro}

| Step | Clock: from → to | Time |
|---|---|---|
{chr(10).join(rows)}

{note}

Reproduce (as root, after setup.sh):

    for i in 1 2 3; do
      AWSDNS_B6_OUT=/tmp/b6-$i.json ctest --test-dir build -R test_pacemaker_cluster
    done
    python3 bench/b6.py /tmp/b6-*.json
"""


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 64
    runs = []
    for path in argv:
        with open(path) as f:
            runs.append(json.load(f))
    data = {"runs": sorted(runs, key=lambda r: r["date"])}
    with open(RECORDED, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    with open(BENCHMARKS) as f:
        text = f.read()
    with open(BENCHMARKS, "w") as f:
        f.write(replace_section(text, "## B6", section(data)))
    print(f"recorded {len(runs)} runs in {RECORDED}; rewrote {HEADING!r} in {BENCHMARKS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
