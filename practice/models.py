"""Finding a partner: offered practice times, matches of two offers, the reminders sent for
them, no-shows, feedback on interviewers, calendar feeds, blocks and reports."""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from content.models import Level, Tag
from interviews.models import InterviewSession

# The lengths a practice may be offered for, in minutes.
DURATIONS = (45, 60, 90)
# Levels in order: a match pairs levels at most one step apart.
LEVEL_ORDER = [Level.MID.value, Level.SENIOR.value, Level.STAFF.value]


class PracticeRole(models.TextChoices):
    INTERVIEWER = "interviewer", "I interview"
    CANDIDATE = "candidate", "I am interviewed"
    SWAP = "swap", "Both: we swap roles halfway"


class OfferStatus(models.TextChoices):
    OPEN = "open", "Waiting for a partner"
    MATCHED = "matched", "Matched"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXPIRED = "expired", "Expired without a partner"


class MatchStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"
    NO_SHOW = "no_show", "Partner did not show up"


class PracticeProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_profile"
    )
    time_zone = models.CharField(max_length=64, default="UTC")

    def __str__(self) -> str:
        return f"{self.user} in {self.time_zone}"


class Offer(models.Model):
    """A time someone is free to practise, and how: a window of ``duration_minutes``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_offers"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField()
    time_zone = models.CharField(max_length=64, help_text="The zone it was offered in.")
    level = models.CharField(max_length=10, choices=Level.choices)
    role = models.CharField(max_length=12, choices=PracticeRole.choices)
    tags = models.ManyToManyField(Tag, blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=OfferStatus.choices, default=OfferStatus.OPEN)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__in=DURATIONS), name="offer_duration_allowed"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="offer_ends_after"
            ),
            models.CheckConstraint(
                condition=Q(status__in=OfferStatus.values), name="offer_status_valid"
            ),
            models.CheckConstraint(condition=Q(role__in=PracticeRole.values), name="offer_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.starts_at:%Y-%m-%d %H:%M} UTC · {self.duration_minutes} min"


class Match(models.Model):
    """Two offers that fit: a time, two people, and the session(s) made for them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # One offer makes one match at most (the database holds it).
    offer_first = models.OneToOneField(Offer, on_delete=models.PROTECT, related_name="+")
    offer_second = models.OneToOneField(Offer, on_delete=models.PROTECT, related_name="+")
    user_first = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    user_second = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    swap = models.BooleanField(default=False)
    # The first session (its interviewer is the first user unless roles say otherwise), and
    # in a swap the second, back to back, roles reversed.
    first_session = models.ForeignKey(
        InterviewSession, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    second_session = models.ForeignKey(
        InterviewSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=MatchStatus.choices, default=MatchStatus.SCHEDULED
    )
    # iCalendar SEQUENCE: one more at every reschedule or cancellation.
    sequence = models.PositiveIntegerField(default=0)
    # When the current time was agreed (a reminder is due only if it was agreed before it).
    agreed_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_at"]
        verbose_name_plural = "matches"
        indexes = [
            models.Index(fields=["status", "starts_at"]),
            models.Index(fields=["user_first", "-created_at"]),
            models.Index(fields=["user_second", "-created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(user_first=F("user_second")), name="match_two_people"
            ),
            models.CheckConstraint(
                condition=Q(status__in=MatchStatus.values), name="match_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_first} and {self.user_second} at {self.starts_at:%Y-%m-%d %H:%M} UTC"

    def partner_id_of(self, user_id: int) -> int:
        return self.user_second_id if user_id == self.user_first_id else self.user_first_id

    def has_user(self, user_id: int) -> bool:
        return user_id in (self.user_first_id, self.user_second_id)


class ReminderKind(models.TextChoices):
    MATCHED = "matched", "Matched"
    DAY_BEFORE = "day_before", "24 hours before"
    SOON = "soon", "15 minutes before"
    RESCHEDULED = "rescheduled", "Rescheduled"
    CANCELLED = "cancelled", "Cancelled"


class Reminder(models.Model):
    """One email of one kind, for one person, about one version of a match. The unique row
    is what makes it go out once, however many workers look for due reminders."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=ReminderKind.choices)
    sequence = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    failure = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["match", "user", "kind", "sequence"], name="reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.user} for {self.match_id}"


class NoShow(models.Model):
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="no_shows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_no_shows"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["match", "user"], name="no_show_once")]

    def __str__(self) -> str:
        return f"{self.user} missed {self.match_id}"


class CalendarFeed(models.Model):
    """A secret calendar URL; only the token's digest is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"

    @staticmethod
    def token_digest(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class InterviewerFeedback(models.Model):
    """The candidate's rating of the interviewer of one peer session."""

    session = models.ForeignKey(
        InterviewSession, on_delete=models.CASCADE, related_name="interviewer_feedback"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback_received"
    )
    preparedness = models.PositiveSmallIntegerField()
    clarity = models.PositiveSmallIntegerField()
    hints = models.PositiveSmallIntegerField(help_text="How well hints were used.")
    comment = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "author"], name="one_rating_per_session"),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 4}), name=f"{name}_1_to_4"
                )
                for name in ("preparedness", "clarity", "hints")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.interviewer} in {self.session_id}"


class Block(models.Model):
    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_blocks"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
            models.CheckConstraint(condition=~Q(blocker=F("blocked")), name="block_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.blocker} blocks {self.blocked}"


class ReportReason(models.TextChoices):
    NO_SHOW = "no_show", "Did not show up"
    RUDE = "rude", "Rude or abusive"
    INAPPROPRIATE = "inappropriate", "Inappropriate content"
    OTHER = "other", "Something else"


class Report(models.Model):
    """A user's report about another, for staff (admin)."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_reports_made"
    )
    reported = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_reports"
    )
    reason = models.CharField(max_length=16, choices=ReportReason.choices)
    details = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    staff_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(reporter=F("reported")), name="report_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.reporter} reported {self.reported}: {self.reason}"
