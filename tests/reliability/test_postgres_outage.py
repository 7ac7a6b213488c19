"""PostgreSQL unreachable for a moment (through a TCP proxy we cut; the shared server stays up)."""

from __future__ import annotations

import asyncio
import time
from collections import Counter

import pytest
from django.db import connection

from interviews.models import Board, SessionEvent
from tests.conftest import requires_services

from .stack import RoomClient, TcpProxy, board_hash, database_url, http_get, in_thread

pytestmark = [requires_services, pytest.mark.slow]

POOL_TIMEOUT = 3  # DB_POOL_TIMEOUT for the server: how long a request waits for a connection
ANSWER_SECONDS = POOL_TIMEOUT + 7  # an error must come before this: no hang
RECOVERY_SECONDS = 20


@pytest.fixture
def pg_proxy():
    db = connection.settings_dict
    proxy = TcpProxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    yield proxy
    proxy.close()


async def test_a_database_outage_fails_clearly_and_recovers_without_a_restart(
    room, server, pg_proxy
):
    """Proves: with PostgreSQL unreachable, /readyz answers 503 and an op is answered with an
    `error` (or a close) within ANSWER_SECONDS instead of hanging; when the database is back
    the same server process (no restart) is ready again, applies and broadcasts ops, and an
    op retried with its op_id after the outage is applied once."""
    app = server(db_url=database_url(pg_proxy.port), DB_POOL_TIMEOUT=str(POOL_TIMEOUT))
    url = f"ws://127.0.0.1:{app.port}"
    candidate = RoomClient("cand", room.id, room.cookies["candidate"], [url])
    interviewer = RoomClient("ivy", room.id, room.cookies["interviewer"], [url])
    await candidate.start()
    await interviewer.start()
    await candidate.send_op({"kind": "node.move", "id": "a", "x": 1, "y": 1})
    await candidate.wait_for(lambda: not candidate.unacked, 5, "an ack before the outage")
    assert (await asyncio.to_thread(http_get, app.port, "/readyz"))[0] == 200

    pg_proxy.cut()
    status, took = await asyncio.to_thread(http_get, app.port, "/readyz")
    assert status == 503
    assert took < ANSWER_SECONDS
    errors_before = len(candidate.errors)
    started = time.monotonic()
    doomed = await candidate.send_op({"kind": "node.move", "id": "b", "x": 2, "y": 2})
    await candidate.wait_for(
        lambda: len(candidate.errors) > errors_before or candidate.disconnects,
        ANSWER_SECONDS,
        "an error or a close for an op sent during the outage",
    )
    assert time.monotonic() - started < ANSWER_SECONDS
    if candidate.errors[errors_before:]:
        assert candidate.errors[-1]["op_id"] == doomed

    pg_proxy.restore()
    deadline = time.monotonic() + RECOVERY_SECONDS
    while (await asyncio.to_thread(http_get, app.port, "/readyz"))[0] != 200:
        assert time.monotonic() < deadline, "the server did not become ready again"
        await asyncio.sleep(0.5)
    await candidate.wait_for(lambda: candidate.connected.is_set(), RECOVERY_SECONDS, "a socket")
    await candidate.resend_unacked()
    after = await candidate.send_op({"kind": "node.move", "id": "c", "x": 3, "y": 3})
    await candidate.wait_for(lambda: not candidate.unacked, RECOVERY_SECONDS, "acks after")
    await interviewer.wait_for(
        lambda: any(m.get("op_id") == after for m in interviewer.received), 10, "the broadcast"
    )
    assert app.proc.poll() is None  # the same process all along

    def logged() -> tuple[Counter, dict]:
        ids = SessionEvent.objects.filter(session=room.session).exclude(op_id="")
        board = Board.objects.get(session=room.session)
        return Counter(ids.values_list("op_id", flat=True)), {
            "version": board.version,
            **board.state,
        }

    counts, board = await in_thread(logged)
    assert all(counts[op_id] == 1 for op_id in candidate.acked)
    last_seq = await in_thread(lambda: room.refresh_session().last_seq)
    for client in (candidate, interviewer):
        await client.wait_for(lambda c=client: c.seq == last_seq, 10, f"seq {last_seq}")
    assert candidate.hash() == interviewer.hash() == board_hash(board)
    await candidate.close()
    await interviewer.close()
