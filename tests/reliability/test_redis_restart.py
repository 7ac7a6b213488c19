"""Redis (the channel layer) restarting in the middle of a session."""

from __future__ import annotations

import asyncio
import signal
import time
from collections import Counter

import pytest

from interviews.models import Board, SessionEvent
from tests.conftest import requires_services

from .stack import RoomClient, board_hash, in_thread, ops_drive

pytestmark = [requires_services, pytest.mark.slow]

RECOVERY_SECONDS = 15


async def test_a_redis_restart_is_visible_and_recovers_by_itself(room, server, private_redis):
    """Proves: while the channel layer's Redis is down the clients are TOLD (their socket is
    closed or they get an error, so the connection indicator shows it), not left in silence;
    once Redis is back the session recovers with no restart and no help within
    RECOVERY_SECONDS; and no acknowledged op is lost or doubled (both boards equal the
    database's)."""
    app = server(redis_url=private_redis.url)
    urls = [f"ws://127.0.0.1:{app.port}"]
    candidate = RoomClient("cand", room.id, room.cookies["candidate"], urls)
    interviewer = RoomClient("ivy", room.id, room.cookies["interviewer"], urls)
    await candidate.start()
    await interviewer.start()
    drivers = [
        asyncio.create_task(ops_drive(candidate, seconds=5, rate=10, prefix="c")),
        asyncio.create_task(ops_drive(interviewer, seconds=5, rate=5, prefix="i")),
    ]
    await asyncio.sleep(1)
    private_redis.kill(signal.SIGKILL)
    await asyncio.sleep(2)
    private_redis.start()
    back = time.monotonic()
    await asyncio.gather(*drivers)

    for client in (candidate, interviewer):
        assert client.disconnects or client.errors, f"{client.name} saw nothing of the outage"
        await client.wait_for(lambda c=client: not c.unacked, RECOVERY_SECONDS, "acks")
    # Live again: an op now reaches the peer through the restarted Redis.
    probe = await candidate.send_op({"kind": "node.move", "id": "a", "x": 7, "y": 7})
    await interviewer.wait_for(
        lambda: any(m.get("op_id") == probe for m in interviewer.received),
        RECOVERY_SECONDS,
        "a live op through the new Redis",
    )
    assert time.monotonic() - back < RECOVERY_SECONDS

    last_seq = await in_thread(lambda: room.refresh_session().last_seq)
    for client in (candidate, interviewer):
        await client.wait_for(lambda c=client: c.seq == last_seq, 10, f"seq {last_seq}")

    def logged() -> tuple[Counter, dict]:
        ids = SessionEvent.objects.filter(session=room.session).exclude(op_id="")
        board = Board.objects.get(session=room.session)
        return Counter(ids.values_list("op_id", flat=True)), {
            "version": board.version,
            **board.state,
        }

    counts, board = await in_thread(logged)
    acked = {**candidate.acked, **interviewer.acked}
    assert len(acked) == candidate.sent + interviewer.sent
    assert all(counts[op_id] == 1 for op_id in acked)
    assert candidate.hash() == interviewer.hash() == board_hash(board)
    await candidate.close()
    await interviewer.close()
