"""Benchmark of scoring.analysis.analyse on a large synthetic 45-minute session.

The session: 2,000 timeline events and chat messages, a 60-node diagram, about 20 KB of
notes and 10 NFR categories x 5 checklist items with cue phrases and patterns. The input
is built once from a fixed seed; analyse runs a few times to warm up, then 30 timed runs.

    .venv/bin/python bench/analysis_bench.py [--runs 30]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scoring.analysis import analyse, parse_input  # noqa: E402
from scoring.analysis.reading import split_sentences  # noqa: E402
from scoring.analysis.spelling import correct  # noqa: E402
from scoring.analysis.text import tokenize  # noqa: E402

KINDS = ["service"] * 20 + ["database"] * 8 + ["cache"] * 6 + ["queue"] * 5 + ["worker"] * 8 + [
    "search", "object_store", "cdn", "load_balancer", "api_gateway", "external", "external",
    "client", "client", "client", "service", "service", "database",
]  # fmt: skip
SENTENCES = [
    "The feed service reads from a Redis cache and falls back to Cassandra on a miss.",
    "Messages are sharded by conversation id across 64 partitions.",
    "Writes carry an idempotency key so a retried request is applied once.",
    "It should be scalable, secure and highly available.",
    "We won't add a CDN for now.",
    "p99 under 150 ms for timeline reads; 99.95 % availability a month.",
    "Postgres has a synchronous standby in a second availability zone with automatic failover.",
    "Uploads go to object storage through presigned URLs; transcoding runs in background workers.",
    "RPO 5 minutes and RTO 30 minutes, with nightly snapshots copied to another region.",
    "All traffic uses TLS and every request carries a short-lived JWT.",
    "Calls to the payment provider time out after 2 s and a circuit breaker opens on errors.",
    "Counters are updated with a conditional write on the version column.",
    "We emit RED metrics and alert on SLO burn rate; requests carry a trace id.",
    "Readers far outnumber writers, roughly 100:1.",
    "The ranking job recomputes scores every hour from the event log.",
    "Security is really important for a platform like this.",
]
WORDS = [
    "latency",
    "cache",
    "shard",
    "replica",
    "queue",
    "retry",
    "standby",
    "token",
    "backup",
    "metrics",
    "index",
    "lock",
]


def build_session(seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    nodes = [
        {"id": f"n{i:02d}", "kind": kind, "label": f"{kind} {i}", "x": i * 10, "y": i * 5,
         "notes": rng.choice(SENTENCES) if i % 4 == 0 else "", "replicas": rng.choice([None, 1, 2, 3])}
        for i, kind in enumerate(KINDS)
    ]  # fmt: skip
    edges = [
        {"id": f"e{i:03d}", "from": f"n{rng.randrange(60):02d}", "to": f"n{rng.randrange(60):02d}",
         "label": rng.choice(["", "read", "write", "publish"]), "mode": rng.choice(["sync", "sync", "async"])}
        for i in range(110)
    ]  # fmt: skip
    sections = ["requirements", "estimates", "api", "data_model", "deep_dive", "free"]
    notes = dict.fromkeys(sections, "")
    while sum(len(t) for t in notes.values()) < 20_000:
        section = rng.choice(sections)
        notes[section] += rng.choice(SENTENCES) + ("\n" if rng.random() < 0.5 else " ")
    events = [
        {"seq": seq, "kind": rng.choice(["notes", "diagram", "chat"]), "section": rng.choice(sections)}
        for seq in range(1600)
    ]  # fmt: skip
    chat = [
        {"who": rng.choice(["candidate", "interviewer"]), "text": rng.choice(SENTENCES), "seq": 1600 + i}
        for i in range(400)
    ]  # fmt: skip
    phases = [
        {"slug": slug, "name": slug, "planned_minutes": minutes, "actual_seconds": minutes * 60 * rng.uniform(0.6, 1.6)}
        for slug, minutes in [("introduction", 5), ("requirements", 5), ("high-level-design", 20), ("deep-dive", 10), ("wrap-up", 5)]
    ]  # fmt: skip
    return {
        "board": {"nodes": nodes, "edges": edges, "notes": notes},
        "snapshots": [],
        "chat": chat,
        "timeline": {"phases": phases, "events": events},
        "hints_revealed": [0, 1],
        "curveballs": [{"text": "Traffic grows 10x", "handled": True}],
        "question": {"slug": "bench", "title": "Bench", "nfr_focus": {"latency": 3, "availability": 2}},
        "checklists": _checklists(rng),
        "scorecard": {"criteria": [{"slug": f"c{i}", "phase_slug": "deep-dive", "weight": 2, "score": 3} for i in range(6)],
                      "hire_signal": "hire"},
    }  # fmt: skip


def _checklists(rng: random.Random) -> list[dict[str, Any]]:
    categories = ["scalability", "performance", "latency", "reliability", "availability",
                  "fault_tolerance", "consistency", "security", "disaster_recovery", "observability"]  # fmt: skip
    patterns = ["cache_on_read_path", "replicated_database", "queue_between_services", "async_edge"]
    return [
        {"slug": c, "name": c, "items": [
            {"slug": f"{c}-{i}", "statement": f"Item {i} about {rng.choice(WORDS)} and {rng.choice(WORDS)}.",
             "weight": rng.randint(1, 3),
             "cues": {"phrases": [f"{rng.choice(WORDS)} {rng.choice(WORDS)}" for _ in range(8)] + rng.sample(WORDS, 4),
                      "patterns": rng.sample(patterns, 1)},
             "study": [f"concept-{c}-{i}"]}
            for i in range(5)
        ]}
        for c in categories
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    session = build_session()
    size = sum(len(t) for t in session["board"]["notes"].values())
    for _ in range(args.warmup):
        analyse(session)
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        analyse(session)
        timings.append((time.perf_counter() - started) * 1000)
    cold_timings = []
    for _ in range(args.runs):
        clear_text_caches()
        started = time.perf_counter()
        analyse(session)
        cold_timings.append((time.perf_counter() - started) * 1000)
    parsed = parse_input(session)
    parsed_timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        analyse(parsed)
        parsed_timings.append((time.perf_counter() - started) * 1000)
    baseline_timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        keyword_scan_baseline(session)
        baseline_timings.append((time.perf_counter() - started) * 1000)
    median = statistics.median(timings)
    p95 = statistics.quantiles(timings, n=20)[-1]
    baseline = statistics.median(baseline_timings)
    print(
        f"session: {len(session['board']['nodes'])} nodes, {len(session['board']['edges'])} edges, "
        f"{size} chars of notes, {len(session['timeline']['events']) + len(session['chat'])} events"
    )
    print(
        f"analyse(dict)  x{args.runs}: median {median:.1f} ms, p95 {p95:.1f} ms, max {max(timings):.1f} ms"
    )
    cold = statistics.median(cold_timings)
    cold_p95 = statistics.quantiles(cold_timings, n=20)[-1]
    print(f"analyse(parsed) x{args.runs}: median {statistics.median(parsed_timings):.1f} ms")
    print(
        f"analyse(dict), text caches cleared before each run x{args.runs}: median {cold:.1f} ms, "
        f"p95 {cold_p95:.1f} ms"
    )
    print(
        f"baseline keyword scan x{args.runs}: median {baseline:.2f} ms (ratio {median / baseline:.0f}x)"
    )
    verdict = "PASS" if max(median, cold) < 200 else "FAIL"
    print(
        f"SUMMARY analysis_bench median={median:.1f}ms p95={p95:.1f}ms cold={cold:.1f}ms "
        f"baseline={baseline:.2f}ms ratio={median / baseline:.0f}x target<200ms {verdict}"
    )


def clear_text_caches() -> None:
    """Forget tokenised lines, sentences and spelling corrections, as in a fresh worker:
    the synthetic session repeats its sentences, which a real one does not."""
    tokenize.cache_clear()
    split_sentences.cache_clear()
    correct.cache_clear()


def keyword_scan_baseline(session: dict[str, Any]) -> int:
    """The naive alternative measured in the same run: every cue phrase searched as a
    lower-case substring of every notes section (no negation, targets, diagram or evidence)."""
    text = "\n".join(session["board"]["notes"].values()).lower()
    phrases = [
        phrase.lower()
        for category in session["checklists"]
        for item in category["items"]
        for phrase in item.get("cues", {}).get("phrases", [])
    ]
    return sum(1 for phrase in phrases if phrase in text)


if __name__ == "__main__":
    main()
