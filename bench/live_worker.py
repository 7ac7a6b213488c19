"""The Celery worker that runs the live analysis beside a benchmarked app server.

Started with the app's environment, pinned to the app's core(s), so the analysis competes
for the same CPU as the relay it must not slow down; its log says how many runs it did.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from server_process import BASE_DIR, BIN, Server, pin_self


def start(env: dict[str, str], core: int | None, log_dir: Path = Path("/tmp")) -> Server:
    log = log_dir / f"bench-live-worker-{id(env)}.log"
    argv = [str(BIN / "celery"), "-A", "config", "worker", "--pool=solo", "--concurrency=1",
            "--loglevel=info", "--without-gossip", "--without-mingle", "--without-heartbeat"]  # fmt: skip
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            argv,
            cwd=BASE_DIR,
            env={**env, "PYTHONUNBUFFERED": "1"},  # its log is read while it runs
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=(lambda: pin_self(core)) if core is not None else None,
        )
    return Server("live-worker", 0, proc, log)


def runs_done(worker: Server) -> int:
    """Live analysis runs the worker finished (Celery logs each at INFO)."""
    text = worker.log.read_text(errors="replace") if worker.log.exists() else ""
    return sum(
        1 for line in text.splitlines() if "insight_run_task" in line and "succeeded" in line
    )
