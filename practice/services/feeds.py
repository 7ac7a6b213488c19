"""Personal calendar feeds: a secret URL per person, revocable; only its digest is stored."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from accounts.users import User

from ..models import CalendarFeed


def feed_create(*, user: User) -> str:
    """A new feed token for the user; any earlier one stops working. Returns the raw token
    (shown once)."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        feed_revoke(user=user)
        CalendarFeed.objects.create(user=user, token_hash=CalendarFeed.token_digest(token))
    return token


def feed_revoke(*, user: User) -> int:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def feed_user_get(*, user_id: int, token: str) -> User | None:
    """The owner of a live feed token, if the token is this user's (else None)."""
    if len(token) > 100:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=CalendarFeed.token_digest(token), revoked_at__isnull=True)
        .first()
    )
    if feed is None or feed.user_id != user_id:
        return None
    return feed.user
