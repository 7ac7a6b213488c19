"""Consented recordings of a session's call: one per request, both sides' consent, each
browser's microphone as segments of WebM/Opus chunks (a reload starts a new segment)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from interviews.models import InterviewSession


class RecordingStatus(models.TextChoices):
    REQUESTED = "requested", "Asked, waiting for consent"
    RECORDING = "recording", "Recording"
    STOPPED = "stopped", "Stopped"
    DECLINED = "declined", "Declined"


OPEN_STATUSES = (RecordingStatus.REQUESTED, RecordingStatus.RECORDING)


class Recording(models.Model):
    session = models.ForeignKey(
        InterviewSession, on_delete=models.CASCADE, related_name="recordings"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=RecordingStatus.choices, default=RecordingStatus.REQUESTED
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    stopped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            # One question at a time: a second request while one is open is refused.
            models.UniqueConstraint(
                fields=["session"],
                condition=Q(status__in=["requested", "recording"]),
                name="recording_one_open_per_session",
            ),
        ]

    def __str__(self) -> str:
        return f"recording {self.pk} of {self.session_id} ({self.status})"


class RecordingConsent(models.Model):
    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="consents")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recording", "user"], name="consent_once_per_user"),
        ]

    def __str__(self) -> str:
        return f"consent of {self.user_id} to {self.recording_id}"


class RecordingSegment(models.Model):
    """One browser's uninterrupted MediaRecorder run: its chunks concatenate to one WebM."""

    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="segments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()  # per recording and user, from 0
    # Server clock: when the first chunk's audio began (its arrival minus its duration).
    started_at = models.DateTimeField(null=True, blank=True)
    duration_ms = models.PositiveBigIntegerField(default=0)
    size = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["recording", "user", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["recording", "user", "number"], name="segment_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"segment {self.number} of {self.user_id} in {self.recording_id}"


def chunk_path(chunk: RecordingChunk, filename: str) -> str:
    segment = chunk.segment
    recording = segment.recording
    return (
        f"recordings/{recording.session_id}/{recording.pk}/"
        f"{segment.user_id}-{segment.number}/{chunk.index:06d}.webm"
    )


class RecordingChunk(models.Model):
    segment = models.ForeignKey(RecordingSegment, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    file = models.FileField(upload_to=chunk_path, max_length=300)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    duration_ms = models.PositiveIntegerField()
    received_at = models.DateTimeField(default=timezone.now)  # the server's clock

    class Meta:
        ordering = ["segment", "index"]
        constraints = [
            models.UniqueConstraint(fields=["segment", "index"], name="chunk_index_unique"),
        ]

    def __str__(self) -> str:
        return f"chunk {self.index} of segment {self.segment_id}"
