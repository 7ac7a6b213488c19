"""A client that stops answering: the server's pings find it and close it."""

from __future__ import annotations

import asyncio
import contextlib
import time

import pytest

from interviews.models import LiveConnection
from tests.conftest import requires_services

from .stack import (
    PING_INTERVAL,
    PING_TIMEOUT,
    RoomClient,
    closed_by_peer,
    in_thread,
    raw_handshake,
)

pytestmark = [requires_services, pytest.mark.slow]

# Ping interval + timeout, plus slack for the server's once-a-second timeout check and a
# loaded machine.
DETECT_SECONDS = PING_INTERVAL + PING_TIMEOUT + 5


@pytest.mark.parametrize("kind", ["daphne", "uvicorn"])
async def test_a_silent_client_is_closed_by_pings_and_resyncs_on_return(room, server, kind):
    """Proves: a socket whose client completed the handshake and then went silent (a frozen
    tab, a laptop lid, a dead NAT: it never reads, never answers a ping) is closed by the
    server within ping interval + timeout (+ slack), its presence row is removed and the peer
    is told it went offline; when the client comes back it resyncs by seq and holds the same
    board as the peer, including the ops it missed."""
    app = server(kind=kind)
    url = f"ws://127.0.0.1:{app.port}"
    interviewer = RoomClient("ivy", room.id, room.cookies["interviewer"], [url])
    await interviewer.start()
    path = f"/ws/sessions/{room.id}/"
    sock, first = await asyncio.to_thread(raw_handshake, app.port, path, room.cookies["candidate"])
    silent_since = time.monotonic()
    try:
        assert first["type"] == "snapshot"
        await interviewer.wait_for(
            lambda: _presence(interviewer, online=True), 5, "the candidate online"
        )
        missed = [
            await interviewer.send_op({"kind": "node.move", "id": "a", "x": n, "y": -n})
            for n in range(5)
        ]
        await interviewer.wait_for(lambda: not interviewer.unacked, 5, "acks")

        await interviewer.wait_for(
            lambda: _presence(interviewer, online=False), DETECT_SECONDS, "the candidate offline"
        )
        assert closed_by_peer(sock), "the server still holds the silent socket open"
        assert time.monotonic() - silent_since < DETECT_SECONDS + 1
        rows = await in_thread(
            lambda: LiveConnection.objects.filter(participant=room.candidate).count()
        )
        assert rows == 0
    finally:
        with contextlib.suppress(OSError):
            sock.close()

    # The client returns, resumes from the seq of its snapshot and catches up.
    candidate = RoomClient("cand", room.id, room.cookies["candidate"], [url])
    candidate.seq, candidate.board = first["seq"], first["board"]
    await candidate._connect(since=first["seq"])
    assert candidate.replay["type"] == "replay"
    replayed = {e.get("op_id") for e in candidate.replay["events"]}
    assert set(missed) <= replayed
    assert candidate.hash() == interviewer.hash()
    await candidate.close()
    await interviewer.close()


def _presence(client: RoomClient, *, online: bool) -> bool:
    return any(
        m["type"] == "presence" and m["role"] == "candidate" and m["online"] is online
        for m in client.received
    )
