"""``POST sessions/import/``: a solo practice session whose board starts from a board JSON
(the room's Export JSON), the API's door to ``practice_session_import``."""

from __future__ import annotations

import json

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.users import signed_in
from api.errors import error_responses
from api.throttling import PerUserThrottle
from content.models import Level, Question

from .apis import SessionOutput
from .board_import import MAX_IMPORT_BYTES, BoardImportError
from .errors import SessionError
from .selectors import api as selectors
from .services import practice_session_import
from .services.throttles import SessionCreateThrottled


class BoardImportThrottle(PerUserThrottle):
    """Every upload is parsed and checked, refused ones too: a bucket of its own, per user."""

    scope = "board_import"

    def get_rate(self) -> str | None:
        return self.THROTTLE_RATES.get(self.scope)  # no rate configured: this bucket is off


class BoardImportInput(serializers.Serializer):
    question = serializers.SlugRelatedField(
        slug_field="slug", queryset=Question.objects.published()
    )
    level = serializers.ChoiceField(choices=Level.choices)
    board = serializers.JSONField(
        help_text="The board as the room's Export JSON writes it "
        f"(format designroom-board, version 1); at most {MAX_IMPORT_BYTES // 1024} KiB."
    )

    class Meta:
        ref_name = "BoardImport"

    def validate_board(self, value):
        if len(json.dumps(value).encode()) > MAX_IMPORT_BYTES:
            raise serializers.ValidationError(f"The board is over {MAX_IMPORT_BYTES // 1024} KiB.")
        return value


class SessionImportApi(APIView):
    """Create a solo practice session whose board starts from an exported board."""

    def get_throttles(self):
        return [*super().get_throttles(), BoardImportThrottle()]

    @extend_schema(
        operation_id="sessions_import",
        tags=["sessions"],
        request=BoardImportInput,
        responses={201: SessionOutput, **error_responses(400, 403, 429)},
    )
    def post(self, request: Request) -> Response:
        user = signed_in(request.user)
        data = BoardImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            session = practice_session_import(
                created_by=user,
                question=data.validated_data["question"],
                level=data.validated_data["level"],
                document=data.validated_data["board"],
            )
        except BoardImportError as exc:
            raise exceptions.ValidationError({"board": exc.problems}) from exc
        except SessionCreateThrottled as exc:
            raise exceptions.Throttled(wait=exc.retry_after, detail=exc.message) from exc
        except SessionError as exc:
            raise exceptions.ValidationError({"detail": exc.message}) from exc
        return Response(
            SessionOutput(selectors.session_get_for_api(user=user, session_id=session.pk)).data,
            status=201,
        )
