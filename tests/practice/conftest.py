"""Offers made through the service, at a frozen now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from practice.services.offers import OfferRequest, offer_create
from tests.factories import UserFactory

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        _clock["traveller"] = traveller
        yield traveller
    _clock.clear()


_clock: dict = {}


def person(name: str):
    return UserFactory(username=name, email=f"{name}@example.test")


def offer(
    user, *, hours=26.0, minutes=60, level="senior", role="swap", tags=(), zone="UTC", match=True
):
    """An offer ``hours`` after NOW, made one second after the previous one (so who waited
    longest is never a tie), then the matcher's run that its commit would start."""
    from practice.services.matcher import offers_match

    start = (NOW + timedelta(hours=hours)).astimezone(UTC)
    if "traveller" in _clock:
        _clock["traveller"].shift(1)
    made = offer_create(
        user=user,
        request=OfferRequest(
            day=start.date(),
            clock=start.time(),
            time_zone=zone,
            duration_minutes=minutes,
            level=level,
            role=role,
            tags=tuple(tags),
        ),
    )
    if match:
        offers_match()
    return made
