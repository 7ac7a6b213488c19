"""Server processes for the benchmarks: started pinned to a core, watched with psutil, stopped.

Only loopback addresses; every wait is bounded.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

BASE_DIR = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# One secret per bench run, shared by the bench process (which makes the session cookies)
# and the servers (which check them).
SECRET_KEY = os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(48)


def cores() -> list[int]:
    try:
        return sorted(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return list(range(os.cpu_count() or 1))


def pin_self(core: int | None) -> None:
    if core is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {core})


def app_env(database_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


@dataclass
class Server:
    name: str
    port: int
    proc: subprocess.Popen
    log: Path
    ps: psutil.Process = field(init=False)

    def __post_init__(self) -> None:
        self.ps = psutil.Process(self.proc.pid)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def cpu_seconds(self) -> float:
        total = 0.0
        for p in [self.ps, *self.ps.children(recursive=True)]:
            try:
                t = p.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += t.user + t.system
        return total

    def rss_mib(self) -> float:
        total = 0
        for p in [self.ps, *self.ps.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except psutil.NoSuchProcess:
                continue
        return total / 2**20

    def stop(self, timeout: float = 10) -> None:
        if self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=timeout)


def start(
    name: str,
    argv: list[str],
    *,
    port: int,
    env: dict[str, str] | None = None,
    core: int | None = None,
    log_dir: Path | None = None,
    ready_timeout: float = 30,
) -> Server:
    """Start a server pinned to ``core`` and wait until it accepts TCP on ``port``."""
    log_dir = log_dir or Path(os.environ.get("TMPDIR", "/tmp"))
    log = log_dir / f"bench-{name}-{port}.log"

    def pin() -> None:
        pin_self(core)

    with open(log, "wb") as out:
        proc = subprocess.Popen(
            argv,
            cwd=BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=pin if core is not None else None,
        )
    server = Server(name, port, proc, log)
    deadline = time.monotonic() + ready_timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        with socket.socket() as s:
            s.settimeout(0.2)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return server
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"{name} did not listen on {port} within {ready_timeout}s")


APP = "config.asgi:application"


def asgi_argv(asgi: str, port: int) -> list[str]:
    """The production ASGI command line for ``uvicorn`` or ``daphne`` on 127.0.0.1:port."""
    if asgi == "uvicorn":
        return [
            str(BIN / "uvicorn"),
            "config.asgi:application",
            "--host=127.0.0.1",
            f"--port={port}",
            "--loop=uvloop",
            "--http=httptools",
            "--ws=websockets",
            "--ws-per-message-deflate=false",
            "--ws-max-size=65536",
            "--log-level=warning",
            "--no-access-log",
            "--lifespan=off",
        ]
    if asgi == "daphne":
        # The protocol's frame limit (WS_MAX_FRAME_BYTES), as on uvicorn's --ws-max-size.
        limits = ["--websocket-max-message-size=65536", "--websocket-max-frame-size=65536"]
        return [str(BIN / "daphne"), "-b", "127.0.0.1", "-p", str(port), *limits, APP]
    raise ValueError(asgi)


def bare_argv(port: int) -> list[str]:
    return [sys.executable, str(BASE_DIR / "bench" / "bare_relay.py"), f"--port={port}"]
