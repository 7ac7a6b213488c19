"""Matches and offers of one user, and how reliably someone turns up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db.models import Q, QuerySet
from django.utils import timezone

from ..models import Match, MatchStatus, NoShow, Offer, OfferStatus


def match_list_for_user(*, user_id: int) -> QuerySet[Match]:
    return (
        Match.objects.filter(Q(user_first_id=user_id) | Q(user_second_id=user_id))
        .select_related("user_first", "user_second", "first_session__question")
        .select_related("second_session__question")
        .order_by("-starts_at")
    )


def match_get_for_user(*, match_id: UUID, user_id: int) -> Match:
    """A match the user is in (Match.DoesNotExist otherwise: a stranger learns nothing)."""
    return match_list_for_user(user_id=user_id).get(pk=match_id)


def offer_list_for_user(*, user_id: int, open_only: bool = False) -> QuerySet[Offer]:
    offers = Offer.objects.filter(user_id=user_id).prefetch_related("tags")
    if open_only:
        offers = offers.filter(status=OfferStatus.OPEN)
    return offers.order_by("starts_at")


@dataclass(frozen=True)
class Reliability:
    kept: int
    booked: int

    @property
    def sentence(self) -> str:
        if not self.booked:
            return "is new to practice matches"
        return f"turned up for {self.kept} of {self.booked} matched practices"

    @property
    def percent(self) -> int | None:
        return round(100 * self.kept / self.booked) if self.booked else None


def reliability_of(*, user_id: int, now: datetime | None = None) -> Reliability:
    """Matches of the user whose time has come (not cancelled), and how many they missed."""
    now = now or timezone.now()
    booked = (
        Match.objects.filter(Q(user_first_id=user_id) | Q(user_second_id=user_id))
        .filter(starts_at__lte=now)
        .exclude(status=MatchStatus.CANCELLED)
        .count()
    )
    missed = NoShow.objects.filter(user_id=user_id).count()
    return Reliability(kept=max(0, booked - missed), booked=booked)


def shared_practice_exists(*, user_id: int, other_id: int) -> bool:
    """Whether two people were ever matched (who may see, rate or report whom)."""
    return Match.objects.filter(
        Q(user_first_id=user_id, user_second_id=other_id)
        | Q(user_first_id=other_id, user_second_id=user_id)
    ).exists()
