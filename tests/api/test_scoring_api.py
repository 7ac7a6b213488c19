"""Scorecards, reports, diagram, progress, me/ and the CSV exports over the API."""

from __future__ import annotations

import csv
import io
import warnings

import pytest
from asgiref.sync import async_to_sync
from django.db import connection
from django.test import AsyncClient
from django.test.utils import CaptureQueriesContext

from content.models import Question
from interviews.models import InterviewSession, Role
from interviews.services import invite_accept, invite_create, session_create
from scoring.models import (
    FeedbackReport,
    ReportStatus,
    Scorecard,
    ScorecardKind,
)
from scoring.selectors import progress, reports
from scoring.services import scorecard_get_or_create, scorecard_release, scorecard_update

from .conftest import PRIVATE_NOTE, SELF_COMMENT, UNRELEASED_COMMENT, token_client


def _url(session, tail: str) -> str:
    return f"/api/v1/sessions/{session.pk}/{tail}"


def _card(w, kind=ScorecardKind.INTERVIEWER) -> Scorecard:
    session = w.session if kind == ScorecardKind.INTERVIEWER else w.solo
    return Scorecard.objects.get(session=session, kind=kind)


def _scores(card: Scorecard) -> dict[str, tuple[int | None, str]]:
    return {s.criterion.slug: (s.score, s.comment) for s in card.scores.select_related("criterion")}


# --- Scorecards -------------------------------------------------------------------------------


def test_interviewer_replaces_the_scorecard(w):
    body = {
        "hire_signal": "hire",
        "summary": "Clear requirements, solid caching.",
        "scores": [
            {"criterion": "estimation", "score": 3, "comment": "Did the math."},
            {"criterion": "high-level-design", "score": 4},
        ],
    }
    response = w.client("interviewer").put(
        _url(w.session, "scorecards/interviewer/"), body, format="json"
    )
    assert response.status_code == 200
    card = _card(w)
    assert (card.hire_signal, card.summary) == ("hire", body["summary"])
    scores = _scores(card)
    assert scores["estimation"] == (3, "Did the math.")
    assert scores["high-level-design"] == (4, "")
    assert scores["requirements-clarity"] == (None, "")  # not in a PUT: cleared
    criteria = {c["slug"]: c for c in response.json()["criteria"]}
    assert criteria["estimation"]["score"] == 3


def test_interviewer_patches_only_what_is_given(w):
    response = w.client("interviewer").patch(
        _url(w.session, "scorecards/interviewer/"),
        {"scores": [{"criterion": "estimation", "score": 2}]},
        format="json",
    )
    assert response.status_code == 200
    card = _card(w)
    scores = _scores(card)
    assert scores["estimation"] == (2, "")
    assert scores["requirements-clarity"] == (2, UNRELEASED_COMMENT)  # untouched
    assert card.hire_signal == "no_hire"


def test_patching_a_comment_keeps_the_score(w):
    w.client("interviewer").patch(
        _url(w.session, "scorecards/interviewer/"),
        {"scores": [{"criterion": "requirements-clarity", "comment": "Revised."}]},
        format="json",
    )
    assert _scores(_card(w))["requirements-clarity"] == (2, "Revised.")


@pytest.mark.parametrize(
    "scores",
    [
        [{"criterion": "estimation", "score": 5}],
        [{"criterion": "no-such-criterion", "score": 2}],
        [{"criterion": "estimation", "score": 2}, {"criterion": "estimation", "score": 3}],
    ],
)
def test_invalid_scores_are_refused_and_nothing_changes(w, scores):
    before = _scores(_card(w))
    response = w.client("interviewer").patch(
        _url(w.session, "scorecards/interviewer/"),
        {"summary": "changed", "scores": scores},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["details"]
    assert _scores(_card(w)) == before
    assert _card(w).summary != "changed"


def test_candidate_reads_the_scorecard_only_once_released(w, django_capture_on_commit_callbacks):
    candidate = w.client("candidate")
    assert candidate.get(_url(w.session, "scorecards/interviewer/")).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        released = w.client("interviewer").post(_url(w.session, "scorecards/interviewer/release/"))
    assert released.status_code == 200
    assert released.json()["released_at"] is not None
    body = candidate.get(_url(w.session, "scorecards/interviewer/")).json()
    assert body["criteria"][0]["comment"] == UNRELEASED_COMMENT
    # Releasing folds the scorecard into the report: it was generated again.
    assert FeedbackReport.objects.get(session=w.session).attempts == 2


def test_candidate_cannot_write_the_interviewers_scorecard(w):
    response = w.client("candidate").patch(
        _url(w.session, "scorecards/interviewer/"), {"summary": "I was great"}, format="json"
    )
    assert response.status_code == 403
    assert "interviewer" in response.json()["error"]["message"]
    assert _card(w).summary != "I was great"


def test_solo_candidate_self_assesses_then_submits(w):
    client = w.client("candidate")
    mine = client.get(_url(w.solo, "scorecards/self/")).json()
    assert mine["kind"] == "self"
    assert mine["criteria"][0]["comment"] == SELF_COMMENT
    response = client.patch(
        _url(w.solo, "scorecards/self/"),
        {"hire_signal": "hire", "scores": [{"criterion": "estimation", "score": 3}]},
        format="json",
    )
    assert response.status_code == 200
    assert _scores(_card(w, ScorecardKind.SELF))["estimation"] == (3, "")
    submitted = client.post(_url(w.solo, "scorecards/self/submit/"))
    assert submitted.json()["submitted_at"] is not None
    late = client.patch(_url(w.solo, "scorecards/self/"), {"summary": "more"}, format="json")
    assert late.status_code == 409
    assert late.json()["error"]["code"] == "conflict"


def test_interviewer_scorecard_is_created_on_first_read(w):
    Scorecard.objects.filter(session=w.session).delete()
    body = w.client("interviewer").get(_url(w.session, "scorecards/interviewer/")).json()
    assert body["rubric"] == "standard-senior"
    assert [c["score"] for c in body["criteria"]] == [None] * len(body["criteria"])


def test_session_authenticated_writes_need_the_csrf_token(w):
    client = w.client("interviewer", csrf=True)
    url = _url(w.session, "scorecards/interviewer/")
    refused = client.patch(url, {"summary": "no token"}, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["error"]["message"]
    assert _card(w).summary != "no token"
    client.get("/api/docs/?script=")  # Swagger UI's init script carries the CSRF token
    token = client.cookies["csrftoken"].value
    accepted = client.patch(url, {"summary": "with token"}, format="json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 200
    assert _card(w).summary == "with token"


def test_token_authenticated_writes_need_no_csrf_token(w):
    response = token_client(w.users["interviewer"]).post(_url(w.session, "report/regenerate/"))
    assert response.status_code == 202


# --- Reports ----------------------------------------------------------------------------------


def test_report_for_the_interviewer_has_notes_scorecard_and_curveballs(w):
    body = w.client("interviewer").get(_url(w.session, "report/")).json()
    assert body["report"]["status"] == "ready"
    assert (
        body["report"]["overall_score"]
        == FeedbackReport.objects.get(session=w.session).overall_score
    )
    assert [n["text"] for n in body["private_notes"]] == [PRIVATE_NOTE]
    assert body["scorecard"]["summary"].startswith("UNRELEASED-SUMMARY")
    items = body["report"]["result"]["process"]["curveballs"]["items"]
    texts = {c.text for c in Question.objects.get(slug="url-shortener").curveballs.all()}
    assert {item["text"] for item in items} == texts


def test_report_for_the_candidate_hides_interviewer_only_parts(w):
    body = w.client("candidate").get(_url(w.session, "report/")).json()
    assert body["report"]["status"] == "ready"
    assert body["private_notes"] == []
    assert body["scorecard"] is None
    curveballs = body["report"]["result"]["process"]["curveballs"]
    assert curveballs["total"] == len(curveballs["items"]) > 0
    assert all("text" not in item for item in curveballs["items"])


def test_report_lists_the_strong_answer_components_the_diagram_shows(w):
    body = w.client("candidate").get(_url(w.session, "report/")).json()
    rows = {row["component"]: row for row in body["strong_answer"]}
    question = Question.objects.get(slug="url-shortener")
    assert list(rows) == [c["component"] for c in question.strong_answer]
    assert rows["Stateless redirect service"]["nodes"] == ["Redirect API"]
    assert rows["CDN or edge for hot links"] == {
        "component": "CDN or edge for hot links",
        "present": False,
        "nodes": [],
    }


def test_report_json_page_hides_curveball_texts_from_the_candidate_too(w, client):
    client.force_login(w.users["candidate"])
    body = client.get(f"/sessions/{w.session.pk}/report.json").content.decode()
    for curveball in Question.objects.get(slug="url-shortener").curveballs.all():
        assert curveball.text[:40] not in body


def test_report_of_an_unreported_session_is_null(w):
    FeedbackReport.objects.filter(session=w.session).delete()
    body = w.client("candidate").get(_url(w.session, "report/")).json()
    assert body["report"] is None


def test_regenerate_requeues_and_runs_the_report(w, django_capture_on_commit_callbacks):
    client = w.client("interviewer")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(_url(w.session, "report/regenerate/"))
    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    for callback in callbacks:
        callback()
    report = FeedbackReport.objects.get(session=w.session)
    assert (report.status, report.attempts) == (ReportStatus.READY, 2)


def test_regenerate_a_live_session_is_a_conflict(w):
    InterviewSession.objects.filter(pk=w.session.pk).update(status="live")
    response = w.client("interviewer").post(_url(w.session, "report/regenerate/"))
    assert response.status_code == 409
    assert "ended" in response.json()["error"]["message"]


# --- Diagram ----------------------------------------------------------------------------------


def test_diagram_json_has_the_board_and_the_reports_findings(w):
    body = w.client("observer").get(_url(w.session, "diagram/")).json()
    assert {n["id"] for n in body["board"]["nodes"]} == {"users", "lb", "api", "cache", "db"}
    report = FeedbackReport.objects.get(session=w.session)
    assert body["findings"] == report.result["critique"]
    assert body["findings"]


def test_diagram_svg_marks_findings(w):
    response = w.client("candidate").get(
        _url(w.session, "diagram.svg"), HTTP_ACCEPT="image/svg+xml"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert svg.startswith("<svg")
    assert 'class="node node-database flagged" data-id="db"' in svg


def test_svg_errors_stay_json_whatever_the_accept_header(w):
    response = w.client("stranger").get(_url(w.session, "diagram.svg"), HTTP_ACCEPT="image/svg+xml")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"


# --- Me and progress --------------------------------------------------------------------------


def test_me_says_who_and_how(w):
    body = token_client(w.users["candidate"]).get("/api/v1/me/").json()
    assert body["username"] == "cody"
    assert body["authenticated_by"] == "token"
    assert body["sessions"] == {"interviewer": 0, "candidate": 2, "observer": 0}
    curator = w.client("curator").get("/api/v1/me/").json()
    assert (curator["is_curator"], curator["is_staff"], curator["authenticated_by"]) == (
        True,
        False,
        "session",
    )


def test_progress_has_the_progress_pages_figures(w):
    body = w.client("candidate").get("/api/v1/me/progress/").json()
    context = progress.progress_context(user=w.users["candidate"])
    assert [s["session"] for s in body["sessions"]] == [
        str(r.session_id) for r in context["reports"]
    ]
    assert [s["overall_score"] for s in body["sessions"]] == [
        r.overall_score for r in context["reports"]
    ]
    assert len(body["sessions"]) == 2
    assert [row["statuses"] for row in body["coverage"]] == [
        row["cells"] for row in context["coverage_rows"]
    ]
    assert w.client("interviewer").get("/api/v1/me/progress/").json()["sessions"] == []


# --- CSV exports ------------------------------------------------------------------------------


def _csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_scorecards_csv_holds_only_readable_scorecards(w):
    interviewer = _csv(w.client("interviewer").get("/api/v1/exports/scorecards.csv"))
    assert [(r["session"], r["kind"]) for r in interviewer] == [(str(w.session.pk), "interviewer")]
    assert interviewer[0]["summary"].startswith("UNRELEASED-SUMMARY")
    assert interviewer[0]["scores"].startswith("requirements-clarity=2;estimation=;")
    candidate = _csv(w.client("candidate").get("/api/v1/exports/scorecards.csv"))
    assert [(r["session"], r["kind"]) for r in candidate] == [(str(w.solo.pk), "self")]
    # The observer reads their own shadow scorecard; nobody else does before the release.
    observer = _csv(w.client("observer").get("/api/v1/exports/scorecards.csv"))
    assert [(r["kind"], r["author"]) for r in observer] == [("shadow", "olga")]
    assert observer[0]["rubric_version"] == "1"
    assert {r["kind"] for r in _csv(w.client("staff").get("/api/v1/exports/scorecards.csv"))} == {
        "interviewer",
        "self",
    }


def test_scorecards_csv_shows_the_candidate_a_released_scorecard(w):
    scorecard_release(scorecard=_card(w), user=w.users["interviewer"])
    rows = _csv(w.client("candidate").get("/api/v1/exports/scorecards.csv"))
    assert {r["kind"] for r in rows} == {"interviewer", "self"}


def test_csv_neutralises_spreadsheet_formulas(w):
    scorecard_update(scorecard=_card(w), user=w.users["interviewer"], summary="=HYPERLINK(1)")
    rows = _csv(w.client("interviewer").get("/api/v1/exports/scorecards.csv"))
    assert rows[0]["summary"] == "'=HYPERLINK(1)"


def test_staff_filters_the_csv(w):
    staff = w.client("staff")
    rows = _csv(staff.get("/api/v1/exports/scorecards.csv?participant=ivy"))
    assert [r["session"] for r in rows] == [str(w.session.pk)]
    assert _csv(staff.get("/api/v1/exports/reports.csv?status=scheduled")) == []
    bad = staff.get("/api/v1/exports/reports.csv?created_after=soon")
    assert bad.status_code == 400
    assert bad["Content-Type"] == "application/json"


def test_reports_csv_has_scores_and_each_nfr_status(w):
    rows = _csv(w.client("candidate").get("/api/v1/exports/reports.csv"))
    assert {r["session"] for r in rows} == {str(w.session.pk), str(w.solo.pk)}
    peer = next(r for r in rows if r["session"] == str(w.session.pk))
    report = FeedbackReport.objects.get(session=w.session)
    assert peer["overall_score"] == str(report.overall_score)
    assert peer["candidate"] == "cody"
    assert peer["nfr_latency"] == report.result["nfr"]["latency"]["status"]
    assert [
        r["session"] for r in _csv(w.client("observer").get("/api/v1/exports/reports.csv"))
    ] == [str(w.session.pk)]


def _more_scored_sessions(w, count: int) -> None:
    """More ended sessions of the interviewer and candidate, each scored and reported."""
    question = Question.objects.get(slug="url-shortener")
    template = FeedbackReport.objects.get(session=w.session)
    for _ in range(count):
        session = session_create(
            created_by=w.users["interviewer"], question=question, level="senior", mode="peer"
        )
        issued = invite_create(
            session=session, role=Role.CANDIDATE, created_by=w.users["interviewer"]
        )
        invite_accept(token=issued.token, user=w.users["candidate"])
        InterviewSession.objects.filter(pk=session.pk).update(
            status="ended", ended_at=w.session.ended_at
        )
        scorecard_get_or_create(
            session=session, kind=ScorecardKind.INTERVIEWER, user=w.users["interviewer"]
        )
        FeedbackReport.objects.create(
            session=session,
            analyzer_version=template.analyzer_version,
            status=ReportStatus.READY,
            result=template.result,
            overall_score=template.overall_score,
        )


@pytest.mark.parametrize(
    ("actor", "url"),
    [
        ("interviewer", "/api/v1/exports/scorecards.csv"),
        ("interviewer", "/api/v1/exports/reports.csv"),
        ("candidate", "/api/v1/exports/reports.csv"),
        ("candidate", "/api/v1/me/progress/"),
        ("staff", "/api/v1/exports/scorecards.csv"),
    ],
)
def test_list_query_count_does_not_grow_with_the_rows(w, actor, url):
    client = w.client(actor)

    def fetch():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200
        return len(queries), body

    few_queries, few = fetch()
    _more_scored_sessions(w, 5)
    many_queries, many = fetch()
    assert len(many) > len(few)
    assert many_queries == few_queries


def test_csv_reads_the_rows_in_chunks(w, monkeypatch):
    """Streamed: scorecards come from the database a chunk at a time (scores prefetched per
    chunk), never all at once."""
    _more_scored_sessions(w, 4)
    monkeypatch.setattr(reports, "EXPORT_CHUNK", 2)
    client = w.client("interviewer")
    with CaptureQueriesContext(connection) as queries:
        rows = _csv(client.get("/api/v1/exports/scorecards.csv"))
    assert len(rows) == 5
    score_queries = [q for q in queries if 'FROM "scoring_criterionscore"' in q["sql"]]
    assert len(score_queries) == 3  # 5 scorecards in chunks of 2


def test_csv_is_written_lazily(w):
    """Nothing is read before the client reads the body."""
    client = w.client("interviewer")
    with CaptureQueriesContext(connection) as before_reading:
        response = client.get("/api/v1/exports/scorecards.csv")
    assert not [q for q in before_reading if 'FROM "scoring_scorecard"' in q["sql"]]
    with CaptureQueriesContext(connection) as reading:
        b"".join(response.streaming_content)
    assert [q for q in reading if 'FROM "scoring_scorecard"' in q["sql"]]


def _asgi_download(user, url: str):
    """GET through Django's ASGI handler (as daphne serves it), reading the body as it streams."""
    client = AsyncClient()
    client.force_login(user)

    async def fetch():
        response = await client.get(url)
        return response, [chunk async for chunk in response]

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        response, chunks = async_to_sync(fetch)()
    drained = [w for w in caught if "consume synchronous iterators" in str(w.message)]
    return response, chunks, drained


@pytest.mark.parametrize(
    ("url", "rows"),
    [("/api/v1/exports/scorecards.csv", 1), ("/api/v1/exports/reports.csv", 1)],
)
def test_csv_streams_under_asgi_without_draining_into_a_list(w, url, rows):
    response, chunks, drained = _asgi_download(w.users["interviewer"], url)
    assert response.status_code == 200
    assert response.is_async
    assert drained == []
    assert len(chunks) == 1 + rows  # the header, then each row as it is written
    assert len(list(csv.DictReader(io.StringIO(b"".join(chunks).decode())))) == rows
