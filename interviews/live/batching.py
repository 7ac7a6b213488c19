"""Group commit for board ops: ops that arrive while a batch is in the database go together
in the next one.

Every op still commits before it is acknowledged; what changes is how many ops share a
transaction. At low load a batch is one op and nothing waits; under load the database round
trips (and Django's single sync thread) are shared by every op that arrived meanwhile, which
is what lets one process keep up (docs/performance.md). One batcher per event loop, i.e.
per server process.
"""

from __future__ import annotations

import asyncio
import weakref
from concurrent.futures import ThreadPoolExecutor

from channels.db import database_sync_to_async
from django.conf import settings
from django.db import connection

from ..errors import SessionError
from ..events import call_collecting
from ..services.board_ops import OpApplied, OpRequest, board_ops_apply

_batchers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, OpBatcher] = (
    weakref.WeakKeyDictionary()
)


class OpBatcher:
    def __init__(self, max_batch: int, workers: int) -> None:
        self.max_batch = max_batch
        self.waiting: list[tuple[OpRequest, asyncio.Future]] = []
        self.workers: set[asyncio.Task] = set()
        self.size = workers
        if workers > 1:
            # Batches in flight at once, each on its own thread and pooled connection: the
            # next batch forms and commits while the previous one waits on PostgreSQL.
            executor = ThreadPoolExecutor(workers, thread_name_prefix="op-batch")
            self.apply_sync = database_sync_to_async(
                call_collecting, thread_sensitive=False, executor=executor
            )
        else:  # SQLite, or asked for: Django's sync thread, one batch at a time
            self.apply_sync = database_sync_to_async(call_collecting)

    async def apply(self, request: OpRequest) -> OpApplied | SessionError:
        """Apply one op in the next batch; its result once that batch has committed."""
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        self.waiting.append((request, future))
        if len(self.workers) < self.size:
            worker = asyncio.create_task(self._drain())
            self.workers.add(worker)
            worker.add_done_callback(self.workers.discard)
        return await future

    async def _drain(self) -> None:
        while self.waiting:
            batch = self.waiting[: self.max_batch]
            del self.waiting[: self.max_batch]
            try:
                results, _ = await self.apply_sync(
                    board_ops_apply, requests=[request for request, _ in batch]
                )
            except Exception as exc:  # the whole transaction failed: nothing committed
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for (_, future), result in zip(batch, results, strict=True):
                if not future.done():
                    future.set_result(result)


def op_batcher() -> OpBatcher:
    loop = asyncio.get_running_loop()
    batcher = _batchers.get(loop)
    if batcher is None:
        workers = settings.DESIGNROOM.get("OP_BATCH_WORKERS")
        if workers is None or connection.vendor != "postgresql":
            workers = 1
        batcher = _batchers[loop] = OpBatcher(settings.DESIGNROOM.get("OP_BATCH_MAX", 100), workers)
    return batcher
