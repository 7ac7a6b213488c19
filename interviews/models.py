"""Live interview sessions: participants, invites, the timer, the board and the event log."""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from content.models import InterviewFramework, Level, Question

from .board import board_empty
from .timer import PlannedPhase, TimerState

# A scheduled session's lobby opens this long before the agreed time.
LOBBY_OPENS_BEFORE = timedelta(minutes=10)


class SessionMode(models.TextChoices):
    PEER = "peer", "Peer (interviewer and candidate)"
    SOLO = "solo", "Solo practice"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    LIVE = "live", "Live"
    ENDED = "ended", "Ended"
    ABANDONED = "abandoned", "Abandoned"


class Role(models.TextChoices):
    INTERVIEWER = "interviewer", "Interviewer"
    CANDIDATE = "candidate", "Candidate"
    OBSERVER = "observer", "Observer"


class Visibility(models.TextChoices):
    ALL = "all", "Everyone in the session"
    INTERVIEWER = "interviewer", "Interviewer only"


class EventType(models.TextChoices):
    PARTICIPANT = "participant", "Participant joined the session"
    PRESENCE = "presence", "Came online or went offline"
    TIMER = "timer", "Timer changed"
    OP = "op", "Board op"
    CHAT = "chat", "Chat message"
    HINT = "hint", "Hint revealed"
    PRIVATE_NOTE = "private_note", "Interviewer's private note written"
    ENDED = "ended", "Session ended or abandoned"
    CALL = "call", "Call started, joined, left, muted, speaking or ended"
    INSIGHT_SHARE = "insight_share", "Coverage shown to the candidate, or hidden again"
    NFR_TICK = "nfr_tick", "Interviewer's verdict on a checklist item"
    DRILL = "drill", "Failure drill started"
    COACH = "coach", "Solo coach asked a question"
    ESTIMATES = "estimates", "Estimates set as session values"


class InterviewSession(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="interview_sessions"
    )
    framework = models.ForeignKey(
        InterviewFramework, on_delete=models.PROTECT, related_name="interview_sessions"
    )
    level = models.CharField(max_length=10, choices=Level.choices)
    mode = models.CharField(max_length=10, choices=SessionMode.choices)
    status = models.CharField(
        max_length=12, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="created_interviews"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=40, blank=True)
    # When the participants agreed to meet (a practice match); None for sessions started
    # on the spot. The lobby opens LOBBY_OPENS_BEFORE ahead of it.
    scheduled_for = models.DateTimeField(null=True, blank=True)
    # The session this one follows back to back (a role swap): its lobby opens as that ends.
    follows = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="followed_by"
    )
    # seq of the newest SessionEvent; bumped under this row's lock, so seqs are gap-free.
    last_seq = models.PositiveBigIntegerField(default=0)
    # The framework's phases as they were at creation: [{"slug", "name", "planned_seconds"}].
    # Frozen so that editing a framework never shifts a running session's phase indexes.
    phase_plan = models.JSONField(default=list)
    # The timer, as timestamps (interviews.timer does the math); never a process countdown.
    current_phase = models.PositiveSmallIntegerField(default=0)
    phase_started_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_seconds = models.FloatField(default=0.0)
    phase_actual_seconds = models.JSONField(default=list)
    auto_advance = models.BooleanField(default=False)
    # The rubric wording that scores this session, pinned at creation (or at the first
    # scorecard when no rubric existed then): a later change to the rubric is a new version.
    rubric_version = models.ForeignKey(
        "content.RubricVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_by", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SessionStatus.values), name="session_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(mode__in=SessionMode.values), name="session_mode_valid"
            ),
            models.CheckConstraint(
                condition=Q(auto_advance=False) | Q(mode=SessionMode.SOLO),
                name="auto_advance_only_solo",
            ),
            models.CheckConstraint(
                condition=Q(paused_seconds__gte=0), name="paused_seconds_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question} · {self.get_mode_display()} · {self.get_status_display()}"

    @property
    def is_over(self) -> bool:
        return self.status in (SessionStatus.ENDED, SessionStatus.ABANDONED)

    @property
    def lobby_opens_at(self) -> datetime | None:
        """When the lobby of a scheduled session opens (None: it is open)."""
        if self.scheduled_for is None:
            return None
        return self.scheduled_for - LOBBY_OPENS_BEFORE

    def lobby_is_open(self, now: datetime) -> bool:
        """Open from LOBBY_OPENS_BEFORE the agreed time, or as the session it follows ends."""
        opens = self.lobby_opens_at
        if opens is None or now >= opens:
            return True
        follows = self.follows
        return follows is not None and follows.is_over

    @property
    def timer_controller(self) -> str:
        """The role that runs the clock (and reveals hints): the interviewer in a peer
        session, the candidate in a solo one. The one statement of the rule: services
        enforce it, the snapshot tells each socket (``you.controls_timer``), pages ask it."""
        return Role.CANDIDATE if self.mode == SessionMode.SOLO else Role.INTERVIEWER

    @property
    def plan(self) -> list[PlannedPhase]:
        return [PlannedPhase(**phase) for phase in self.phase_plan]

    @property
    def timer_state(self) -> TimerState:
        return TimerState(
            phase=self.current_phase,
            phase_started_at=self.phase_started_at,
            paused_at=self.paused_at,
            paused_seconds=self.paused_seconds,
            actual_seconds=tuple(self.phase_actual_seconds),
            auto_advance=self.auto_advance,
        )

    def timer_fields_set(self, state: TimerState) -> list[str]:
        """Copy a timer state onto the row; return the fields to save."""
        self.current_phase = state.phase
        self.phase_started_at = state.phase_started_at
        self.paused_at = state.paused_at
        self.paused_seconds = state.paused_seconds
        self.phase_actual_seconds = list(state.actual_seconds)
        self.auto_advance = state.auto_advance
        return [
            "current_phase",
            "phase_started_at",
            "paused_at",
            "paused_seconds",
            "phase_actual_seconds",
            "auto_advance",
        ]


class Participant(models.Model):
    session = models.ForeignKey(
        InterviewSession, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interview_participations"
    )
    role = models.CharField(max_length=12, choices=Role.choices)
    joined_at = models.DateTimeField(default=timezone.now)
    # Set when the participant's last socket closes; cleared when one opens again.
    left_at = models.DateTimeField(null=True, blank=True)
    # First and latest look at the lobby or the room: who turned up, and who is here now.
    arrived_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session", "joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="one_role_per_user"),
            models.UniqueConstraint(
                fields=["session"], condition=Q(role=Role.CANDIDATE), name="one_candidate"
            ),
            models.UniqueConstraint(
                fields=["session"], condition=Q(role=Role.INTERVIEWER), name="one_interviewer"
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="participant_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} as {self.role} in {self.session_id}"


class Invite(models.Model):
    """A link that makes its holder a participant; the token itself is never stored."""

    session = models.ForeignKey(InterviewSession, on_delete=models.CASCADE, related_name="invites")
    role = models.CharField(max_length=12, choices=Role.choices)
    # sha256 of the token: a leaked database does not leak working links.
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="invite_role"),
        ]

    def __str__(self) -> str:
        return f"{self.role} invite to {self.session_id}"

    @staticmethod
    def token_digest(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_single_use(self) -> bool:
        return self.role != Role.OBSERVER

    def refusal_at(self, now: datetime) -> str:
        """Why the invite cannot be accepted at ``now`` ('' when it can)."""
        if self.revoked_at is not None:
            return "revoked"
        if self.is_single_use and self.used_at is not None:
            return "used"
        if now >= self.expires_at:
            return "expired"
        return ""


class Board(models.Model):
    session = models.OneToOneField(
        InterviewSession, on_delete=models.CASCADE, primary_key=True, related_name="board"
    )
    state = models.JSONField(default=board_empty)
    # The shared notes as one Yjs document (interviews.notes): the authority for the notes.
    # state["notes"] holds the plain text derived from it, written in the same transaction.
    notes_state = models.BinaryField(default=bytes, editable=False)
    # One more per applied op: what `base_version` and `op.ack` refer to.
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Board of {self.session_id} v{self.version}"


class BoardSnapshot(models.Model):
    class Reason(models.TextChoices):
        PHASE_CHANGE = "phase_change", "Phase changed"
        END = "end", "Session ended"

    session = models.ForeignKey(
        InterviewSession, on_delete=models.CASCADE, related_name="board_snapshots"
    )
    # The phase the board was drawn in (the one being left).
    phase_index = models.PositiveSmallIntegerField()
    phase_slug = models.SlugField(max_length=80)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    seq = models.PositiveBigIntegerField(help_text="The timer/ended event it was taken with.")
    version = models.PositiveIntegerField()
    state = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["session", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["session", "seq"], name="one_snapshot_per_event")
        ]

    def __str__(self) -> str:
        return f"Board of {self.session_id} leaving {self.phase_slug} (v{self.version})"


class SessionEvent(models.Model):
    session = models.ForeignKey(InterviewSession, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveBigIntegerField()
    type = models.CharField(max_length=20, choices=EventType.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The wire message minus "type" and "seq" (see selectors.event_message).
    payload = models.JSONField(default=dict)
    visibility = models.CharField(max_length=12, choices=Visibility.choices, default=Visibility.ALL)
    # Board ops only: the client's op id, so a resent op is applied once.
    op_id = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["session", "seq"]
        indexes = [models.Index(fields=["session", "type"])]
        constraints = [
            models.UniqueConstraint(fields=["session", "seq"], name="unique_event_seq"),
            models.UniqueConstraint(
                fields=["session", "op_id"],
                condition=~Q(op_id=""),
                name="op_applied_once",
            ),
            models.CheckConstraint(condition=Q(seq__gte=1), name="event_seq_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.session_id} #{self.seq} {self.type}"


class PrivateNote(models.Model):
    """The interviewer's notes for one phase; never shown to the candidate."""

    session = models.ForeignKey(
        InterviewSession, on_delete=models.CASCADE, related_name="private_notes"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    phase_slug = models.SlugField(max_length=80)
    text = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["session", "phase_slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "author", "phase_slug"], name="one_note_per_phase"
            )
        ]

    def __str__(self) -> str:
        return f"Note by {self.author_id} on {self.phase_slug}"


class LiveConnection(models.Model):
    """One open websocket. Presence counts these rows, so every server process agrees.

    A process killed without closing its sockets leaves rows behind; ``seen_at`` (refreshed
    by client pings) lets them expire, see services.connections.
    """

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="connections"
    )
    channel_name = models.CharField(max_length=200, unique=True)
    connected_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["participant", "seen_at"])]

    def __str__(self) -> str:
        return f"{self.participant} via {self.channel_name}"
