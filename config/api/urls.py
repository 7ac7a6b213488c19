"""Routes of the REST API under /api/v1/, the OpenAPI schema and its docs, and /api/ itself:
an index of them."""

from django.conf import settings
from django.urls import URLPattern, include, path, re_path, register_converter, reverse
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from api.errors import api_404
from calls import apis as call_apis
from content.apis import KIND_VIEWS, ContentPackExportApi, ContentPackImportApi
from content.apis_rubric_versions import RubricVersionListApi
from interviews import apis as session_apis
from interviews.api_board_import import SessionImportApi
from practice import apis as practice_apis
from scoring import apis as scoring_apis

v1 = [
    # Before the rubrics' own routes, whose slug would swallow "<slug>/versions/".
    path(
        "content/rubrics/<slug:slug>/versions/",
        RubricVersionListApi.as_view(),
        name="rubric-versions",
    ),
    path("content/packs/import/", ContentPackImportApi.as_view(), name="content-pack-import"),
    path("content/packs/export/", ContentPackExportApi.as_view(), name="content-pack-export"),
]


class StoredSlugConverter:
    """Any stored slug, percent-encoded: entries saved before slugs were validated (spaces,
    slashes, non-ASCII) stay reachable, so a curator can read and delete them."""

    regex = r"[^\x00]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(StoredSlugConverter, "stored_slug")
for _name, (_list, _detail) in KIND_VIEWS.items():
    v1 += [
        path(f"{_name}/", _list, name=f"{_name}-list"),
        path(f"{_name}/<stored_slug:slug>/", _detail, name=f"{_name}-detail"),
    ]

# Sessions, scoring, exports and the signed-in user (see docs/api.md).
_session = "sessions/<uuid:session_id>/"
_recording = _session + "recordings/<int:recording_id>/"
v1 += [
    path(_session + "call/ice-servers/", call_apis.IceServersApi.as_view(), name="call-ice"),
    path(_session + "recordings/", call_apis.RecordingListApi.as_view(), name="recording-list"),
    path(_recording, call_apis.RecordingDetailApi.as_view(), name="recording-detail"),
    path(
        _recording + "consent/", call_apis.RecordingConsentApi.as_view(), name="recording-consent"
    ),
    path(_recording + "stop/", call_apis.RecordingStopApi.as_view(), name="recording-stop"),
    path(
        _recording + "segments/<int:segment>/chunks/<int:index>/",
        call_apis.ChunkApi.as_view(),
        name="recording-chunk",
    ),
]
v1 += [
    path("me/", session_apis.MeApi.as_view(), name="me"),
    path("me/progress/", scoring_apis.ProgressApi.as_view(), name="me-progress"),
    path("me/agreement/", scoring_apis.RaterAgreementApi.as_view(), name="me-agreement"),
    path("sessions/", session_apis.SessionListApi.as_view(), name="session-list"),
    path("sessions/import/", SessionImportApi.as_view(), name="session-import"),
    path(_session, session_apis.SessionDetailApi.as_view(), name="session-detail"),
    path(f"{_session}events/", session_apis.SessionEventListApi.as_view(), name="session-events"),
    path(f"{_session}export/", scoring_apis.SessionExportApi.as_view(), name="session-export"),
    path(f"{_session}diagram/", scoring_apis.DiagramApi.as_view(), name="session-diagram"),
    path(
        f"{_session}diagram.svg", scoring_apis.DiagramSvgApi.as_view(), name="session-diagram-svg"
    ),
    path(
        f"{_session}scorecards/interviewer/",
        scoring_apis.InterviewerScorecardApi.as_view(),
        name="scorecard",
    ),
    path(
        f"{_session}scorecards/interviewer/release/",
        scoring_apis.ScorecardReleaseApi.as_view(),
        name="scorecard-release",
    ),
    path(
        f"{_session}scorecards/self/",
        scoring_apis.SelfAssessmentApi.as_view(),
        name="self-assessment",
    ),
    path(
        f"{_session}scorecards/self/submit/",
        scoring_apis.SelfAssessmentSubmitApi.as_view(),
        name="self-assessment-submit",
    ),
    path(
        f"{_session}scorecards/shadow/",
        scoring_apis.ShadowScorecardApi.as_view(),
        name="shadow-scorecard",
    ),
    path(
        f"{_session}scorecards/shadows/",
        scoring_apis.ShadowScorecardListApi.as_view(),
        name="shadow-scorecards",
    ),
    path(
        f"{_session}scorecards/shadows/<int:scorecard_id>/count/",
        scoring_apis.ShadowScorecardCountApi.as_view(),
        name="shadow-scorecard-count",
    ),
    path(f"{_session}agreement/", scoring_apis.AgreementApi.as_view(), name="agreement"),
    path(f"{_session}report/", scoring_apis.ReportApi.as_view(), name="report"),
    path(
        f"{_session}report/regenerate/",
        scoring_apis.ReportRegenerateApi.as_view(),
        name="report-regenerate",
    ),
    path("exports/scorecards.csv", scoring_apis.ScorecardCsvApi.as_view(), name="scorecards-csv"),
    path("exports/reports.csv", scoring_apis.ReportCsvApi.as_view(), name="reports-csv"),
    # Practice: offers, matches, rating the interviewer (docs/api.md)
    path("practice/offers/", practice_apis.OfferListApi.as_view(), name="practice-offers"),
    path(
        "practice/offers/<uuid:offer_id>/",
        practice_apis.OfferDetailApi.as_view(),
        name="practice-offer",
    ),
    path("practice/matches/", practice_apis.MatchListApi.as_view(), name="practice-matches"),
    path(
        "practice/matches/<uuid:match_id>/",
        practice_apis.MatchDetailApi.as_view(),
        name="practice-match",
    ),
    path(
        "practice/matches/<uuid:match_id>/cancel/",
        practice_apis.MatchCancelApi.as_view(),
        name="practice-match-cancel",
    ),
    path(
        f"{_session}interviewer-feedback/",
        practice_apis.InterviewerFeedbackApi.as_view(),
        name="interviewer-feedback",
    ),
]


@extend_schema(exclude=True)  # the index of the schema is not part of it
@api_view(["GET"])
@permission_classes([AllowAny])  # routes only, no data: the landing for anyone who finds /api/
def api_index(request: Request) -> Response:
    """Where everything is: the schema, its docs, and each v1 collection (routes without a
    path parameter); details are in the schema."""
    collections = {
        p.name: request.build_absolute_uri(reverse(f"api:v1:{p.name}"))
        for p in v1
        if isinstance(p, URLPattern) and p.name and not p.pattern.converters
    }
    return Response(
        {
            "name": settings.SPECTACULAR_SETTINGS["TITLE"],
            "version": settings.SPECTACULAR_SETTINGS["VERSION"],
            "schema": request.build_absolute_uri(reverse("api:schema")),
            "docs": request.build_absolute_uri(reverse("api:docs")),
            "v1": collections,
        }
    )


urlpatterns = [
    path("", api_index, name="index"),
    path("v1/", include((v1, "v1"))),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # Last: any other path under /api/ is the JSON 404. Only paths ending in "/" match, so that
    # APPEND_SLASH still redirects `concepts` to `concepts/` before this answers. [\s\S], not
    # `.`, so a path holding an (encoded) newline is one too; not the (?s) flag, which Django
    # cannot reverse (and then no URL of the site could be).
    re_path(r"^[\s\S]*/$", api_404),
]
