"""CPU per op batch on PostgreSQL: the folded statements (two round trips, board_ops_pg)
against the ORM's one-by-one statements (the baseline), in the same run.

Calls ``board_ops_apply`` as the live wing does (``call_collecting``: nothing is published
from the batch thread), with node.move ops on bench sessions, for batches of 1 op (what
a batch holds at low load) and 10 ops over 10 sessions. Rounds alternate baseline and
folded (ABAB...) after a warm-up of each; the figure is process CPU time (user + system)
per batch, so other load on the machine disturbs it far less than wall time.

    .venv/bin/python bench/op_batch.py                # 6 rounds of 150 batches per size
    .venv/bin/python bench/op_batch.py --rounds 3 --batches 50
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_sessions  # noqa: E402
import server_process  # noqa: E402

MODES = ("orm", "folded")


def cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--batches", type=int, default=150, help="batches per round and size")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dr_bench"),
    )
    args = parser.parse_args(argv)
    env = server_process.app_env(args.database_url, "redis://127.0.0.1:6379/6")
    bench_sessions.database_ensure(args.database_url)
    bench_sessions.django_setup(env)
    targets = bench_sessions.sessions_ensure(10)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from interviews.events import call_collecting
    from interviews.models import Participant, Role
    from interviews.services import OpRequest, board_ops, board_ops_apply

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE interviews_interviewsession")
        cursor.execute("VACUUM ANALYZE interviews_board")
    actors = [
        Participant.objects.select_related("user").get(session_id=t.id, role=Role.CANDIDATE)
        for t in targets
    ]
    counter = itertools.count()
    folded = board_ops._round_trips_folded

    def batch(size: int) -> None:
        requests = [
            OpRequest(
                actors[i % len(actors)],
                f"ob-{os.getpid()}-{next(counter)}",
                0,
                {"kind": "node.move", "id": "n1", "x": i, "y": 1},
            )
            for i in range(size)
        ]
        call_collecting(board_ops_apply, requests=requests)

    def use(mode: str) -> None:
        board_ops._round_trips_folded = folded if mode == "folded" else (lambda: False)

    figures: dict[tuple[str, int], list[float]] = {}
    statements: dict[tuple[str, int], int] = {}
    print(f"# op_batch on {args.database_url.rsplit('/', 1)[-1]}; load {os.getloadavg()}")
    for size in (1, 10):
        for mode in MODES:  # warm-up, and the statements each way sends
            use(mode)
            for _ in range(30):
                batch(size)
            with CaptureQueriesContext(connection) as queries:
                batch(size)
            statements[(mode, size)] = len(queries)
        for round_ in range(args.rounds):
            for mode in MODES if round_ % 2 == 0 else MODES[::-1]:
                use(mode)
                started = cpu_seconds()
                for _ in range(args.batches):
                    batch(size)
                spent = (cpu_seconds() - started) * 1000 / args.batches
                figures.setdefault((mode, size), []).append(spent)
    use("folded")
    print(f"{'ops/batch':>9} {'mode':>7} {'statements':>10} {'CPU ms/batch':>12} {'range':>13}")
    for (mode, size), values in sorted(figures.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        low, high = min(values), max(values)
        print(
            f"{size:>9} {mode:>7} {statements[(mode, size)]:>10}"
            f" {statistics.median(values):>12.2f} {f'{low:.2f}-{high:.2f}':>13}"
        )
    ratios = {
        size: statistics.median(figures[("folded", size)])
        / statistics.median(figures[("orm", size)])
        for size in (1, 10)
    }
    print(f"# load at the end {os.getloadavg()}")
    print(
        f"op_batch: CPU per batch folded/orm {ratios[1]:.2f} for 1 op,"
        f" {ratios[10]:.2f} for 10 ops ({args.rounds} rounds, medians)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
