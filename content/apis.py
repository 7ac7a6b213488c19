"""Content over the API, in the content-pack entry format (the same shape as the YAML packs).

Reads are open to signed-in users; writes are for curators and go through the pack loader, so
the API and `loadcontent` validate and upsert exactly the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models.deletion import ProtectedError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import BaseParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.users import AnyUser
from api.errors import error_responses
from api.parsers import BoundedJSONParser, body_read
from api.permissions import ReadAuthenticatedWriteCurator, is_curator

from . import selectors
from .permissions import MaterialKind, material_readable_ids
from .services import PackError, content_pack_apply, pack_parse, pack_validate
from .services import pack_export as export
from .services.pack_validation import Entry

# What a candidate must not read before practising (the report shows strong_answer after).
INTERVIEWER_ONLY_QUESTION_FIELDS = (
    "reference_outline",
    "hints",
    "follow_ups",
    "curveballs",
    "strong_answer",
    "expectations",
)
INTERVIEWER_ONLY_PHASE_FIELDS = ("interviewer_guidance", "interviewer_prompts")


def _question_trim(item: dict) -> None:
    for key in INTERVIEWER_ONLY_QUESTION_FIELDS:
        item.pop(key, None)


def _framework_trim(item: dict) -> None:
    for phase in item.get("phases", []):
        for key in INTERVIEWER_ONLY_PHASE_FIELDS:
            phase.pop(key, None)


def _rubric_trim(item: dict) -> None:
    for criterion in item.get("criteria", []):
        criterion.pop("anchors", None)


# The kinds that carry interviewer-only material, and how to remove it for other readers.
INTERVIEWER_ONLY: dict[str, tuple[MaterialKind, Callable[[dict], None]]] = {
    "questions": ("question", _question_trim),
    "frameworks": ("framework", _framework_trim),
    "rubrics": ("rubric", _rubric_trim),
}


@dataclass(frozen=True)
class ContentKind:
    section: str
    all_entries: Callable[[], models.QuerySet]
    serialize: Callable[[Any], dict]

    def queryset(self, user: AnyUser) -> models.QuerySet:
        qs = self.all_entries()
        if self.section == "questions" and not is_curator(user):
            qs = qs.filter(published=True)  # drafts are for curators
        return qs


KINDS = {
    "frameworks": ContentKind("frameworks", selectors.framework_list, export.framework_serialize),
    "nfr-categories": ContentKind(
        "nfr_categories", selectors.nfr_category_list, export.nfr_category_serialize
    ),
    "concepts": ContentKind("concepts", selectors.concept_list, export.concept_serialize),
    "questions": ContentKind(
        "questions", selectors.question_list_for_api, export.question_serialize
    ),
    "rubrics": ContentKind("rubrics", selectors.rubric_list, export.rubric_serialize),
}


class PackEntryError(exceptions.ValidationError):
    def __init__(self, exc: PackError):
        super().__init__(
            {
                "code": "invalid_content",
                "file": exc.file,
                "entry": exc.entry,
                "field": exc.field,
                "problem": exc.problem,
            }
        )


def _serialize_for(request: Request, kind: ContentKind, objs: list) -> list[dict]:
    """Entries as this reader may see them: interviewer-only material only where
    ``content.permissions`` says so (curators always)."""
    data = [kind.serialize(o) for o in objs]
    if kind.section not in INTERVIEWER_ONLY:
        return data
    material, trim = INTERVIEWER_ONLY[kind.section]
    visible = material_readable_ids(user=request.user, kind=material, ids=[o.pk for o in objs])
    for obj, item in zip(objs, data, strict=True):
        if obj.pk not in visible:
            trim(item)
    return data


def _validated(kind: ContentKind, entry: Any) -> dict[str, list[Entry]]:
    try:
        return pack_validate({"request body": {kind.section: [entry]}})
    except PackError as exc:
        raise PackEntryError(exc) from exc


def _apply(entries: dict[str, list[Entry]]) -> None:
    try:
        content_pack_apply(entries=entries)
    except PackError as exc:
        raise PackEntryError(exc) from exc


ENTRY = OpenApiTypes.OBJECT
LIST = inline_serializer(
    "ContentPage",
    {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": serializers.ListField(child=serializers.DictField()),
    },
)


class ContentListApi(APIView):
    """List or create entries of one content kind (frameworks, questions, ...)."""

    permission_classes = [ReadAuthenticatedWriteCurator]
    parser_classes = [BoundedJSONParser]
    kind_name = ""

    @property
    def kind(self) -> ContentKind:
        return KINDS[self.kind_name]

    @extend_schema(
        parameters=[OpenApiParameter("page", int, description="1-based page number (50 a page).")],
        responses={200: LIST, **error_responses(404)},
    )
    def get(self, request: Request) -> Response:
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(
            self.kind.queryset(self.request.user), request, view=self
        )
        return paginator.get_paginated_response(
            _serialize_for(request, self.kind, list(page or []))
        )

    @extend_schema(request=ENTRY, responses={201: ENTRY, **error_responses(400, 403)})
    def post(self, request: Request) -> Response:
        entries = _validated(self.kind, request.data)  # before any lookup by its slug
        slug = request.data["slug"]
        if self.kind.queryset(self.request.user).filter(slug=slug).exists():
            raise exceptions.ValidationError(
                {"code": "duplicate_slug", "slug": f"'{slug}' already exists"}
            )
        _apply(entries)
        obj = self.kind.queryset(self.request.user).get(slug=slug)
        return Response(self.kind.serialize(obj), status=status.HTTP_201_CREATED)


class ContentDetailApi(APIView):
    """Read, replace or delete one content entry by slug."""

    permission_classes = [ReadAuthenticatedWriteCurator]
    parser_classes = [BoundedJSONParser]
    kind_name = ""

    @property
    def kind(self) -> ContentKind:
        return KINDS[self.kind_name]

    def _get(self, slug: str):
        obj = self.kind.queryset(self.request.user).filter(slug=slug).first()
        if obj is None:
            raise exceptions.NotFound(f"No {self.kind_name} entry '{slug}'.")
        return obj

    @extend_schema(responses={200: ENTRY, **error_responses(404)})
    def get(self, request: Request, slug: str) -> Response:
        return Response(_serialize_for(request, self.kind, [self._get(slug)])[0])

    @extend_schema(request=ENTRY, responses={200: ENTRY, **error_responses(400, 403, 404)})
    def put(self, request: Request, slug: str) -> Response:
        self._get(slug)
        if not isinstance(request.data, dict) or request.data.get("slug", slug) != slug:
            raise exceptions.ValidationError(
                {"code": "slug_mismatch", "slug": "the body's slug must match the URL"}
            )
        _apply(_validated(self.kind, {**request.data, "slug": slug}))
        return Response(self.kind.serialize(self._get(slug)))

    @extend_schema(responses={204: None, **error_responses(400, 403, 404)})
    def delete(self, request: Request, slug: str) -> Response:
        obj = self._get(slug)
        try:
            with transaction.atomic():
                obj.delete()
        except ProtectedError as exc:
            users = sorted({str(type(o)._meta.verbose_name_plural) for o in exc.protected_objects})
            raise exceptions.ValidationError(
                {
                    "code": "in_use",
                    "slug": f"'{slug}' is used by existing {' and '.join(users)} and cannot "
                    "be deleted",
                }
            ) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)


class YamlTextParser(BaseParser):
    """One YAML file as the body, within the API's size limit."""

    media_type = "application/yaml"

    def parse(self, stream, media_type=None, parser_context=None):
        return {"files": {"upload.yaml": body_read(stream).decode("utf-8", errors="replace")}}


PACK_RESULT = inline_serializer(
    "PackImportResult",
    {
        "dry_run": serializers.BooleanField(),
        "created": serializers.IntegerField(),
        "updated": serializers.IntegerField(),
        "unchanged": serializers.IntegerField(),
        "by_kind": serializers.DictField(),
        "rubric_versions_created": serializers.ListField(
            child=serializers.CharField(),
            help_text="Rubrics a session already used: the change became this new version.",
        ),
    },
)


class ContentPackImportApi(APIView):
    """Import a content pack (validated whole, then applied atomically), or validate it with ?dry_run=1."""

    permission_classes = [ReadAuthenticatedWriteCurator]
    parser_classes = [BoundedJSONParser, YamlTextParser]

    @extend_schema(
        request=inline_serializer(
            "PackFiles", {"files": serializers.DictField(child=serializers.CharField())}
        ),
        parameters=[OpenApiParameter("dry_run", bool, required=False)],
        responses={200: PACK_RESULT, **error_responses(400, 403)},
    )
    def post(self, request: Request) -> Response:
        if not is_curator(request.user):
            raise exceptions.PermissionDenied("Only curators may import content.")
        files = request.data.get("files") if isinstance(request.data, dict) else None
        if (
            not isinstance(files, dict)
            or not all(isinstance(v, str) for v in files.values())
            or not files
        ):
            raise exceptions.ValidationError(
                {"code": "bad_request", "files": "expected {file name: YAML text}"}
            )
        dry_run = request.query_params.get("dry_run") in ("1", "true", "yes")
        try:
            result = content_pack_apply(entries=pack_parse(files), dry_run=dry_run)
        except PackError as exc:
            raise PackEntryError(exc) from exc
        by_kind = {
            k: dict(zip(("created", "updated", "unchanged"), v, strict=True))
            for k, v in result.by_kind.items()
        }
        return Response(
            {
                "dry_run": dry_run,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "by_kind": by_kind,
                "rubric_versions_created": result.versions_created,
            }
        )


class ContentPackExportApi(APIView):
    """The whole content as a canonical pack: {file name: YAML text}, as `exportcontent` writes it."""

    permission_classes = [ReadAuthenticatedWriteCurator]

    @extend_schema(
        responses={
            200: inline_serializer(
                "PackExport", {"files": serializers.DictField(child=serializers.CharField())}
            ),
            **error_responses(403),
        }
    )
    def get(self, request: Request) -> Response:
        if not is_curator(request.user):
            raise exceptions.PermissionDenied("Only curators may export content packs.")
        return Response({"files": export.content_pack_files()})


def _kind_views(name: str) -> tuple[Any, Any]:
    """A list and a detail view for one content kind, with their own OpenAPI operation ids."""
    base = name.replace("-", "_")
    list_view: Any = extend_schema_view(
        get=extend_schema(operation_id=f"{base}_list", tags=["content"]),
        post=extend_schema(operation_id=f"{base}_create", tags=["content"]),
    )(type(f"{name.title().replace('-', '')}ListApi", (ContentListApi,), {"kind_name": name}))
    detail_view: Any = extend_schema_view(
        get=extend_schema(operation_id=f"{base}_retrieve", tags=["content"]),
        put=extend_schema(operation_id=f"{base}_replace", tags=["content"]),
        delete=extend_schema(operation_id=f"{base}_delete", tags=["content"]),
    )(type(f"{name.title().replace('-', '')}DetailApi", (ContentDetailApi,), {"kind_name": name}))
    return list_view.as_view(), detail_view.as_view()


KIND_VIEWS = {name: _kind_views(name) for name in KINDS}
