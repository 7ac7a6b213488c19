"""How many sessions one account may create: a budget per hour, counted in the database (so
every server process and every door agree), refused with how long to wait."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from accounts.users import User

from ..errors import ErrorCode, SessionError
from ..models import InterviewSession

WINDOW = timedelta(hours=1)


def session_create_budget() -> int:
    """New sessions one account may create per WINDOW (settings: SESSION_CREATE_PER_HOUR)."""
    return int(settings.DESIGNROOM.get("SESSION_CREATE_PER_HOUR", 20))


class SessionCreateThrottled(SessionError):
    """Too many sessions created in the last hour; ``retry_after`` seconds until the next."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(ErrorCode.INVALID_STATE, message)
        self.retry_after = retry_after


def session_create_allowed_require(*, user: User, now: datetime | None = None) -> None:
    """Raise SessionCreateThrottled when ``user`` used this hour's budget of new sessions.

    Two creations racing at the edge may both pass: the budget bounds a flood, it is not a
    quota (the index on created_by, -created_at serves the count)."""
    now = now or timezone.now()
    budget = session_create_budget()
    recent = InterviewSession.objects.filter(created_by=user, created_at__gt=now - WINDOW)
    stamps = list(recent.order_by("-created_at").values_list("created_at", flat=True)[:budget])
    if len(stamps) < budget:
        return
    wait = max(1, math.ceil((stamps[-1] + WINDOW - now).total_seconds()))
    minutes = math.ceil(wait / 60)
    raise SessionCreateThrottled(
        f"You created {budget} sessions in the last hour, the most one "
        f"account may; you can create the next one in {minutes} minute"
        f"{'' if minutes == 1 else 's'}. Sessions you already have are on My sessions.",
        retry_after=wait,
    )


def board_import_allowed_require(*, user: User) -> None:
    """Count one board upload of ``user`` and raise SessionCreateThrottled past this hour's
    budget (settings: BOARD_IMPORT_PER_HOUR). Refused files count too: parsing is the cost.
    Counted in the shared cache, per fixed hour."""
    budget = int(settings.DESIGNROOM.get("BOARD_IMPORT_PER_HOUR", 30))
    hour = int(timezone.now().timestamp() // 3600)
    key = f"board-import:{user.pk}:{hour}"
    cache.add(key, 0, timeout=int(WINDOW.total_seconds()) + 60)
    if cache.incr(key) > budget:
        wait = max(1, 3600 - int(timezone.now().timestamp()) % 3600)
        raise SessionCreateThrottled(
            f"You uploaded {budget} boards in this hour, the most one account may: "
            f"try again in {math.ceil(wait / 60)} minutes.",
            retry_after=wait,
        )
