"""The benchmark figures (B1..B5; B7 is in bench/b7.py). Each function takes the Context (bench/bench.py) and the
results so far, runs its measurements, and returns a JSON-able dict for bench/report.py."""

import json
import os
import subprocess

import harness
from fixtures import (AGENT, AWS_WRAPPER, BASH_WRAPPER, NODE_IP, OTHER_IP, RECORD_NAME,
                      RECORD_TTL)
from measure import Runner, hyperfine, peak_rss_kib, summary

SETTINGS = {"HTTP_PROXY": "http://11.0.10.200:3128", "HTTPS_PROXY": "http://11.0.10.200:3128",
            "NO_PROXY": "169.254.169.254"}


def describe(samples):
    """Medians/min/max of wall, CPU, API requests and AWS CLI runs over samples of one tool."""
    if not samples:
        return None
    first = samples[0]
    return {"wall": summary([s.wall for s in samples]), "cpu": summary([s.cpu for s in samples]),
            "api": summary([s.api_total for s in samples]),
            "cli_runs": summary([s.cli_runs for s in samples]),
            "api_by_operation": first.api, "returncodes": [s.returncode for s in samples],
            "label": first.label, "samples": [s.to_json() for s in samples]}


# ---- B1 launcher overhead ---------------------------------------------------------------------
def b1(ctx, results):
    args = ctx.args
    settings = harness.write_settings_file(ctx._sub("b1"), SETTINGS)
    env_argv = ["env"] + [f"{k}={v}" for k, v in SETTINGS.items()] + ["/bin/true"]
    commands = {
        "env": " ".join(env_argv),
        "awsdns": f"{ctx.awsdns} exec --env-file {settings} -- /bin/true",
        "bash": f"{BASH_WRAPPER} {settings} /bin/true",
        "awsdns_version": f"{ctx.awsdns} --version",  # start-up alone, no child
    }
    check = ctx.runner.measure("awsdns exec -- /bin/true", commands["awsdns"].split())
    ctx.expect("B1", check)
    times, cpu_ms = hyperfine(commands, args.hyperfine_runs, args.hyperfine_warmup,
                      os.path.join(ctx.workdir, "b1-hyperfine.json"), ctx.env,
                      os.path.join(ctx.workdir, "b1-hyperfine.log"))
    with open(settings) as file:
        settings_text = file.read()
    result = {"commands": commands, "settings_file": settings_text,
              "runs": args.hyperfine_runs, "warmup": args.hyperfine_warmup,
              "wall": {name: summary(values) for name, values in times.items()},
              "cpu_ms": cpu_ms,
              "rss_runs": args.rss_runs, "rss_kib": {},
              "shared_libraries": shared_libraries(ctx.awsdns)}
    for name, command in commands.items():
        result["rss_kib"][name] = summary(peak_rss_kib(command.split(), ctx.env, args.rss_runs))
    floor = result["wall"]["env"]["median"]
    result["ratio"] = {name: s["median"] / floor for name, s in result["wall"].items()}
    ctx.log("  medians (ms): " + ", ".join(f"{n} {s['median'] * 1000:.2f}"
                                           for n, s in result["wall"].items()))
    return result


def shared_libraries(path):
    """Names of the shared libraries the dynamic loader maps for `path` (ldd)."""
    proc = subprocess.run(["ldd", path], capture_output=True, text=True, check=False)
    names = [line.split()[0] for line in proc.stdout.splitlines() if line.strip()]
    return [os.path.basename(n) for n in names if "vdso" not in n and "ld-linux" not in n]


# ---- B2 monitor cost against zone size -------------------------------------------------------
def b2(ctx, results):
    result = {"sizes": {}}
    for size in ctx.args.zone_sizes:
        zone_id = ctx.zone(size)
        ctx.point(zone_id, NODE_IP)
        config = ctx.awsdns_config(zone_id, f"b2-{size}")
        ours, theirs = [], []
        for _ in range(ctx.args.runs):
            ours.append(ctx.expect("B2", ctx.runner.measure(
                f"awsdns monitor ({size} records)", ctx.awsdns_argv("monitor", config))))
            theirs.append(ctx.expect("B2", ctx.runner.measure(
                f"aws-vpc-route53 probe ({size} records)", [AGENT, "monitor"],
                ctx.agent_env(zone_id, interval_ms=0))))
        result["sizes"][str(size)] = {"zone_id": zone_id, "records": ctx.zone_records(zone_id),
                                      "awsdns": describe(ours), "agent": describe(theirs)}
    return result


# ---- B3 failover latency ---------------------------------------------------------------------
def change_batch(ip, ttl, name=RECORD_NAME):
    """The JSON of a one-UPSERT batch, as `aws route53 change-resource-record-sets` takes it."""
    return json.dumps({"Changes": [{"Action": "UPSERT", "ResourceRecordSet": {
        "Name": name, "Type": "A", "TTL": ttl, "ResourceRecords": [{"Value": ip}]}}]})


def aws_change_and_wait(ctx, zone_id):
    """`aws route53 change-resource-record-sets` then `aws route53 wait
    resource-record-sets-changed`, measured as one operation."""
    change = ctx.runner.measure("aws change-resource-record-sets + wait", [
        AWS_WRAPPER, "route53", "change-resource-record-sets", "--hosted-zone-id", zone_id,
        "--change-batch", change_batch(NODE_IP, RECORD_TTL),
        "--query", "ChangeInfo.Id", "--output", "text"])
    if change.returncode != 0:
        return change
    wait = ctx.runner.measure("aws route53 wait", [
        AWS_WRAPPER, "route53", "wait", "resource-record-sets-changed",
        "--id", change.stdout.strip()])
    return change.plus(wait)


def b3_runs(ctx, delay, tool):
    """Runs of `tool` at T = delay: --failover-runs, except at T > 30 s where the peers poll on a
    fixed 20/30 s grid (one run shows their figure) and awsdns takes two."""
    runs = ctx.args.failover_runs
    if delay > 30:
        runs = min(runs, 2 if tool == "awsdns" else 1)
    return max(runs, 1)


def b3_at(ctx, zone_id, config, delay, tools=("awsdns", "aws_wait", "agent")):
    """The three tools at one INSYNC delay T: {tool: describe(samples)}."""
    ctx.r53.set_sync(insync_delay=delay)
    samples = {name: [] for name in tools}
    try:
        for run in range(max(b3_runs(ctx, delay, tool) for tool in tools)):
            if "awsdns" in tools and run < b3_runs(ctx, delay, "awsdns"):
                ctx.point(zone_id, OTHER_IP)
                samples["awsdns"].append(ctx.expect("B3", ctx.runner.measure(
                    f"awsdns activate (T = {delay:g} s)", ctx.awsdns_argv("activate", config))))
                ctx.verify_record("B3", zone_id, "awsdns activate")
            if "aws_wait" in tools and run < b3_runs(ctx, delay, "aws_wait"):
                ctx.point(zone_id, OTHER_IP)
                samples["aws_wait"].append(ctx.expect("B3", aws_change_and_wait(ctx, zone_id)))
                ctx.verify_record("B3", zone_id, "aws change + wait")
            if "agent" in tools and run < b3_runs(ctx, delay, "agent"):
                ctx.point(zone_id, OTHER_IP)
                samples["agent"].append(ctx.expect("B3", ctx.runner.measure(
                    f"aws-vpc-route53 start (T = {delay:g} s)", [AGENT, "start"],
                    ctx.agent_env(zone_id))))
                ctx.verify_record("B3", zone_id, "aws-vpc-route53 start")
    finally:
        ctx.r53.set_sync(insync_delay=0)
    return {name: describe(found) for name, found in samples.items()}


def b3(ctx, results):
    delays = ctx.args.insync_delays
    zone_id = ctx.zone(min(ctx.args.zone_sizes))
    config = ctx.awsdns_config(zone_id, "b3")
    # --smoke leaves the agent's `start` out here: it sleeps 20 s whatever T is (B2 and B4 still
    # run the agent), which keeps the smoke run under a minute.
    tools = ("awsdns", "aws_wait") if ctx.args.smoke else ("awsdns", "aws_wait", "agent")
    by_delay = {f"{delay:g}": b3_at(ctx, zone_id, config, delay, tools) for delay in delays}
    # The phase sweep: awsdns alone with INSYNC at every quarter second of one 2 s polling
    # interval, so the worst phase (INSYNC just after a poll) is measured, not only lucky ones.
    phases = {}
    for delay in ctx.args.phase_delays:
        phases[f"{delay:g}"] = b3_at(ctx, zone_id, config, delay, tools=("awsdns",))["awsdns"]
    # What one AWS CLI run costs here (start-up dominates): the unit every tool above pays.
    change_id = ctx.r53.changes()[-1]["id"]
    one_run = [ctx.expect("B3", ctx.runner.measure("aws route53 get-change", [
        "/usr/bin/aws", "route53", "get-change", "--id", change_id,
        "--endpoint-url", ctx.r53.endpoint_url])) for _ in range(max(ctx.args.runs, 1))]
    return {"insync_delays": [f"{d:g}" for d in delays], "zone_id": zone_id,
            "one_cli_run": describe(one_run), "delays": by_delay, "phases": phases,
            "failover_runs": ctx.args.failover_runs}


# ---- B4 AWS CLI runs and CPU per operation -----------------------------------------------------
def b4(ctx, results):
    zone_id = ctx.zone(min(ctx.args.zone_sizes))
    config = ctx.awsdns_config(zone_id, "b4")
    ops = {"activate": {}, "deactivate": {}, "monitor": {}}
    samples = {key: [] for key in ("awsdns_deactivate", "agent_stop", "awsdns_monitor",
                                   "agent_monitor", "agent_probe")}
    for _ in range(ctx.args.runs):
        ctx.point(zone_id, NODE_IP)
        samples["awsdns_monitor"].append(ctx.expect("B4", ctx.runner.measure(
            "awsdns monitor", ctx.awsdns_argv("monitor", config))))
        samples["agent_probe"].append(ctx.expect("B4", ctx.runner.measure(
            "aws-vpc-route53 monitor (probe)", [AGENT, "monitor"], ctx.agent_env(zone_id, 0))))
        samples["agent_monitor"].append(ctx.expect("B4", ctx.runner.measure(
            "aws-vpc-route53 monitor (recurring, dig fails)", [AGENT, "monitor"],
            ctx.agent_env(zone_id, 300000))))
        samples["awsdns_deactivate"].append(ctx.expect("B4", ctx.runner.measure(
            "awsdns deactivate", ctx.awsdns_argv("deactivate", config))))
        if ctx.record_ip(zone_id) is not None:
            ctx.problems.append("B4: awsdns deactivate left the record in place")
        ctx.point(zone_id, NODE_IP)
        samples["agent_stop"].append(ctx.expect("B4", ctx.runner.measure(
            "aws-vpc-route53 stop", [AGENT, "stop"], ctx.agent_env(zone_id))))
    b3r = results.get("B3") or {}
    first_delay = (b3r.get("insync_delays") or [None])[0]
    b3_tools = b3r.get("delays", {}).get(first_delay, {}) if first_delay else {}
    ops["activate"] = {"awsdns": b3_tools.get("awsdns"), "agent": b3_tools.get("agent"),
                       "aws_wait": b3_tools.get("aws_wait")}
    ops["deactivate"] = {"awsdns": describe(samples["awsdns_deactivate"]),
                         "agent": describe(samples["agent_stop"])}
    ops["monitor"] = {"awsdns": describe(samples["awsdns_monitor"]),
                      "agent": describe(samples["agent_monitor"]),
                      "agent_probe": describe(samples["agent_probe"])}
    return {"zone_id": zone_id, "records": ctx.zone_records(zone_id), "operations": ops,
            "insync_delay": float(first_delay) if first_delay else None}


# ---- B5 end to end through squid ---------------------------------------------------------------
def b5(ctx, results):
    if os.geteuid() != 0:
        ctx.problems.append("B5: skipped, squid needs root (run bench/run.sh as root)")
        return {"skipped": "not root"}
    zone_id = ctx.zone(min(ctx.args.zone_sizes))
    ctx.r53.set_sync(insync_delay=0)
    runner = Runner(ctx.env, ctx.r53, None, ctx.log)  # /usr/bin/aws itself: runs not counted
    squid = harness.Squid().start()  # its own directory, which the proxy user can reach
    try:
        proxied = harness.write_settings_file(ctx._sub("b5"), harness.aws_settings(
            squid.url, NO_PROXY="169.254.169.254"))
        direct = harness.write_settings_file(ctx._sub("b5-direct"), harness.aws_settings(
            NO_PROXY="169.254.169.254"))
        modes = {"squid": ctx.awsdns_config(zone_id, "b5", env_file=proxied, via_wrapper=False),
                 "direct": ctx.awsdns_config(zone_id, "b5-direct", env_file=direct,
                                             via_wrapper=False)}
        out = {}
        for mode, config in modes.items():
            activate, monitor, total, through = [], [], [], []
            for _ in range(ctx.args.runs):
                ctx.point(zone_id, OTHER_IP)
                mark = squid.mark()
                a = ctx.expect("B5", runner.measure(
                    f"awsdns activate ({mode})", ctx.awsdns_argv("activate", config)))
                m = ctx.expect("B5", runner.measure(
                    f"awsdns monitor ({mode})", ctx.awsdns_argv("monitor", config)))
                activate.append(a)
                monitor.append(m)
                total.append(a.plus(m))
                through.append(len(squid.requests_to(harness.ROUTE53_HOST, since=mark)))  # tunnels
            if mode == "squid" and min(through) == 0:
                ctx.problems.append("B5: no request went through squid")
            out[mode] = {"activate": describe(activate), "monitor": describe(monitor),
                         "total": describe(total), "squid_requests": summary(through)}
        return {"zone_id": zone_id, "modes": out, "proxy": squid.url}
    finally:
        squid.stop()
