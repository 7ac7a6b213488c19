"""The live relay benchmark's figures: one row per server, round and step; medians and the
spread over rounds; and the rule that turns them into the summary line."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from relay_load import StepResult

# The browser sends a burst at most this long after its first keystroke (static/js/notes_crdt.js):
# a keystroke reaches the peer at most this much later than its burst does.
COALESCE_MS = 50

COUNTS = ("lost", "dup", "reord", "unacked", "errors")

HELD_RULE = (
    "a step holds when every round ran it with p99 <= {limit:.0f} ms and no op lost, doubled,"
    " reordered, unacknowledged or refused; the figure is the largest N such that N and every"
    " smaller step held (after the unmeasured warm-up step)"
)


@dataclass
class Row:
    server: str
    round: int
    sessions: int
    result: StepResult
    cpu: float  # server cores busy during the window (1.0 = one core)
    rss_mib: float
    gen_cpu: float
    db_cpu: float  # PostgreSQL + Redis processes on this machine (whoever they serve)
    load: float  # the machine's 1-minute load average at the end of the window


def row_figures(row: Row) -> dict:
    r = row.result
    return {
        "ops_s": r.ops_per_s,
        "p50": r.pct(50),
        "p95": r.pct(95),
        "p99": r.pct(99),
        "max": max(r.latencies_ms, default=float("nan")),
        "ack_p99": r.pct(99, r.ack_latencies_ms),
        # A typed character's way to the peer: its burst's latency plus the coalescing wait.
        "key_p95": r.pct(95, r.notes_latencies_ms) + COALESCE_MS,
        "lost": r.lost,
        "dup": r.duplicated,
        "reord": r.reordered,
        "unacked": r.unacked,
        "errors": sum(r.errors.values()) + r.connect_failures + r.disconnects,
        "cpu": row.cpu * 100,
        # Server CPU per op sent (ms): what one more op costs the process.
        "cpu_op": row.cpu * 1000 / r.ops_per_s if r.ops_per_s else float("nan"),
        "rss": row.rss_mib,
        "gen_cpu": row.gen_cpu * 100,
        "db_cpu": row.db_cpu * 100,
        "load": row.load,
    }


HEADER = (
    f"{'server':<6} {'sess':>5} {'runs':>4} {'ops/s':>7} {'p50':>7} {'p95':>7} {'p99':>7}"
    f" {'p99 range':>15} {'max':>7} {'ackp99':>7} {'keyp95':>7} {'lost':>5} {'dup':>4}"
    f" {'reord':>5} {'unack':>5} {'err':>4} {'srvCPU%':>7} {'ms/op':>6} {'RSS MiB':>7}"
    f" {'genCPU%':>7} {'dbCPU%':>6} {'load':>5}"
)


def format_row(server: str, sessions: int, runs: int, f: dict) -> str:
    low, high = f.get("p99_min", f["p99"]), f.get("p99_max", f["p99"])
    spread = f"{low:.0f}-{high:.0f}" if runs > 1 else "-"
    return (
        f"{server:<6} {sessions:>5} {runs:>4} {f['ops_s']:>7.0f} {f['p50']:>7.1f} {f['p95']:>7.1f}"
        f" {f['p99']:>7.1f} {spread:>15} {f['max']:>7.1f} {f['ack_p99']:>7.1f}"
        f" {f['key_p95']:>7.1f} {f['lost']:>5} {f['dup']:>4} {f['reord']:>5} {f['unacked']:>5}"
        f" {f['errors']:>4} {f['cpu']:>7.0f} {f['cpu_op']:>6.2f} {f['rss']:>7.0f}"
        f" {f['gen_cpu']:>7.0f} {f['db_cpu']:>6.0f} {f['load']:>5.1f}"
    )


def medians(rows: list[Row]) -> dict[tuple[str, int], tuple[int, dict]]:
    """Per server and step: the median of each figure over the rounds that ran the step, with
    the p99's range over them; loss, duplicates, reordering and errors are SUMMED over those
    rounds (any counts)."""
    groups: dict[tuple[str, int], list[dict]] = {}
    for row in rows:
        groups.setdefault((row.server, row.sessions), []).append(row_figures(row))
    out = {}
    for key, figs in groups.items():
        merged = {}
        for name in figs[0]:
            values = [f[name] for f in figs]
            merged[name] = sum(values) if name in COUNTS else statistics.median(values)
        merged["p99_min"] = min(f["p99"] for f in figs)
        merged["p99_max"] = max(f["p99"] for f in figs)
        out[key] = (len(figs), merged)
    return out


def held(table: dict, server: str, rounds: int, limit: float) -> int:
    """The rule HELD_RULE states, over the medians table."""
    best = 0
    for (name, sessions), (runs, f) in sorted(table.items(), key=lambda kv: kv[0][1]):
        if name != server:
            continue
        ok = runs == rounds and f["p99"] <= limit and not any(f[c] for c in COUNTS)
        if not ok:
            break
        best = sessions
    return best


def cpu_per_op_at(table: dict, server: str, sessions: int) -> float:
    """The median server CPU per op (ms) at one step, NaN when the step did not run."""
    entry = table.get((server, sessions))
    return entry[1]["cpu_op"] if entry else float("nan")
