"""Route 53's request budget since 2026-07-30, as the emulator models it (no HTTP here).

Route 53 throttles per account with token buckets ("Throttling for Amazon Route 53 API
requests"): one bucket for the account and, by default, one more per API operation, each with
a capacity (burst) of 50 tokens refilled at 10 tokens per second; a request takes tokens from
both its operation's bucket and the account bucket and is throttled when either holds too few
(HTTP 400 Throttling "Rate exceeded"). Change-based throttling counts an UPSERT twice; the
emulator folds that into the request buckets as the cost of a ChangeResourceRecordSets
(`change_cost`, default 2 tokens per batch; with `change_cost_per_change` the cost is
change_cost times the number of Change elements of the batch). Every other request costs 1.

Modelling choices:
- A throttled request takes NO tokens, from neither bucket (all or nothing): AWS documents a
  bucket that never holds fewer than zero tokens, a request that is throttled when a bucket is
  empty, and refill tokens that can be used as they arrive; a rejected request that still
  drew tokens would contradict the last point. A request that passed the buckets keeps its cost
  whatever it is answered afterwards (PriorRequestNotComplete, InvalidChangeBatch, a fault).
- Refill is continuous (tokens = min(burst, tokens + rate * elapsed), time.monotonic()), the
  usual reading of "refills at a fixed rate every second"; it keeps tests free of a one-second
  step. A bucket starts full, and every reconfiguration refills all buckets.
- The buckets are shared by every client (one lock): as for clusters of one account.
- Off by default (`enabled`), so that tests which send bursts of requests are unaffected.

Counters per operation (also while disabled): "requests" seen, "admitted" by the buckets,
"throttled" by them, "prior_request_not_complete" answers of the model (a busy zone),
"answered" and "answers" by code ("OK" for 2xx; injected faults included; a dropped connection
is not answered).
"""

import threading
import time

CHANGE_OPERATION = "ChangeResourceRecordSets"

DEFAULTS = {
    "enabled": False,
    "burst": 50.0,               # account bucket capacity
    "rate": 10.0,                # account bucket refill, tokens per second
    "per_operation": True,       # a bucket per operation as well
    "operation_burst": None,     # per-operation capacity; None: the same as `burst`
    "operation_rate": None,      # per-operation refill; None: the same as `rate`
    "change_cost": 2.0,          # tokens per ChangeResourceRecordSets (an UPSERT counts twice)
    "change_cost_per_change": False,  # True: change_cost for each Change of the batch
}


def normalized(config):
    """A complete, checked configuration: DEFAULTS updated with `config` (unknown keys and
    values out of range raise ValueError)."""
    unknown = set(config) - set(DEFAULTS)
    if unknown:
        raise ValueError(f"unknown budget setting(s): {', '.join(sorted(unknown))}")
    out = dict(DEFAULTS)
    out.update(config)
    for key in ("enabled", "per_operation", "change_cost_per_change"):
        if not isinstance(out[key], bool):
            raise ValueError(f"budget setting {key} must be true or false")
    for key in ("burst", "rate", "operation_burst", "operation_rate", "change_cost"):
        if out[key] is None and key.startswith("operation_"):
            continue
        out[key] = float(out[key])
        if out[key] < 0:
            raise ValueError(f"budget setting {key} must not be negative")
    return out


class TokenBucket:
    """Capacity `burst`, refilled continuously at `rate` tokens per second; starts full."""

    def __init__(self, burst, rate, now):
        self.burst = burst
        self.rate = rate
        self.tokens = burst
        self.stamp = now

    def level(self, now):
        """Tokens held at `now` (monotonic), refill applied."""
        self.tokens = min(self.burst, self.tokens + max(0.0, now - self.stamp) * self.rate)
        self.stamp = now
        return self.tokens


class Budget:
    """The account's buckets and the counters; thread-safe."""

    def __init__(self, config=None):
        self.lock = threading.Lock()
        self.initial = normalized(config or {})
        self.reset()

    def reset(self):
        """The start-up configuration, full buckets, no counts."""
        with self.lock:
            self.config = dict(self.initial)
            self._refill()
            self.counters = {}

    def configure(self, changes):
        """Merges `changes` into the configuration and refills every bucket; returns it."""
        with self.lock:
            config = dict(self.config)
            config.update(changes)
            self.config = normalized(config)
            self._refill()
            return dict(self.config)

    def clear_counters(self):
        with self.lock:
            self.counters = {}

    def _refill(self):
        now = time.monotonic()
        self.account = TokenBucket(self.config["burst"], self.config["rate"], now)
        self.operations = {}

    def _operation_bucket(self, operation, now):
        bucket = self.operations.get(operation)
        if bucket is None:
            burst, rate = self.config["operation_burst"], self.config["operation_rate"]
            bucket = TokenBucket(self.config["burst"] if burst is None else burst,
                                 self.config["rate"] if rate is None else rate, now)
            self.operations[operation] = bucket
        return bucket

    def cost(self, operation, changes=1):
        """Tokens a request of `operation` takes (`changes`: Change elements of a batch)."""
        if operation != CHANGE_OPERATION:
            return 1.0
        per_change = self.config["change_cost_per_change"]
        return self.config["change_cost"] * (max(1, changes) if per_change else 1)

    def _count(self, operation, key):
        counts = self.counters.setdefault(operation, {
            "requests": 0, "admitted": 0, "throttled": 0, "prior_request_not_complete": 0,
            "answered": 0, "answers": {}})
        if key is not None:
            counts[key] += 1
        return counts

    def charge(self, operation, changes=1):
        """Takes a request's tokens: True when it may proceed, False when it is throttled
        (and then takes nothing). Always True while the budget is disabled."""
        with self.lock:
            self._count(operation, "requests")
            if not self.config["enabled"]:
                return True
            now = time.monotonic()
            cost = self.cost(operation, changes)
            buckets = [self.account]
            if self.config["per_operation"]:
                buckets.append(self._operation_bucket(operation, now))
            if any(bucket.level(now) < cost for bucket in buckets):
                self._count(operation, "throttled")
                return False
            for bucket in buckets:
                bucket.tokens -= cost
            self._count(operation, "admitted")
            return True

    def prior_request_not_complete(self, operation):
        """Counts a PriorRequestNotComplete answer of the model (a zone still applying)."""
        with self.lock:
            self._count(operation, "prior_request_not_complete")

    def answered(self, operation, code):
        """Counts an answer sent for `operation`: code "OK" (2xx) or the error code."""
        with self.lock:
            answers = self._count(operation, "answered")["answers"]
            answers[code] = answers.get(code, 0) + 1

    def snapshot(self):
        """{"config", "tokens": {"account", "operations": {op: n}}, "counters": {op: {...}}}."""
        with self.lock:
            now = time.monotonic()
            return {
                "config": dict(self.config),
                "tokens": {"account": self.account.level(now),
                           "operations": {op: b.level(now) for op, b in self.operations.items()}},
                "counters": {op: dict(c, answers=dict(c["answers"]))
                             for op, c in self.counters.items()},
                "monotonic": now,
            }


def budget_arguments(parser):
    """Adds the --budget* options (the start-up configuration) to an ArgumentParser."""
    group = parser.add_argument_group("request budget (off unless --budget)")
    group.add_argument("--budget", action="store_true",
                       help="throttle with Route 53's token buckets")
    group.add_argument("--budget-burst", type=float, default=DEFAULTS["burst"],
                       help="account bucket capacity (default 50)")
    group.add_argument("--budget-rate", type=float, default=DEFAULTS["rate"],
                       help="account bucket refill, tokens per second (default 10)")
    group.add_argument("--budget-operation-burst", type=float, default=None,
                       help="per-operation capacity (default: --budget-burst)")
    group.add_argument("--budget-operation-rate", type=float, default=None,
                       help="per-operation refill (default: --budget-rate)")
    group.add_argument("--budget-no-per-operation", action="store_true",
                       help="the account bucket only")
    group.add_argument("--budget-change-cost", type=float, default=DEFAULTS["change_cost"],
                       help="tokens per ChangeResourceRecordSets (default 2)")
    group.add_argument("--budget-change-cost-per-change", action="store_true",
                       help="charge the change cost for each Change of a batch")


def budget_config(args):
    """The configuration the --budget* options give."""
    return normalized({
        "enabled": args.budget, "burst": args.budget_burst, "rate": args.budget_rate,
        "operation_burst": args.budget_operation_burst,
        "operation_rate": args.budget_operation_rate,
        "per_operation": not args.budget_no_per_operation,
        "change_cost": args.budget_change_cost,
        "change_cost_per_change": args.budget_change_cost_per_change})
