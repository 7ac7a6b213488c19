"""One session served by two ASGI server processes (uvicorn and daphne) over Redis.

The interviewer talks to one process and the candidate to the other; then the candidate's
process is SIGKILLed and the candidate resumes on the survivor with ``?since=``.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from django.db import connection
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from bench.ports import free_ports
from interviews.board import op_apply
from interviews.models import Board
from tests.conftest import requires_services

pytestmark = [pytest.mark.slow, requires_services, pytest.mark.django_db(transaction=True)]

BIN = Path(sys.executable).parent


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def ws_url(self, session_id, since: int | None = None) -> str:
        query = f"?since={since}" if since is not None else ""
        return f"ws://127.0.0.1:{self.port}/ws/sessions/{session_id}/{query}"


def _database_url(application_name: str) -> str:
    db = connection.settings_dict  # NAME is the test database (test_<name>) by now
    user, host, port = db["USER"], db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{db['NAME']}?application_name={application_name}"


def _start(name: str, command: list[str], port: int, log_dir: Path) -> Server:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(f"dr-live-{name}"),
        "REDIS_URL": settings.REDIS_URL,
    }
    log = (log_dir / f"{name}.log").open("w")
    process = subprocess.Popen(
        command, env=env, cwd=settings.BASE_DIR, stdout=log, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited: {(log_dir / f'{name}.log').read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return Server(name, port, process)
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{name} did not start: {(log_dir / f'{name}.log').read_text()}")


@pytest.fixture
def servers(transactional_db, tmp_path):
    port_a, port_b = free_ports(2)
    uvicorn = [str(BIN / "uvicorn"), "config.asgi:application", "--host", "127.0.0.1"]
    daphne = [str(BIN / "daphne"), "-b", "127.0.0.1"]
    started = [
        _start("a", [*uvicorn, "--port", str(port_a), "--lifespan", "off"], port_a, tmp_path),
        _start("b", [*daphne, "-p", str(port_b), "config.asgi:application"], port_b, tmp_path),
    ]
    yield started
    for server in started:
        if server.process.poll() is None:
            server.process.terminate()
            try:
                server.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.process.kill()
                server.process.wait()


class Client:
    """A browser tab: keeps its board in step with the server's ops and its last seq."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.board: dict = {}
        self.version = 0
        self.seq = 0

    @classmethod
    async def join(cls, server: Server, session_id, cookie: str, since: int | None = None):
        ws = await connect(
            server.ws_url(session_id, since),
            additional_headers={"Cookie": cookie},
            origin=server.origin,
        )
        return cls(ws)

    async def send(self, message: dict) -> None:
        await self.ws.send(json.dumps(message))

    async def recv(self, timeout: float = 5) -> dict:
        message = json.loads(await asyncio.wait_for(self.ws.recv(), timeout))
        self.absorb(message)
        return message

    async def recv_type(self, type_: str, timeout: float = 5) -> dict:
        while True:
            message = await self.recv(timeout)
            if message["type"] == type_:
                return message

    def absorb(self, message: dict) -> None:
        kind = message["type"]
        if kind == "snapshot":
            board = dict(message["board"])
            self.version = board.pop("version")
            self.board = board
        elif kind == "replay":
            for event in message["events"]:
                self.absorb(event)
        elif kind in ("op", "op.ack"):
            self.board, _ = op_apply(self.board, message["op"])
            self.version = message["version"]
        if isinstance(message.get("seq"), int):
            self.seq = max(self.seq, message["seq"])


def node_op(op_id: str, node_id: str, base: int) -> dict:
    node = {"id": node_id, "kind": "service", "x": 0, "y": 0}
    return {
        "type": "op",
        "op_id": op_id,
        "base_version": base,
        "op": {"kind": "node.add", "node": node},
    }


@database_sync_to_async
def server_board(session) -> tuple[dict, int]:
    board = Board.objects.get(session=session)
    return board.state, board.version


async def test_two_processes_serve_one_session_and_a_killed_one_loses_nothing(
    servers, peer, cookies
):
    a, b = servers
    interviewer = await Client.join(a, peer.session.pk, cookies["interviewer"])
    candidate = await Client.join(b, peer.session.pk, cookies["candidate"])
    await interviewer.recv_type("snapshot")
    await candidate.recv_type("snapshot")

    # Every message flows both ways between the processes.
    await interviewer.send({"type": "timer.start"})
    assert (await candidate.recv_type("timer"))["action"] == "start"
    await candidate.send(node_op("c-1", "api", candidate.version))
    await candidate.recv_type("op.ack")
    assert (await interviewer.recv_type("op"))["op_id"] == "c-1"
    await interviewer.send({"type": "chat", "text": "Walk me through the write path."})
    assert (await candidate.recv_type("chat"))["text"] == "Walk me through the write path."
    await interviewer.recv_type("chat")  # its own, echoed
    await candidate.send({"type": "chat", "text": "Sure."})
    assert (await interviewer.recv_type("chat"))["text"] == "Sure."

    # The candidate's process dies without closing anything.
    b.process.send_signal(signal.SIGKILL)
    b.process.wait(timeout=10)
    with pytest.raises(ConnectionClosed):
        await candidate.recv_type("never", timeout=10)
    last_seen = candidate.seq

    # Meanwhile the interviewer keeps working on the surviving process.
    await interviewer.send(node_op("i-1", "db", interviewer.version))
    await interviewer.recv_type("op.ack")
    await interviewer.send({"type": "chat", "text": "Where does the data live?"})
    await interviewer.recv_type("chat")

    # The candidate resumes on the survivor from its last seq and misses nothing.
    # Same tab: it keeps the board it had and applies what the replay brings.
    resumed = await Client.join(a, peer.session.pk, cookies["candidate"], since=last_seen)
    resumed.board, resumed.version, resumed.seq = candidate.board, candidate.version, last_seen
    replay = await resumed.recv()
    assert replay["type"] == "replay"
    seqs = [e["seq"] for e in replay["events"]]
    assert seqs == list(range(last_seen + 1, replay["seq"] + 1))  # gap-free, nothing hidden
    assert "Where does the data live?" in [e.get("text") for e in replay["events"]]
    state, version = await server_board(peer.session)
    assert (resumed.board, resumed.version) == (state, version)

    # And the session carries on across the survivor.
    await resumed.send(node_op("c-2", "cache", resumed.version))
    await resumed.recv_type("op.ack")
    assert (await interviewer.recv_type("op"))["op_id"] == "c-2"
    await resumed.ws.close()
    await interviewer.ws.close()


async def test_board_cursors_cross_processes_and_the_farewell_too(servers, peer, cookies):
    a, b = servers
    interviewer = await Client.join(a, peer.session.pk, cookies["interviewer"])
    candidate = await Client.join(b, peer.session.pk, cookies["candidate"])
    await interviewer.recv_type("snapshot")
    await candidate.recv_type("snapshot")
    where = {"pointer": {"x": 5, "y": 6}, "selection": ["api"], "viewport": None}
    await candidate.send({"type": "board.cursor", **where})
    seen = await interviewer.recv_type("board.cursor")
    assert (seen["user"]["name"], seen["pointer"], seen["selection"]) == (
        "cody",
        {"x": 5, "y": 6},
        ["api"],
    )
    await interviewer.send({"type": "board.cursor", "pointer": {"x": 1, "y": 2}})
    assert (await candidate.recv_type("board.cursor"))["role"] == "interviewer"
    await candidate.ws.close()
    gone = await interviewer.recv_type("board.cursor")
    assert gone["peer"] == seen["peer"]
    assert (gone["pointer"], gone["selection"], gone["viewport"]) == (None, [], None)
    await interviewer.ws.close()


async def test_ops_through_a_server_process_reuse_pooled_database_connections(
    servers, peer, cookies
):
    """Channels closes the connection after every sync call (CONN_MAX_AGE=0); with the
    psycopg pool that returns it to the pool, so a burst of ops opens no new backends.
    (WebsocketCommunicator disables that closing, so this needs a real server.)"""
    a, _ = servers
    candidate = await Client.join(a, peer.session.pk, cookies["candidate"])
    interviewer = await Client.join(a, peer.session.pk, cookies["interviewer"])
    await candidate.recv_type("snapshot")
    await interviewer.recv_type("snapshot")
    await interviewer.send({"type": "timer.start"})
    await candidate.recv_type("timer")
    burst_started = await _database_now()
    for n in range(40):
        await candidate.send(node_op(f"c-{n}", f"n{n}", candidate.version))
        await candidate.recv_type("op.ack")
    backends = await _backends_of("dr-live-a")
    assert backends, "the pool keeps connections open between ops"
    opened_during_burst = [started for started in backends if started > burst_started]
    assert len(opened_during_burst) <= 2
    await candidate.ws.close()
    await interviewer.ws.close()


@database_sync_to_async
def _database_now():
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        return cursor.fetchone()[0]


@database_sync_to_async
def _backends_of(application_name: str) -> list:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT backend_start FROM pg_stat_activity WHERE application_name = %s",
            [application_name],
        )
        return [row[0] for row in cursor.fetchall()]
