"""The feedback report's life: queued on commit when a session ends, generated once, regenerated, swept."""

from datetime import timedelta

import pytest
from django.utils import timezone

from scoring.analysis import ANALYZER_VERSION
from scoring.models import FeedbackReport, ReportStatus
from scoring.selectors import analysis_input_build
from scoring.services import feedback_generate, feedback_request, feedback_sweep_stale

pytestmark = pytest.mark.django_db


def test_ending_a_session_produces_one_ready_report(ended_peer_session):
    report = FeedbackReport.objects.get(session=ended_peer_session.session)
    assert report.status == ReportStatus.READY
    assert report.analyzer_version == ANALYZER_VERSION
    assert report.attempts == 1
    assert 0 <= report.overall_score <= 100
    assert report.result["analyzer_version"] == ANALYZER_VERSION


def test_report_cites_the_notes_line_that_covered_latency(ended_peer_session):
    result = FeedbackReport.objects.get(session=ended_peer_session.session).result
    latency = result["nfr"]["latency"]
    assert latency["status"] == "covered"
    evidence = [e for item in latency["items"] for e in item["evidence"]] + latency["evidence"]
    assert any(e.get("section") == "requirements" and e.get("line") == 2 for e in evidence)


def test_analysis_input_is_built_from_the_session(ended_peer_session):
    data = analysis_input_build(session_id=ended_peer_session.session.pk)
    assert {n["id"] for n in data["board"]["nodes"]} == {"users", "lb", "api", "cache", "db"}
    assert data["board"]["notes"]["requirements"].startswith("Shorten links")
    assert [p["slug"] for p in data["timeline"]["phases"]][:3] == [
        "introduction",
        "requirements",
        "high-level-design",
    ]
    assert data["timeline"]["phases"][0]["started_seq"] is not None
    assert data["chat"][0]["who"] == "candidate"
    assert data["question"]["nfr_focus"]
    assert len(data["checklists"]) >= 9
    assert data["scorecard"] is None  # nothing released


def test_regenerate_replaces_the_report_in_place(
    ended_peer_session, django_capture_on_commit_callbacks
):
    session = ended_peer_session.session
    with django_capture_on_commit_callbacks(execute=True):
        feedback_request(session_id=session.pk)
    reports = FeedbackReport.objects.filter(session=session)
    assert reports.count() == 1
    assert reports.get().status == ReportStatus.READY
    assert reports.get().attempts == 2


def test_generate_twice_does_the_work_once(ended_peer_session):
    session = ended_peer_session.session
    assert feedback_generate(session_id=session.pk) == "skipped"  # already ready
    assert FeedbackReport.objects.get(session=session).attempts == 1


def test_a_stale_claim_cannot_overwrite_a_newer_run(ended_peer_session):
    from scoring.services.feedback import _claim, _finish

    session = ended_peer_session.session
    FeedbackReport.objects.filter(session=session).update(status=ReportStatus.QUEUED)
    old_claim = _claim(session.pk)
    # The worker is presumed dead: the sweep voids its claim and queues a new run.
    FeedbackReport.objects.filter(session=session).update(
        started_at=timezone.now() - timedelta(hours=1)
    )
    assert feedback_sweep_stale() == 1
    assert (
        _finish(session.pk, old_claim, status=ReportStatus.READY, result={"scores": {"overall": 1}})
        is False
    )
    assert FeedbackReport.objects.get(session=session).status == ReportStatus.QUEUED


def test_running_report_of_a_dead_worker_is_swept_and_finished(
    ended_peer_session, django_capture_on_commit_callbacks
):
    session = ended_peer_session.session
    long_ago = timezone.now() - timedelta(hours=1)
    FeedbackReport.objects.filter(session=session).update(
        status=ReportStatus.RUNNING, started_at=long_ago, result=None
    )
    assert (
        feedback_generate(session_id=session.pk) == "ready"
    )  # a redelivery takes over a stale claim
    FeedbackReport.objects.filter(session=session).update(
        status=ReportStatus.RUNNING, started_at=long_ago
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert feedback_sweep_stale() == 1
    assert FeedbackReport.objects.get(session=session).status == ReportStatus.READY


def test_fresh_running_report_is_left_to_its_worker(ended_peer_session):
    session = ended_peer_session.session
    FeedbackReport.objects.filter(session=session).update(
        status=ReportStatus.RUNNING, started_at=timezone.now()
    )
    assert feedback_generate(session_id=session.pk) == "skipped"
    assert feedback_sweep_stale() == 0


def test_analysis_error_marks_the_report_failed_with_the_reason(ended_peer_session, monkeypatch):
    import scoring.services.feedback as feedback

    def broken(data, **kwargs):
        raise ValueError("board could not be read")

    monkeypatch.setattr(feedback, "analyse", broken)
    session = ended_peer_session.session
    FeedbackReport.objects.filter(session=session).update(status=ReportStatus.QUEUED)
    assert feedback_generate(session_id=session.pk) == "failed"
    report = FeedbackReport.objects.get(session=session)
    assert report.status == ReportStatus.FAILED
    assert "board could not be read" in report.failure_reason


def test_transient_database_error_puts_the_report_back_in_the_queue(
    ended_peer_session, monkeypatch
):
    from django.db import OperationalError

    import scoring.services.feedback as feedback

    def flaky(**kwargs):
        raise OperationalError("connection lost")

    monkeypatch.setattr(feedback, "analysis_input_build", flaky)
    session = ended_peer_session.session
    FeedbackReport.objects.filter(session=session).update(status=ReportStatus.QUEUED)
    with pytest.raises(OperationalError):
        feedback_generate(session_id=session.pk)
    assert FeedbackReport.objects.get(session=session).status == ReportStatus.QUEUED
