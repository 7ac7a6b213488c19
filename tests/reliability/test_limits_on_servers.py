"""The frame limit holds on the real ASGI servers, with the command lines production uses:
the server refuses an oversized frame itself, so nothing over the protocol's limit is
buffered, and the socket of the same user that follows still works."""

from __future__ import annotations

import asyncio
import json

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from bench.ports import origin_of
from tests.conftest import requires_services

pytestmark = [requires_services, pytest.mark.slow]

# What each server does with a frame over --ws-max-size / --websocket-max-message-size:
# uvicorn (websockets) closes 1009 "message too big"; daphne (autobahn) drops the TCP
# connection, which the client reports as 1006. Either way the app never sees it.
OVERSIZED_CLOSE = {"uvicorn": 1009, "daphne": 1006}


async def _open(port: int, path: str, cookie: str):
    url = f"ws://127.0.0.1:{port}{path}"
    return await connect(
        url,
        additional_headers={"Cookie": cookie},
        origin=origin_of(url),  # type: ignore[arg-type]
        max_size=None,
        ping_interval=None,
        open_timeout=10,
    )


async def _close_code(ws) -> int | None:
    try:
        while True:
            await asyncio.wait_for(ws.recv(), 20)
    except ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd else 1006


@pytest.mark.parametrize("kind", ["daphne", "uvicorn"])
async def test_the_server_refuses_an_oversized_frame_itself(room, server, kind):
    app = server(kind=kind)
    path = f"/ws/sessions/{room.id}/"
    cookie = room.cookies["candidate"]

    big = await _open(app.port, path, cookie)
    await big.recv()  # snapshot
    await big.send(json.dumps({"type": "chat", "text": "x" * (1024 * 1024)}))
    assert await _close_code(big) == OVERSIZED_CLOSE[kind]

    after = await _open(app.port, path, cookie)
    snapshot = json.loads(await after.recv())
    assert snapshot["type"] == "snapshot"
    await after.close()
