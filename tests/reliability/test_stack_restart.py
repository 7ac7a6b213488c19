"""The whole stack (server processes and Redis) restarting in the middle of a phase."""

from __future__ import annotations

import asyncio
import signal
import time

import pytest

from tests.conftest import requires_services

from .stack import RoomClient

pytestmark = [requires_services, pytest.mark.slow]


async def _snapshot(room, port: int) -> dict:
    client = RoomClient("ivy", room.id, room.cookies["interviewer"], [f"ws://127.0.0.1:{port}"])
    await client._connect(since=None)
    await client.close()
    return client.snapshot


def _restart(processes, server, private_redis):
    for process in processes:
        if process is not private_redis:
            process.kill(signal.SIGKILL)
    private_redis.kill(signal.SIGKILL)
    time.sleep(1)
    private_redis.start()
    return server(redis_url=private_redis.url)


@pytest.mark.parametrize("paused", [False, True], ids=["running", "paused"])
async def test_the_timer_survives_a_restart_of_the_whole_stack(
    room, server, processes, private_redis, paused
):
    """Proves: the phase clock lives in the database, not in a process: after SIGKILL of the
    server processes and of Redis mid-phase and a restart of both, a fresh snapshot shows the
    same deadline (running) or the same remaining time (paused) within 1 s, and the time that
    passed meanwhile is accounted for by the server clock."""
    server(redis_url=private_redis.url)
    app = server(redis_url=private_redis.url)
    if paused:
        client = RoomClient(
            "ivy", room.id, room.cookies["interviewer"], [f"ws://127.0.0.1:{app.port}"]
        )
        await client.start()
        await client.send({"type": "timer.pause"})
        await client.wait_for(
            lambda: (
                client.snapshot
                and any(m["type"] == "timer" and m["timer"]["paused"] for m in client.received)
            ),
            5,
            "paused",
        )
        await client.close()
    before = await _snapshot(room, app.port)
    started = time.monotonic()
    await asyncio.sleep(1.5)

    fresh = await asyncio.to_thread(_restart, processes, server, private_redis)
    after = await _snapshot(room, fresh.port)
    waited_ms = (time.monotonic() - started) * 1000

    t0, t1 = before["timer"], after["timer"]
    assert t1["phase"] == t0["phase"]
    assert t1["paused"] is paused
    assert abs((after["server_now"] - before["server_now"]) - waited_ms) < 1000
    if paused:
        assert abs(t1["remaining_ms"] - t0["remaining_ms"]) < 1000
    else:
        assert abs(t1["deadline"] - t0["deadline"]) < 1000
        elapsed = after["server_now"] - before["server_now"]
        assert abs(t1["remaining_ms"] - (t0["remaining_ms"] - elapsed)) < 1000
