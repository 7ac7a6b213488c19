"""The real stack for fault injection: ASGI server processes, a private Redis, a cuttable TCP
proxy in front of PostgreSQL, and a websocket client that behaves like the room's.

Everything listens on 127.0.0.1 and every wait has a deadline. Processes are started in
their own process group and stopped by pid, never by name.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from bench.ports import free_port, origin_of

BASE_DIR = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent
# Seconds between server pings and before an unanswered one closes the socket, in tests.
PING_INTERVAL, PING_TIMEOUT = 1, 2
NODE_IDS = ("a", "b", "c")  # on the board of every test room
GAP_WAIT_S = 1.0  # the room's GAP_WAIT_MS


def wait_until(predicate: Callable[[], Any], timeout: float, what: str, step: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


async def in_thread(fn: Callable[[], Any]) -> Any:
    """Run ORM code from an async test in a worker thread, closing that thread's connection
    (a connection left open would block dropping the test database)."""

    def run() -> Any:
        try:
            return fn()
        finally:
            connections.close_all()

    return await asyncio.to_thread(run)


def database_url(port: int | None = None) -> str:
    """The test database, reached directly or through a proxy on ``port``."""
    db = connection.settings_dict
    host = "127.0.0.1" if port else (db["HOST"] or "127.0.0.1")
    port = port or int(db["PORT"] or 5432)
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{host}:{port}/{db['NAME']}"


# --- processes ------------------------------------------------------------------------------


class Process:
    def __init__(self, name: str, argv: list[str], env: dict[str, str], port: int) -> None:
        self.name, self.argv, self.env, self.port = name, argv, env, port
        self.log = Path(os.environ.get("TMPDIR", "/tmp")) / f"reliability-{name}-{port}.log"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 30) -> Process:
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(
                self.argv,
                cwd=BASE_DIR,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until(self._listening, timeout, f"{self.name} to listen on {self.port}")
        return self

    def _listening(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise RuntimeError(f"{self.name} exited:\n{self.log.read_text()[-3000:]}")
        with socket.socket() as s:
            s.settimeout(0.2)
            return s.connect_ex(("127.0.0.1", self.port)) == 0

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Signal the process group (the server and anything it forked) and reap it."""
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, sig)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=15)

    def stop(self) -> None:
        self.kill(signal.SIGTERM)


def asgi_server(
    *, redis_url: str, db_url: str | None = None, kind: str = "daphne", **env: str
) -> Process:
    """An ASGI server process on the test database, as production runs it (settings aside)."""
    port = free_port()
    full_env = dict(os.environ)
    full_env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=db_url or database_url(),
        REDIS_URL=redis_url,
        LOG_LEVEL="WARNING",
        **env,
    )
    if kind == "daphne":
        argv = [str(BIN / "daphne"), "-b", "127.0.0.1", "-p", str(port)]
        argv += ["--ping-interval", str(PING_INTERVAL), "--ping-timeout", str(PING_TIMEOUT)]
        argv += ["--websocket-max-message-size=65536", "--websocket-max-frame-size=65536"]
    else:
        argv = [str(BIN / "uvicorn"), "--host=127.0.0.1", f"--port={port}", "--lifespan=off"]
        argv += [f"--ws-ping-interval={PING_INTERVAL}", f"--ws-ping-timeout={PING_TIMEOUT}"]
        argv += ["--ws-max-size=65536"]
    argv.append("config.asgi:application")
    return Process(f"{kind}", argv, full_env, port).start()


class RedisServer(Process):
    """A private redis-server (never the shared one): stopped and started at will."""

    def __init__(self) -> None:
        port = free_port()
        binary = shutil.which("redis-server") or "redis-server"
        argv = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        argv += ["--appendonly", "no", "--daemonize", "no"]
        super().__init__("redis", argv, dict(os.environ), port)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


# --- a TCP proxy that can be cut --------------------------------------------------------------


class TcpProxy:
    """127.0.0.1:port -> target. ``cut()`` drops every connection and refuses new ones (they are
    accepted and closed at once, as a failed-over or restarting database does);
    ``restore()`` lets connections through again."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = free_port()
        self.is_cut = False
        self.loop = asyncio.new_event_loop()
        self.writers: set[asyncio.StreamWriter] = set()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        if not self.ready.wait(10):
            raise RuntimeError("the proxy did not start")

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.server = self.loop.run_until_complete(
            asyncio.start_server(self._accept, "127.0.0.1", self.port)
        )
        self.ready.set()
        self.loop.run_forever()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.is_cut:
            writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        self.writers.update((writer, up_writer))
        await asyncio.gather(
            self._pipe(reader, up_writer), self._pipe(up_reader, writer), return_exceptions=True
        )

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        finally:
            self.writers.discard(writer)
            writer.close()

    def _close_all(self) -> None:
        for writer in list(self.writers):
            transport = writer.transport
            transport.abort()
        self.writers.clear()

    def cut(self) -> None:
        self.is_cut = True
        done = threading.Event()
        self.loop.call_soon_threadsafe(lambda: (self._close_all(), done.set()))
        done.wait(5)

    def restore(self) -> None:
        self.is_cut = False

    def close(self) -> None:
        self.cut()
        self.loop.call_soon_threadsafe(self.server.close)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


# --- the client ------------------------------------------------------------------------------


def board_hash(board: dict) -> str:
    """One canonical hash of a board, whoever computes it (clients or the database row)."""
    canonical = {
        "version": board["version"],
        "nodes": sorted(board["nodes"], key=lambda n: n["id"]),
        "edges": sorted(board["edges"], key=lambda e: e["id"]),
        "notes": board["notes"],
    }
    return hashlib.sha256(json.dumps(canonical, sort_keys=True).encode()).hexdigest()


def ops_logged_and_board(session: Any) -> tuple[Counter, dict]:
    """How often each op id is in the session's log, and the board the database holds
    (call from a thread in async tests, e.g. through ``in_thread``)."""
    from interviews.models import Board, SessionEvent

    ids = SessionEvent.objects.filter(session=session).exclude(op_id="")
    board = Board.objects.get(session=session)
    return Counter(ids.values_list("op_id", flat=True)), {"version": board.version, **board.state}


def board_apply(board: dict, event: dict) -> None:
    """Apply a committed op event (as broadcast, acked or replayed) to a client's board."""
    op = event["op"]
    kind = op["kind"]
    nodes = board["nodes"]
    if kind == "node.add":
        nodes.append(dict(op["node"]))
    elif kind == "node.move":
        for i, node in enumerate(nodes):
            if node["id"] == op["id"]:
                nodes[i] = {**node, "x": op["x"], "y": op["y"]}
    else:
        raise AssertionError(f"the test client does not apply {kind}")
    board["version"] = event["version"]


class RoomClient:
    """One participant's tab: applies events in seq order, reconnects with ``since`` after a
    drop (trying each server in turn, with backoff), and resends its unacknowledged ops."""

    def __init__(
        self,
        name: str,
        session_id: str,
        cookie: str,
        urls: list[str],
        headers: dict[str, str] | None = None,
    ) -> None:
        self.name, self.session_id, self.cookie, self.urls = name, session_id, cookie, urls
        self.headers = headers or {}
        self.served_by: list[str] = []  # a load balancer's answer header, per connection
        self.gap_check: asyncio.TimerHandle | None = None
        self.gap_syncs = 0
        self.ws: ClientConnection | None = None
        self.board: dict | None = None
        self.seq = 0
        self.pending: dict[int, dict] = {}
        self.unacked: dict[str, dict] = {}  # op_id -> message, until its op.ack arrives
        self.acked: dict[str, int] = {}  # op_id -> seq
        self.sent = 0
        self.disconnects = 0
        self.errors: list[dict] = []
        self.received: list[dict] = []
        self.connected = asyncio.Event()
        self.task: asyncio.Task | None = None
        self.stopping = False

    # connection
    async def start(self) -> None:
        await self._connect(since=None)
        self.task = asyncio.create_task(self._run())

    async def _connect(self, since: int | None, deadline: float = 30) -> None:
        give_up = time.monotonic() + deadline
        backoff = 0.1
        attempt = 0
        while True:
            url = self.urls[attempt % len(self.urls)]
            attempt += 1
            path = f"{url}/ws/sessions/{self.session_id}/" + (f"?since={since}" if since else "")
            try:
                ws = await connect(
                    path,
                    additional_headers={"Cookie": self.cookie, **self.headers},
                    origin=origin_of(url),  # type: ignore[arg-type]
                    open_timeout=5,
                    ping_interval=None,
                    close_timeout=2,
                )
                first = json.loads(await asyncio.wait_for(ws.recv(), 10))
            except (OSError, ConnectionClosed, InvalidStatus, TimeoutError):
                if time.monotonic() > give_up:
                    raise
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 1.0)
                continue
            self.ws = ws
            if ws.response is not None:
                self.served_by.append(ws.response.headers.get("X-Designroom-Node", ""))
            self._on_message(first)
            self.connected.set()
            for message in list(self.unacked.values()):
                await self.ws.send(json.dumps(message))
            return

    async def _run(self) -> None:
        while not self.stopping:
            assert self.ws is not None
            try:
                async for text in self.ws:
                    self._on_message(json.loads(text))
            except ConnectionClosed:
                pass
            if self.stopping:
                return
            self.disconnects += 1
            self.connected.clear()
            await self._connect(since=self.seq)

    async def close(self) -> None:
        self.stopping = True
        if self.ws is not None:
            await self.ws.close()
        if self.task is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(self.task, 5)

    # sending
    async def send_op(self, op: dict) -> str:
        op_id = f"{self.name}-{secrets.token_hex(4)}-{self.sent}"
        message = {"type": "op", "op_id": op_id, "base_version": 0, "op": op}
        self.unacked[op_id] = message
        self.sent += 1
        if self.ws is not None and self.connected.is_set():
            with contextlib.suppress(ConnectionClosed):
                await self.ws.send(json.dumps(message))
        return op_id

    async def resend_unacked(self) -> None:
        """What the room does on an ``error`` whose outcome is unknown: try again (same op_id,
        so an op that did commit is answered with its original ack, not applied twice)."""
        assert self.ws is not None
        for message in list(self.unacked.values()):
            await self.ws.send(json.dumps(message))

    async def send(self, message: dict) -> None:
        assert self.ws is not None
        await self.ws.send(json.dumps(message))

    # receiving
    def _on_message(self, message: dict) -> None:
        self.received.append(message)
        kind = message["type"]
        if kind == "snapshot":
            self.board = message["board"]
            self.seq = message["seq"]
            self.pending = {s: m for s, m in self.pending.items() if s > self.seq}
            self.snapshot = message
        elif kind == "replay":
            for event in message["events"]:
                if event["seq"] > self.seq:
                    self._apply(event)
            self.seq = max(self.seq, message["seq"])
            self.pending = {s: m for s, m in self.pending.items() if s > self.seq}
            self.replay = message
            self._drain_pending()
        elif kind == "error":
            self.errors.append(message)
            if message.get("code") != "server_error":
                self.unacked.pop(message.get("op_id", ""), None)
            # server_error: the outcome is unknown; the op is resent after the next reconnect
            # and the server answers a committed one with its original op.ack.
        elif "seq" in message and kind != "pong":
            if kind == "op.ack":
                self.unacked.pop(message["op_id"], None)
                self.acked[message["op_id"]] = message["seq"]
            if message["seq"] > self.seq:
                self.pending[message["seq"]] = message
            self._drain_pending()

    def _drain_pending(self) -> None:
        while self.seq + 1 in self.pending:
            self._apply(self.pending.pop(self.seq + 1))
        if self.pending and not self.gap_check:
            # As the room does (static/js/socket.js): an event held behind a gap for a second
            # (its predecessor's broadcast died with another node) asks for a replay.
            self.gap_check = asyncio.get_running_loop().call_later(GAP_WAIT_S, self._gap_sync)

    def _gap_sync(self) -> None:
        self.gap_check = None
        if self.pending and self.ws is not None and self.connected.is_set():
            message = json.dumps({"type": "sync", "since": self.seq})
            self.gap_syncs += 1
            asyncio.get_running_loop().create_task(self._send_quietly(message))

    async def _send_quietly(self, text: str) -> None:
        assert self.ws is not None
        with contextlib.suppress(ConnectionClosed):
            await self.ws.send(text)

    def _apply(self, event: dict) -> None:
        if event["type"] in ("op", "op.ack") and self.board is not None:
            board_apply(self.board, event)
        self.seq = max(self.seq, event["seq"])

    def hash(self) -> str:
        assert self.board is not None
        return board_hash(self.board)

    async def wait_for(self, predicate: Callable[[], Any], timeout: float, what: str) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            await asyncio.sleep(0.05)
        raise AssertionError(f"{self.name}: timed out after {timeout}s waiting for {what}")


async def ops_drive(client: RoomClient, *, seconds: float, rate: float, prefix: str) -> None:
    """Send ops at ``rate`` for ``seconds`` whatever the connection does (moves and adds)."""
    rng = random.Random(prefix)
    n = 0
    loop = asyncio.get_running_loop()
    until = loop.time() + seconds
    while loop.time() < until:
        if n % 5 == 0:
            node = {"id": f"{prefix}{n}", "kind": "cache", "label": "", "x": n, "y": 0}
            op = {"kind": "node.add", "node": node | {"notes": "", "replicas": None}}
        else:
            x, y = rng.randint(-500, 500), rng.randint(-500, 500)
            op = {"kind": "node.move", "id": rng.choice(NODE_IDS), "x": x, "y": y}
        await client.send_op(op)
        n += 1
        await asyncio.sleep(1 / rate)


def http_get(port: int, path: str, timeout: float = 30) -> tuple[int, float]:
    """GET a path of a server on 127.0.0.1: (status, seconds it took)."""
    import urllib.error
    import urllib.request

    started = time.monotonic()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as r:
            status = r.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    return status, time.monotonic() - started


# --- a half-open client ------------------------------------------------------------------------


def raw_handshake(port: int, path: str, cookie: str) -> tuple[socket.socket, dict]:
    """Open a websocket by hand, read the first (unmasked) server frame, and return the socket:
    the caller then never reads nor answers pings again, like a frozen or vanished client."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        f"Origin: http://127.0.0.1:{port}\r\nCookie: {cookie}\r\n\r\n"
    )
    sock.sendall(request.encode())
    buffer = b""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(4096)
        if not chunk:
            raise AssertionError("the server closed during the handshake")
        buffer += chunk
    head, _, rest = buffer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 101"), head
    payload, rest = _read_frame(sock, rest)
    return sock, json.loads(payload)


def _read_frame(sock: socket.socket, buffer: bytes) -> tuple[bytes, bytes]:
    def need(n: int) -> None:
        nonlocal buffer
        while len(buffer) < n:
            chunk = sock.recv(65536)
            if not chunk:
                raise AssertionError("closed mid-frame")
            buffer += chunk

    need(2)
    length = buffer[1] & 0x7F
    offset = 2
    if length == 126:
        need(4)
        length, offset = int.from_bytes(buffer[2:4], "big"), 4
    elif length == 127:
        need(10)
        length, offset = int.from_bytes(buffer[2:10], "big"), 10
    need(offset + length)
    return buffer[offset : offset + length], buffer[offset + length :]


def closed_by_peer(sock: socket.socket) -> bool:
    """Read (without answering) whatever arrived; True once the server closed the connection."""
    sock.setblocking(False)
    try:
        while True:
            if not sock.recv(65536):
                return True
    except BlockingIOError:
        return False
    except OSError:
        return True
