"""A report of a huge session: the analysis input is capped whatever the session's size, a
spent time budget stores a reduced report marked partial instead of failing, and a failed
report is retried by the sweep with backoff up to a limit."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from interviews.models import Board, BoardSnapshot, EventType, SessionEvent
from scoring.models import FeedbackReport, ReportStatus
from scoring.selectors.analysis_input import DEFAULT_CAPS, analysis_input_build
from scoring.services import feedback_request, feedback_sweep_stale
from scoring.services.feedback import analyse_within_budget

pytestmark = pytest.mark.django_db


def _text(size: int) -> str:
    return ("Reads hit a Redis cache in front of the replicated database. " * (size // 60 + 1))[
        :size
    ]


def _inflate(session, *, chat: int, ops: int, snapshots: int) -> None:
    """Grow an ended session to the protocol's limits (board) and past the caps (logs)."""
    board = Board.objects.get(session=session)
    state = board.state
    state["nodes"] = [
        {"id": f"n{i:03d}", "kind": "service", "label": _text(200), "x": i, "y": i,
         "notes": _text(2000), "replicas": None}
        for i in range(300)
    ]  # fmt: skip
    for section in state["notes"]:
        state["notes"][section] = _text(20_000)
    board.save(update_fields=["state"])
    session.refresh_from_db()
    seq = session.last_seq
    rows = []
    for n in range(chat):
        seq += 1
        payload = {"from": {"user": {"id": 1}, "role": "candidate"}, "text": _text(2000), "at": n}
        rows.append(SessionEvent(session=session, seq=seq, type=EventType.CHAT, payload=payload))
    for n in range(ops):
        seq += 1
        op = {"kind": "node.move", "id": "n000", "x": n % 100, "y": 0}
        rows.append(SessionEvent(session=session, seq=seq, type=EventType.OP, payload={"op": op}))
    SessionEvent.objects.bulk_create(rows, batch_size=1000)
    BoardSnapshot.objects.bulk_create(
        BoardSnapshot(session=session, phase_index=0, phase_slug="deep-dive",
                      reason="phase_change", seq=seq + 1 + n, version=n, state={"nodes": []})
        for n in range(snapshots)
    )  # fmt: skip
    session.last_seq = seq + snapshots
    session.save(update_fields=["last_seq"])


def _text_fed(data: dict) -> int:
    """Characters of text the analysis would read: notes, node notes and labels, chat."""
    board = data["board"]
    return (
        sum(len(t) for t in board["notes"].values())
        + sum(len(n.get("notes") or "") + len(n.get("label") or "") for n in board["nodes"])
        + sum(len(e.get("label") or "") for e in board["edges"])
        + sum(len(m["text"]) for m in data["chat"])
    )


# The protocol's board (6 x 20,000 notes; 300 nodes, 600 edges with 200-character labels)
# plus the caps on node notes and chat.
TEXT_BOUND = (
    6 * 20_000 + 300 * 200 + 600 * 200 + DEFAULT_CAPS.node_notes_chars + DEFAULT_CAPS.chat_chars
)


def test_the_analysis_input_is_capped_whatever_the_session_size(ended_peer_session):
    session = ended_peer_session.session
    _inflate(session, chat=1200, ops=DEFAULT_CAPS.timeline_events + 500, snapshots=30)
    data = analysis_input_build(session_id=session.pk)
    assert len(data["chat"]) <= DEFAULT_CAPS.chat_messages
    assert sum(len(m["text"]) for m in data["chat"]) <= DEFAULT_CAPS.chat_chars
    assert sum(len(n["notes"]) for n in data["board"]["nodes"]) <= DEFAULT_CAPS.node_notes_chars
    assert len(data["timeline"]["events"]) == DEFAULT_CAPS.timeline_events
    assert len(data["snapshots"]) == DEFAULT_CAPS.snapshots
    assert _text_fed(data) <= TEXT_BOUND
    truncated = data["limits"]["truncated"]
    assert truncated["chat_messages"]["total"] == 1201  # the fixture's own message too
    assert truncated["node_notes_chars"] == {"kept": 100_000, "total": 600_000}
    assert truncated["timeline_events"]["kept"] == DEFAULT_CAPS.timeline_events
    assert truncated["snapshots"] == {
        "kept": 20,
        "total": BoardSnapshot.objects.filter(session=session).count(),
    }
    # Twice the chat: the same amount of text reaches the analysis.
    _inflate(session, chat=1200, ops=0, snapshots=0)
    assert _text_fed(analysis_input_build(session_id=session.pk)) == _text_fed(data)


def test_a_small_session_is_read_whole_and_not_marked_partial(ended_peer_session):
    report = FeedbackReport.objects.get(session=ended_peer_session.session)
    assert report.status == ReportStatus.READY
    assert report.result["limits"] == {
        "partial": False,
        "truncated": {},
        "not_read": [],
        "time_budget_seconds": settings.DESIGNROOM["FEEDBACK_TIME_BUDGET_SECONDS"],
    }


def test_a_spent_budget_stores_a_reduced_report_marked_partial(
    client, ended_peer_session, settings, django_capture_on_commit_callbacks
):
    settings.DESIGNROOM = {**settings.DESIGNROOM, "FEEDBACK_TIME_BUDGET_SECONDS": 0}
    session = ended_peer_session.session
    with django_capture_on_commit_callbacks(execute=True):
        feedback_request(session_id=session.pk)
    report = FeedbackReport.objects.get(session=session)
    assert report.status == ReportStatus.READY  # not failed
    limits = report.result["limits"]
    assert limits["partial"] is True
    assert limits["not_read"] == ["chat", "node_notes", "labels", "snapshots", "timeline"]
    assert 0 <= report.overall_score <= 100
    assert report.result["nfr"]["latency"]["status"] == "covered"  # the notes were read
    client.force_login(ended_peer_session.interviewer.user)
    page = client.get(reverse("scoring:report", args=[session.pk])).content.decode()
    assert "A partial report" in page
    assert "ran out of its 0 s budget" in page


def _chat_evidence(result: dict) -> list[dict]:
    return [
        e
        for category in result["nfr"].values()
        for e in category["evidence"] + [x for i in category["items"] for x in i["evidence"]]
        if e["source"] == "chat"
    ]


def test_the_reduced_report_reads_no_chat(ended_peer_session):
    data = analysis_input_build(session_id=ended_peer_session.session.pk)
    full = analyse_within_budget({**data}, budget_seconds=10**6)
    reduced = analyse_within_budget({**data}, budget_seconds=0)
    assert full["limits"]["not_read"] == []
    assert _chat_evidence(full)  # the candidate's chat message about the cache counted
    assert _chat_evidence(reduced) == []


def test_failed_reports_are_retried_with_backoff_up_to_a_limit(
    ended_peer_session, monkeypatch, django_capture_on_commit_callbacks
):
    import scoring.services.feedback as feedback

    runs = []

    def broken(data, **kwargs):
        runs.append(1)
        raise ValueError("analysis bug")

    monkeypatch.setattr(feedback, "analyse", broken)
    session = ended_peer_session.session
    base = settings.DESIGNROOM["FEEDBACK_RETRY_BASE_SECONDS"]
    limit = settings.DESIGNROOM["FEEDBACK_MAX_FAILURES"]
    start = timezone.now()
    with time_machine.travel(start, tick=False), django_capture_on_commit_callbacks(execute=True):
        feedback_request(session_id=session.pk)
    report = FeedbackReport.objects.get(session=session)
    assert (report.status, report.failures, len(runs)) == ("failed", 1, 1)
    assert report.retry_at == start + timedelta(seconds=base)
    for failures in range(2, limit + 1):
        due = report.retry_at
        with time_machine.travel(due - timedelta(seconds=1), tick=False):
            assert feedback_sweep_stale() == 0  # not before its time
        with time_machine.travel(due, tick=False), django_capture_on_commit_callbacks(execute=True):
            assert feedback_sweep_stale() == 1
        report.refresh_from_db()
        assert (report.status, report.failures, len(runs)) == ("failed", failures, failures)
        if failures < limit:  # the wait doubles
            assert report.retry_at == due + timedelta(seconds=base * 2 ** (failures - 1))
    assert report.retry_at is None  # the limit: no more automatic retries
    with time_machine.travel(start + timedelta(days=1), tick=False):
        assert feedback_sweep_stale() == 0
    assert len(runs) == limit
    assert "analysis bug" in report.failure_reason
    # Fixed (or asked again): a regenerate starts a fresh series.
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        feedback_request(session_id=session.pk)
    report.refresh_from_db()
    assert (report.status, report.failures, report.retry_at) == ("ready", 0, None)


def test_the_task_limits_leave_room_for_the_budget_and_the_reduced_run():
    from scoring.tasks import feedback_generate_task

    conf = settings.DESIGNROOM
    assert feedback_generate_task.soft_time_limit > conf["FEEDBACK_TIME_BUDGET_SECONDS"]
    assert feedback_generate_task.time_limit > feedback_generate_task.soft_time_limit
    assert conf["FEEDBACK_STALE_SECONDS"] > feedback_generate_task.time_limit
