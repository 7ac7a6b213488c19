"""What happens to a match after it is made: cancelled, moved, or missed by one person."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.users import User
from interviews.errors import SessionError
from interviews.models import InterviewSession, Participant, SessionMode, SessionStatus
from interviews.services import session_abandon, session_create, session_reschedule

from ..models import Match, MatchStatus, NoShow, Offer, OfferStatus, ReminderKind
from ..timezones import utc_to_local
from .offers import OfferRefused, OfferRequest, offer_create
from .reminders import reminders_create

# The partner is a no-show once this long has passed after the start without them.
NO_SHOW_AFTER = timedelta(minutes=10)


class MatchRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _locked(match_id: UUID, user: User) -> Match:
    match = (
        Match.objects.select_for_update()
        .select_related("user_first", "user_second")
        .get(pk=match_id)
    )
    if not match.has_user(user.pk):
        raise Match.DoesNotExist
    return match


def _sessions(match: Match) -> list[UUID]:
    return [s for s in (match.first_session_id, match.second_session_id) if s]


def _abandon_open(match: Match, reason: str) -> None:
    for session_id in _sessions(match):
        try:
            session_abandon(session_id=session_id, actor=None, reason=reason)
        except SessionError:
            continue  # already over


def match_cancel(*, match_id: UUID, user: User, now: datetime | None = None) -> Match:
    """Cancel a match before it starts; the partner is told (with a CANCEL .ics) and their
    offer opens again while its time is still ahead."""
    now = now or timezone.now()
    with transaction.atomic():
        match = _locked(match_id, user)
        if match.status != MatchStatus.SCHEDULED or match.starts_at <= now:
            raise MatchRefused("Only a practice that has not started can be cancelled.")
        match.status = MatchStatus.CANCELLED
        match.cancelled_by = user
        match.sequence += 1
        match.save(update_fields=["status", "cancelled_by", "sequence"])
        _abandon_open(match, "cancelled")
        mine, theirs = (
            (match.offer_first_id, match.offer_second_id)
            if user.pk == match.user_first_id
            else (match.offer_second_id, match.offer_first_id)
        )
        Offer.objects.filter(pk=mine).update(status=OfferStatus.WITHDRAWN)
        Offer.objects.filter(pk=theirs, starts_at__gt=now).update(status=OfferStatus.OPEN)
        partner = match.user_second if user.pk == match.user_first_id else match.user_first
        reminders_create(match=match, kind=ReminderKind.CANCELLED, users=[partner])
    return match


def match_reschedule(
    *, match_id: UUID, user: User, starts_at: datetime, now: datetime | None = None
) -> Match:
    """Move a match that has not started to a later start of the same length; the sessions
    move with it and both people get the new time (reminders are due again for it)."""
    now = now or timezone.now()
    if starts_at <= now + timedelta(minutes=5):
        raise MatchRefused("Pick a new time at least 5 minutes from now.")
    if starts_at > now + timedelta(days=30):
        raise MatchRefused("Pick a new time within the next 30 days.")
    with transaction.atomic():
        match = _locked(match_id, user)
        if match.status != MatchStatus.SCHEDULED or match.starts_at <= now:
            raise MatchRefused("Only a practice that has not started can be moved.")
        length = match.ends_at - match.starts_at
        shift = starts_at - match.starts_at
        match.starts_at, match.ends_at = starts_at, starts_at + length
        match.sequence += 1
        match.agreed_at = now
        match.save(update_fields=["starts_at", "ends_at", "sequence", "agreed_at"])
        for session in InterviewSession.objects.filter(pk__in=_sessions(match)):
            if session.scheduled_for is not None:
                session_reschedule(
                    session_id=session.pk, scheduled_for=session.scheduled_for + shift
                )
        reminders_create(
            match=match, kind=ReminderKind.RESCHEDULED, users=[match.user_first, match.user_second]
        )
    return match


def match_session_abandoned(*, session_id: UUID | str, reason: str) -> None:
    """The hook interviews runs after a session is abandoned: a matched session cancelled by
    its creator (either session of a swap) cancels the match, and the partner is told."""
    if reason != "cancelled":
        return
    session_uuid = UUID(str(session_id))
    match = (
        Match.objects.filter(status=MatchStatus.SCHEDULED)
        .filter(Q(first_session_id=session_uuid) | Q(second_session_id=session_uuid))
        .first()
    )
    session = InterviewSession.objects.filter(pk=session_uuid).first()
    if match is None or session is None or not match.has_user(session.created_by_id):
        return
    try:
        match_cancel(match_id=match.pk, user=User.objects.get(pk=session.created_by_id))
    except MatchRefused:
        return


def no_show_allowed_at(match: Match) -> datetime:
    return match.starts_at + NO_SHOW_AFTER


def partner_absent(match: Match, user: User) -> bool:
    """The partner has not opened the lobby or the room of the first session."""
    partner_id = match.partner_id_of(user.pk)
    return not Participant.objects.filter(
        session_id=match.first_session_id, user_id=partner_id, arrived_at__isnull=False
    ).exists()


def no_show_report(
    *, match_id: UUID, user: User, then: str, now: datetime | None = None
) -> InterviewSession | Offer:
    """The partner did not come: record it, close the match's sessions, and either turn the
    practice into a solo session (``then="solo"``) or offer the rest of the time to anyone
    waiting (``then="rematch"``: a new offer, matched at once if someone fits)."""
    now = now or timezone.now()
    if then not in ("solo", "rematch"):
        raise MatchRefused("Choose solo practice or a new partner.")
    with transaction.atomic():
        match = _locked(match_id, user)
        if match.status != MatchStatus.SCHEDULED:
            raise MatchRefused("This practice is no longer scheduled.")
        if now < no_show_allowed_at(match):
            raise MatchRefused("Give your partner until 10 minutes after the start.")
        if not partner_absent(match, user) or _started(match):
            raise MatchRefused("Your partner has arrived.")
        NoShow.objects.get_or_create(
            match=match, user_id=match.partner_id_of(user.pk), defaults={"reported_by": user}
        )
        match.status = MatchStatus.NO_SHOW
        match.save(update_fields=["status"])
        first = InterviewSession.objects.get(pk=match.first_session_id)  # type: ignore[misc]
        _abandon_open(match, "no_show")
        if then == "solo":
            return session_create(
                created_by=user, question=first.question, level=first.level, mode=SessionMode.SOLO
            )
        mine_id = match.offer_first_id if user.pk == match.user_first_id else match.offer_second_id
        try:
            return _rematch_offer(user, Offer.objects.get(pk=mine_id), now)
        except OfferRefused as exc:
            raise MatchRefused(exc.message) from None


def _started(match: Match) -> bool:
    return InterviewSession.objects.filter(
        pk__in=_sessions(match), status=SessionStatus.LIVE
    ).exists()


def _rematch_offer(user: User, mine: Offer, now: datetime) -> Offer:
    """The rest of the practice time, offered again from a few minutes from now."""
    start = utc_to_local(now + timedelta(minutes=6), mine.time_zone).replace(
        second=0, microsecond=0
    )
    mine.status = OfferStatus.WITHDRAWN
    mine.save(update_fields=["status"])
    request = OfferRequest(
        day=start.date(),
        clock=start.time(),
        time_zone=mine.time_zone,
        duration_minutes=mine.duration_minutes,
        level=mine.level,
        role=mine.role,
        tags=tuple(mine.tags.values_list("slug", flat=True)),
    )
    return offer_create(user=user, request=request, now=now)
