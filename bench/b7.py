"""B7 (issue 14): client-visible failover. A planned move (`awsdns deactivate` on node 1, then
`awsdns activate` on node 2) while clients ask a REAL caching resolver (unbound, stock caching,
in front of the emulator's DNS side) every 100 ms, with delete_on_deactivate true and false.

Two clients per move:
- steady: asks one resolver every 100 ms, its cache warm from before the move (most clients);
- probing: every 100 ms the other resolver's cache is flushed first, so each answer is what a
  resolver whose cache expired at that moment fetches and then keeps for the TTL it returns.
From the answers and the TTLs the resolver returned: the first moment node 2's address comes
back, how long NXDOMAIN or the old address came back, and the longest a client could keep a
wrong answer afterwards."""

import subprocess
import threading
import time

import harness
from fixtures import NODE_IP, OTHER_IP, RECORD_NAME, RECORD_TTL
from report_format import secs, table

INTERVAL = 0.1  # the clients' question rate
SETTLE = 2.0    # polling goes on this long after activate returned


class Client(threading.Thread):
    """Asks `resolver` for the record every INTERVAL until stopped; flushes first if probing."""

    def __init__(self, resolver, origin, probing):
        super().__init__(daemon=True)
        self.resolver, self.origin, self.probing = resolver, origin, probing
        self.answers = []  # (seconds since the move started, kind, ttl)
        self.stopping = threading.Event()

    def run(self):
        next_at = time.monotonic()
        while not self.stopping.is_set():
            if self.probing:
                self.resolver.flush_zone("clusterpro.local.")
            at = time.monotonic() - self.origin
            try:
                answer = self.resolver.query(RECORD_NAME, timeout=1.0)
                kind = classify(answer)
                ttl = answer.ttl()
            except (OSError, ValueError):
                kind, ttl = "timeout", None
            self.answers.append((at, kind, ttl))
            next_at += INTERVAL
            self.stopping.wait(max(0.0, next_at - time.monotonic()))


def classify(answer):
    addresses = answer.addresses()
    if answer.rcode == "NXDOMAIN":
        return "nxdomain"
    if addresses == [OTHER_IP]:
        return "new"
    if addresses == [NODE_IP]:
        return "old"
    return "nodata" if answer.rcode == "NOERROR" and not addresses else answer.rcode.lower()


def summarize(answers, move_start=0.0):
    """Figures of one client's answers (times in seconds after the move started)."""
    during = [a for a in answers if a[0] >= move_start]
    new_at = [t for t, kind, _ in during if kind == "new"]
    first_new = new_at[0] if new_at else None
    wrong = [(t, kind, ttl) for t, kind, ttl in during
             if kind != "new" and (first_new is None or t < first_new)]
    negative = [a for a in wrong if a[1] in ("nxdomain", "nodata")]
    holds = [(t + ttl, kind, ttl) for t, kind, ttl in wrong if ttl is not None]
    worst = max(holds) if holds else None
    return {"first_new": first_new,
            "negative_answers": len(negative),
            "negative_span": (negative[-1][0] - negative[0][0] + INTERVAL) if negative else 0.0,
            "negative_ttl": max((a[2] for a in negative if a[2] is not None), default=None),
            "old_answers": sum(1 for a in wrong if a[1] == "old"),
            "wrong_until": worst[0] if worst else None, "wrong_kind": worst[1] if worst else None,
            "wrong_ttl": worst[2] if worst else None,
            "other": sorted({a[1] for a in wrong if a[1] not in ("old", "nxdomain", "nodata")})}


def one_move(ctx, config, steady, probing):
    """deactivate (node 1) then activate (node 2) while both clients ask; their summaries."""
    ctx.point(ctx.zone(min(ctx.args.zone_sizes)), NODE_IP)
    steady.flush_zone("clusterpro.local.")
    lead, settle = (0.2, 0.3) if ctx.args.smoke else (1.0, SETTLE)
    origin = time.monotonic() + lead  # the clients start before the move
    clients = {"steady": Client(steady, origin, False), "probing": Client(probing, origin, True)}
    for client in clients.values():
        client.start()
    time.sleep(max(0.0, origin - time.monotonic()))
    down = ctx.expect("B7", ctx.runner.measure("awsdns deactivate (node 1)",
                                               ctx.awsdns_argv("deactivate", config)))
    up = ctx.expect("B7", ctx.runner.measure("awsdns activate (node 2)",
                                             ctx.awsdns_argv("activate", config, "server2")))
    moved = time.monotonic() - origin
    time.sleep(settle)
    for client in clients.values():
        client.stopping.set()
        client.join(10)
    out = {"move": moved, "deactivate": down.wall, "activate": up.wall}
    for name, client in clients.items():
        out[name] = summarize(client.answers)
        out[name + "_answers"] = [[round(t, 3), kind, ttl] for t, kind, ttl in client.answers]
    return out


def b7(ctx, results):
    zone_id = ctx.zone(min(ctx.args.zone_sizes))
    ctx.r53.set_sync(insync_delay=0)
    soa = ctx.r53.find_rrset(zone_id, "clusterpro.local.", "SOA")
    upstream = ctx.r53.dns_server
    steady = harness.Unbound(upstream, ["clusterpro.local"], workdir=ctx._sub("b7-steady"),
                             control=True).start()
    probing = harness.Unbound(upstream, ["clusterpro.local"], workdir=ctx._sub("b7-probing"),
                              control=True).start()
    cases = {}
    try:
        for delete in (True, False):
            config = ctx.awsdns_config(zone_id, f"b7-{str(delete).lower()}",
                                       resource={"delete_on_deactivate": delete})
            runs = [one_move(ctx, config, steady, probing) for _ in range(ctx.args.move_runs)]
            cases[str(delete).lower()] = runs
            values = ctx.record_ip(zone_id)
            if values != [OTHER_IP]:
                ctx.problems.append(f"B7: after the move the record holds {values}")
    finally:
        steady.stop()
        probing.stop()
    return {"record_ttl": RECORD_TTL, "soa": soa["ResourceRecords"][0]["Value"] if soa else None,
            "soa_ttl": soa.get("TTL") if soa else None, "cases": cases,
            "interval": INTERVAL, "unbound": _unbound_version()}


def _unbound_version():
    proc = subprocess.run([harness.UNBOUND_BIN, "-V"], capture_output=True, text=True)
    return (proc.stdout.splitlines() or ["unknown"])[0]


# ---- the report ---------------------------------------------------------------------------
def _stat(runs, client, key):
    values = [r[client][key] for r in runs if r[client][key] is not None]
    if not values:
        return None
    values.sort()
    return {"median": values[len(values) // 2], "min": values[0], "max": values[-1],
            "n": len(values)}


def _kinds(runs, client):
    worst = max((r[client] for r in runs if r[client]["wrong_until"] is not None),
                key=lambda s: s["wrong_until"], default=None)
    if not worst:
        return "none"
    label = {"nxdomain": "NXDOMAIN", "old": "node 1's address", "nodata": "no data"}
    return (f"{label.get(worst['wrong_kind'], worst['wrong_kind'])} (TTL {worst['wrong_ttl']} s)"
            f" until +{worst['wrong_until']:.1f} s")


def section(meta, r):
    rows = []
    for delete, runs in r["cases"].items():
        for client, label in (("probing", "a resolver whose cache expires at that moment"),
                              ("steady", "a resolver with a warm cache")):
            negative = _stat(runs, client, "negative_span")
            rows.append((f"`{delete}`", label, secs(_stat(runs, client, "first_new"), 1),
                         secs(negative, 1) if negative and negative["max"] > 0 else "never",
                         _kinds(runs, client)))
    moves = [run["move"] for runs in r["cases"].values() for run in runs]
    first = next(iter(r["cases"].values()))[0]
    return ("## B7 — client-visible failover (planned move)\n\n"
            f"`awsdns deactivate` on node 1, then `awsdns activate` on node 2 (record TTL "
            f"{r['record_ttl']} s, the zone's SOA `{r['soa']}` with TTL {r['soa_ttl']} s, as "
            "Route 53 creates it; INSYNC at once), while clients ask a real caching resolver "
            f"({r['unbound']}, caching left at its defaults, only the emulator upstream) every "
            f"{r['interval'] * 1000:.0f} ms. Times are seconds after the move started; each move "
            f"took {min(moves):.1f}–{max(moves):.1f} s; {len(first['probing_answers'])} answers "
            "per client per move. \"First node 2\" is the first answer with node 2's address; "
            "\"NXDOMAIN for\" how long negative answers came back; the last column is the "
            "longest-held wrong answer: its kind, the TTL the resolver gave it, and until when "
            "a client of that resolver keeps it.\n\n"
            + table(["delete_on_deactivate", "client's resolver", "First node 2",
                     "NXDOMAIN for", "Longest wrong answer held"], rows)
            + "\nA resolver with a warm cache keeps node 1's address until its TTL runs out, "
            "whatever delete_on_deactivate says (its first node-2 answer is then up to one TTL "
            "after the move; the table shows the moment within the window, or n/a when it came "
            "later). A resolver whose cache expires while the record is deleted fetches "
            "NXDOMAIN and keeps it for the negative-caching TTL, min(SOA TTL, SOA minimum), here "
            f"{r['soa_ttl']} s against the record's {r['record_ttl']} s. Which resolvers do "
            "that is chance (those whose cache expires in the gap, about the gap's length over "
            "the TTL of them); what they then keep is not. `awsdns check --live` warns about "
            "it.\n\n"
            f"Reproduce: `bench/run.sh --only B7 --move-runs {meta['args']['move_runs']}`.\n")
