"""Scorecards over the API: the interviewer's scorecard and the solo self-assessment.

Who may read or write a scorecard is decided by ``scoring.permissions`` (the same rules as the
pages), and every write goes through ``scoring.services``.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.users import User, signed_in
from api.errors import Conflict, error_responses
from api.parsers import BoundedJSONParser
from interviews.apis import session_or_404
from interviews.models import InterviewSession

from .. import permissions, services
from ..models import CriterionScore, HireSignal, Scorecard, ScorecardKind
from ..selectors import reports


class CriterionScoreOutput(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    score = serializers.IntegerField(allow_null=True, min_value=1, max_value=4)
    comment = serializers.CharField(allow_blank=True)
    tag = serializers.CharField(
        allow_blank=True, help_text='What the comment is about: "component:<id>" or "phase:<slug>".'
    )

    class Meta:
        ref_name = "CriterionScore"


class RubricVersionRefOutput(serializers.Serializer):
    rubric = serializers.SlugField()
    number = serializers.IntegerField(min_value=1)
    title = serializers.CharField()

    class Meta:
        ref_name = "RubricVersionRef"


class ScorecardExportOutput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ScorecardKind.choices)
    author = serializers.CharField(help_text="Who wrote it (username).")
    counts_toward_score = serializers.BooleanField(
        help_text="A shadow scorecard the interviewer folded into the candidate's score."
    )
    rubric = serializers.SlugField()
    rubric_version = serializers.IntegerField(
        allow_null=True, help_text="The number of the rubric version the session pins."
    )
    hire_signal = serializers.ChoiceField(choices=HireSignal.choices, allow_null=True)
    summary = serializers.CharField(allow_blank=True)
    released_at = serializers.DateTimeField(allow_null=True)
    criteria = CriterionScoreOutput(many=True)

    class Meta:
        ref_name = "ScorecardSummary"


class ScorecardOutput(ScorecardExportOutput):
    session = serializers.UUIDField()
    submitted_at = serializers.DateTimeField(
        allow_null=True, help_text="When a self-assessment was finished."
    )
    updated_at = serializers.DateTimeField()

    class Meta:
        ref_name = "Scorecard"


def _scorecard_get(session: InterviewSession, kind: str, author: User) -> Scorecard | None:
    scores = CriterionScore.objects.select_related("criterion").order_by("criterion__order")
    cards = Scorecard.objects.filter(session=session, kind=kind)
    if kind == ScorecardKind.SHADOW:
        cards = cards.filter(author=author)  # each observer's own
    return (
        cards.select_related("session__rubric_version", "rubric", "author")
        .prefetch_related(Prefetch("scores", scores))
        .first()
    )


def _scorecard_data(card: Scorecard) -> dict[str, Any]:
    exported = reports.scorecard_export(card)
    assert exported is not None  # only None for no card
    return {
        **exported,
        "session": card.session_id,
        "submitted_at": card.submitted_at,
        "updated_at": card.updated_at,
    }


WRITER: dict[str, str] = {
    ScorecardKind.INTERVIEWER: "Only the session's interviewer writes its scorecard.",
    ScorecardKind.SELF: "Only the candidate of a solo session writes its self-assessment.",
    ScorecardKind.SHADOW: "Only an observer writes a shadow scorecard, until the interviewer "
    "releases theirs.",
}


class ScorecardApi(APIView):
    """A session's scorecard of one kind: read it (the candidate once it is released), or
    write it (the interviewer; a solo candidate writes the self-assessment) through
    ``scoring.services``."""

    kind = ScorecardKind.INTERVIEWER
    parser_classes = [BoundedJSONParser]

    class InputSerializer(serializers.Serializer):
        class ScoreInput(serializers.Serializer):
            criterion = serializers.SlugField(help_text="The rubric criterion's slug.")
            score = serializers.IntegerField(min_value=1, max_value=4, allow_null=True)
            comment = serializers.CharField(
                allow_blank=True, max_length=5000, required=False, trim_whitespace=False
            )
            tag = serializers.CharField(
                allow_blank=True, max_length=120, required=False,
                help_text='A component ("component:<id>") or phase ("phase:<slug>"), or "".',
            )  # fmt: skip

            class Meta:
                ref_name = "CriterionScoreInput"

        hire_signal = serializers.ChoiceField(choices=HireSignal.choices, allow_blank=True)
        summary = serializers.CharField(allow_blank=True, max_length=10000, trim_whitespace=False)
        scores = ScoreInput(many=True)

        class Meta:
            ref_name = "ScorecardInput"

    def get(self, request: Request, session_id: UUID) -> Response:
        session = session_or_404(request, session_id)
        if permissions.can_write_scorecard(
            user=signed_in(request.user), session=session, kind=self.kind
        ):
            return _scorecard_response(_scorecard_writable(request, session, self.kind))
        card = _scorecard_get(session, self.kind, signed_in(request.user))
        if card is None or not permissions.can_read_scorecard(
            user=signed_in(request.user), scorecard=card
        ):
            raise exceptions.NotFound("No scorecard you may read.")
        return Response(ScorecardOutput(_scorecard_data(card)).data)

    def put(self, request: Request, session_id: UUID) -> Response:
        return self._write(request, session_id, replace=True)

    def patch(self, request: Request, session_id: UUID) -> Response:
        return self._write(request, session_id, replace=False)

    def _write(self, request: Request, session_id: UUID, *, replace: bool) -> Response:
        card = _scorecard_writable(request, session_or_404(request, session_id), self.kind)
        payload = self.InputSerializer(data=request.data, partial=not replace)
        payload.is_valid(raise_exception=True)
        try:
            _scorecard_apply(card, signed_in(request.user), payload.validated_data, replace=replace)
        except services.ScoringError as exc:
            raise Conflict(str(exc)) from exc
        return _scorecard_response(card)


def _scorecard_writable(request: Request, session: InterviewSession, kind: str) -> Scorecard:
    """The scorecard the caller writes (created on first use); 403 for anyone else."""
    if not permissions.can_write_scorecard(
        user=signed_in(request.user), session=session, kind=kind
    ):
        raise exceptions.PermissionDenied(WRITER[kind])
    try:
        card = services.scorecard_get_or_create(
            session=session, kind=kind, user=signed_in(request.user)
        )
    except services.ScoringError as exc:
        raise Conflict(str(exc)) from exc
    card.session = session
    return card


def _scorecard_response(card: Scorecard) -> Response:
    fresh = _scorecard_get(card.session, card.kind, card.author)
    if fresh is None:  # deleted meanwhile
        raise exceptions.NotFound("No scorecard you may read.")
    return Response(ScorecardOutput(_scorecard_data(fresh)).data)


@transaction.atomic
def _scorecard_apply(card: Scorecard, user: User, data: dict[str, Any], *, replace: bool) -> None:
    """Apply a whole (replace) or partial scorecard through the services, all or nothing.

    On replace, criteria missing from ``scores`` are cleared."""
    rows = {row.criterion.slug: row for row in card.scores.select_related("criterion")}
    items = data.get("scores")
    if items is not None:
        given: dict[str, dict[str, Any]] = {}
        for index, item in enumerate(items):
            slug = item.get("criterion")
            if slug not in rows or slug in given:
                problem = "unknown criterion" if slug not in rows else "listed twice"
                raise exceptions.ValidationError(
                    {"code": "invalid_criterion", "scores": {str(index): f"{slug}: {problem}"}}
                )
            given[slug] = item
        for slug, row in rows.items():
            if slug in given:
                item = given[slug]
                score, comment = item.get("score", row.score), item.get("comment")
                tag = item.get("tag")
            elif replace:
                score, comment, tag = None, "", ""
            else:
                continue
            services.scorecard_score_set(
                scorecard=card,
                user=user,
                criterion_id=row.criterion_id,
                score=score,
                comment=comment,
                tag=tag,
            )
    if "hire_signal" in data or "summary" in data:
        services.scorecard_update(
            scorecard=card,
            user=user,
            hire_signal=data.get("hire_signal"),
            summary=data.get("summary"),
        )


def _scorecard_schema(kind: str) -> Any:
    name = {
        ScorecardKind.INTERVIEWER: "scorecard",
        ScorecardKind.SELF: "self_assessment",
        ScorecardKind.SHADOW: "shadow_scorecard",
    }[ScorecardKind(kind)]
    write_errors = error_responses(400, 403, 404, 409)
    return extend_schema_view(
        get=extend_schema(
            operation_id=f"{name}_retrieve",
            tags=["scoring"],
            responses={200: ScorecardOutput, **error_responses(404, 409)},
        ),
        put=extend_schema(
            operation_id=f"{name}_replace",
            tags=["scoring"],
            request=ScorecardApi.InputSerializer,
            responses={200: ScorecardOutput, **write_errors},
            description="Replace the whole scorecard: criteria missing from `scores` are cleared.",
        ),
        patch=extend_schema(
            operation_id=f"{name}_update",
            tags=["scoring"],
            request=ScorecardApi.InputSerializer,
            responses={200: ScorecardOutput, **write_errors},
            description="Change only what is given (a score item without `score` keeps it).",
        ),
    )


@_scorecard_schema(ScorecardKind.INTERVIEWER)
class InterviewerScorecardApi(ScorecardApi):
    kind = ScorecardKind.INTERVIEWER


@_scorecard_schema(ScorecardKind.SELF)
class SelfAssessmentApi(ScorecardApi):
    kind = ScorecardKind.SELF


@_scorecard_schema(ScorecardKind.SHADOW)
class ShadowScorecardApi(ScorecardApi):
    """Your own shadow scorecard of a session you observe: hidden from everyone else until
    the interviewer releases theirs, and frozen from then on."""

    kind = ScorecardKind.SHADOW


class ScorecardReleaseApi(APIView):
    """Show the interviewer's scorecard to the candidate (and fold it into the report)."""

    @extend_schema(
        operation_id="scorecard_release",
        tags=["scoring"],
        request=None,
        responses={200: ScorecardOutput, **error_responses(403, 404, 409)},
    )
    def post(self, request: Request, session_id: UUID) -> Response:
        card = _scorecard_writable(
            request, session_or_404(request, session_id), ScorecardKind.INTERVIEWER
        )
        try:
            services.scorecard_release(scorecard=card, user=signed_in(request.user))
        except services.ScoringError as exc:
            raise Conflict(str(exc)) from exc
        return _scorecard_response(card)


class SelfAssessmentSubmitApi(APIView):
    """Finish a solo self-assessment; it can no longer change afterwards."""

    @extend_schema(
        operation_id="self_assessment_submit",
        tags=["scoring"],
        request=None,
        responses={200: ScorecardOutput, **error_responses(403, 404, 409)},
    )
    def post(self, request: Request, session_id: UUID) -> Response:
        card = _scorecard_writable(request, session_or_404(request, session_id), ScorecardKind.SELF)
        try:
            services.scorecard_submit(scorecard=card, user=signed_in(request.user))
        except services.ScoringError as exc:
            raise Conflict(str(exc)) from exc
        return _scorecard_response(card)
