"""A rubric's version history over the API, with the changes from each version to the next.

Anchors are interviewer-only material: they come only when ``content.permissions`` lets the
reader see the rubric's material (curators always), as on the rubric itself.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import error_responses
from api.permissions import ReadAuthenticatedWriteCurator

from .models import Rubric, RubricVersion
from .permissions import material_readable
from .selectors import rubric_version_list
from .services.rubric_versions import rubric_version_diff, rubric_versions_in_use


class RubricVersionListApi(APIView):
    """Every version of a rubric, oldest first: its texts and criteria (anchors for readers
    of the rubric's material), whether sessions pin it (then it never changes again), and
    what changed from the version before."""

    permission_classes = [ReadAuthenticatedWriteCurator]

    class OutputSerializer(serializers.Serializer):
        class VersionOutput(serializers.Serializer):
            number = serializers.IntegerField(min_value=1)
            title = serializers.CharField()
            description = serializers.CharField(allow_blank=True)
            created_at = serializers.DateTimeField()
            in_use = serializers.BooleanField(help_text="A session pins it: it is frozen.")
            criteria = serializers.ListField(child=serializers.DictField())
            changes = serializers.ListField(
                child=serializers.DictField(),
                help_text="From the previous version: added, removed, or changed fields.",
            )

            class Meta:
                ref_name = "RubricVersion"

        rubric = serializers.SlugField()
        current = serializers.IntegerField(allow_null=True)
        versions = VersionOutput(many=True)

        class Meta:
            ref_name = "RubricVersions"

    @extend_schema(
        operation_id="rubric_versions_list",
        tags=["content"],
        responses={200: OutputSerializer, **error_responses(404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        rubric = Rubric.objects.filter(slug=slug).select_related("current_version").first()
        if rubric is None:
            raise exceptions.NotFound("No such rubric.")
        anchors = material_readable(user=request.user, kind="rubric", pk=rubric.pk)
        versions = list(rubric_version_list(rubric=rubric))
        used = rubric_versions_in_use(v.pk for v in versions)
        out = []
        for before, version in zip([None, *versions], versions, strict=False):
            changes = rubric_version_diff(before, version) if before else []
            if not anchors:
                changes = [c for c in changes if not c.get("field", "").startswith("anchor_")]
            out.append(_version(version, version.pk in used, anchors, changes))
        current = rubric.current_version.number if rubric.current_version else None
        return Response({"rubric": rubric.slug, "current": current, "versions": out})


def _version(
    version: RubricVersion, in_use: bool, anchors: bool, changes: list[dict[str, Any]]
) -> dict[str, Any]:
    criteria = []
    for c in version.criteria.all():
        item: dict[str, Any] = {
            "slug": c.slug,
            "title": c.title,
            "assesses": c.assesses,
            "weight": c.weight,
            "phase": c.phase.slug if c.phase else None,
        }
        if anchors:
            item["anchors"] = c.anchors
        criteria.append(item)
    return {
        "number": version.number,
        "title": version.title,
        "description": version.description,
        "created_at": version.created_at,
        "in_use": in_use,
        "criteria": criteria,
        "changes": changes,
    }
