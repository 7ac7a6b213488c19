"""The open-loop load generator shared by the live-relay benchmark and its baseline.

Every client sends board ops on a fixed schedule with jitter, whatever the server does: an
op that could not leave on time leaves late, and its latency is counted from the time it
was MEANT to leave (carried in its ``op_id``) to its arrival at the PEER. A slow server
cannot hide its delays by slowing the sender down (coordinated omission).

``op_id`` = ``<run>:<stream>:<n>:<intended µs>``: the peer checks each stream's numbers for
loss (never arrived by the end of the drain), duplicates (arrived twice) and reordering
(arrived after a later one of the same stream).
"""

from __future__ import annotations

import asyncio
import base64
import json
import random
import secrets
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ports import origin_of  # bench/ is on sys.path: this module is run from there
from pycrdt import Doc, Text
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

EPOCH = time.perf_counter()
NODE_IDS = ("n1", "n2", "n3", "n4")
NOTES_SECTION = "free"
WORDS = [
    "shard",
    "replica",
    "cache",
    "queue",
    "latency",
    "p99",
    "partition",
    "leader",
    "follower",
    "quorum",
    "write",
    "read",
    "index",
    "fanout",
    "timeline",
    "feed",
    "object",
    "storage",
    "cdn",
    "edge",
    "region",
    "failover",
    "backpressure",
    "retry",
    "idempotent",
    "token",
    "bucket",
    "consistent",
    "hashing",
    "bloom",
    "filter",
    "compaction",
    "snapshot",
    "log",
]


class Target(Protocol):
    id: str
    candidate_cookie: str
    interviewer_cookie: str


def _now_us() -> int:
    return int((time.perf_counter() - EPOCH) * 1e6)


def _text(seed: int, size: int) -> str:
    rng = random.Random(seed)
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < size:
        words.append(rng.choice(WORDS))
        if rng.random() < 0.08:
            words.append("\n")
    return " ".join(words)[:size]


class NotesTyping:
    """Notes typed as a person types, sent as CRDT updates (``notes.update``).

    Each notes op is one burst of 1 to 20 characters at the end of the section: what the
    browser sends after coalescing keystrokes for 50 ms. Only the candidate types in the
    bench, so its copy of the document is the server's; once the section passes ``size``
    characters a burst also deletes as many at its start, so the section stays near
    ``size``. Each stream holds its own document (the session's).
    """

    def __init__(self, size: int) -> None:
        self.size = size

    def typist(self, notes_state: str, rng: random.Random) -> NotesTypist:
        return NotesTypist(base64.b64decode(notes_state or ""), self.size, rng)


class NotesTypist:
    def __init__(self, state: bytes, size: int, rng: random.Random) -> None:
        self.doc: Doc = Doc()
        if state:
            self.doc.apply_update(state)
        self.text = self.doc.get(NOTES_SECTION, type=Text)
        self.size, self.rng = size, rng

    def burst(self) -> dict:
        chars = _text(self.rng.randint(0, 10**6), self.rng.randint(1, 20)) or "x"
        before = self.doc.get_state()
        current = str(self.text)
        with self.doc.transaction():
            # pycrdt counts Text indices in UTF-8 bytes; the words are ASCII.
            self.text.insert(len(current.encode()), chars)
            if len(current) + len(chars) > self.size:
                del self.text[0 : len(chars)]
        update = base64.b64encode(self.doc.get_update(before)).decode()
        return {"kind": "notes.update", "update": update}


@dataclass
class Params:
    candidate_rate: float = 5.0
    interviewer_rate: float = 1.0
    notes_share: float = 0.10
    notes_bytes: int = 2048
    jitter: float = 0.4  # each send moves up to ±40 % of a period off its slot
    warmup: float = 3.0
    measure: float = 10.0
    drain: float = 5.0
    connect_concurrency: int = 20
    connect_timeout: float = 30.0


@dataclass
class StepResult:
    sessions: int
    window: float
    sent: int = 0
    delivered: int = 0
    delivered_in_window: int = 0
    acked: int = 0
    lost: int = 0
    unacked: int = 0
    duplicated: int = 0
    reordered: int = 0
    errors: Counter = field(default_factory=Counter)
    disconnects: int = 0
    connect_failures: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    ack_latencies_ms: list[float] = field(default_factory=list)
    notes_latencies_ms: list[float] = field(default_factory=list)  # notes bursts, to the peer
    extra: dict[str, Any] = field(default_factory=dict)

    def pct(self, q: float, values: Sequence[float] | None = None) -> float:
        data = sorted(self.latencies_ms if values is None else values)
        if not data:
            return float("nan")
        return data[min(len(data) - 1, int(q / 100 * len(data)))]

    @property
    def ops_per_s(self) -> float:
        return self.delivered_in_window / self.window if self.window else 0.0

    @property
    def p99(self) -> float:
        return self.pct(99)

    @property
    def clean(self) -> bool:
        return self.lost == 0 and self.duplicated == 0 and self.unacked == 0


class Stream:
    """What the peer of one sender has seen of its ops."""

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.highest = -1


@dataclass
class Window:
    start: float
    end: float

    def holds(self, t_us: int) -> bool:
        return self.start <= t_us / 1e6 < self.end


class Client:
    def __init__(
        self,
        run: str,
        stream: str,
        peer_stream: str,
        url: str,
        cookie: str,
        rate: float,
        notes: NotesTyping | None,
        result: StepResult,
        params: Params,
    ) -> None:
        self.run, self.stream, self.peer_stream = run, stream, peer_stream
        self.url, self.cookie, self.rate = url, cookie, rate
        self.notes, self.result, self.params = notes, result, params
        self.typist: NotesTypist | None = None
        self.ws: ClientConnection | None = None
        self.sent: dict[int, int] = {}  # n -> intended µs
        self.acked: set[int] = set()
        self.peer = Stream()
        self.window: Window | None = None
        self.closing = False
        self.rng = random.Random(hash(stream))

    async def open(self) -> None:
        self.ws = await connect(
            self.url,
            additional_headers={"Cookie": self.cookie},
            origin=origin_of(self.url),  # type: ignore[arg-type]
            compression=None,
            max_size=2**22,
            ping_interval=None,
            open_timeout=self.params.connect_timeout,
        )
        first = json.loads(await self.ws.recv())
        if first.get("type") not in ("snapshot", "replay"):
            raise RuntimeError(f"{self.stream}: first message {first.get('type')}")
        board = first.get("board") or {}
        if self.notes is not None:
            self.typist = self.notes.typist(board.get("notes_state", ""), self.rng)

    def _op(self) -> dict:
        if self.typist is not None and self.rng.random() < self.params.notes_share:
            return self.typist.burst()
        return {
            "kind": "node.move",
            "id": self.rng.choice(NODE_IDS),
            "x": self.rng.randint(-2000, 2000),
            "y": self.rng.randint(-2000, 2000),
        }

    async def send_loop(self, start: float, stop: float) -> None:
        """Send on schedule from ``start`` to ``stop`` (perf_counter seconds since EPOCH)."""
        assert self.ws is not None
        period = 1.0 / self.rate
        phase = self.rng.random() * period
        n = 0
        while True:
            slot = start + phase + n * period
            intended = slot + self.rng.uniform(-self.params.jitter, self.params.jitter) * period
            if intended >= stop:
                return
            delay = intended - (time.perf_counter() - EPOCH)
            if delay > 0:
                await asyncio.sleep(delay)
            t_us = int(intended * 1e6)
            message = {
                "type": "op",
                "op_id": f"{self.run}:{self.stream}:{n}:{t_us}",
                "base_version": 0,
                "op": self._op(),
            }
            self.sent[n] = t_us
            self.result.sent += 1
            try:
                await self.ws.send(json.dumps(message))
            except ConnectionClosed:
                return
            n += 1

    async def recv_loop(self) -> None:
        assert self.ws is not None
        try:
            async for text in self.ws:
                self._on_message(json.loads(text))
        except ConnectionClosed:
            pass
        if not self.closing:
            self.result.disconnects += 1

    def _on_message(self, message: dict) -> None:
        kind = message.get("type")
        if kind == "op":
            self._on_peer_op(message["op_id"], message.get("op", {}).get("kind"))
        elif kind == "op.ack":
            now = _now_us()
            run, stream, n, t_us = message["op_id"].split(":")
            if stream == self.stream and run == self.run:
                number = int(n)
                if number not in self.acked:
                    self.acked.add(number)
                    self.result.acked += 1
                    if self.window and self.window.holds(int(t_us)):
                        self.result.ack_latencies_ms.append((now - int(t_us)) / 1000)
        elif kind == "error":
            self.result.errors[message.get("code", "?")] += 1

    def _on_peer_op(self, op_id: str, kind: str | None = None) -> None:
        now = _now_us()
        parts = op_id.split(":")
        if len(parts) != 4 or parts[0] != self.run or parts[1] != self.peer_stream:
            return  # setup ops, or ops of an earlier run replayed
        n, t_us = int(parts[2]), int(parts[3])
        peer = self.peer
        if n in peer.seen:
            self.result.duplicated += 1
            return
        peer.seen.add(n)
        if n < peer.highest:
            self.result.reordered += 1
        peer.highest = max(peer.highest, n)
        self.result.delivered += 1
        if self.window and self.window.holds(t_us):
            self.result.delivered_in_window += 1
            self.result.latencies_ms.append((now - t_us) / 1000)
            if kind == "notes.update":
                self.result.notes_latencies_ms.append((now - t_us) / 1000)

    def missing_at_peer(self, other: Client) -> int:
        return len(set(self.sent) - other.peer.seen)

    async def close(self) -> None:
        self.closing = True
        if self.ws is not None:
            await self.ws.close()


async def run_step(
    url_for: Callable[[int, str], str],
    targets: Sequence[Target],
    params: Params,
    *,
    on_window: Callable[[str], None] | None = None,
    notes: NotesTyping | None = None,
) -> StepResult:
    """Connect two clients per target, drive them open-loop, drain, close, and count."""
    run = secrets.token_hex(3)
    result = StepResult(sessions=len(targets), window=params.measure)
    pairs: list[tuple[Client, Client]] = []
    for i, target in enumerate(targets):
        path = f"/ws/sessions/{target.id}/"
        candidate = Client(
            run, f"c{i}", f"i{i}", url_for(i, "candidate") + path, target.candidate_cookie,
            params.candidate_rate, notes, result, params,
        )  # fmt: skip
        interviewer = Client(
            run, f"i{i}", f"c{i}", url_for(i, "interviewer") + path, target.interviewer_cookie,
            params.interviewer_rate, None, result, params,
        )  # fmt: skip
        pairs.append((candidate, interviewer))
    clients = [c for pair in pairs for c in pair]

    gate = asyncio.Semaphore(params.connect_concurrency)

    async def open_one(client: Client) -> bool:
        async with gate:
            try:
                await client.open()
                return True
            except Exception:
                result.connect_failures += 1
                return False

    opened = await asyncio.gather(*(open_one(c) for c in clients))
    live = [c for c, ok in zip(clients, opened, strict=True) if ok]
    receivers = [asyncio.create_task(c.recv_loop()) for c in live]
    now = time.perf_counter() - EPOCH
    start = now + 0.5
    window = Window(start + params.warmup, start + params.warmup + params.measure)
    for c in live:
        c.window = window
    senders = [asyncio.create_task(c.send_loop(start, window.end)) for c in live]

    async def mark(at: float, what: str) -> None:
        await asyncio.sleep(max(0.0, at - (time.perf_counter() - EPOCH)))
        if on_window:
            on_window(what)

    await asyncio.gather(mark(window.start, "start"), mark(window.end, "end"), *senders)

    def outstanding() -> int:
        return sum(a.missing_at_peer(b) + b.missing_at_peer(a) for a, b in pairs) + sum(
            len(c.sent) - len(c.acked) for c in clients
        )

    drain_until = time.perf_counter() + params.drain
    while outstanding() and time.perf_counter() < drain_until:
        await asyncio.sleep(0.05)
    result.lost = sum(a.missing_at_peer(b) + b.missing_at_peer(a) for a, b in pairs)
    result.unacked = sum(len(c.sent) - len(c.acked) for c in clients)
    await asyncio.gather(*(c.close() for c in live), return_exceptions=True)
    for task in receivers:
        task.cancel()
    await asyncio.gather(*receivers, return_exceptions=True)
    return result
