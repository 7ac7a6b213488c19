"""Scorecards (scores against a content rubric) and automated feedback reports."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class HireSignal(models.TextChoices):
    STRONG_NO_HIRE = "strong_no_hire", "Strong no hire"
    NO_HIRE = "no_hire", "No hire"
    HIRE = "hire", "Hire"
    STRONG_HIRE = "strong_hire", "Strong hire"


class ScorecardKind(models.TextChoices):
    INTERVIEWER = "interviewer", "Interviewer's scorecard"
    SELF = "self", "Self-assessment"
    # An observer's (or second interviewer's) own scores of the same session: hidden from
    # everyone but its author until the interviewer releases theirs.
    SHADOW = "shadow", "Shadow scorecard"


# One scorecard of each of these kinds per session; shadow scorecards are one per author.
SINGLE_KINDS = [ScorecardKind.INTERVIEWER, ScorecardKind.SELF]


class Scorecard(models.Model):
    """The interviewer's scores for a session, an observer's shadow scores, or the solo
    candidate's self-assessment."""

    session = models.ForeignKey(
        "interviews.InterviewSession", on_delete=models.CASCADE, related_name="scorecards"
    )
    kind = models.CharField(max_length=12, choices=ScorecardKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scorecards"
    )
    rubric = models.ForeignKey(
        "content.Rubric", on_delete=models.PROTECT, related_name="scorecards"
    )
    hire_signal = models.CharField(max_length=16, choices=HireSignal.choices, blank=True)
    summary = models.TextField(blank=True)
    # The candidate sees an interviewer's scorecard only once it is released.
    released_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(
        null=True, blank=True, help_text="Self-assessment finished."
    )
    updated_at = models.DateTimeField(auto_now=True)
    # A shadow scorecard the interviewer folded into the candidate's score (never by default).
    counts_toward_score = models.BooleanField(default=False)

    class Meta:
        ordering = ["session", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "kind"],
                condition=Q(kind__in=SINGLE_KINDS),
                name="one_scorecard_per_kind",
            ),
            models.UniqueConstraint(
                fields=["session", "author"],
                condition=Q(kind=ScorecardKind.SHADOW),
                name="one_shadow_scorecard_per_author",
            ),
            models.CheckConstraint(
                condition=Q(counts_toward_score=False) | Q(kind=ScorecardKind.SHADOW),
                name="only_shadow_scorecards_are_folded_in",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.session_id}"

    @property
    def is_released(self) -> bool:
        return self.released_at is not None


class CriterionScore(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        "content.RubricCriterion", on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True, help_text="Evidence for the score.")
    # What the comment is about: "component:<node id>" or "phase:<phase slug>" ("" for
    # nothing), so the report can link the comment to its moment in the replay.
    tag = models.CharField(max_length=120, blank=True, default="")

    class Meta:
        ordering = ["scorecard", "criterion__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "criterion"], name="one_score_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=4) | Q(score=None), name="score_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Analysing"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class FeedbackReport(models.Model):
    """The automated analysis of one session by one analyzer version (re-runs replace it)."""

    session = models.ForeignKey(
        "interviews.InterviewSession", on_delete=models.CASCADE, related_name="reports"
    )
    analyzer_version = models.CharField(max_length=20)
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    # Changes on every claim: a worker only writes a result while its claim still stands.
    claim = models.UUIDField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Runs started.")
    # Failed runs in a row (0 once one succeeds); the sweep retries at retry_at, with
    # exponential backoff, until FEEDBACK_MAX_FAILURES.
    failures = models.PositiveSmallIntegerField(default=0)
    retry_at = models.DateTimeField(null=True, blank=True)
    # Asked for again while running: the run in progress finishes, then one more follows.
    rerun_requested = models.BooleanField(default=False)
    failure_reason = models.TextField(blank=True)
    result = models.JSONField(null=True, blank=True)
    overall_score = models.PositiveSmallIntegerField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session", "-queued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "analyzer_version"], name="one_report_per_version"
            ),
            models.CheckConstraint(
                condition=Q(overall_score__lte=100) | Q(overall_score=None), name="score_max_100"
            ),
        ]
        indexes = [models.Index(fields=["status", "started_at"])]

    def __str__(self) -> str:
        return f"Report {self.analyzer_version} for {self.session_id} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status in (ReportStatus.QUEUED, ReportStatus.RUNNING)


class DrillAttempt(models.Model):
    """A user's calibration drill: a reference session replayed for them as a session they
    observe, scored blind on their shadow scorecard, then compared with the reference."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drill_attempts"
    )
    reference = models.ForeignKey(
        "content.ReferenceSession", on_delete=models.PROTECT, related_name="drill_attempts"
    )
    session = models.OneToOneField(
        "interviews.InterviewSession", on_delete=models.CASCADE, related_name="drill"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Every criterion within one point of the reference score (what calibration counts).
    within_one = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["user", "submitted_at"])]

    def __str__(self) -> str:
        return f"Drill {self.reference_id} by {self.user_id}"
