"""Practice over the API: one's offers, one's matches, and rating an interviewer. The same
services and the same rules as the pages: another person's offer or match is a 404."""

from __future__ import annotations

from uuid import UUID

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.users import User, signed_in
from api.errors import Conflict, error_responses
from api.throttling import PerUserThrottle
from content.models import Level
from interviews.apis import session_or_404
from interviews.models import Role

from . import selectors
from .models import DURATIONS, InterviewerFeedback, Match, Offer, PracticeRole
from .services.matches import MatchRefused, match_cancel
from .services.offers import MAX_TAGS, OfferRefused, OfferRequest, offer_create, offer_withdraw
from .services.people import PeopleRefused, Rating, interviewer_feedback_submit
from .timezones import zone_names


class OfferOutput(serializers.Serializer):
    id = serializers.UUIDField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField()
    time_zone = serializers.CharField()
    level = serializers.ChoiceField(choices=Level.choices)
    role = serializers.ChoiceField(choices=PracticeRole.choices)
    tags = serializers.SerializerMethodField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "PracticeOffer"

    def get_tags(self, offer: Offer) -> list[str]:
        return [tag.slug for tag in offer.tags.all()]


class OfferInput(serializers.Serializer):
    day = serializers.DateField(help_text="The local date in time_zone.")
    time = serializers.TimeField(help_text="The local start time in time_zone (HH:MM).")
    time_zone = serializers.CharField(max_length=64, help_text="An IANA zone, e.g. Europe/Paris.")
    duration_minutes = serializers.ChoiceField(choices=[(d, f"{d} minutes") for d in DURATIONS])
    level = serializers.ChoiceField(choices=Level.choices)
    role = serializers.ChoiceField(choices=PracticeRole.choices)
    tags = serializers.ListField(
        child=serializers.SlugField(max_length=60),
        max_length=MAX_TAGS,
        required=False,
        default=list,
    )

    class Meta:
        ref_name = "PracticeOfferCreate"

    def validate_time_zone(self, value: str) -> str:
        if value not in zone_names():
            raise serializers.ValidationError(f"'{value[:64]}' is not a time zone.")
        return value


class OfferRefusedError(exceptions.APIException):
    """A well-formed offer the rules refuse (past, overlapping, too many): the reason is
    the error's message, the field it concerns under details."""

    status_code = 400
    default_detail = "The offer was refused."
    default_code = "offer_refused"


class OfferCreateThrottle(PerUserThrottle):
    """Offers run the matcher: a bucket of their own (beside the hourly count in the
    service, which every door shares)."""

    scope = "practice_offer"

    def get_rate(self) -> str | None:
        return self.THROTTLE_RATES.get(self.scope)


class OfferListApi(APIView):
    """Your practice offers (newest window last); POST offers a time."""

    def get_throttles(self):
        extra = [OfferCreateThrottle()] if self.request.method == "POST" else []
        return [*super().get_throttles(), *extra]

    @extend_schema(
        operation_id="practice_offers_list",
        tags=["practice"],
        responses={200: OfferOutput(many=True), **error_responses()},
    )
    def get(self, request: Request) -> Response:
        offers = selectors.offer_list_for_user(user_id=signed_in(request.user).pk)[:200]
        return Response(OfferOutput(offers, many=True).data)

    @extend_schema(
        operation_id="practice_offers_create",
        tags=["practice"],
        request=OfferInput,
        responses={201: OfferOutput, **error_responses(400)},
    )
    def post(self, request: Request) -> Response:
        data = OfferInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        offer_request = OfferRequest(
            day=v["day"],
            clock=v["time"],
            time_zone=v["time_zone"],
            duration_minutes=int(v["duration_minutes"]),
            level=v["level"],
            role=v["role"],
            tags=tuple(v["tags"]),
        )
        try:
            offer = offer_create(user=signed_in(request.user), request=offer_request)
        except OfferRefused as exc:
            if exc.retry_after:
                raise exceptions.Throttled(wait=exc.retry_after, detail=exc.message) from exc
            raise OfferRefusedError(
                {"detail": exc.message, **({exc.field: [exc.message]} if exc.field else {})}
            ) from exc
        return Response(OfferOutput(offer).data, status=201)


class OfferDetailApi(APIView):
    """One of your offers; DELETE withdraws it while it is open."""

    def _offer(self, request: Request, offer_id: UUID) -> Offer:
        offer = Offer.objects.filter(pk=offer_id, user=signed_in(request.user)).first()
        if offer is None:
            raise exceptions.NotFound("No such offer.")
        return offer

    @extend_schema(
        operation_id="practice_offers_retrieve",
        tags=["practice"],
        responses={200: OfferOutput, **error_responses(404)},
    )
    def get(self, request: Request, offer_id: UUID) -> Response:
        return Response(OfferOutput(self._offer(request, offer_id)).data)

    @extend_schema(
        operation_id="practice_offers_withdraw",
        tags=["practice"],
        responses={200: OfferOutput, **error_responses(404, 409)},
    )
    def delete(self, request: Request, offer_id: UUID) -> Response:
        offer = self._offer(request, offer_id)
        try:
            offer = offer_withdraw(offer_id=offer.pk, user=signed_in(request.user))
        except OfferRefused as exc:
            raise Conflict(exc.message) from exc
        return Response(OfferOutput(offer).data)


class MatchOutput(serializers.Serializer):
    id = serializers.UUIDField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    swap = serializers.BooleanField()
    status = serializers.CharField()
    sequence = serializers.IntegerField(help_text="The calendar version (iCalendar SEQUENCE).")
    partner = serializers.SerializerMethodField()
    partner_reliability = serializers.SerializerMethodField()
    sessions = serializers.SerializerMethodField()

    class Meta:
        ref_name = "PracticeMatch"

    def _me(self) -> User:
        return self.context["user"]

    def get_partner(self, match: Match) -> str:
        partner = match.user_second if self._me().pk == match.user_first_id else match.user_first
        return partner.get_username()

    def get_partner_reliability(self, match: Match) -> dict[str, int]:
        kept = selectors.reliability_of(user_id=match.partner_id_of(self._me().pk))
        return {"kept": kept.kept, "booked": kept.booked}

    def get_sessions(self, match: Match) -> list[str]:
        """Your sessions of the match, in order (a swap has two)."""
        return [str(s) for s in (match.first_session_id, match.second_session_id) if s]


class MatchListApi(APIView):
    """Your practice matches, newest first."""

    @extend_schema(
        operation_id="practice_matches_list",
        tags=["practice"],
        responses={200: MatchOutput(many=True), **error_responses()},
    )
    def get(self, request: Request) -> Response:
        user = signed_in(request.user)
        matches = selectors.match_list_for_user(user_id=user.pk)[:200]
        return Response(MatchOutput(matches, many=True, context={"user": user}).data)


def _match_or_404(request: Request, match_id: UUID) -> Match:
    try:
        return selectors.match_get_for_user(match_id=match_id, user_id=signed_in(request.user).pk)
    except Match.DoesNotExist as exc:
        raise exceptions.NotFound("No such match.") from exc


class MatchDetailApi(APIView):
    """One of your matches."""

    @extend_schema(
        operation_id="practice_matches_retrieve",
        tags=["practice"],
        responses={200: MatchOutput, **error_responses(404)},
    )
    def get(self, request: Request, match_id: UUID) -> Response:
        match = _match_or_404(request, match_id)
        return Response(MatchOutput(match, context={"user": request.user}).data)


class MatchCancelApi(APIView):
    """Cancel one of your matches before it starts; your partner is emailed."""

    @extend_schema(
        operation_id="practice_matches_cancel",
        tags=["practice"],
        request=None,
        responses={200: MatchOutput, **error_responses(404, 409)},
    )
    def post(self, request: Request, match_id: UUID) -> Response:
        match = _match_or_404(request, match_id)
        try:
            match = match_cancel(match_id=match.pk, user=signed_in(request.user))
        except MatchRefused as exc:
            raise Conflict(exc.message) from exc
        match = _match_or_404(request, match_id)
        return Response(MatchOutput(match, context={"user": request.user}).data)


class InterviewerFeedbackOutput(serializers.Serializer):
    preparedness = serializers.IntegerField(min_value=1, max_value=4)
    clarity = serializers.IntegerField(min_value=1, max_value=4)
    hints = serializers.IntegerField(min_value=1, max_value=4, help_text="Use of hints.")
    comment = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")
    created_at = serializers.DateTimeField(read_only=True)

    class Meta:
        ref_name = "InterviewerFeedback"


class InterviewerFeedbackApi(APIView):
    """The candidate's rating of the interviewer of a peer session: read by both of them
    (and staff), written once by the candidate after the session ended."""

    def _readable(self, request: Request, session_id: UUID) -> InterviewerFeedback | None:
        user = signed_in(request.user)
        session = session_or_404(request, session_id)  # 404 for those who may not see it
        roles = set(session.participants.filter(user=user).values_list("role", flat=True))
        if not user.is_staff and not roles & {Role.CANDIDATE, Role.INTERVIEWER}:
            raise exceptions.PermissionDenied("Only the candidate and the interviewer read it.")
        return InterviewerFeedback.objects.filter(session=session).first()

    @extend_schema(
        operation_id="interviewer_feedback_retrieve",
        tags=["practice"],
        responses={200: InterviewerFeedbackOutput, **error_responses(403, 404)},
    )
    def get(self, request: Request, session_id: UUID) -> Response:
        feedback = self._readable(request, session_id)
        if feedback is None:
            raise exceptions.NotFound("The interviewer has not been rated for this session.")
        return Response(InterviewerFeedbackOutput(feedback).data)

    @extend_schema(
        operation_id="interviewer_feedback_create",
        tags=["practice"],
        request=InterviewerFeedbackOutput,
        responses={201: InterviewerFeedbackOutput, **error_responses(400, 403, 404, 409)},
    )
    def post(self, request: Request, session_id: UUID) -> Response:
        session = session_or_404(request, session_id)
        if not session.participants.filter(user=signed_in(request.user)).exists():
            raise exceptions.PermissionDenied("Only the candidate rates the interviewer.")
        data = InterviewerFeedbackOutput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            feedback = interviewer_feedback_submit(
                session_id=session.pk,
                author=signed_in(request.user),
                rating=Rating(**data.validated_data),
            )
        except PeopleRefused as exc:
            if exc.status == 403:
                raise exceptions.PermissionDenied(exc.message) from exc
            if exc.status == 404:
                raise exceptions.NotFound(exc.message) from exc
            if exc.status == 409:
                raise Conflict(exc.message) from exc
            raise exceptions.ValidationError({"detail": exc.message}) from exc
        return Response(InterviewerFeedbackOutput(feedback).data, status=201)
