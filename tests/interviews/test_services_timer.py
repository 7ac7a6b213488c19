"""Timer services: server-authoritative phases, compare-and-set, lazy auto-advance."""

from datetime import UTC, datetime

import pytest
import time_machine

from interviews.errors import SessionError
from interviews.models import BoardSnapshot, EventType, SessionEvent, SessionStatus
from interviews.selectors import timer_history_get
from interviews.services import (
    auto_advance_set,
    chat_post,
    phase_step,
    session_end,
    session_start,
    timer_pause_set,
)
from tests.board_ops import op_apply_one

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
ADD = {
    "kind": "node.add",
    "node": {
        "id": "api",
        "kind": "service",
        "label": "",
        "x": 0,
        "y": 0,
        "notes": "",
        "replicas": None,
    },
}


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def refusal(call, **kwargs) -> str:
    with pytest.raises(SessionError) as refused:
        call(**kwargs)
    return refused.value.code


def test_start_makes_the_session_live_and_starts_phase_zero(peer, clock):
    session_start(actor=peer.interviewer)
    session = peer.refresh()
    assert session.status == SessionStatus.LIVE
    assert session.started_at == T0
    assert session.phase_started_at == T0
    assert session.current_phase == 0


def test_only_the_interviewer_controls_a_peer_session(peer):
    assert refusal(session_start, actor=peer.candidate) == "forbidden"
    assert refusal(session_start, actor=peer.observer) == "read_only"


def test_only_the_candidate_controls_a_solo_session(solo, clock):
    session_start(actor=solo.candidate)
    phase_step(actor=solo.candidate, direction="next", expected_phase=0)
    assert solo.refresh().current_phase == 1


def test_two_next_clicks_from_the_same_phase_move_one_phase(peer, clock):
    session_start(actor=peer.interviewer)
    clock.shift(60)
    phase_step(actor=peer.interviewer, direction="next", expected_phase=0)
    assert (
        refusal(phase_step, actor=peer.interviewer, direction="next", expected_phase=0)
        == "stale_phase"
    )
    assert peer.refresh().current_phase == 1


def test_phase_changes_record_actual_time_overrun_and_a_board_snapshot(peer, clock):
    session_start(actor=peer.interviewer)
    op_apply_one(actor=peer.candidate, op_id="o1", base_version=0, op=ADD)
    clock.shift(7 * 60)  # planned 5 minutes
    event = phase_step(actor=peer.interviewer, direction="next", expected_phase=0)
    assert event.payload["left_phase"] == {
        "index": 0,
        "slug": "requirements",
        "actual_seconds": 420.0,
        "overrun_seconds": 120.0,
    }
    snapshot = BoardSnapshot.objects.get(session=peer.session)
    assert (snapshot.phase_slug, snapshot.version, snapshot.seq) == ("requirements", 1, event.seq)
    assert [n["id"] for n in snapshot.state["nodes"]] == ["api"]


def test_pause_freezes_the_clock_and_resume_moves_the_deadline(peer, clock):
    session_start(actor=peer.interviewer)
    clock.shift(60)
    timer_pause_set(actor=peer.interviewer, paused=True)
    clock.shift(600)
    event = timer_pause_set(actor=peer.interviewer, paused=False)
    timer = event.payload["timer"]
    assert timer["paused"] is False
    assert timer["remaining_ms"] == 240_000
    assert refusal(timer_pause_set, actor=peer.interviewer, paused=False) == "invalid_state"


def test_previous_from_the_first_phase_and_next_from_the_last_are_refused(peer, clock):
    session_start(actor=peer.interviewer)
    assert (
        refusal(phase_step, actor=peer.interviewer, direction="previous", expected_phase=0)
        == "invalid_state"
    )
    phase_step(actor=peer.interviewer, direction="next", expected_phase=0)
    phase_step(actor=peer.interviewer, direction="next", expected_phase=1)
    assert (
        refusal(phase_step, actor=peer.interviewer, direction="next", expected_phase=2)
        == "invalid_state"
    )


def test_timer_controls_before_the_start_are_refused(peer):
    assert refusal(timer_pause_set, actor=peer.interviewer, paused=True) == "session_not_live"


def test_auto_advance_is_applied_lazily_when_the_session_is_next_touched(solo, clock):
    session_start(actor=solo.candidate)
    auto_advance_set(actor=solo.candidate, enabled=True)
    clock.shift(16 * 60)  # phase 0 ends at 5 min, phase 1 at 15 min: nobody was connected
    chat_post(actor=solo.candidate, text="back")
    session = solo.refresh()
    assert session.current_phase == 2
    timers = SessionEvent.objects.filter(
        session=session, type=EventType.TIMER, payload__action="auto_advance"
    )
    assert [e.payload["left_phase"]["actual_seconds"] for e in timers] == [300.0, 600.0]
    chat = SessionEvent.objects.get(session=session, type=EventType.CHAT)
    assert chat.seq > max(e.seq for e in timers)  # the catch-up is logged before the touch
    assert BoardSnapshot.objects.filter(session=session).count() == 2


def test_a_client_next_at_zero_loses_to_the_auto_advance_it_raced(solo, clock):
    session_start(actor=solo.candidate)
    auto_advance_set(actor=solo.candidate, enabled=True)
    clock.shift(5 * 60)
    # The client's countdown hit zero and it asks for next from phase 0; the server has
    # already advanced lazily, so the compare-and-set refuses instead of skipping phase 1.
    assert (
        refusal(phase_step, actor=solo.candidate, direction="next", expected_phase=0)
        == "stale_phase"
    )
    assert solo.refresh().current_phase == 1


def test_switching_auto_advance_on_in_an_overdue_phase_ends_it_now(solo, clock):
    session_start(actor=solo.candidate)
    clock.shift(8 * 60)
    auto_advance_set(actor=solo.candidate, enabled=True)
    session = solo.refresh()
    assert session.current_phase == 1
    assert session.phase_actual_seconds[0] == 480.0  # the overrun stays on the record


def test_auto_advance_is_solo_only(peer):
    assert refusal(auto_advance_set, actor=peer.interviewer, enabled=True) == "forbidden"


def test_end_books_the_last_phase_and_timer_history_reports_overruns(peer, clock):
    session_start(actor=peer.interviewer)
    clock.shift(4 * 60)
    phase_step(actor=peer.interviewer, direction="next", expected_phase=0)
    clock.shift(12 * 60)
    session_end(session_id=peer.session.pk, actor=peer.interviewer)
    history = timer_history_get(session_id=peer.session.pk)
    assert [(t.actual_seconds, t.overrun_seconds) for t in history] == [
        (240, 0),
        (720, 120),
        (0, 0),
    ]
    assert peer.refresh().status == SessionStatus.ENDED
    assert BoardSnapshot.objects.filter(session=peer.session, reason="end").count() == 1


def test_nothing_changes_after_the_end(peer, clock):
    session_start(actor=peer.interviewer)
    session_end(session_id=peer.session.pk, actor=peer.interviewer)
    assert (
        refusal(phase_step, actor=peer.interviewer, direction="next", expected_phase=0)
        == "session_ended"
    )
    assert refusal(chat_post, actor=peer.candidate, text="hello?") == "session_ended"
    assert (
        refusal(session_end, session_id=peer.session.pk, actor=peer.interviewer) == "session_ended"
    )
