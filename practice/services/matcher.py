"""The matcher: open offers, longest waiting first, each paired with its best fit; a match
makes its session(s) and queues the "matched" emails, all in one transaction."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.users import User
from content.models import Question, Track
from interviews.errors import SessionError
from interviews.models import Participant
from interviews.services import session_pair_create

from ..matching import OfferFacts, Pairing, partner_choice
from ..models import Block, Match, Offer, OfferStatus, ReminderKind
from .reminders import reminders_create

# A match is made for a start at least this far ahead of now (time to read the email).
LEAD = timedelta(minutes=5)


def offers_expire(*, now: datetime) -> int:
    """Open offers whose window can no longer hold the shortest practice."""
    return Offer.objects.filter(
        status=OfferStatus.OPEN, ends_at__lt=now + LEAD + timedelta(minutes=45)
    ).update(status=OfferStatus.EXPIRED)


def offers_match(*, now: datetime | None = None) -> list[Match]:
    """Pair every open offer that fits another; return the matches made.

    Runs in one transaction holding the open offers' row locks, so two runs (a new offer's
    and the beat's, or two workers) take turns and an offer is matched once (the database
    holds that too: an offer is in one match at most)."""
    now = now or timezone.now()
    made: list[Match] = []
    with transaction.atomic():
        offers_expire(now=now)
        rows = list(
            Offer.objects.select_for_update()
            .filter(status=OfferStatus.OPEN)
            .order_by("pk")
            .prefetch_related("tags")
        )
        facts = {row.pk: _facts(row) for row in rows}
        blocked = _blocked_pairs({f.user_id for f in facts.values()})
        last_partner = _last_partners({f.user_id for f in facts.values()})
        taken: set[UUID] = set()
        for offer in sorted(facts.values(), key=lambda o: (o.created_at, o.starts_at, str(o.id))):
            if offer.id in taken:
                continue
            others = [f for f in facts.values() if f.id not in taken and f.id != offer.id]
            for pairing in partner_choice(
                offer, others, earliest=now + LEAD, blocked=blocked, last_partner=last_partner
            ):
                match = _match_try(pairing, now=now)
                if match is not None:
                    made.append(match)
                    taken |= {pairing.interviewer.id, pairing.candidate.id}
                    last_partner[match.user_first_id] = match.user_second_id
                    last_partner[match.user_second_id] = match.user_first_id
                    break
    return made


def _facts(offer: Offer) -> OfferFacts:
    return OfferFacts(
        id=offer.pk,
        user_id=offer.user_id,
        starts_at=offer.starts_at,
        ends_at=offer.ends_at,
        duration_minutes=offer.duration_minutes,
        level=offer.level,
        role=offer.role,
        tags=frozenset(t.slug for t in offer.tags.all()),
        created_at=offer.created_at,
    )


def _blocked_pairs(user_ids: set[int]) -> frozenset[tuple[int, int]]:
    rows = Block.objects.filter(Q(blocker__in=user_ids) | Q(blocked__in=user_ids))
    return frozenset(rows.values_list("blocker_id", "blocked_id"))


def _last_partners(user_ids: set[int]) -> dict[int, int]:
    """Each user's partner in their most recent match."""
    last: dict[int, int] = {}
    rows = Match.objects.filter(Q(user_first__in=user_ids) | Q(user_second__in=user_ids))
    for first, second in rows.order_by("created_at").values_list("user_first", "user_second"):
        last[first], last[second] = second, first
    return last


def question_pick(
    *, user_ids: list[int], level: str, tags: frozenset[str], exclude: tuple[int, ...] = ()
) -> Question | None:
    """A published design question neither person has done, for the level, on a shared
    topic when one is named (else any topic); the same answer every time for the same
    facts (ordered by slug)."""
    done = Participant.objects.filter(user__in=user_ids).values("session__question_id")
    pool = (
        Question.objects.published()
        .filter(kind=Track.DESIGN)
        .exclude(pk__in=done)
        .exclude(pk__in=exclude)
        .order_by("slug")
    )
    on_topic = pool.filter(tags__slug__in=tags).distinct() if tags else pool
    for candidates in (on_topic, pool):
        for question in candidates:
            if not question.target_levels or level in question.target_levels:
                return question
    return None


def _match_try(pairing: Pairing, *, now: datetime) -> Match | None:
    """Make the match and its sessions, or None when no question is left for the pair or
    the interviewer's budget of new sessions is spent (the offers stay open)."""
    interviewer = User.objects.get(pk=pairing.interviewer.user_id)
    candidate = User.objects.get(pk=pairing.candidate.user_id)
    ids = [interviewer.pk, candidate.pk]
    first_q = question_pick(user_ids=ids, level=pairing.candidate.level, tags=pairing.tags)
    second_q = (
        question_pick(
            user_ids=ids, level=pairing.interviewer.level, tags=pairing.tags, exclude=(first_q.pk,)
        )
        if pairing.swap and first_q
        else None
    )
    if first_q is None or (pairing.swap and second_q is None):
        return None
    try:
        with transaction.atomic():
            return _match_create(pairing, interviewer, candidate, first_q, second_q, now)
    except SessionError:  # SessionCreateThrottled above all: this pair waits for the next run
        return None


def _match_create(
    pairing: Pairing,
    interviewer: User,
    candidate: User,
    first_q: Question,
    second_q: Question | None,
    now: datetime,
) -> Match:
    first = session_pair_create(
        interviewer=interviewer,
        candidate=candidate,
        question=first_q,
        level=pairing.candidate.level,
        scheduled_for=pairing.starts_at,
    )
    second = None
    if second_q is not None:
        half = (pairing.ends_at - pairing.starts_at) / 2
        second = session_pair_create(
            interviewer=candidate,
            candidate=interviewer,
            question=second_q,
            level=pairing.interviewer.level,
            scheduled_for=pairing.starts_at + half,
            follows=first,
        )
    match = Match.objects.create(
        offer_first_id=pairing.interviewer.id,
        offer_second_id=pairing.candidate.id,
        user_first=interviewer,
        user_second=candidate,
        starts_at=pairing.starts_at,
        ends_at=pairing.ends_at,
        swap=pairing.swap,
        first_session=first,
        second_session=second,
        agreed_at=now,
        created_at=now,
    )
    Offer.objects.filter(pk__in=[pairing.interviewer.id, pairing.candidate.id]).update(
        status=OfferStatus.MATCHED
    )
    reminders_create(match=match, kind=ReminderKind.MATCHED, users=[interviewer, candidate])
    return match
