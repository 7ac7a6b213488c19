"""Offering a practice time: checked for size, time, overlap and rate, then matched."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.users import User
from content.models import Level, Tag

from ..models import DURATIONS, Offer, OfferStatus, PracticeProfile, PracticeRole
from ..tasks import offers_match_task
from ..timezones import LocalTimeError, local_label, local_to_utc, zone_get

# How far ahead one may offer, and how many topics one offer may name.
HORIZON = timedelta(days=30)
MAX_TAGS = 5
WINDOW = timedelta(hours=1)


class OfferRefused(Exception):
    """Why an offer was not created (nothing was); ``retry_after`` when it is the rate."""

    def __init__(self, message: str, *, field: str = "", retry_after: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.retry_after = retry_after


@dataclass(frozen=True)
class OfferRequest:
    day: date
    clock: time
    time_zone: str
    duration_minutes: int
    level: str
    role: str
    tags: tuple[str, ...] = ()


def profile_get(*, user: User) -> PracticeProfile:
    profile, _ = PracticeProfile.objects.get_or_create(user=user)
    return profile


def profile_zone_set(*, user: User, time_zone: str) -> PracticeProfile:
    zone_get(time_zone)  # refuses an unknown zone
    profile = profile_get(user=user)
    if profile.time_zone != time_zone:
        profile.time_zone = time_zone
        profile.save(update_fields=["time_zone"])
    return profile


def offer_create(*, user: User, request: OfferRequest, now: datetime | None = None) -> Offer:
    """Create an open offer and look for a partner once it is committed (OfferRefused: why
    not, and nothing was created)."""
    now = now or timezone.now()
    starts_at = _start_checked(request, now)
    _shape_check(request)
    tags = _tags_checked(request.tags)
    ends_at = starts_at + timedelta(minutes=request.duration_minutes)
    with transaction.atomic():
        # The user's row lock serialises one user's offers, so two tabs cannot both pass
        # the overlap and count checks.
        User.objects.select_for_update().filter(pk=user.pk).first()
        _limits_check(user, now)
        _overlap_check(user, starts_at, ends_at)
        offer = Offer.objects.create(
            user=user,
            starts_at=starts_at,
            ends_at=ends_at,
            duration_minutes=request.duration_minutes,
            time_zone=request.time_zone,
            level=request.level,
            role=request.role,
            created_at=now,
        )
        offer.tags.set(tags)
        profile_zone_set(user=user, time_zone=request.time_zone)
        transaction.on_commit(offers_match_task.delay)
    return offer


def _start_checked(request: OfferRequest, now: datetime) -> datetime:
    try:
        starts_at = local_to_utc(request.day, request.clock, request.time_zone)
    except LocalTimeError as exc:
        raise OfferRefused(str(exc), field="time") from None
    if starts_at <= now:
        raise OfferRefused(
            f"{local_label(starts_at, request.time_zone)} is in the past; offer a later time",
            field="time",
        )
    if starts_at > now + HORIZON:
        raise OfferRefused("Offer a time within the next 30 days.", field="day")
    return starts_at


def _shape_check(request: OfferRequest) -> None:
    if request.duration_minutes not in DURATIONS:
        raise OfferRefused(
            f"A practice lasts {', '.join(map(str, DURATIONS))} minutes, "
            f"not {request.duration_minutes}.",
            field="duration_minutes",
        )
    if request.level not in Level.values:
        raise OfferRefused(f"Level must be one of {', '.join(Level.values)}.", field="level")
    if request.role not in PracticeRole.values:
        raise OfferRefused(f"Role must be one of {', '.join(PracticeRole.values)}.", field="role")


def _tags_checked(slugs: tuple[str, ...]) -> list[Tag]:
    wanted = sorted({s.strip() for s in slugs if s.strip()})
    if len(wanted) > MAX_TAGS:
        raise OfferRefused(f"Name at most {MAX_TAGS} topics.", field="tags")
    tags = list(Tag.objects.filter(slug__in=wanted))
    unknown = sorted(set(wanted) - {t.slug for t in tags})
    if unknown:
        raise OfferRefused(f"Unknown topics: {', '.join(u[:60] for u in unknown)}.", field="tags")
    return tags


def _limits_check(user: User, now: datetime) -> None:
    most_open = settings.DESIGNROOM["PRACTICE_OPEN_OFFERS_MAX"]
    if Offer.objects.filter(user=user, status=OfferStatus.OPEN).count() >= most_open:
        raise OfferRefused(
            f"You have {most_open} open offers, the most one account may; withdraw one first."
        )
    budget = settings.DESIGNROOM["PRACTICE_OFFERS_PER_HOUR"]
    recent = list(
        Offer.objects.filter(user=user, created_at__gt=now - WINDOW)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:budget]
    )
    if len(recent) >= budget:
        wait = max(1, int((recent[-1] + WINDOW - now).total_seconds()) + 1)
        raise OfferRefused(
            f"You made {budget} offers in the last hour; try again in "
            f"{max(1, wait // 60)} minutes.",
            retry_after=wait,
        )


def _overlap_check(user: User, starts_at: datetime, ends_at: datetime) -> None:
    clash = (
        Offer.objects.filter(
            user=user,
            status__in=(OfferStatus.OPEN, OfferStatus.MATCHED),
            starts_at__lt=ends_at,
            ends_at__gt=starts_at,
        )
        .order_by("starts_at")
        .first()
    )
    if clash is not None:
        raise OfferRefused(
            "This time overlaps your offer of "
            f"{local_label(clash.starts_at, clash.time_zone)}; pick another time or "
            "withdraw that offer.",
            field="time",
        )


def offer_withdraw(*, offer_id: UUID, user: User) -> Offer:
    """Withdraw one's own open offer (Offer.DoesNotExist for anyone else's)."""
    with transaction.atomic():
        offer = Offer.objects.select_for_update().get(pk=offer_id, user=user)
        if offer.status != OfferStatus.OPEN:
            raise OfferRefused(
                "This offer is no longer open"
                + (
                    ": it was matched; cancel the match instead."
                    if offer.status == "matched"
                    else "."
                )
            )
        offer.status = OfferStatus.WITHDRAWN
        offer.save(update_fields=["status"])
    return offer
