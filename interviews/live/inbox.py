"""A socket's incoming frames: limits checked the moment a frame arrives, handling one at a
time in arrival order, apart from the delivery of broadcasts to the same socket.

Channels hands a consumer its frames and its channel-layer messages through one loop that
awaits each handler. Two things went wrong when a frame's handler waited for the database:
the rate limit was checked only when a frame's turn came, by which time the bucket had
refilled (200 ops sent in 10 ms were never a flood), and broadcasts for the socket piled
up in the channel layer until its capacity dropped them. So the consumer's loop only
*admits* a frame (size, token bucket, then queue), and one worker task per socket handles
the queue in order, exactly as the loop did before. A full queue makes the loop wait, so
a slow database still pushes back on the client through TCP, as it did.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable

Frame = tuple[str | None, bytes | None]
Handler = Callable[[str | None, bytes | None], Awaitable[None]]

# A disconnect waits at most this long for the frames that arrived before it.
DRAIN_SECONDS = 15


class TokenBucket:
    """Flood control: ``rate`` messages a second, bursts up to ``burst``."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = burst
        self.tokens = float(burst)
        self.stamp = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class Refusal:
    """Why a frame was refused at the door (the consumer closes with the matching code)."""

    TOO_LARGE = "too_large"
    FLOOD = "flood"


class FrameInbox:
    def __init__(
        self,
        handler: Handler,
        *,
        rate: float,
        burst: int,
        max_frame: int,
        shared_take: Callable[[], bool] = lambda: True,
    ) -> None:
        self.handler = handler
        self.bucket = TokenBucket(rate, burst)
        self.shared_take = shared_take  # the user's budget over all their sockets
        self.max_frame = max_frame
        # Room for two bursts: the bucket, not the queue, decides what is a flood, even when
        # admitting a burst takes long enough (a loaded machine) for the bucket to refill.
        self.queue: asyncio.Queue[Frame] = asyncio.Queue(maxsize=2 * burst)
        self.worker: asyncio.Task | None = None
        self.closed = False

    def start(self) -> None:
        self.worker = asyncio.get_running_loop().create_task(self._work())

    async def admit(self, text_data: str | None, bytes_data: bytes | None) -> str | None:
        """Queue a frame for handling, or say why it breaks a limit (nothing of it is
        handled, and nothing queued after it either: the socket is being closed)."""
        if self.closed:
            return None
        if frame_size(text_data, bytes_data) > self.max_frame:
            return self._refuse(Refusal.TOO_LARGE)
        if not self.bucket.take() or not self.shared_take():
            return self._refuse(Refusal.FLOOD)
        await self.queue.put((text_data, bytes_data))
        return None

    def _refuse(self, refusal: str) -> str:
        self.closed = True
        while not self.queue.empty():  # a flood's queued tail is not handled either
            self.queue.get_nowait()
            self.queue.task_done()
        return refusal

    async def _work(self) -> None:
        while True:
            text_data, bytes_data = await self.queue.get()
            try:
                if not self.closed:
                    await self.handler(text_data, bytes_data)
            finally:
                self.queue.task_done()

    async def drain(self) -> None:
        """Let the frames that arrived before a disconnect be handled, as they were before
        the disconnect's turn in the old single loop; then stop the worker."""
        if self.worker is not None and not self.worker.done():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.queue.join(), DRAIN_SECONDS)
        self.cancel()

    def cancel(self) -> None:
        self.closed = True
        if self.worker is not None:
            self.worker.cancel()


def frame_size(text_data: str | None, bytes_data: bytes | None) -> int:
    if text_data is not None:
        # Counting characters under-counts non-ASCII text; encode only when it could matter.
        return len(text_data) if text_data.isascii() else len(text_data.encode())
    return len(bytes_data or b"")
