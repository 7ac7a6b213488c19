"""SIGKILL of an ASGI server process in the middle of a session."""

from __future__ import annotations

import asyncio
import signal

import pytest

from tests.conftest import requires_services

from .stack import RoomClient, board_hash, in_thread, ops_drive, ops_logged_and_board

pytestmark = [requires_services, pytest.mark.slow]


async def test_sigkill_mid_session_loses_no_acknowledged_op(room, server):
    """Proves: when the server process holding both sockets dies by SIGKILL with ops in flight,
    both clients reconnect to a second process, resync by seq and resend what was not
    acknowledged; afterwards every acknowledged op is in the log exactly once, every op sent
    was acknowledged, and both clients hold the board the database holds (same hash)."""
    first, second = server(), server()
    urls = [f"ws://127.0.0.1:{p.port}" for p in (first, second)]
    candidate = RoomClient("cand", room.id, room.cookies["candidate"], urls)
    interviewer = RoomClient("ivy", room.id, room.cookies["interviewer"], urls)
    await candidate.start()
    await interviewer.start()

    drivers = [
        asyncio.create_task(ops_drive(candidate, seconds=3, rate=25, prefix="c")),
        asyncio.create_task(ops_drive(interviewer, seconds=3, rate=10, prefix="i")),
    ]
    await asyncio.sleep(1.2)
    acked_before_kill = len(candidate.acked) + len(interviewer.acked)
    first.kill(signal.SIGKILL)
    await asyncio.gather(*drivers)

    for client in (candidate, interviewer):
        await client.wait_for(lambda c=client: not c.unacked, 20, "every op acknowledged")
    last_seq = await in_thread(lambda: room.refresh_session().last_seq)
    for client in (candidate, interviewer):
        await client.wait_for(lambda c=client: c.seq == last_seq, 10, f"seq {last_seq}")

    assert acked_before_kill > 0, "the kill came before any op was acknowledged"
    assert candidate.disconnects >= 1
    assert interviewer.disconnects >= 1
    acked = {**candidate.acked, **interviewer.acked}
    assert len(acked) == candidate.sent + interviewer.sent

    counts, board = await in_thread(lambda: ops_logged_and_board(room.session))
    assert all(counts[op_id] == 1 for op_id in acked), "an acknowledged op is missing or doubled"
    assert candidate.hash() == interviewer.hash() == board_hash(board)
    await candidate.close()
    await interviewer.close()
