"""Live relay benchmark: the real ASGI server on PostgreSQL and Redis against a bare relay.

For each server, steps of increasing load: N peer sessions, two authenticated clients each
(the candidate sends ops at ``--rate``, 90 % node.move and 10 % notes typing: bursts of 1 to
20 characters as CRDT updates, what the browser sends after coalescing keystrokes for 50 ms;
the interviewer node.moves at ``--interviewer-rate``), driven open-loop. Latency runs from
an op's INTENDED send time to its arrival at the PEER; ops lost, duplicated or reordered
at the peer are counted, and so are ops never acknowledged to their sender. A server's
steps stop once its p99 passes ``--stop-p99``. The app (A) and the bare websockets relay
(B, bench/bare_relay.py) run in ``--order`` (ABBAAB by default: three rounds each) and the
table shows medians with the p99's range over rounds. Each server start begins with an
unmeasured warm-up step; the summary rule is printed before the last line.

Server: one process pinned to ``--server-cores`` (default core 0); this load generator
pins itself to ``--client-core`` (default the last core). Loopback only.

    .venv/bin/python bench/live_relay.py                       # full run, ~15 minutes
    .venv/bin/python bench/live_relay.py --steps 10,25 --measure 5 --order AB
    .venv/bin/python bench/live_relay.py --steps 10,25 --measure 5 --order ALLA   # live analysis off/on
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_sessions  # noqa: E402
import live_worker  # noqa: E402
import server_process  # noqa: E402
from ports import free_port  # noqa: E402
from relay_load import NotesTyping, Params, run_step  # noqa: E402
from relay_report import (  # noqa: E402
    HEADER,
    HELD_RULE,
    Row,
    cpu_per_op_at,
    format_row,
    held,
    medians,
    row_figures,
)

NAMES = {"A": "app", "L": "live", "B": "bare"}
# "app" runs with the live analysis off, "live" with it on and a Celery worker running it
# (on the app's cores): the same run compares the two (--order ALLA).
APP_KINDS = ("A", "L")


def machine() -> str:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = psutil.virtual_memory().total / 2**30
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores ({model}), {ram:.1f} GiB RAM, Python {platform.python_version()},"
        f" load average {load}"
    )


def services_cpu_seconds() -> float:
    """CPU time of every postgres and redis-server process on the machine."""
    total = 0.0
    for p in psutil.process_iter(["name", "cpu_times"]):
        if p.info["name"] in ("postgres", "redis-server") and p.info["cpu_times"]:
            total += p.info["cpu_times"].user + p.info["cpu_times"].system
    return total


def redis_flush(url: str) -> None:
    """Empty the bench's own Redis database: no group members left from a killed server."""
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()


def database_vacuum(url: str) -> None:
    """VACUUM ANALYZE the rows every op rewrites. The bench reuses its sessions, and a
    PostgreSQL with autovacuum off (this machine's) lets their dead versions pile up until
    each lock and read walks them: 100 sessions went from p99 143 ms to 1.8 s that way."""
    import psycopg

    tables = "interviews_interviewsession, interviews_board, interviews_liveconnection"
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as c:
        c.execute(f"VACUUM ANALYZE {tables}")


def start_servers(kind: str, args, env: dict) -> list[server_process.Server]:
    servers = []
    cores = args.server_cores if kind in APP_KINDS else args.server_cores[:1]
    for n, core in enumerate(cores):
        port = free_port()
        if kind in APP_KINDS:
            argv = server_process.asgi_argv(args.asgi, port)
            server = server_process.start(f"app{n}", argv, port=port, env=env, core=core)
        else:
            argv = server_process.bare_argv(port)
            server = server_process.start(f"bare{n}", argv, port=port, core=core)
        servers.append(server)
    return servers


def run_server(kind: str, round_: int, args, env, targets, notes) -> list[Row]:
    if kind in APP_KINDS:
        redis_flush(args.redis_url)
        database_vacuum(args.database_url)
        env = {**env, "INSIGHT_ENABLED": "true" if kind == "L" else "false"}
    servers = start_servers(kind, args, env)
    if kind == "L":  # its CPU counts as the server's: it is what the analysis costs
        servers.append(live_worker.start(env, args.server_cores[0]))
    rows: list[Row] = []
    me = psutil.Process()
    try:
        time.sleep(1.0)  # imports settle before the first connection
        # An unmeasured step first: the process's first sessions pay for imports, caches, the
        # connection pool and the JIT-free first calls; no figure of it is kept.
        warm = args.warmup_sessions
        if warm:
            warm_notes = notes if kind == "A" else None
            urls = [s.url for s in servers]
            _run(
                run_step(
                    lambda i, role: urls[i % len(urls)],
                    targets[:warm],
                    step_params(args),
                    notes=warm_notes,
                )
            )
            print(f"# {NAMES[kind]} round {round_}: warm-up step of {warm} sessions (not measured)")
            time.sleep(args.settle)
        for sessions in args.steps:
            marks: dict[str, tuple[float, float, float, float]] = {}

            def on_window(what: str, marks: dict = marks, sessions: int = sessions) -> None:
                if what == "start" and args.py_spy and kind == "A":
                    spy(servers, args, f"{round_}-{sessions}")
                cpu = sum(s.cpu_seconds() for s in servers)
                own = me.cpu_times()
                marks[what] = (
                    time.perf_counter(),
                    cpu,
                    own.user + own.system,
                    services_cpu_seconds(),
                )

            def url_for(i: int, role: str) -> str:
                split = args.placement == "split" and role != "candidate"
                web = [s for s in servers if s.port]
                return web[(i + split) % len(web)].url

            result = _run(
                run_step(
                    url_for,
                    targets[:sessions],
                    step_params(args),
                    on_window=on_window,
                    notes=notes if kind in APP_KINDS else None,
                )
            )
            (t0, c0, g0, d0), (t1, c1, g1, d1) = marks["start"], marks["end"]
            row = Row(
                NAMES[kind],
                round_,
                sessions,
                result,
                cpu=(c1 - c0) / (t1 - t0),
                rss_mib=sum(s.rss_mib() for s in servers),
                gen_cpu=(g1 - g0) / (t1 - t0),
                db_cpu=(d1 - d0) / (t1 - t0),
                load=os.getloadavg()[0],
            )
            rows.append(row)
            print(format_row(row.server, row.sessions, 1, row_figures(row)), flush=True)
            if kind == "L":
                print(f"#   live analysis runs so far: {live_worker.runs_done(servers[-1])}")
            if math.isnan(result.p99) or result.p99 > args.stop_p99 or result.connect_failures:
                break
            time.sleep(args.settle)
    finally:
        for server in servers:
            server.stop()
    return rows


def step_params(args) -> Params:
    return Params(
        candidate_rate=args.rate,
        interviewer_rate=args.interviewer_rate,
        notes_share=args.notes_share,
        warmup=args.warmup,
        measure=args.measure,
        drain=args.drain,
    )


def spy(servers: list[server_process.Server], args, label: str) -> None:
    """Sample each app server with py-spy during the window (raw collapsed stacks)."""
    import subprocess

    args.py_spy.mkdir(parents=True, exist_ok=True)
    for n, server in enumerate(servers):
        argv = [str(server_process.BIN / "py-spy"), "record", "-p", str(server.proc.pid)]
        argv += ["-d", str(int(args.measure)), "-f", "raw", "--threads", "--nonblocking"]
        argv += ["-o", str(args.py_spy / f"app{n}-{label}.txt")]
        if args.py_spy_idle:
            argv.append("--idle")
        subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _run(coroutine):
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--steps", default="10,25,50,100,200,400", help="sessions per step")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds before each window")
    parser.add_argument("--measure", type=float, default=8.0, help="measured seconds per step")
    parser.add_argument("--drain", type=float, default=4.0, help="max seconds to await stragglers")
    parser.add_argument("--settle", type=float, default=1.0, help="pause between steps")
    parser.add_argument("--rate", type=float, default=5.0, help="candidate ops/s")
    parser.add_argument("--interviewer-rate", type=float, default=1.0, help="interviewer ops/s")
    parser.add_argument("--notes-share", type=float, default=0.10)
    parser.add_argument(
        "--notes-bytes", type=int, default=2048, help="the typed section is kept near this size"
    )
    parser.add_argument(
        "--order",
        default="ABBAAB",
        help="A = app, L = app with live analysis, B = bare relay; three rounds each by default",
    )
    parser.add_argument(
        "--warmup-sessions",
        type=int,
        default=None,
        help="sessions of the unmeasured first step of each server start (default: the first"
        " step's; 0: none)",
    )
    parser.add_argument("--asgi", choices=("uvicorn", "daphne"), default="uvicorn")
    parser.add_argument("--server-cores", default=None, help="cores for app processes: 0 or 0,1")
    parser.add_argument("--client-core", type=int, default=None)
    parser.add_argument(
        "--placement",
        choices=("split", "same"),
        default="split",
        help="with several app processes: a session's two clients on different processes"
        " (every op crosses Redis) or on the same one (sticky routing by session)",
    )
    parser.add_argument("--stop-p99", type=float, default=250.0)
    parser.add_argument("--held-p99", type=float, default=100.0)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dr_bench"),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")
    )
    parser.add_argument("--app-env", action="append", default=[], help="KEY=VALUE for the app")
    parser.add_argument("--json", type=Path, help="write every row here as JSON")
    parser.add_argument("--py-spy", type=Path, help="profile app servers into this directory")
    parser.add_argument("--py-spy-idle", action="store_true", help="include idle/waiting samples")
    args = parser.parse_args(argv)
    args.steps = sorted({int(s) for s in args.steps.split(",")})
    if args.warmup_sessions is None:
        args.warmup_sessions = args.steps[0] if args.steps else 0
    if not args.steps or args.steps[-1] > 1000:
        parser.error("steps must be between 1 and 1000 sessions")
    if set(args.order) - set(NAMES) or not args.order:
        parser.error("--order is made of A and B")
    for url in (args.database_url, args.redis_url):
        if "127.0.0.1" not in url and "localhost" not in url:
            parser.error("only 127.0.0.1 targets")
    cores = server_process.cores()
    if args.server_cores is None:
        args.server_cores = [cores[0]]
    else:
        args.server_cores = [int(c) for c in args.server_cores.split(",")]
    if args.client_core is None and len(cores) > len(set(args.server_cores)):
        args.client_core = next(c for c in reversed(cores) if c not in args.server_cores)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    server_process.pin_self(args.client_core)
    env = server_process.app_env(args.database_url, args.redis_url)
    env.update(kv.split("=", 1) for kv in args.app_env)
    bench_sessions.database_ensure(args.database_url)
    bench_sessions.django_setup(env)
    targets = bench_sessions.sessions_ensure(args.steps[-1])
    bench_sessions.connections_close()
    notes = NotesTyping(args.notes_bytes)

    started = datetime.now(UTC)
    print(f"# live_relay {started:%Y-%m-%d %H:%M} UTC on {machine()}")
    print(
        f"# app: {args.asgi} x{len(args.server_cores)} on core(s) {args.server_cores}"
        f" ({args.placement} placement), generator on"
        f" core {args.client_core}; PostgreSQL {args.database_url.rsplit('/', 1)[-1]}, Redis"
        f" {args.redis_url}; extra env {args.app_env or 'none'}"
    )
    print(
        f"# load: candidate {args.rate}/s ({args.notes_share:.0%} notes bursts of 1-20 chars,"
        f" section kept near {args.notes_bytes} chars), interviewer {args.interviewer_rate}/s; warm-up"
        f" {args.warmup}s, window {args.measure}s, drain {args.drain}s; order {args.order}"
    )
    print(HEADER)
    rows: list[Row] = []
    for round_, kind in enumerate(args.order):
        rows += run_server(kind, round_, args, env, targets, notes)

    table = medians(rows)
    rounds = {name: args.order.count(k) for k, name in NAMES.items()}
    print(f"\n# medians over rounds ({args.order}); lost/dup/reord/unack/err summed over rounds")
    print(HEADER)
    for (server, sessions), (runs, figs) in sorted(table.items()):
        print(format_row(server, sessions, runs, figs))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "started": started.isoformat(),
                    "machine": machine(),
                    "args": {k: str(v) for k, v in vars(args).items()},
                    "rows": [
                        {"server": r.server, "round": r.round, "sessions": r.sessions}
                        | row_figures(r)
                        | {"error_codes": dict(r.result.errors)}
                        for r in rows
                    ],
                },
                indent=1,
            )
        )
    app = held(table, "app", rounds["app"], args.held_p99) if rounds["app"] else None
    bare = held(table, "bare", rounds["bare"], args.held_p99) if rounds["bare"] else None
    top = args.steps[-1]

    def say(n: int | None) -> str:
        return "not run" if n is None else (f">= {n}" if n == top else str(n))

    live = held(table, "live", rounds["live"], args.held_p99) if rounds["live"] else None
    ratio = f"{app / bare:.2f}" if app is not None and bare else "n/a"
    cpu_op = cpu_per_op_at(table, "app", app) if app else float("nan")
    print(f"\n# rule: {HELD_RULE.format(limit=args.held_p99)}")
    print(f"# load average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    live_ratio = f"{live / app:.2f}" if live is not None and app else "n/a"
    print(
        f"live_relay: max sessions at p99 <= {args.held_p99:.0f} ms with zero loss"
        f" (medians, {args.order}): app {say(app)}, app with live analysis {say(live)},"
        f" bare relay {say(bare)}; ratio app/baseline {ratio}, live/app {live_ratio};"
        f" app CPU per op at that step {cpu_op:.2f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
