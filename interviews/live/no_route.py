"""The websocket answer to a path that names no session (not a UUID, or no route at all).

Without it Channels' router raises at the handshake and the server answers HTTP 500; a
client can't tell that from an outage and would retry forever. Accepting and closing with
4404 ("no such session", docs/protocol.md) tells it to stop.
"""

from __future__ import annotations

from channels.generic.websocket import AsyncWebsocketConsumer

from .consumers import CloseCode


class NoSuchSessionConsumer(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        await self.accept()  # a close code only reaches the client on an open socket
        await self.close(code=CloseCode.NO_SUCH_SESSION)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        return  # the close is on its way
