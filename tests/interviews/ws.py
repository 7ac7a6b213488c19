"""A websocket test client over the real ASGI stack (origin check, cookie auth, routing)."""

from __future__ import annotations

import json
from typing import Any

from channels.testing import WebsocketCommunicator

from config.asgi import application

ORIGIN = b"http://127.0.0.1"
HOST = b"127.0.0.1"  # a browser's handshake names the host it is served from


class Socket:
    """One browser tab: remembers everything it received, for leak checks."""

    def __init__(self, communicator: WebsocketCommunicator) -> None:
        self.communicator = communicator
        self.received: list[dict] = []

    async def send(self, message: dict | str) -> None:
        text = message if isinstance(message, str) else json.dumps(message)
        await self.communicator.send_to(text_data=text)

    async def recv(self, timeout: float = 3) -> dict:
        message = json.loads(await self.communicator.receive_from(timeout))
        self.received.append(message)
        return message

    async def recv_type(self, type_: str, timeout: float = 3) -> dict:
        """The next message of a type, skipping others (presence and the like)."""
        while True:
            message = await self.recv(timeout)
            if message["type"] == type_:
                return message

    async def drain(self, timeout: float = 0.2) -> list[dict]:
        messages = []
        while not await self.communicator.receive_nothing(timeout):
            messages.append(await self.recv())
        return messages

    async def closed_with(self, timeout: float = 3) -> int:
        while True:
            output = await self.communicator.receive_output(timeout)
            if output["type"] == "websocket.close":
                return output.get("code")

    async def close(self) -> None:
        await self.communicator.disconnect()


async def ws_open(
    session_id: Any, cookie: str | None, *, since: int | None = None, origin: bytes = ORIGIN
) -> Socket:
    path = f"/ws/sessions/{session_id}/" + (f"?since={since}" if since is not None else "")
    headers = [(b"origin", origin), (b"host", HOST)]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await communicator.connect()
    assert connected, "the handshake was refused"
    return Socket(communicator)


async def ws_join(session_id: Any, cookie: str, **kwargs: Any) -> tuple[Socket, dict]:
    """Open a socket and read its first message (snapshot or replay)."""
    socket = await ws_open(session_id, cookie, **kwargs)
    return socket, await socket.recv()
