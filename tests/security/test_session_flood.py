"""One account cannot flood the app with sessions, and a long history cannot flood a page:
creating sessions is throttled per user (the reported attack made 300 in 8 s), with a clear
message and a 429; the dashboard and the progress page (and its API) render one page of rows,
with a constant number of queries however many sessions the user has.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from interviews.models import InterviewSession, Participant, Role, SessionStatus
from interviews.pages.dashboard import DASHBOARD_PAGE_SESSIONS
from interviews.services import session_create
from interviews.services.throttles import SessionCreateThrottled, session_create_budget
from scoring.analysis import ANALYZER_VERSION
from scoring.models import FeedbackReport, ReportStatus
from scoring.selectors.progress import PROGRESS_PAGE_SESSIONS

pytestmark = pytest.mark.django_db

SESSION_CREATE_PER_HOUR = session_create_budget()


def _form(question, framework) -> dict[str, str]:
    return {
        "question": question.slug,
        "level": "senior",
        "mode": "solo",
        "framework": framework.slug,
    }


def test_creating_sessions_past_the_hourly_budget_is_refused_with_a_clear_message(
    framework, question, rubric, people
):
    client = Client()
    client.force_login(people["candidate"])
    url = reverse("interviews:session_new")
    for _ in range(SESSION_CREATE_PER_HOUR):
        assert client.post(url, _form(question, framework)).status_code == 302
    refused = client.post(url, _form(question, framework))
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    page = refused.content.decode()
    assert f"{SESSION_CREATE_PER_HOUR} sessions in the last hour" in page
    assert "minute" in page
    created = InterviewSession.objects.filter(created_by=people["candidate"]).count()
    assert created == SESSION_CREATE_PER_HOUR


def test_the_budget_is_per_user_and_every_door_shares_it(framework, question, rubric, people):
    for _ in range(SESSION_CREATE_PER_HOUR):
        session_create(
            created_by=people["candidate"], question=question, level="senior", mode="solo"
        )
    with pytest.raises(SessionCreateThrottled, match="last hour"):
        session_create(
            created_by=people["candidate"], question=question, level="senior", mode="solo"
        )
    # Someone else is not affected.
    session_create(created_by=people["interviewer"], question=question, level="senior", mode="peer")


def test_the_budget_refills_as_the_hour_passes(framework, question, rubric, people):
    for _ in range(SESSION_CREATE_PER_HOUR):
        session_create(
            created_by=people["candidate"], question=question, level="senior", mode="solo"
        )
    an_hour_ago = timezone.now() - timezone.timedelta(minutes=61)
    InterviewSession.objects.filter(created_by=people["candidate"]).update(created_at=an_hour_ago)
    session_create(created_by=people["candidate"], question=question, level="senior", mode="solo")


# --- pages of rows, constant queries ----------------------------------------------------------


def _sessions(user, framework, question, count: int, status: str) -> list[InterviewSession]:
    """Sessions written straight to the table (the throttle is not what is tested here)."""
    now = timezone.now()
    sessions = InterviewSession.objects.bulk_create(
        InterviewSession(
            question=question,
            framework=framework,
            level="senior",
            mode="solo",
            status=status,
            created_by=user,
            created_at=now - timezone.timedelta(minutes=i),
            ended_at=now - timezone.timedelta(minutes=i) if status == SessionStatus.ENDED else None,
        )
        for i in range(count)
    )
    Participant.objects.bulk_create(
        Participant(session=s, user=user, role=Role.CANDIDATE) for s in sessions
    )
    return sessions


def _dashboard(user) -> tuple[str, int]:
    client = Client()
    client.force_login(user)
    client.get(reverse("interviews:dashboard"))  # warm the session and auth queries
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("interviews:dashboard"))
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_dashboard_renders_one_page_with_constant_queries(framework, question, people):
    user = people["candidate"]
    _sessions(user, framework, question, 30, SessionStatus.ENDED)
    _, few = _dashboard(user)
    _sessions(user, framework, question, 300, SessionStatus.ENDED)
    _sessions(user, framework, question, 40, SessionStatus.SCHEDULED)
    page, many = _dashboard(user)
    assert page.count('class="card session-item') == DASHBOARD_PAGE_SESSIONS
    assert many == few
    assert "page=2" in page  # the way to older sessions


def test_the_dashboard_pages_reach_every_session(framework, question, people):
    user = people["candidate"]
    _sessions(user, framework, question, DASHBOARD_PAGE_SESSIONS + 5, SessionStatus.ENDED)
    client = Client()
    client.force_login(user)
    second = client.get(reverse("interviews:dashboard"), {"page": 2}).content.decode()
    assert second.count('class="card session-item') == 5


def _reports(user, framework, question, count: int) -> None:
    sessions = _sessions(user, framework, question, count, SessionStatus.ENDED)
    FeedbackReport.objects.bulk_create(
        FeedbackReport(
            session=s,
            analyzer_version=ANALYZER_VERSION,
            status=ReportStatus.READY,
            overall_score=50,
            result={"scores": {"coverage": 40}, "nfr": {}},
        )
        for s in sessions
    )


def _progress(user) -> tuple[str, int]:
    client = Client()
    client.force_login(user)
    client.get(reverse("scoring:progress"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("scoring:progress"))
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_progress_page_renders_one_page_with_constant_queries(framework, question, people):
    user = people["candidate"]
    _reports(user, framework, question, 30)
    _, few = _progress(user)
    _reports(user, framework, question, 300)
    page, many = _progress(user)
    assert page.count("/report/") == PROGRESS_PAGE_SESSIONS  # one column link per session
    assert many == few
    assert "page=2" in page


def test_the_progress_api_is_paged_too(framework, question, people):
    user = people["candidate"]
    _reports(user, framework, question, PROGRESS_PAGE_SESSIONS * 2 + 3)
    client = APIClient()
    client.force_login(user)
    body = client.get("/api/v1/me/progress/").json()
    assert len(body["sessions"]) == PROGRESS_PAGE_SESSIONS
    assert body["count"] == PROGRESS_PAGE_SESSIONS * 2 + 3
    last = client.get("/api/v1/me/progress/", {"page": 3}).json()
    assert len(last["sessions"]) == 3
    assert all(len(row["statuses"]) == 3 for row in last["coverage"])


def test_the_api_shares_the_budget_and_answers_429(framework, question, rubric, people):
    for _ in range(SESSION_CREATE_PER_HOUR):
        session_create(
            created_by=people["candidate"], question=question, level="senior", mode="solo"
        )
    client = APIClient()
    client.force_login(people["candidate"])
    response = client.post(
        "/api/v1/sessions/",
        {"question": question.slug, "level": "senior", "mode": "solo"},
        format="json",
    )
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    error = response.json()["error"]
    assert error["code"] == "throttled"
    assert "in the last hour" in error["message"]
