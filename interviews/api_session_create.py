"""The input and the rate limit of session creation over the API (``POST sessions/``)."""

from __future__ import annotations

from rest_framework import serializers

from api.throttling import PerUserThrottle
from content.models import InterviewFramework, Level, Question

from .models import Role, SessionMode


class SessionCreateThrottle(PerUserThrottle):
    """Creating sessions writes rows for each: a bucket of its own, per user."""

    scope = "session_create"

    def get_rate(self) -> str | None:
        return self.THROTTLE_RATES.get(self.scope)  # no rate configured: this bucket is off


# The roles a session's creator may take (named in settings.SPECTACULAR_SETTINGS).
CREATOR_ROLES = [(Role.INTERVIEWER.value, "Interviewer"), (Role.CANDIDATE.value, "Candidate")]


class SessionCreateInput(serializers.Serializer):
    question = serializers.SlugRelatedField(
        slug_field="slug", queryset=Question.objects.published()
    )
    level = serializers.ChoiceField(choices=Level.choices)
    mode = serializers.ChoiceField(choices=SessionMode.choices)
    role = serializers.ChoiceField(
        choices=CREATOR_ROLES,
        required=False,
        help_text="Your role in a peer session (default interviewer); solo: candidate.",
    )
    framework = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=InterviewFramework.objects.all(),
        required=False,
        help_text="Default: the default format of the question's track (standard or experience).",
    )

    class Meta:
        ref_name = "SessionCreate"
