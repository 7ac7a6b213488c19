"""Which two offers fit, and how: pure rules over plain values (no queries here).

Two offers fit when their people differ and neither blocks the other, their levels are at
most one step apart, their topics meet (an offer naming none takes any), their roles
complement each other, and both windows hold one practice of the shorter length from a
common start."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from .models import LEVEL_ORDER, PracticeRole


@dataclass(frozen=True)
class OfferFacts:
    id: UUID
    user_id: int
    starts_at: datetime
    ends_at: datetime
    duration_minutes: int
    level: str
    role: str
    tags: frozenset[str]
    created_at: datetime


@dataclass(frozen=True)
class Pairing:
    """How two offers fit: who interviews first, the time, and whether they swap."""

    interviewer: OfferFacts
    candidate: OfferFacts
    starts_at: datetime
    ends_at: datetime
    swap: bool
    tags: frozenset[str]


def levels_fit(a: str, b: str) -> bool:
    return abs(LEVEL_ORDER.index(a) - LEVEL_ORDER.index(b)) <= 1


def roles_fit(a: OfferFacts, b: OfferFacts) -> tuple[OfferFacts, OfferFacts, bool] | None:
    """(interviewer, candidate, swap) for two offers' roles, None when they clash. Two
    "swap" offers swap; a "swap" offer takes whichever role the other does not want; ties
    between two swaps go to the longer-waiting offer interviewing first."""
    swap, interviewer, candidate = (
        PracticeRole.SWAP,
        PracticeRole.INTERVIEWER,
        PracticeRole.CANDIDATE,
    )
    if a.role == swap and b.role == swap:
        return (a, b, True)
    if a.role in (interviewer, swap) and b.role in (candidate, swap):
        return (a, b, False)
    if b.role in (interviewer, swap) and a.role in (candidate, swap):
        return (b, a, False)
    return None


def time_fit(
    a: OfferFacts, b: OfferFacts, *, earliest: datetime
) -> tuple[datetime, datetime] | None:
    """The common practice time: from the later start (not before ``earliest``), as long as
    the shorter offer; None when one window cannot hold it."""
    start = max(a.starts_at, b.starts_at, earliest)
    length = timedelta(minutes=min(a.duration_minutes, b.duration_minutes))
    end = start + length
    if end > a.ends_at or end > b.ends_at:
        return None
    return start, end


def pairing_for(
    a: OfferFacts,
    b: OfferFacts,
    *,
    earliest: datetime,
    blocked: frozenset[tuple[int, int]],
) -> Pairing | None:
    """How ``a`` and ``b`` fit, or None."""
    if a.user_id == b.user_id or (a.user_id, b.user_id) in blocked:
        return None
    if (b.user_id, a.user_id) in blocked or not levels_fit(a.level, b.level):
        return None
    shared = a.tags & b.tags if a.tags and b.tags else a.tags | b.tags
    if a.tags and b.tags and not shared:
        return None
    roles = roles_fit(a, b)
    when = time_fit(a, b, earliest=earliest)
    if roles is None or when is None:
        return None
    interviewer, candidate, swap = roles
    return Pairing(interviewer, candidate, when[0], when[1], swap, frozenset(shared))


def waiting_order(offers: list[OfferFacts]) -> list[OfferFacts]:
    """Longest waiting first (then by start and id, so the order is total)."""
    return sorted(offers, key=lambda o: (o.created_at, o.starts_at, str(o.id)))


def partner_choice(
    offer: OfferFacts,
    others: list[OfferFacts],
    *,
    earliest: datetime,
    blocked: frozenset[tuple[int, int]],
    last_partner: dict[int, int],
) -> list[Pairing]:
    """The pairings for ``offer``, best first: someone other than the last partner when one
    fits, then the longest waiting."""
    found = []
    for other in waiting_order(others):
        pairing = pairing_for(offer, other, earliest=earliest, blocked=blocked)
        if pairing is not None:
            repeat = last_partner.get(offer.user_id) == other.user_id
            found.append((repeat, pairing))
    return [pairing for repeat, pairing in sorted(found, key=lambda item: item[0])]
