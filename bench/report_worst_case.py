"""The feedback report of the largest session the protocol allows, with and without the caps.

Builds one ended session at the protocol's limits: 300 nodes (200-character labels, 2,000
characters of notes each), 600 edges (200-character labels), six notes sections of 20,000
characters, 5,000 chat messages of 2,000 characters (the socket rate limit allows that in
about two minutes), 50,000 board-op events and 40 board snapshots (phase changes back and
forth), each the full board. Then times, in one run, the report as the worker makes it:

- capped: analysis_input_build with the default InputCaps, analyse_within_budget with the
  default budget (several runs: median and spread);
- reduced: the analysis stored when the budget runs out (budget 0, same input);
- uncapped: the whole session fed to the analysis, no budget (what the worker did before
  the caps; one or two runs, it takes about a minute).

    DATABASE_URL=postgres://... .venv/bin/python bench/report_worst_case.py [--runs 5]

Without DATABASE_URL it uses a throwaway SQLite file. Loopback only; every loop is bounded.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE_DIR))

SENTENCES = [
    "The feed service reads from a Redis cache and falls back to Cassandra on a miss.",
    "Messages are sharded by conversation id across 64 partitions.",
    "Writes carry an idempotency key so a retried request is applied once.",
    "p99 under 150 ms for timeline reads; 99.95 % availability a month.",
    "Postgres has a synchronous standby in a second availability zone with failover.",
    "Calls to the payment provider time out after 2 s and a circuit breaker opens.",
    "We emit RED metrics and alert on SLO burn rate; requests carry a trace id.",
    "Readers far outnumber writers, roughly 100:1, so reads go to replicas.",
]
KINDS = ["service", "database", "cache", "queue", "worker", "load_balancer", "client"]
SECTIONS = ("requirements", "estimates", "api", "data_model", "deep_dive", "free")


def _text(rng: random.Random, size: int) -> str:
    parts, length = [], 0
    while length < size:
        part = rng.choice(SENTENCES) + (" " if rng.random() < 0.7 else "\n")
        parts.append(part)
        length += len(part)
    return "".join(parts)[:size]


def django_setup() -> None:
    if not os.environ.get("DATABASE_URL"):
        os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "worst-case.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("loadcontent", verbosity=0)


def max_board(rng: random.Random) -> dict:
    nodes = [
        {"id": f"n{i:03d}", "kind": KINDS[i % len(KINDS)], "label": _text(rng, 200),
         "x": i, "y": i, "notes": _text(rng, 2000), "replicas": rng.choice([None, 1, 3])}
        for i in range(300)
    ]  # fmt: skip
    edges = [
        {"id": f"e{i:03d}", "from": f"n{rng.randrange(300):03d}", "to": f"n{rng.randrange(300):03d}",
         "label": _text(rng, 200), "mode": rng.choice(["sync", "async"])}
        for i in range(600)
    ]  # fmt: skip
    return {"nodes": nodes, "edges": edges, "notes": {s: _text(rng, 20_000) for s in SECTIONS}}


def build_session(*, chat: int, ops: int, snapshots: int):
    """The ended session, written straight to the tables (the services would take hours
    at the socket rate limit)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from content.models import Question
    from interviews.models import (
        Board,
        BoardSnapshot,
        EventType,
        InterviewSession,
        Participant,
        Role,
        SessionEvent,
        SessionStatus,
    )
    from interviews.services import session_create

    rng = random.Random(7)
    user_model = get_user_model()
    interviewer, _ = user_model.objects.get_or_create(username="worst-iv")
    candidate, _ = user_model.objects.get_or_create(username="worst-ca")
    question = Question.objects.get(slug="url-shortener")
    session = session_create(created_by=interviewer, question=question, level="senior", mode="peer")
    Participant.objects.create(session=session, user=candidate, role=Role.CANDIDATE)
    board = max_board(rng)
    Board.objects.filter(session=session).update(state=board, version=ops)
    session.refresh_from_db()
    seq = session.last_seq
    rows = []
    for n in range(ops):
        seq += 1
        op = (
            {"kind": "notes.patch", "section": SECTIONS[n % 6], "patch": "@@ -1 +1 @@"}
            if n % 3
            else {"kind": "node.move", "id": f"n{n % 300:03d}", "x": n % 900, "y": n % 500}
        )
        rows.append(SessionEvent(session=session, seq=seq, type=EventType.OP, payload={"op": op}))
    for n in range(chat):
        seq += 1
        who = Role.CANDIDATE if n % 4 else Role.INTERVIEWER
        payload = {"from": {"user": {"id": 1, "name": "x"}, "role": who},
                   "text": _text(rng, 2000), "at": n}  # fmt: skip
        rows.append(SessionEvent(session=session, seq=seq, type=EventType.CHAT, payload=payload))
    SessionEvent.objects.bulk_create(rows, batch_size=2000)
    snaps = []
    for n in range(snapshots):
        seq += 1
        SessionEvent.objects.create(session=session, seq=seq, type=EventType.TIMER, payload={})
        snaps.append(BoardSnapshot(session=session, phase_index=n % 5, phase_slug="deep-dive",
                                   reason="phase_change", seq=seq, version=n, state=board))  # fmt: skip
    BoardSnapshot.objects.bulk_create(snaps, batch_size=5)
    InterviewSession.objects.filter(pk=session.pk).update(
        last_seq=seq, status=SessionStatus.ENDED, ended_at=timezone.now()
    )
    return session.pk


def timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def _spread(values: list[float]) -> str:
    if len(values) == 1:
        return f"{values[0]:.2f} s (1 run)"
    return (
        f"median {statistics.median(values):.2f} s, min {min(values):.2f}, "
        f"max {max(values):.2f} ({len(values)} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--uncapped-runs", type=int, default=1)
    parser.add_argument("--chat", type=int, default=5000)
    parser.add_argument("--ops", type=int, default=50_000)
    parser.add_argument("--snapshots", type=int, default=40)
    args = parser.parse_args()
    django_setup()
    from django.conf import settings

    from scoring.selectors.analysis_input import InputCaps, analysis_input_build
    from scoring.services.feedback import analyse_within_budget

    built, session_id = timed(
        lambda: build_session(chat=args.chat, ops=args.ops, snapshots=args.snapshots)
    )
    print(f"built the session in {built:.1f} s ({settings.DATABASES['default']['ENGINE']})")
    budget = settings.DESIGNROOM["FEEDBACK_TIME_BUDGET_SECONDS"]
    unbounded = InputCaps(10**9, 10**12, 10**12, 10**9, 10**9)
    results: dict[str, list[float]] = {
        k: [] for k in ("input", "analyse", "reduced", "u_in", "u_an")
    }
    partial = None
    for _ in range(args.runs):
        seconds, data = timed(lambda: analysis_input_build(session_id=session_id))
        results["input"].append(seconds)
        reduced_data = {**data, "limits": dict(data["limits"])}
        seconds, report = timed(lambda d=data: analyse_within_budget(d))
        results["analyse"].append(seconds)
        partial = report["limits"]
        seconds, _ = timed(lambda d=reduced_data: analyse_within_budget(d, budget_seconds=0))
        results["reduced"].append(seconds)
    for _ in range(args.uncapped_runs):
        seconds, data = timed(lambda: analysis_input_build(session_id=session_id, caps=unbounded))
        results["u_in"].append(seconds)
        seconds, _ = timed(lambda d=data: analyse_within_budget(d, budget_seconds=10**6))
        results["u_an"].append(seconds)
    print(f"capped   input build:           {_spread(results['input'])}")
    print(f"capped   analysis (budget {budget:.0f} s): {_spread(results['analyse'])}")
    print(f"reduced  analysis (budget spent): {_spread(results['reduced'])}")
    print(f"uncapped input build:           {_spread(results['u_in'])}")
    print(f"uncapped analysis (no budget):  {_spread(results['u_an'])}")
    print(f"capped report limits: {partial}")
    worst = max(results["input"]) + max(results["analyse"]) + max(results["reduced"])
    print(f"SUMMARY report_worst_case capped_worst_total={worst:.1f}s "
          f"uncapped_total={max(results['u_in']) + max(results['u_an']):.1f}s")  # fmt: skip


if __name__ == "__main__":
    main()
