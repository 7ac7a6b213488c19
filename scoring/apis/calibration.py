"""Rater calibration over the API: shadow scorecards, a session's agreement, your history.

Shapes come from ``scoring.selectors`` (the pages use the same), visibility from
``scoring.permissions``: a shadow scorecard is its author's alone until the interviewer
releases theirs.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.users import signed_in
from api.errors import error_responses
from api.parsers import BoundedJSONParser
from interviews.apis import session_or_404

from .. import services
from ..analysis.agreement import Agreement
from ..models import Scorecard, ScorecardKind
from ..selectors.agreement import rater_agreement_history, session_agreement
from ..selectors.reports import scorecard_export, shadow_scorecards_visible
from .scorecards import ScorecardExportOutput


class AgreementFiguresOutput(serializers.Serializer):
    pairs = serializers.IntegerField(help_text="Criteria both raters scored.")
    exact = serializers.FloatField(allow_null=True, help_text="Share with the same score.")
    within_one = serializers.FloatField(allow_null=True, help_text="Share at most 1 apart.")

    class Meta:
        ref_name = "AgreementFigures"


def _figures(a: Agreement) -> dict[str, Any]:
    return {"pairs": a.pairs, "exact": a.exact, "within_one": a.within_one}


class ShadowScorecardListApi(APIView):
    """The session's shadow scorecards you may read: your own; once the interviewer released
    theirs, every one of them for the session's raters (never for the candidate)."""

    class OutputSerializer(serializers.Serializer):
        scorecards = ScorecardExportOutput(many=True)

        class Meta:
            ref_name = "ShadowScorecards"

    @extend_schema(
        operation_id="shadow_scorecards_list",
        tags=["scoring"],
        responses={200: OutputSerializer, **error_responses(404)},
    )
    def get(self, request: Request, session_id: UUID) -> Response:
        session = session_or_404(request, session_id)
        cards = shadow_scorecards_visible(session=session, user=signed_in(request.user))
        return Response({"scorecards": [scorecard_export(c) for c in cards]})


class ShadowScorecardCountApi(APIView):
    """Let a shadow scorecard count toward the candidate's score, or stop it counting: the
    interviewer's choice, after releasing their own."""

    parser_classes = [BoundedJSONParser]

    class InputSerializer(serializers.Serializer):
        counts = serializers.BooleanField()

        class Meta:
            ref_name = "ShadowScorecardCountInput"

    @extend_schema(
        operation_id="shadow_scorecard_count",
        tags=["scoring"],
        request=InputSerializer,
        responses={200: ScorecardExportOutput, **error_responses(400, 403, 404)},
    )
    def post(self, request: Request, session_id: UUID, scorecard_id: int) -> Response:
        session = session_or_404(request, session_id)
        card = (
            Scorecard.objects.filter(pk=scorecard_id, session=session, kind=ScorecardKind.SHADOW)
            .select_related("session__rubric_version", "rubric", "author")
            .first()
        )
        if card is None:
            raise exceptions.NotFound("No such shadow scorecard.")
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            services.scorecard_fold_in(
                scorecard=card,
                user=signed_in(request.user),
                counts=payload.validated_data["counts"],
            )
        except PermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from exc
        return Response(scorecard_export(card))


class AgreementApi(APIView):
    """Where the interviewer and each observer agree on this session, criterion by criterion
    with the anchor text of both scores; for the raters, once the interviewer released."""

    class OutputSerializer(serializers.Serializer):
        class CriterionRowOutput(serializers.Serializer):
            slug = serializers.SlugField()
            title = serializers.CharField()
            interviewer_score = serializers.IntegerField(allow_null=True)
            interviewer_anchor = serializers.CharField(allow_blank=True)
            shadow_score = serializers.IntegerField(allow_null=True)
            shadow_anchor = serializers.CharField(allow_blank=True)
            difference = serializers.IntegerField(
                allow_null=True, help_text="Shadow minus interviewer."
            )

            class Meta:
                ref_name = "AgreementCriterionRow"

        class ComparisonOutput(serializers.Serializer):
            shadow_author = serializers.CharField()
            agreement = AgreementFiguresOutput()
            criteria = serializers.ListField(child=serializers.DictField())

            class Meta:
                ref_name = "AgreementComparison"

        interviewer = serializers.CharField()
        overall = AgreementFiguresOutput()
        comparisons = ComparisonOutput(many=True)

        class Meta:
            ref_name = "SessionAgreement"

    @extend_schema(
        operation_id="session_agreement",
        tags=["scoring"],
        responses={200: OutputSerializer, **error_responses(404)},
    )
    def get(self, request: Request, session_id: UUID) -> Response:
        session = session_or_404(request, session_id)
        result = session_agreement(session=session, user=signed_in(request.user))
        if result is None:
            raise exceptions.NotFound(
                "No agreement to show: the interviewer has not released, or you are not a rater."
            )
        return Response(
            {
                "interviewer": result["interviewer"].author.get_username(),
                "overall": _figures(result["overall"]),
                "comparisons": [_comparison(c) for c in result["comparisons"]],
            }
        )


def _comparison(c: dict[str, Any]) -> dict[str, Any]:
    Row = AgreementApi.OutputSerializer.CriterionRowOutput
    rows = [
        Row(
            {
                "slug": r["criterion"].slug,
                "title": r["criterion"].title,
                **{k: r[k] for k in ("interviewer_score", "interviewer_anchor")},
                **{k: r[k] for k in ("shadow_score", "shadow_anchor", "difference")},
            }
        ).data
        for r in c["rows"]
    ]
    return {
        "shadow_author": c["scorecard"].author.get_username(),
        "agreement": _figures(c["agreement"]),
        "criteria": rows,
    }


class RaterAgreementApi(APIView):
    """Your agreement with the other raters across your released sessions: as interviewer
    (against each shadow scorecard) and as observer. Cohen's kappa, weighted quadratically,
    with the sessions and criterion pairs behind it."""

    class OutputSerializer(serializers.Serializer):
        class RoleOutput(serializers.Serializer):
            sessions = serializers.IntegerField()
            pairs = serializers.IntegerField()
            exact = serializers.FloatField(allow_null=True)
            within_one = serializers.FloatField(allow_null=True)
            kappa = serializers.FloatField(allow_null=True, help_text="None when undefined.")
            weighting = serializers.CharField()

            class Meta:
                ref_name = "RaterAgreementRole"

        interviewer = RoleOutput()
        observer = RoleOutput()

        class Meta:
            ref_name = "RaterAgreement"

    @extend_schema(
        operation_id="me_agreement",
        tags=["me"],
        responses={200: OutputSerializer, **error_responses()},
    )
    def get(self, request: Request) -> Response:
        return Response(rater_agreement_history(user=signed_in(request.user)))
