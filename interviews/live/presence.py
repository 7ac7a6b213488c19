"""The offline announcement after a participant's last socket closed, once its grace is
over (services/connections.py coalesces presence that way).

The timer lives in this process only as a nudge: the lingering row is in the database, so
if this process dies first, the next connect, leave or ping in the session sweeps it.
"""

from __future__ import annotations

import asyncio
import logging

from channels.db import database_sync_to_async

from ..events import call_collecting
from ..services import connection_sweep
from ..services.connections import PRESENCE_GRACE
from .broadcast import aevents_publish

logger = logging.getLogger(__name__)

# Past the grace, so the row is stale when the sweep reads it.
SWEEP_MARGIN_SECONDS = 0.2
_sweeps: set[asyncio.Task] = set()  # strong references: a pending task must not be collected


def presence_sweep_later(session_id: str) -> None:
    """Sweep the session's presence once a closed socket's grace is over."""
    task = asyncio.get_running_loop().create_task(_sweep_after_grace(session_id))
    _sweeps.add(task)
    task.add_done_callback(_sweeps.discard)


async def _sweep_after_grace(session_id: str) -> None:
    await asyncio.sleep(PRESENCE_GRACE.total_seconds() + SWEEP_MARGIN_SECONDS)
    try:
        _, published = await database_sync_to_async(call_collecting)(
            connection_sweep, session_id=session_id
        )
        for committed in published:
            await aevents_publish(session_id=committed.session_id, events=committed.events)
    except Exception:  # the next connect, leave or ping in the session sweeps instead
        logger.warning("session %s: presence sweep failed", session_id, exc_info=True)
