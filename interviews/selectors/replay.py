"""The replay page's read of the event log: one page at a time, by seq, in the role's view.

A page is built from the columns it needs (no model instances), so one request holds at most
``limit`` events however long the session ran.
"""

from __future__ import annotations

from typing import Any

from ..models import InterviewSession
from .snapshot import visible_events


def replay_page(
    *, session: InterviewSession, role: str, after: int, limit: int
) -> tuple[list[dict[str, Any]], int | None]:
    """Events with seq > ``after`` the role may see, at most ``limit``, as the replay plays
    them (the wire message plus ``logged_at`` in ms); and the seq to continue after, or None
    when this page reaches the end."""
    rows = (
        visible_events(session=session, role=role)
        .filter(seq__gt=after)
        .values_list("seq", "type", "payload", "created_at")[: limit + 1]
    )
    events = [
        {"type": kind, "seq": seq, **payload, "logged_at": int(created_at.timestamp() * 1000)}
        for seq, kind, payload, created_at in rows
    ]
    if len(events) <= limit:
        return events, None
    events.pop()
    return events, events[-1]["seq"]
