"""The report page, its JSON export and the progress page, for each kind of visitor."""

import pytest
from django.urls import reverse

from interviews.models import PrivateNote
from scoring.models import FeedbackReport, ReportStatus, ScorecardKind
from scoring.services import scorecard_get_or_create, scorecard_score_set

pytestmark = pytest.mark.django_db


def _get(client, user, name, session):
    client.force_login(user)
    return client.get(reverse(name, args=[session.pk]))


def test_report_page_shows_score_checklist_diagram_timeline_and_study(
    client, ended_peer_session, users
):
    body = _get(
        client, users["candidate"], "scoring:report", ended_peer_session.session
    ).content.decode()
    report = FeedbackReport.objects.get(session=ended_peer_session.session)
    assert f">{report.overall_score}<span>/100" in body
    assert "NFR checklist" in body
    assert "Notes › Requirements, line 2" in body  # evidence is cited
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="diagram"' in body
    assert 'data-id="db"' in body
    assert "Planned and actual minutes per phase" in body
    assert "How is this computed?" in body
    assert "Study next" in body


def test_single_point_of_failure_is_marked_on_the_diagram(client, ended_peer_session, users):
    body = _get(
        client, users["interviewer"], "scoring:report", ended_peer_session.session
    ).content.decode()
    assert 'class="node node-database flagged" data-id="db"' in body
    assert 'class="node node-service" data-id="api"' in body  # three replicas: not flagged


def test_candidate_never_sees_unreleased_scorecard_or_private_notes(
    client, ended_peer_session, users
):
    session = ended_peer_session.session
    card = scorecard_get_or_create(
        session=session, kind=ScorecardKind.INTERVIEWER, user=users["interviewer"]
    )
    row = card.scores.first()
    scorecard_score_set(
        scorecard=card,
        user=users["interviewer"],
        criterion_id=row.criterion_id,
        score=1,
        comment="UNRELEASED-COMMENT",
    )
    PrivateNote.objects.create(
        session=session,
        author=users["interviewer"],
        phase_slug="deep-dive",
        text="PRIVATE-NOTE-TEXT",
    )
    candidate_page = _get(client, users["candidate"], "scoring:report", session).content.decode()
    candidate_json = _get(
        client, users["candidate"], "scoring:report_json", session
    ).content.decode()
    for text in ("UNRELEASED-COMMENT", "PRIVATE-NOTE-TEXT"):
        assert text not in candidate_page
        assert text not in candidate_json
    interviewer_page = _get(
        client, users["interviewer"], "scoring:report", session
    ).content.decode()
    assert "UNRELEASED-COMMENT" in interviewer_page
    assert "PRIVATE-NOTE-TEXT" in interviewer_page


def test_strangers_get_404(client, ended_peer_session, users):
    for name in ("scoring:report", "scoring:report_json", "scoring:report_status"):
        assert _get(client, users["stranger"], name, ended_peer_session.session).status_code == 404


def test_report_json_export(client, ended_peer_session, users):
    data = _get(
        client, users["candidate"], "scoring:report_json", ended_peer_session.session
    ).json()
    assert data["schema"] == "designroom.report/1"
    assert data["report"]["status"] == "ready"
    assert data["report"]["result"]["nfr"]["latency"]["status"] == "covered"
    assert data["scorecard"] is None


def test_pending_report_polls_its_status(client, ended_peer_session, users):
    FeedbackReport.objects.filter(session=ended_peer_session.session).update(
        status=ReportStatus.RUNNING
    )
    body = _get(
        client, users["candidate"], "scoring:report_status", ended_peer_session.session
    ).content.decode()
    assert "Analysing the session" in body
    assert 'hx-trigger="every 2s"' in body


def test_regenerate_is_for_the_interviewer(
    client, ended_peer_session, users, django_capture_on_commit_callbacks
):
    session = ended_peer_session.session
    client.force_login(users["candidate"])
    assert client.post(reverse("scoring:report_regenerate", args=[session.pk])).status_code == 403
    client.force_login(users["interviewer"])
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            client.post(reverse("scoring:report_regenerate", args=[session.pk])).status_code == 302
        )
    assert FeedbackReport.objects.get(session=session).attempts == 2


def test_solo_candidate_is_led_to_self_assessment_first(
    client, solo_session, users, django_capture_on_commit_callbacks
):
    from tests.scoring.conftest import play

    with django_capture_on_commit_callbacks(execute=True):
        play(solo_session.session, solo_session.candidate, solo_session.candidate)
    response = _get(client, users["candidate"], "scoring:report", solo_session.session)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "scoring:scorecard", args=[solo_session.session.pk, "self"]
    )


def _self_assess(solo_session, users, score, django_capture_on_commit_callbacks):
    from scoring.services import scorecard_submit
    from tests.scoring.conftest import play

    with django_capture_on_commit_callbacks(execute=True):
        play(solo_session.session, solo_session.candidate, solo_session.candidate)
    solo_session.session.refresh_from_db()  # ended: the self-assessment opens
    card = scorecard_get_or_create(
        session=solo_session.session, kind=ScorecardKind.SELF, user=users["candidate"]
    )
    for row in card.scores.all():
        scorecard_score_set(
            scorecard=card, user=users["candidate"], criterion_id=row.criterion_id, score=score
        )
    scorecard_submit(scorecard=card, user=users["candidate"])


def test_disagreement_between_self_assessment_and_analysis_is_shown(
    client, solo_session, users, django_capture_on_commit_callbacks
):
    # The played session covers requirements well (analysis: 100 for that phase); rating it 1 is far off.
    _self_assess(solo_session, users, 1, django_capture_on_commit_callbacks)
    body = _get(client, users["candidate"], "scoring:report", solo_session.session).content.decode()
    assert "self-assessment and the analysis disagree" in body
    assert (
        "you rated yourself 0/100, the analysis of that phase gives 100/100 — you were lower"
        in body
    )


def test_self_assessment_in_line_with_the_analysis(
    client, solo_session, users, django_capture_on_commit_callbacks
):
    _self_assess(solo_session, users, 4, django_capture_on_commit_callbacks)
    body = _get(client, users["candidate"], "scoring:report", solo_session.session).content.decode()
    assert "in line with the analysis" in body


def test_progress_page_plots_sessions(client, ended_peer_session, users):
    client.force_login(users["candidate"])
    body = client.get(reverse("scoring:progress")).content.decode()
    assert 'class="progress-chart"' in body
    assert "URL shortener" in body or "url" in body.lower()
    assert "Latency" in body
    client.force_login(users["stranger"])
    assert "No finished sessions" in client.get(reverse("scoring:progress")).content.decode()


def test_session_summary_loads_the_report_status_from_scoring(client, ended_peer_session, users):
    """The summary knows scoring only by URL: it loads the status partial, which polls
    while the report is pending."""
    session = ended_peer_session.session
    status_url = reverse("scoring:report_status", args=[session.pk])
    client.force_login(users["candidate"])
    body = client.get(reverse("interviews:summary", args=[session.pk])).content.decode()
    assert f'hx-get="{status_url}" hx-trigger="load"' in body
    assert "Report ready" not in body  # the status is the partial's to tell
    partial = client.get(status_url, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert 'id="report-status"' in partial.content.decode()
    assert "Report ready" in partial.content.decode()
    FeedbackReport.objects.filter(session=session).update(status=ReportStatus.QUEUED)
    partial = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert "Waiting for the analysis worker" in partial
    assert f'hx-get="{status_url}?poll=1"' in partial  # polled until ready


def test_a_poll_that_finds_the_report_ready_reloads_the_page(client, ended_peer_session, users):
    status_url = reverse("scoring:report_status", args=[ended_peer_session.session.pk])
    client.force_login(users["candidate"])
    polled = client.get(f"{status_url}?poll=1", headers={"HX-Request": "true"})
    assert polled.headers.get("HX-Refresh") == "true"
    loaded = client.get(status_url, headers={"HX-Request": "true"})  # the summary's first load
    assert "HX-Refresh" not in loaded.headers
    assert "Report ready" in loaded.content.decode()


def test_report_lists_what_a_strong_answer_covers_and_what_the_diagram_shows(
    client, ended_peer_session, users
):
    body = _get(
        client, users["candidate"], "scoring:report", ended_peer_session.session
    ).content.decode()
    assert "What a strong answer covers" in body
    # The played diagram: browsers, LB, "Redirect API", "Redis" cache, "Links DB".
    assert "whether your final diagram shows them:\n    3 of 6." in body
    present = body.split('class="sa-present"')[1:]
    missing = body.split('class="sa-missing"')[1:]
    assert any("Stateless redirect service" in p and "(Redirect API)" in p for p in present)
    assert any("Cache in front of the link store" in p and "(Redis)" in p for p in present)
    assert any("Asynchronous click counting" in m for m in missing)
    assert any("CDN or edge for hot links" in m for m in missing)
