"""The signed-in user over the API (`me/`)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import error_responses
from api.permissions import is_curator
from interviews.selectors.api import participation_counts

from .models import ApiToken


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
        user = request.user
        data = {
            "id": user.pk,
            "username": user.get_username(),
            "email": getattr(user, "email", ""),
            "is_staff": user.is_staff,
            "is_curator": is_curator(user),
            "authenticated_by": "token" if isinstance(request.auth, ApiToken) else "session",
            "sessions": participation_counts(user=user),
        }
        return Response(self.OutputSerializer(data).data)
