"""Report regeneration: 50 requests neither restart the running analysis nor queue more than
one run after it, they are throttled per session and per user, and another session's
report is left alone. Analyses are counted as the Celery task's own runs (eager here)."""

from __future__ import annotations

from collections import Counter

import pytest
from celery.signals import task_prerun
from django.urls import reverse

from scoring.models import FeedbackReport, ReportStatus
from scoring.selectors import analysis_input_build
from scoring.services.feedback import _claim, _finish, analyse_within_budget

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyses():
    """How many times the feedback task ran, per session id."""
    runs: Counter[str] = Counter()

    def count(sender=None, args=None, **kwargs):
        if sender is not None and sender.name == "scoring.tasks.feedback_generate_task":
            runs[str(args[0])] += 1

    task_prerun.connect(count, weak=False)
    yield runs
    task_prerun.disconnect(count)


def _api_regenerate(client, session):
    return client.post(f"/api/v1/sessions/{session.pk}/report/regenerate/")


def _running(session):
    """The report as a worker holds it mid-analysis: claimed, status running."""
    FeedbackReport.objects.filter(session=session).update(status=ReportStatus.QUEUED)
    claim = _claim(session.pk)
    assert claim is not None
    return claim


def test_fifty_regenerates_while_running_queue_at_most_one_more_run(
    client, ended_peer_session, analyses, settings, django_capture_on_commit_callbacks
):
    settings.DESIGNROOM = {
        **settings.DESIGNROOM,
        "FEEDBACK_REGENERATE_PER_SESSION_HOURLY": 1000,  # coalescing alone, without the throttle
        "FEEDBACK_REGENERATE_PER_USER_HOURLY": 1000,
    }
    session = ended_peer_session.session
    claim = _running(session)
    attempts = FeedbackReport.objects.get(session=session).attempts
    client.force_login(ended_peer_session.interviewer.user)
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [_api_regenerate(client, session).status_code for _ in range(50)]
    assert statuses == [202] * 50
    report = FeedbackReport.objects.get(session=session)
    assert analyses[str(session.pk)] == 0  # nothing queued behind or beside the run
    assert (report.claim, report.status, report.attempts) == (claim, "running", attempts)
    assert report.rerun_requested is True
    # The run in progress finishes and stores its result; exactly one more run follows.
    result = analyse_within_budget(analysis_input_build(session_id=session.pk))
    with django_capture_on_commit_callbacks(execute=True):
        assert _finish(session.pk, claim, status=ReportStatus.READY, result=result) is True
    report.refresh_from_db()
    assert analyses[str(session.pk)] == 1
    assert (report.status, report.attempts, report.rerun_requested) == (
        "ready",
        attempts + 1,
        False,
    )


def test_regenerates_are_throttled_per_session_over_the_api(
    client, ended_peer_session, analyses, settings, django_capture_on_commit_callbacks
):
    budget = settings.DESIGNROOM["FEEDBACK_REGENERATE_PER_SESSION_HOURLY"]
    session = ended_peer_session.session
    claim = _running(session)
    client.force_login(ended_peer_session.interviewer.user)
    with django_capture_on_commit_callbacks(execute=True):
        responses = [_api_regenerate(client, session) for _ in range(50)]
    statuses = [r.status_code for r in responses]
    assert statuses == [202] * budget + [429] * (50 - budget)
    refused = responses[-1]
    assert refused.json()["error"]["code"] == "throttled"
    assert "regenerated too often" in refused.json()["error"]["message"]
    assert int(refused["Retry-After"]) > 0
    assert analyses[str(session.pk)] == 0
    assert FeedbackReport.objects.get(session=session).claim == claim


def test_regenerates_are_throttled_per_session_on_the_page(
    client, ended_peer_session, settings, django_capture_on_commit_callbacks
):
    budget = settings.DESIGNROOM["FEEDBACK_REGENERATE_PER_SESSION_HOURLY"]
    session = ended_peer_session.session
    _running(session)
    client.force_login(ended_peer_session.interviewer.user)
    url = reverse("scoring:report_regenerate", args=[session.pk])
    with django_capture_on_commit_callbacks(execute=True):
        responses = [client.post(url) for _ in range(50)]
    assert [r.status_code for r in responses] == [302] * budget + [429] * (50 - budget)
    assert b"regenerated too often" in responses[-1].content


def test_the_per_user_budget_spans_sessions_and_users_are_apart(
    client, ended_peer_session, settings, staff_user, django_capture_on_commit_callbacks
):
    settings.DESIGNROOM = {**settings.DESIGNROOM, "FEEDBACK_REGENERATE_PER_USER_HOURLY": 2}
    session = ended_peer_session.session
    _running(session)
    client.force_login(ended_peer_session.interviewer.user)
    with django_capture_on_commit_callbacks(execute=True):
        assert [_api_regenerate(client, session).status_code for _ in range(3)] == [202, 202, 429]
        client.force_login(staff_user)  # someone else's budget is their own
        assert _api_regenerate(client, session).status_code == 202


def test_another_sessions_report_is_not_touched(
    client, ended_peer_session, solo_session, analyses, django_capture_on_commit_callbacks
):
    """The victim: a report waiting for a worker. The attacker spams their own session."""
    from interviews.services import session_end, session_start
    from scoring.services import feedback_request

    victim = solo_session.session
    session_start(actor=solo_session.candidate)
    with django_capture_on_commit_callbacks(execute=False):  # its task is still in the queue
        session_end(session_id=victim.pk, actor=solo_session.candidate)
        feedback_request(session_id=victim.pk)
    waiting = FeedbackReport.objects.get(session=victim)
    attacker = ended_peer_session
    _running(attacker.session)
    client.force_login(attacker.interviewer.user)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(50):
            _api_regenerate(client, attacker.session)
    after = FeedbackReport.objects.get(session=victim)
    assert (after.status, after.queued_at, after.claim, after.attempts) == (
        waiting.status,
        waiting.queued_at,
        waiting.claim,
        waiting.attempts,
    )
    assert analyses[str(attacker.session.pk)] == 0  # nothing of the attacker's ahead of it


def test_candidates_and_strangers_cannot_regenerate_a_peer_report(client, ended_peer_session):
    session = ended_peer_session.session
    client.force_login(ended_peer_session.candidate.user)
    assert _api_regenerate(client, session).status_code == 403
    assert client.post(reverse("scoring:report_regenerate", args=[session.pk])).status_code == 403
