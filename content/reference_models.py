"""Reference sessions: scripted interviews with reference scores, the drills' answer keys."""

from __future__ import annotations

from django.db import models

from .models import InterviewFramework, Level, Question, RubricVersion


class Strength(models.TextChoices):
    STRONG = "strong", "Strong answer"
    WEAK = "weak", "Weak answer"


class ReferenceSession(models.Model):
    """A scripted interview (what the candidate says, writes and draws, phase by phase) with
    the scores an experienced interviewer gives it and why: the answer key of a calibration
    drill. Replayed as a real session, it is scored blind and then compared."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=160)
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="reference_sessions"
    )
    framework = models.ForeignKey(
        InterviewFramework, on_delete=models.PROTECT, related_name="reference_sessions"
    )
    level = models.CharField(max_length=10, choices=Level.choices)
    strength = models.CharField(max_length=10, choices=Strength.choices)
    summary = models.TextField(help_text="What the answer shows; revealed after the drill.")
    # [{"at", "phase"?, "say"?, "ask"?, "notes"?: {"section", "text"}, "node"?: {...},
    # "edge"?: {...}}]: see docs/content-packs.md.
    script = models.JSONField(default=list)
    # [{"criterion", "score", "rationale"}], one per criterion of the rubric version below.
    reference_scores = models.JSONField(default=list)
    # The rubric wording the reference scores were given against (current at load time).
    rubric_version = models.ForeignKey(
        RubricVersion, on_delete=models.PROTECT, related_name="reference_sessions"
    )

    class Meta:
        ordering = ["level", "slug"]

    def __str__(self) -> str:
        return self.title
