"""The per-figure sections of BENCHMARKS.md (B1..B5; B7's is in b7.py): tables, what each number means, why the
peers cost what they cost, and the command that reproduces the figure."""

import b7
import b8_report
from report_format import MIB, count, ms, ops, secs, table


def _ratio(a, b):
    if not a or not b or not b["median"]:
        return "n/a"
    return f"{a['median'] / b['median']:.1f}×"


def b1(meta, r):
    names = {"env": "`env VARS... /bin/true` (floor: one fork+exec)",
             "awsdns": "`awsdns exec --env-file F -- /bin/true`",
             "bash": "`bench/peers/bash_wrapper.sh F /bin/true` (while-read loop + export)",
             "awsdns_version": "`awsdns --version` (its start-up alone, no child)"}
    rows = [(names[n], ms(r["wall"][n]), f"{r['ratio'][n]:.2f}×",
             f"{r['cpu_ms'][n]:.2f} ms" if r.get("cpu_ms") else "n/a",
             f"{r['rss_kib'][n]['median'] / MIB:.2f} MiB (max {r['rss_kib'][n]['max'] / MIB:.2f})")
            for n in names if n in r["wall"]]
    settings = "".join("    " + line + "\n" for line in r["settings_file"].splitlines())
    commands = " ".join(f"'{c}'" for c in r["commands"].values())
    return (f"## B1 — launcher overhead\n\n"
            f"hyperfine without an intermediate shell (`-N`), {r['warmup']} warm-up runs, "
            f"{r['runs']} runs per command; peak RSS from GNU time's `%M` over {r['rss_runs']} "
            f"runs each. F is the settings file:\n\n{settings}\n"
            + table(["Command", "Wall time", "vs env", "CPU (user+sys, mean)", "Peak RSS"],
                    rows) +
            "\nawsdns does more than the bash loop: it checks the file's owner and mode, "
            "validates every name and proxy URL, sets upper- and lower-case proxy names and "
            "appends the instance-metadata addresses to NO_PROXY. It also stays the child's "
            "parent (vfork and exec with a parent-death signal, then wait: it forwards signals and "
            "enforces `--timeout`), where "
            "`env` and the bash wrapper replace themselves with the command (exec only). "
            f"Shared libraries awsdns loads: "
            f"{', '.join(r['shared_libraries']) or 'none (a static executable)'}.\n\n"
            f"Reproduce (`$WORK` is the work directory of the run, kept with `--keep`):\n\n"
            f"    hyperfine -N --warmup {r['warmup']} --runs {r['runs']} {commands}\n"
            f"    /usr/bin/time -f %M {r['commands']['awsdns']}\n")


def b2(meta, r):
    rows = []
    for size, d in r["sizes"].items():
        ours, theirs = d["awsdns"], d["agent"]
        rows.append((f"{int(size):,} (+3: SOA, NS, the record) = {d['records']:,}",
                     count(ours["api"]), count(ours["cli_runs"]), secs(ours["wall"]),
                     count(theirs["api"]), count(theirs["cli_runs"]), secs(theirs["wall"]),
                     _ratio(theirs["wall"], ours["wall"])))
    return ("## B2 — monitor cost against zone size\n\n"
            "One `awsdns monitor` against one probe of Pacemaker's aws-vpc-route53 agent "
            "(`monitor` with `OCF_RESKEY_CRM_meta_interval=0`, the path that always asks the "
            "API), both on the same emulator zone, the record pointing at this node. API "
            "requests are the emulator's counter for that one run.\n\n"
            + table(["Zone records", "awsdns API requests", "awsdns CLI runs", "awsdns wall",
                     "agent API requests", "agent CLI runs", "agent wall", "agent/awsdns"],
                    rows) +
            "\nThe agent lists the whole zone and filters it on the client "
            "(`--query ResourceRecordSets[?Name=='...']`): the AWS CLI pages through it 300 "
            "records per request. It also runs `aws --version` once per action to validate the "
            "installation. awsdns starts the listing at the record's name and type and takes one "
            "item (`--start-record-name --start-record-type --max-items 1`): one request "
            "whatever the zone size.\n\n"
            f"Reproduce: `bench/run.sh --only B2 --runs {meta['args']['runs']}` "
            f"(zone sizes: `--zone-sizes`).\n")


def gaps(results):
    """Why each unmet goal is unmet, from the run's own numbers (Markdown list items)."""
    out = []
    b1r = results.get("B1")
    if b1r and b1r["ratio"]["awsdns"] > 1.5:
        wall = {n: s["median"] * 1000 for n, s in b1r["wall"].items()}
        start = wall.get("awsdns_version")
        loading = (f"dynamic loading of {len(b1r['shared_libraries'])} shared libraries"
                   if b1r["shared_libraries"] else "no dynamic loading (static executable)")
        out.append(
            f"- B1 wall: `awsdns exec` takes {wall['awsdns'] - wall['env']:.2f} ms more than "
            f"`env` ({b1r['ratio']['awsdns']:.2f}×, goal 1.5×). "
            + (f"Its start-up alone (`awsdns --version`: {loading}, C++ static initialisation) "
               f"takes {start:.2f} ms, {start - wall['env']:.2f} ms over the whole `env` run; "
               if start else "")
            + "the rest is the extra spawn + wait of a supervising parent, which `env` does "
              "not have, plus reading and checking the file. "
            + (f"In CPU, awsdns spends {b1r['cpu_ms']['awsdns']:.2f} ms against "
               f"{b1r['cpu_ms']['env']:.2f} ms for `env` "
               f"({b1r['cpu_ms']['awsdns'] / b1r['cpu_ms']['env']:.2f}×); the rest of its wall "
               "time is waiting to be scheduled again when the child exits, which a loaded "
               "machine lengthens. " if b1r.get("cpu_ms") else "")
            + f"The bash loop, for comparison, takes {wall['bash']:.2f} ms.\n")
    if b1r and b1r["rss_kib"]["awsdns"]["max"] >= 8 * MIB:
        out.append(f"- B1 RSS: `awsdns exec` peaked at "
                   f"{b1r['rss_kib']['awsdns']['max'] / MIB:.2f} MiB (goal: under 8 MiB).\n")
    b2r = results.get("B2")
    for size, d in (b2r or {}).get("sizes", {}).items():
        if d["awsdns"]["api"]["max"] != 1:
            out.append(f"- B2: `awsdns monitor` made {count(d['awsdns']['api'])} API requests "
                       f"at {int(size):,} records ({ops(d['awsdns']['api_by_operation'])}).\n")
    b3r = results.get("B3") or {}
    unmet = []
    for delay, d in list(b3r.get("delays", {}).items()) + list(b3r.get("phases", {}).items()):
        d = d.get("awsdns", d) if "awsdns" in d else d
        if not d or "samples" not in d:
            continue
        f = b3_figures(d, float(delay))
        if f["late"] > 3 or f["median_late"] > 2 or f["polls"] > float(delay) / 2 + 3 or \
                f["runs"] > 4 or f["cpu"] > 3:
            worst = max(d["samples"], key=lambda x: x["wall"])
            unmet.append(f"T = {delay} s: {_timeline_note(worst, float(delay))}, "
                         f"{worst.get('cli_runs')} AWS CLI runs, {worst['cpu']:.2f} s CPU")
    if unmet:
        one = (b3r.get("one_cli_run") or {}).get("wall")
        out.append(
            "- B3: `awsdns activate` missed a goal at " + "; ".join(unmet) + ". Where the "
            "seconds go: the UPSERT's own AWS CLI run starts Python before its request leaves "
            "(T counts from the change's arrival), the waiter's poll that sees INSYNC follows "
            "it by up to one `poll_interval` (2 s), and the waiter's run must still print and "
            "end" + (f" (one AWS CLI run: {one['median']:.2f} s here)" if one else "") + ". "
            "So the median is about the start-up before the UPSERT's request (0.6–0.8 s) + "
            "half a poll interval on average (1 s) + the run's end (0.2–0.3 s): about 2 s, "
            "where the median goal lies; `poll_interval: 1` halves the middle term for twice "
            "the GetChange requests.\n")
    return out


def b3_figures(d, delay):
    """The worst figures of one tool's runs at one T: wall − T (max and median), GetChange,
    AWS CLI runs and CPU seconds (max)."""
    samples = d["samples"]
    return {"late": max(sample["wall"] for sample in samples) - delay,
            "median_late": d["wall"]["median"] - delay,
            "polls": max(sample["api"].get("GetChange", 0) for sample in samples),
            "runs": max(sample.get("cli_runs") or 0 for sample in samples),
            "cpu": max(sample["cpu"] for sample in samples)}


def _timeline_note(sample, delay):
    changes = [t for t, op in sample.get("timeline", []) if op == "ChangeResourceRecordSets"]
    polls = [t for t, op in sample.get("timeline", []) if op == "GetChange"]
    if not changes:
        return "no change request"
    insync = changes[0] + delay
    seen = [t for t in polls if t >= insync]
    text = (f"change sent at {changes[0]:.1f} s, INSYNC from {insync:.1f} s, GetChange at "
            + ", ".join(f"{t:.1f}" for t in polls) + f" s, exit at {sample['wall']:.1f} s")
    if seen:
        text += f" (INSYNC seen {seen[0] - insync:.1f} s late)"
    return text


def b3(meta, r):
    names = {"awsdns": "`awsdns activate`",
             "aws_wait": "`aws route53 change-resource-record-sets` + "
                         "`aws route53 wait resource-record-sets-changed`",
             "agent": "aws-vpc-route53 `start`"}
    rows, notes = [], []
    for delay, tools in r["delays"].items():
        for key, label in names.items():
            d = tools.get(key)
            if not d:
                continue
            f = b3_figures(d, float(delay))
            rows.append((f"{delay} s", label, d["wall"]["n"], secs(d["wall"]),
                         f"{f['median_late']:+.2f} s (max {f['late']:+.2f})",
                         f"{f['polls']} (goal <= {float(delay) / 2 + 3:g})" if key == "awsdns"
                         else f"{f['polls']}", count(d["cli_runs"]), secs(d["cpu"])))
            if delay == r["insync_delays"][min(1, len(r["insync_delays"]) - 1)]:
                median = sorted(d["samples"], key=lambda s: s["wall"])[len(d["samples"]) // 2]
                notes.append(f"- {label}, T = {delay} s, median run: "
                             f"{_timeline_note(median, float(delay))}.\n")
    phase_rows = []
    for delay, d in (r.get("phases") or {}).items():
        f = b3_figures(d, float(delay))
        sample = max(d["samples"], key=lambda x: x["wall"])
        phase_rows.append((f"{delay} s", d["wall"]["n"], f"{f['late']:+.2f} s", f["polls"],
                           "…, " + ", ".join(_timeline_note(sample, float(delay)).split(
                               "GetChange at ")[-1].split(", ")[-3:])))
    phase = ("\nPhase sweep: `awsdns activate` alone, INSYNC at every quarter second of one "
             "2 s polling interval (so some land just after a poll: the worst case); the "
             "slowest run per T:\n\n"
             + table(["T", "Runs", "Wall − T (max)", "GetChange (max)",
                      "Last GetChange times (s), exit"], phase_rows) if phase_rows else "")
    runs = r.get("failover_runs")
    return ("## B3 — failover latency at several propagation times\n\n"
            "The record points at the other node; the emulator reports the change PENDING "
            "until T seconds after it received it and INSYNC from then on. Wall time from the "
            "start of the command to its exit (the record verified afterwards); GetChange is the "
            "most any run made. "
            + (f"Runs: {runs} per tool at T <= 30 s; above, 2 for awsdns and 1 for each peer "
               "(their fixed 20 s / 30 s grids make one run their figure).\n\n" if runs else "\n")
            + table(["T", "Tool", "Runs", "Wall time", "Minus T (median, max)", "GetChange",
                     "CLI runs", "CPU"], rows)
            + phase
            + "\nWhere the time goes (seconds from the start of the command):\n\n"
            + "".join(notes)
            + (f"\nOne AWS CLI run (`aws route53 get-change`, one request) takes "
               f"{secs(r['one_cli_run']['wall'])} wall and {secs(r['one_cli_run']['cpu'])} "
               "CPU on this machine.\n" if r.get("one_cli_run") else "") +
            "\nThe AWS CLI's bundled waiter polls GetChange every 30 s; the agent sleeps 20 s "
            "before its first GetChange and then every 20 s, without a bound. awsdns reads the "
            "record back right after the UPSERT (Route 53's API shows the submitted values while "
            "the change is PENDING) while ONE run of the AWS CLI's own waiter, with awsdns's "
            "definition (a GetChange every `poll_interval` = 2 s), waits for INSYNC in the same "
            "process: the poll that sees INSYNC leaves at most 2 s after it, with at most T/2 + 1 "
            "GetChange requests, and no AWS CLI start follows it. "
            + _cpu_price(r) + "\n\n"
            f"Reproduce: `bench/run.sh --only B3 --failover-runs {runs or 3} --insync-delays "
            f"{','.join(r['insync_delays'])}`.\n")


def _cpu_price(r):
    """One sentence: CPU of awsdns against the CLI waiter at the largest T measured."""
    delay = r["insync_delays"][-1]
    tools = r["delays"][delay]
    ours, waiter = tools.get("awsdns"), tools.get("aws_wait")
    if not ours or not waiter:
        return "see the CPU column."
    return (f"At T = {delay} s awsdns spends {ours['cpu']['median']:.1f} s of CPU "
            f"({count(ours['cli_runs'])} AWS CLI runs: UPSERT, read-back, waiter) where the "
            f"bundled waiter spends {waiter['cpu']['median']:.1f} s (2 runs), and sees INSYNC "
            "within 2 s instead of within 30 s.")


def b4(meta, r):
    labels = {"awsdns": "awsdns", "agent": "aws-vpc-route53", "aws_wait": "aws + aws wait",
              "agent_probe": "aws-vpc-route53 (probe)"}
    peer_action = {"activate": "start", "deactivate": "stop",
                   "monitor": "monitor (recurring; dig fails, so the API)"}
    rows = []
    for op, tools in r["operations"].items():
        for key, d in tools.items():
            if not d:
                continue
            action = op if key.startswith("awsdns") else (
                "probe" if key == "agent_probe" else
                "change + wait" if key == "aws_wait" else peer_action[op])
            rows.append((op, labels[key], action, count(d["cli_runs"]), count(d["api"]),
                         secs(d["cpu"]), secs(d["wall"])))
    return ("## B4 — AWS CLI runs and CPU per operation\n\n"
            "AWS CLI runs counted by the wrapper both tools run as their AWS CLI "
            "(`bench/peers/aws-endpoint-wrapper`, which appends `--endpoint-url` and logs each "
            "run); CPU is user+sys of the whole process tree of the operation (the tool, its "
            "shells and every AWS CLI run), from `getrusage(RUSAGE_CHILDREN)` of the driver. "
            f"Zone of {r['records']:,} records; "
            + (f"activate rows are the B3 runs (T = {r['insync_delay']:g} s).\n\n"
               if r.get("insync_delay") is not None else "activate rows need B3 (not run).\n\n")
            + table(["Operation", "Tool", "Action", "AWS CLI runs", "API requests", "CPU",
                     "Wall"], rows) +
            "\nThe agent's `stop` never deletes the record (it makes no call); awsdns "
            "`deactivate` reads the record and deletes it only if it still points here. The "
            "agent's recurring monitor first runs `dig` on the name; `bench/peers/dig` stands in "
            "for it and fails (no DNS traffic off loopback), so the agent falls back to listing "
            "the zone, as it does whenever the name does not resolve from the node.\n\n"
            f"Reproduce: `bench/run.sh --only B3,B4 --runs {meta['args']['runs']}`.\n")


def b5(meta, r):
    if r.get("skipped"):
        return f"## B5 — end to end through squid\n\nSkipped: {r['skipped']}.\n"
    rows = []
    for mode, d in r["modes"].items():
        rows.append(("through squid" if mode == "squid" else "direct (no proxy)",
                     secs(d["activate"]["wall"]), secs(d["monitor"]["wall"]),
                     secs(d["total"]["wall"]), count(d["squid_requests"])))
    return ("## B5 — end to end through squid\n\n"
            "`awsdns activate` then `awsdns monitor` with the real `/usr/bin/aws` "
            "(`--endpoint-url` in the configuration's `extra_args`: the emulator over HTTPS), "
            "the proxy given only in the settings file (`HTTP_PROXY`/`HTTPS_PROXY` = a real "
            "squid 5.7 on 127.0.0.1, one CONNECT tunnel per AWS CLI run); "
            "the emulator reports INSYNC at once (T = 0), so the figure is the cost of the "
            "path, not of the wait.\n\n"
            + table(["Mode", "activate", "monitor", "activate + monitor",
                     "CONNECT tunnels through squid"], rows) +
            f"\nReproduce: `bench/run.sh --only B5 --runs {meta['args']['runs']}` (as root).\n")


def sections(meta, results):
    out = []
    for name, render in (("B1", b1), ("B2", b2), ("B3", b3), ("B4", b4), ("B5", b5),
                         ("B7", b7.section), ("B8", b8_report.section)):
        if results.get(name):
            out.append(render(meta, results[name]))
    return out
