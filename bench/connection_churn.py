"""Connection churn: 1,000 websocket connect/disconnect cycles against the real ASGI server.

Each cycle opens an authenticated socket to a live session, reads its snapshot and closes.
Before, during (every 100 cycles) and after, it samples the server's RSS and the number of
PostgreSQL backends connected to the bench database (pg_stat_activity, this process's own
probe excluded). Both should stay flat: a leak of DB connections, consumers or channel
layer state shows up as growth. After the run no presence row (LiveConnection) may remain.

    .venv/bin/python bench/connection_churn.py [--cycles 1000] [--concurrency 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_sessions  # noqa: E402
import server_process  # noqa: E402
from live_relay import machine, redis_flush  # noqa: E402
from ports import free_port, origin_of  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402


def pg_backends(database_url: str) -> int:
    import psycopg

    url = database_url.replace("postgres://", "postgresql://", 1)
    name = url.rsplit("/", 1)[-1]
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        ).fetchone()
    return int(row[0]) if row else 0


async def churn(url: str, targets, cycles: int, concurrency: int, on_progress) -> dict:
    counter = {"done": 0, "failed": 0}
    next_cycle = iter(range(cycles))

    async def worker() -> None:
        for n in next_cycle:
            target = targets[n % len(targets)]
            cookie = target.candidate_cookie if n % 2 else target.interviewer_cookie
            try:
                async with connect(
                    f"{url}/ws/sessions/{target.id}/",
                    additional_headers={"Cookie": cookie},
                    origin=origin_of(url),  # type: ignore[arg-type]
                    compression=None,
                    open_timeout=10,
                    close_timeout=5,
                ) as ws:
                    await asyncio.wait_for(ws.recv(), 10)
            except Exception:
                counter["failed"] += 1
            counter["done"] += 1
            if counter["done"] % 100 == 0:
                await on_progress(counter["done"])

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return counter


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=50, help="cycles before the first sample")
    parser.add_argument("--asgi", choices=("uvicorn", "daphne"), default="uvicorn")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dr_bench"),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")
    )
    parser.add_argument("--app-env", action="append", default=[], help="KEY=VALUE for the app")
    args = parser.parse_args(argv)
    if not 1 <= args.cycles <= 20_000 or not 1 <= args.concurrency <= 200:
        parser.error("cycles 1-20000, concurrency 1-200")
    for url in (args.database_url, args.redis_url):
        if "127.0.0.1" not in url and "localhost" not in url:
            parser.error("only 127.0.0.1 targets")

    cores = server_process.cores()
    server_process.pin_self(cores[-1] if len(cores) > 1 else None)
    env = server_process.app_env(args.database_url, args.redis_url)
    # The bench churns ~50 handshakes per user in seconds to find leaks; the per-user handshake
    # budget (interviews/live/user_budgets.py) would refuse them, so it is lifted here.
    env.setdefault("WS_USER_CONNECT_BURST", "1000000")
    env.update(kv.split("=", 1) for kv in args.app_env)
    bench_sessions.database_ensure(args.database_url)
    bench_sessions.django_setup(env)
    targets = bench_sessions.sessions_ensure(args.sessions)
    bench_sessions.connections_close()
    redis_flush(args.redis_url)

    print(f"# connection_churn {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}")
    print(
        f"# {args.asgi} on core {cores[0]}, {args.cycles} cycles, {args.concurrency} at a time,"
        f" {args.sessions} sessions; extra env {args.app_env or 'none'}"
    )
    port = free_port()
    server = server_process.start(
        "churn", server_process.asgi_argv(args.asgi, port), port=port, env=env, core=cores[0]
    )
    samples: list[tuple[str, int, float, int]] = []

    def sample(label: str, cycles: int) -> None:
        samples.append((label, cycles, server.rss_mib(), pg_backends(args.database_url)))
        print(f"{label:<8} {cycles:>6} {samples[-1][2]:>9.1f} {samples[-1][3]:>8}", flush=True)

    async def progress(done: int) -> None:
        await asyncio.to_thread(sample, "during", done)

    try:
        print(f"{'when':<8} {'cycles':>6} {'RSS MiB':>9} {'PG conns':>8}")
        sample("start", 0)
        asyncio.run(churn(server.url, targets, args.warmup, args.concurrency, _noop))
        time.sleep(1)
        sample("before", 0)
        started = time.perf_counter()
        counts = asyncio.run(churn(server.url, targets, args.cycles, args.concurrency, progress))
        took = time.perf_counter() - started
        time.sleep(3)  # disconnect handlers finish
        sample("after", counts["done"])
    finally:
        server.stop()

    from interviews.models import LiveConnection

    left = LiveConnection.objects.filter(
        participant__session_id__in=[t.id for t in targets]
    ).count()
    bench_sessions.connections_close()
    before, after = samples[1], samples[-1]
    during = samples[2:-1] or [after]
    print(
        f"connection_churn: {counts['done']} cycles ({counts['failed']} failed) in {took:.1f} s"
        f" ({counts['done'] / took:.0f}/s); PG connections before/max during/after"
        f" {before[3]}/{max(s[3] for s in during)}/{after[3]}; server RSS MiB before/max"
        f" during/after {before[2]:.0f}/{max(s[2] for s in during):.0f}/{after[2]:.0f};"
        f" presence rows left {left}"
    )
    return 0 if counts["failed"] == 0 and left == 0 else 1


async def _noop(done: int) -> None:
    return None


if __name__ == "__main__":
    sys.exit(main())
