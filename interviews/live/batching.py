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
import logging
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from channels.db import database_sync_to_async
from django.conf import settings
from django.db import connection

from ..events import Committed, Published, call_collecting
from ..services import OpRequest, OpResult, board_ops_apply

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class OpOutcome:
    """One op's answer: its event or its refusal, and the committed events its sender
    publishes (its own op, first applied in this batch, and any catch-up before it)."""

    result: OpResult
    published: list[Committed] = field(default_factory=list)


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

    async def apply(self, request: OpRequest) -> OpOutcome:
        """Apply one op in the next batch; its result once that batch has committed."""
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        self.waiting.append((request, future))
        if len(self.workers) < self.size:
            worker = asyncio.create_task(self._drain())
            self.workers.add(worker)
        return await future

    async def _drain(self) -> None:
        try:
            await self._batches_apply()
        finally:
            # Leave the pool in the very step that found nothing waiting. A done callback
            # runs a loop turn later, and the sender woken by this worker's last result runs
            # first: its next op would find the pool "full" of a finished worker and wait
            # forever (one socket sending several ops before the first ack stalled so).
            self.workers.discard(asyncio.current_task())  # type: ignore[arg-type]

    async def _batches_apply(self) -> None:
        while self.waiting:
            batch = self.waiting[: self.max_batch]
            del self.waiting[: self.max_batch]
            requests = [request for request, _ in batch]
            try:
                results, committed = await self.apply_sync(board_ops_apply, requests=requests)
            except Exception as exc:  # the whole transaction failed: nothing committed
                if len(batch) == 1:
                    _settle(batch[0][1], exc)
                else:
                    await self._one_by_one(batch)
                continue
            outcomes = outcomes_assign(requests, results, committed)
            for (_, future), outcome in zip(batch, outcomes, strict=True):
                _settle(future, outcome)

    async def _one_by_one(self, batch: list[tuple[OpRequest, asyncio.Future]]) -> None:
        """The database refused the batch (a value validation let through, a constraint):
        retry each op in its own transaction, so only the culprit fails, never the
        neighbours that happened to share its batch."""
        logger.warning("op batch of %d failed in the database; retrying op by op", len(batch))
        for request, future in batch:
            try:
                results, committed = await self.apply_sync(board_ops_apply, requests=[request])
            except Exception as exc:
                _settle(future, exc)
                continue
            _settle(future, outcomes_assign([request], results, committed)[0])


def _settle(future: asyncio.Future, outcome: OpOutcome | BaseException) -> None:
    if future.done():
        return
    if isinstance(outcome, BaseException):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)


def outcomes_assign(
    requests: list[OpRequest], results: list[OpResult], committed: list[Committed]
) -> list[OpOutcome]:
    """Give each committed event to the sender who publishes it: an op's event to the op's
    sender (once: a resent op id publishes nothing again), anything else the batch committed
    (an auto-advance catch-up) to the first sender of that session in the batch."""
    waiting = {(c.session_id, e["message"]["seq"]): e for c in committed for e in c.events}
    mine: list[list[Published]] = [[] for _ in requests]
    first: dict[str, int] = {}
    for index, (request, result) in enumerate(zip(requests, results, strict=True)):
        session_id = str(request.actor.session_id)
        first.setdefault(session_id, index)
        if not isinstance(result, Exception):
            event = waiting.pop((session_id, result.seq), None)
            if event is not None:
                mine[index].append(event)
    for (session_id, _), event in waiting.items():
        mine[first[session_id]].append(event)
    return [
        OpOutcome(result, _committed(str(r.actor.session_id), events))
        for r, result, events in zip(requests, results, mine, strict=True)
    ]


def _committed(session_id: str, events: list[Published]) -> list[Committed]:
    if not events:
        return []
    return [Committed(session_id, sorted(events, key=lambda e: e["message"]["seq"]))]


def op_batcher() -> OpBatcher:
    loop = asyncio.get_running_loop()
    batcher = _batchers.get(loop)
    if batcher is None:
        workers = settings.DESIGNROOM.get("OP_BATCH_WORKERS")
        if workers is None or connection.vendor != "postgresql":
            workers = 1
        batcher = _batchers[loop] = OpBatcher(settings.DESIGNROOM.get("OP_BATCH_MAX", 100), workers)
    return batcher
