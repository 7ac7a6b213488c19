"""Sessions over the API: the caller's sessions, one session, its event stream, and `me/`.

Every lookup goes through ``interviews.selectors.api``, which only finds sessions the caller may
see: a session of someone else is a 404 (never a 403), so its existence does not leak.
The session lookup and the session filters live here too: the scoring API (its CSV exports and
the session export bundle) reuses them, since every one of those endpoints hangs off a session.
The pieces every endpoint shares (the documented error shape, streamed downloads) live in the
``api`` package.
"""

from __future__ import annotations

from uuid import UUID

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import ApiToken
from accounts.users import signed_in
from api.errors import error_responses
from api.permissions import is_curator

from .api_session_create import SessionCreateInput, SessionCreateThrottle
from .errors import SessionError
from .models import EventType, InterviewSession, Role, SessionMode, SessionStatus, Visibility
from .selectors import api as selectors
from .services import session_create
from .services.throttles import SessionCreateThrottled

# --- Shared with the scoring API ---------------------------------------------------------


def session_or_404(request: Request, session_id: UUID | str) -> InterviewSession:
    session = selectors.session_get_for_api(user=signed_in(request.user), session_id=session_id)
    if session is None:
        raise exceptions.NotFound("No such session.")
    return session


class SessionFilterInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=SessionStatus.choices, required=False)
    role = serializers.ChoiceField(
        choices=Role.choices, required=False, help_text="Your role in the session."
    )
    question = serializers.SlugField(required=False, help_text="The question's slug.")
    participant = serializers.CharField(
        required=False, max_length=150, help_text="Sessions this username takes part in."
    )
    created_after = serializers.DateTimeField(required=False, help_text="Inclusive.")
    created_before = serializers.DateTimeField(required=False, help_text="Exclusive.")

    class Meta:
        ref_name = "SessionFilter"

    def filters(self) -> selectors.SessionFilters:
        known = selectors.SessionFilters.__dataclass_fields__
        return selectors.SessionFilters(
            **{k: v for k, v in self.validated_data.items() if k in known}
        )


def session_filters_from(request: Request) -> selectors.SessionFilters:
    filters = SessionFilterInput(data=request.query_params)
    filters.is_valid(raise_exception=True)
    return filters.filters()


# --- Representations ----------------------------------------------------------------------


class UserRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()

    class Meta:
        ref_name = "UserRef"


class ParticipantOutput(serializers.Serializer):
    user = UserRefOutput()
    role = serializers.ChoiceField(choices=Role.choices)
    joined_at = serializers.DateTimeField()
    left_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "Participant"


class QuestionRefOutput(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()

    class Meta:
        ref_name = "QuestionRef"


class SessionOutput(serializers.Serializer):
    id = serializers.UUIDField()
    question = QuestionRefOutput()
    framework = serializers.SlugField(source="framework.slug")
    mode = serializers.ChoiceField(choices=SessionMode.choices)
    level = serializers.CharField()
    status = serializers.ChoiceField(choices=SessionStatus.choices)
    role = serializers.ChoiceField(
        choices=Role.choices,
        source="viewer_role",
        allow_null=True,
        help_text="Your role in the session (null: staff looking at someone else's).",
    )
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    ended_at = serializers.DateTimeField(allow_null=True)
    end_reason = serializers.CharField(allow_blank=True)
    participants = ParticipantOutput(many=True, source="participants.all")

    class Meta:
        ref_name = "Session"


class PhaseOutput(serializers.Serializer):
    index = serializers.IntegerField()
    slug = serializers.SlugField()
    name = serializers.CharField()
    planned_seconds = serializers.IntegerField()
    planned_minutes = serializers.FloatField()
    actual_seconds = serializers.FloatField()
    actual_minutes = serializers.FloatField()
    overrun_seconds = serializers.FloatField()
    current = serializers.BooleanField(help_text="The phase a live session is in.")

    class Meta:
        ref_name = "SessionPhase"


class BoardOutput(serializers.Serializer):
    version = serializers.IntegerField()
    nodes = serializers.ListField(child=serializers.DictField())
    edges = serializers.ListField(child=serializers.DictField())
    notes = serializers.DictField(child=serializers.CharField(allow_blank=True))

    class Meta:
        ref_name = "Board"


class EventOutput(serializers.Serializer):
    seq = serializers.IntegerField()
    type = serializers.ChoiceField(choices=EventType.choices)
    actor = serializers.IntegerField(allow_null=True, help_text="The user who caused it.")
    visibility = serializers.ChoiceField(choices=Visibility.choices)
    created_at = serializers.DateTimeField()
    payload = serializers.DictField(help_text="The wire message minus type and seq.")

    class Meta:
        ref_name = "SessionEvent"


# --- Endpoints -----------------------------------------------------------------------------


class SessionListApi(APIView):
    """The sessions you take part in (staff: all), filtered and ordered; POST creates one."""

    class FilterSerializer(SessionFilterInput):
        ordering = serializers.ChoiceField(
            choices=list(selectors.SESSION_ORDERINGS), required=False, default="-created_at"
        )

        class Meta:
            ref_name = "SessionListFilter"

    class Pagination(PageNumberPagination):
        page_size = 50
        page_size_query_param = "page_size"
        max_page_size = 200

    class OutputSerializer(serializers.Serializer):
        count = serializers.IntegerField()
        next = serializers.URLField(allow_null=True)
        previous = serializers.URLField(allow_null=True)
        results = SessionOutput(many=True)

        class Meta:
            ref_name = "SessionPage"

    @extend_schema(
        operation_id="sessions_list",
        tags=["sessions"],
        parameters=[
            FilterSerializer,
            OpenApiParameter("page", int, description="1-based page number."),
            OpenApiParameter("page_size", int, description="At most 200 (default 50)."),
        ],
        responses={200: OutputSerializer, **error_responses(400, 404)},
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        sessions = selectors.session_list_for_api(
            user=signed_in(request.user),
            filters=filters.filters(),
            ordering=filters.validated_data["ordering"],
        )
        paginator = self.Pagination()
        page = paginator.paginate_queryset(sessions, request, view=self)
        return paginator.get_paginated_response(SessionOutput(page, many=True).data)

    def get_throttles(self):
        extra = [SessionCreateThrottle()] if self.request.method == "POST" else []
        return [*super().get_throttles(), *extra]

    @extend_schema(
        operation_id="sessions_create",
        tags=["sessions"],
        request=SessionCreateInput,
        responses={201: SessionOutput, **error_responses(400, 403)},
    )
    def post(self, request: Request) -> Response:
        user = signed_in(request.user)
        data = SessionCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            session = session_create(
                created_by=user,
                creator_role=data.validated_data.get("role"),
                **{
                    k: data.validated_data.get(k)
                    for k in ("question", "level", "mode", "framework")
                },
            )
        except SessionCreateThrottled as exc:  # the hourly budget every door shares
            raise exceptions.Throttled(wait=exc.retry_after, detail=exc.message) from exc
        except SessionError as exc:
            raise exceptions.ValidationError({"detail": exc.message}) from exc
        return Response(
            SessionOutput(selectors.session_get_for_api(user=user, session_id=session.pk)).data,
            status=201,
        )


class SessionDetailApi(APIView):
    """One session: participants, phases with planned and actual minutes, the current board."""

    class OutputSerializer(SessionOutput):
        current_phase = serializers.IntegerField()
        paused = serializers.SerializerMethodField()
        last_seq = serializers.IntegerField(help_text="The newest event's seq.")
        phases = serializers.SerializerMethodField()
        board = serializers.SerializerMethodField()

        class Meta:
            ref_name = "SessionDetail"

        def get_paused(self, session: InterviewSession) -> bool:
            return session.paused_at is not None

        @extend_schema_field(PhaseOutput(many=True))
        def get_phases(self, session: InterviewSession) -> list[dict]:
            return selectors.session_phase_list(session=session, now=timezone.now())

        @extend_schema_field(BoardOutput)
        def get_board(self, session: InterviewSession) -> dict:
            return {"version": session.board.version, **session.board.state}

    @extend_schema(
        operation_id="sessions_retrieve",
        tags=["sessions"],
        responses={200: OutputSerializer, **error_responses(404)},
    )
    def get(self, request: Request, session_id: UUID) -> Response:
        return Response(self.OutputSerializer(session_or_404(request, session_id)).data)


class SessionEventListApi(APIView):
    """The session's event log in seq order, as your role may see it (a cursor-paginated stream:
    follow `next` until it is null; keep the last `next` to resume later)."""

    class FilterSerializer(serializers.Serializer):
        type = serializers.MultipleChoiceField(choices=EventType.choices, required=False)
        after_seq = serializers.IntegerField(
            min_value=0, required=False, help_text="Only events with a larger seq."
        )

        class Meta:
            ref_name = "SessionEventFilter"

    class Pagination(CursorPagination):
        ordering = "seq"
        page_size = 100
        page_size_query_param = "page_size"
        max_page_size = 1000

    class OutputSerializer(serializers.Serializer):
        next = serializers.URLField(allow_null=True)
        previous = serializers.URLField(allow_null=True)
        results = EventOutput(many=True)

        class Meta:
            ref_name = "SessionEventPage"

    @extend_schema(
        operation_id="sessions_events_list",
        tags=["sessions"],
        parameters=[
            FilterSerializer,
            OpenApiParameter("cursor", str, description="From `next` or `previous`."),
            OpenApiParameter("page_size", int, description="At most 1000 (default 100)."),
        ],
        responses={200: OutputSerializer, **error_responses(400, 404)},
    )
    def get(self, request: Request, session_id: UUID) -> Response:
        session = session_or_404(request, session_id)
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        events = selectors.session_event_list(
            session=session,
            user=signed_in(request.user),
            types=sorted(filters.validated_data.get("type", ())),
            after_seq=filters.validated_data.get("after_seq"),
        )
        paginator = self.Pagination()
        page = paginator.paginate_queryset(events, request, view=self)
        return paginator.get_paginated_response(
            EventOutput([selectors.event_export(e) for e in page or []], many=True).data
        )


# --- The signed-in user ---------------------------------------------------------------------
# Here rather than in accounts: it counts the user's sessions, and accounts knows no sessions.


class MeApi(APIView):
    """Who you are to the API: your account, how you signed in, your sessions per role."""

    class OutputSerializer(serializers.Serializer):
        class SessionCountsOutput(serializers.Serializer):
            interviewer = serializers.IntegerField()
            candidate = serializers.IntegerField()
            observer = serializers.IntegerField()

            class Meta:
                ref_name = "SessionCounts"

        id = serializers.IntegerField()
        username = serializers.CharField()
        email = serializers.CharField(allow_blank=True)
        is_staff = serializers.BooleanField()
        is_curator = serializers.BooleanField(help_text="May change content.")
        authenticated_by = serializers.ChoiceField(choices=["token", "session"])
        sessions = SessionCountsOutput(help_text="Sessions you took part in, per role.")

        class Meta:
            ref_name = "Me"

    @extend_schema(
        operation_id="me_retrieve",
        tags=["me"],
        responses={200: OutputSerializer, **error_responses()},
    )
    def get(self, request: Request) -> Response:
        user = signed_in(request.user)
        data = {
            "id": user.pk,
            "username": user.get_username(),
            "email": getattr(user, "email", ""),
            "is_staff": user.is_staff,
            "is_curator": is_curator(user),
            "authenticated_by": "token" if isinstance(request.auth, ApiToken) else "session",
            "sessions": selectors.participation_counts(user=user),
        }
        return Response(self.OutputSerializer(data).data)
