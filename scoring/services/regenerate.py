"""Regenerating a report on request: who may, when, and how often (the HTML page and the API
both come here, so they agree).

Each request counts against two hourly budgets, one per session (whoever asks) and one
per user (over all their sessions), kept in the cache. Within them, requests coalesce
(feedback_request): at most one analysis runs and one more waits, however many arrive.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache

from interviews.models import InterviewSession

from .. import permissions
from ..models import FeedbackReport
from .feedback import feedback_request

WINDOW_SECONDS = 3600


class RegenerateRefused(Exception):
    """``reason``: 'forbidden', 'not_over' or 'throttled' (then ``retry_after`` seconds)."""

    def __init__(self, reason: str, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.reason, self.message, self.retry_after = reason, message, retry_after


def feedback_regenerate(*, session: InterviewSession, user: Any) -> FeedbackReport:
    """Queue the session's report again for ``user``, or say why not."""
    if not permissions.can_regenerate_report(user=user, session=session):
        raise RegenerateRefused("forbidden", "Only the interviewer or staff regenerate a report.")
    if not session.is_over:
        raise RegenerateRefused("not_over", "The report is written once the session has ended.")
    limits = settings.DESIGNROOM
    wait = max(
        _over_budget(f"session:{session.pk}", limits["FEEDBACK_REGENERATE_PER_SESSION_HOURLY"]),
        _over_budget(f"user:{user.pk}", limits["FEEDBACK_REGENERATE_PER_USER_HOURLY"]),
    )
    if wait:
        minutes = max(1, round(wait / 60))
        raise RegenerateRefused(
            "throttled",
            f"This report was regenerated too often; try again in {minutes} minutes.",
            retry_after=wait,
        )
    return feedback_request(session_id=session.pk)


def _over_budget(scope: str, limit: int) -> int:
    """Count one request in ``scope``'s fixed hourly window; the seconds until the window
    ends when that takes it over ``limit``, 0 otherwise."""
    now = time.time()
    key = f"regenerate:{scope}:{int(now // WINDOW_SECONDS)}"
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return int(WINDOW_SECONDS - now % WINDOW_SECONDS) + 1 if count > limit else 0
