"""Reminder emails: on a match, 24 hours and 15 minutes before, and when a match moves or is
cancelled, each with the match as an .ics file.

Exactly once, with any number of workers: a reminder is a row, unique per (match, person,
kind, version of the match), inserted before anything is sent; delivery locks the row and
sends only while it is unsent. Sending happens after the row's transaction commits."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from accounts.users import User

from ..calendar import calendar_bytes, lobby_url, match_event
from ..models import Match, MatchStatus, PracticeProfile, Reminder, ReminderKind
from ..selectors import reliability_of

BEFORE = {ReminderKind.DAY_BEFORE: timedelta(hours=24), ReminderKind.SOON: timedelta(minutes=15)}
MAX_ATTEMPTS = 3
RETRY_AFTER = timedelta(minutes=2)


def reminders_create(*, match: Match, kind: str, users: Iterable[User]) -> list[int]:
    """Insert one reminder per person (skipping any that exists); deliver after commit."""
    rows = [Reminder(match=match, user=u, kind=kind, sequence=match.sequence) for u in users]
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    ids = list(
        Reminder.objects.filter(
            match=match, kind=kind, sequence=match.sequence, sent_at__isnull=True, attempts=0
        ).values_list("pk", flat=True)
    )
    transaction.on_commit(lambda: reminders_deliver(reminder_ids=ids))
    return ids


def reminders_due_create(*, now: datetime | None = None) -> int:
    """Insert the 24-hour and 15-minute reminders now due: for scheduled matches whose
    time was agreed before the reminder's moment (a match made 2 hours ahead gets no
    24-hour reminder: its "matched" email said it all)."""
    now = now or timezone.now()
    created = 0
    for kind, before in BEFORE.items():
        later = BEFORE[ReminderKind.SOON] if kind == ReminderKind.DAY_BEFORE else timedelta(0)
        matches = Match.objects.filter(
            status=MatchStatus.SCHEDULED,
            starts_at__lte=now + before,
            starts_at__gt=now + later,
        ).select_related("user_first", "user_second")
        for match in matches:
            if match.agreed_at >= match.starts_at - before:
                continue
            with transaction.atomic():
                ids = reminders_create(
                    match=match, kind=kind, users=[match.user_first, match.user_second]
                )
                created += len(ids)
    return created


def reminders_retry(*, now: datetime | None = None) -> None:
    """Deliver reminders left unsent (a worker died, the mail server was down)."""
    now = now or timezone.now()
    stale = Reminder.objects.filter(
        sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS, created_at__lt=now - RETRY_AFTER
    ).values_list("pk", flat=True)[:200]
    reminders_deliver(reminder_ids=list(stale))


def reminders_deliver(*, reminder_ids: list[int]) -> int:
    sent = 0
    for reminder_id in reminder_ids:
        sent += reminder_deliver(reminder_id=reminder_id)
    return sent


def reminder_deliver(*, reminder_id: int) -> int:
    """Send one reminder unless it was sent; 1 when this call sent it."""
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update()
            .select_related("match__user_first", "match__user_second", "user")
            .filter(pk=reminder_id, sent_at__isnull=True)
            .first()
        )
        if reminder is None or reminder.attempts >= MAX_ATTEMPTS:
            return 0
        reminder.attempts += 1
        if not reminder.user.email:
            reminder.failure = "no email address"
            reminder.save(update_fields=["attempts", "failure"])
            return 0
        try:
            reminder_message(reminder).send()
        except OSError as exc:  # SMTP down: kept unsent for reminders_retry
            reminder.failure = str(exc)[:200]
            reminder.save(update_fields=["attempts", "failure"])
            return 0
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["attempts", "sent_at", "failure"])
        return 1


SUBJECTS = {
    ReminderKind.MATCHED: "Practice partner found: {when}",
    ReminderKind.DAY_BEFORE: "Tomorrow: practice with {partner} at {when}",
    ReminderKind.SOON: "In 15 minutes: practice with {partner}",
    ReminderKind.RESCHEDULED: "Practice moved to {when}",
    ReminderKind.CANCELLED: "Practice cancelled: {when}",
}


def reminder_message(reminder: Reminder) -> EmailMessage:
    from ..timezones import local_label

    match, user = reminder.match, reminder.user
    partner = match.user_second if user.pk == match.user_first_id else match.user_first
    zone = PracticeProfile.objects.filter(user=user).values_list("time_zone", flat=True).first()
    when = local_label(match.starts_at, zone or "UTC")
    kept = reliability_of(user_id=partner.pk)
    lines = [
        f"Hello {user.get_username()},",
        "",
        _opening(reminder.kind, partner.get_username(), when, match),
        f"{partner.get_username()} {kept.sentence}.",
        "",
        f"The lobby opens 10 minutes before: {lobby_url(match)}",
        "The attached calendar file adds (or updates) the practice in your calendar.",
    ]
    cancelled = reminder.kind == ReminderKind.CANCELLED
    ics = calendar_bytes(
        [match_event(match, partner_name=partner.get_username(), now=timezone.now())],
        method="CANCEL" if cancelled else "REQUEST",
    )
    message = EmailMessage(
        subject=SUBJECTS[ReminderKind(reminder.kind)].format(
            when=when, partner=partner.get_username()
        ),
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach(
        "practice.ics", ics, f"text/calendar; method={'CANCEL' if cancelled else 'REQUEST'}"
    )
    return message


def _opening(kind: str, partner: str, when: str, match: Match) -> str:
    roles = "You swap roles halfway." if match.swap else "One interview."
    return {
        ReminderKind.MATCHED: f"You practise with {partner} on {when}. {roles}",
        ReminderKind.DAY_BEFORE: f"Tomorrow you practise with {partner}: {when}. {roles}",
        ReminderKind.SOON: f"Your practice with {partner} starts at {when}. {roles}",
        ReminderKind.RESCHEDULED: f"Your practice with {partner} moved to {when}.",
        ReminderKind.CANCELLED: f"Your practice with {partner} on {when} is cancelled.",
    }[ReminderKind(kind)]
