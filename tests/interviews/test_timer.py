"""Pure timer math."""

from datetime import UTC, datetime, timedelta

import pytest

from interviews.errors import SessionError
from interviews.timer import (
    PlannedPhase,
    auto_advance_due,
    phase_deadline,
    phase_move,
    timer_initial,
    timer_pause,
    timer_resume,
    timer_start,
    timer_stop,
    timer_view,
)

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
PLAN = [PlannedPhase("a", "A", 300), PlannedPhase("b", "B", 600), PlannedPhase("c", "C", 300)]


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def started():
    return timer_start(timer_initial(PLAN), T0)


def test_deadline_is_start_plus_planned():
    assert phase_deadline(started(), PLAN, at(10)) == at(300)


def test_pause_moves_the_deadline_by_the_pause():
    state = timer_resume(timer_pause(started(), at(100)), at(160))
    assert phase_deadline(state, PLAN, at(170)) == at(360)


def test_deadline_keeps_moving_while_paused():
    state = timer_pause(started(), at(100))
    assert phase_deadline(state, PLAN, at(130)) == at(330)
    assert timer_view(state, PLAN, at(130), running=True)["remaining_ms"] == 200_000


def test_leaving_a_phase_records_actual_time_and_overrun():
    state, left = phase_move(started(), PLAN, 1, at(420))
    assert (left.index, left.actual_seconds, left.overrun_seconds) == (0, 420, 120)
    assert state.phase == 1
    assert state.phase_started_at == at(420)


def test_pauses_do_not_count_as_time_spent():
    state = timer_resume(timer_pause(started(), at(100)), at(400))
    _, left = phase_move(state, PLAN, 1, at(450))
    assert left.actual_seconds == 150
    assert left.overrun_seconds == 0


def test_revisiting_a_phase_continues_its_budget():
    state, _ = phase_move(started(), PLAN, 1, at(200))
    state, _ = phase_move(state, PLAN, 0, at(300))
    # 200 s spent already, so 100 s of the 300 s budget remain
    assert phase_deadline(state, PLAN, at(300)) == at(400)
    _, left = phase_move(state, PLAN, 1, at(450))
    assert left.actual_seconds == 350
    assert left.overrun_seconds == 50


def test_a_paused_timer_stays_paused_across_a_phase_change():
    state, _ = phase_move(timer_pause(started(), at(50)), PLAN, 1, at(80))
    assert state.paused
    assert phase_deadline(state, PLAN, at(100)) == at(100 + 600)


def test_auto_advance_catches_up_at_each_deadline():
    state = timer_start(timer_initial(PLAN), T0)
    state = type(state)(**{**state.__dict__, "auto_advance": True})
    moves = auto_advance_due(state, PLAN, at(1000))
    assert [(left.index, when) for _, left, when in moves] == [(0, at(300)), (1, at(900))]
    final = moves[-1][0]
    assert final.phase == 2
    assert final.actual_seconds[:2] == (300, 600)
    assert final.phase_started_at == at(900)


def test_auto_advance_never_leaves_the_last_phase():
    state = timer_start(timer_initial(PLAN), T0)
    state = type(state)(**{**state.__dict__, "auto_advance": True})
    moves = auto_advance_due(state, PLAN, at(10_000))
    assert moves[-1][0].phase == 2
    assert auto_advance_due(moves[-1][0], PLAN, at(20_000)) == []


def test_auto_advance_waits_while_paused_or_disabled():
    paused = timer_pause(started(), at(10))
    assert (
        auto_advance_due(type(paused)(**{**paused.__dict__, "auto_advance": True}), PLAN, at(999))
        == []
    )
    assert auto_advance_due(started(), PLAN, at(999)) == []


def test_stop_books_the_current_phase():
    assert timer_stop(started(), PLAN, at(330)).overrun_seconds == 30


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: timer_start(s, at(1)), "already started"),
        (lambda s: timer_resume(s, at(1)), "not paused"),
        (lambda s: timer_pause(timer_pause(s, at(1)), at(2)), "already paused"),
        (lambda s: phase_move(s, PLAN, 3, at(1)), "no phase 3"),
    ],
)
def test_transitions_that_do_not_apply_are_refused(change, message):
    with pytest.raises(SessionError, match=message) as refused:
        change(started())
    assert refused.value.code == "invalid_state"


def test_view_of_a_session_not_running_has_no_deadline():
    view = timer_view(started(), PLAN, at(10), running=False)
    assert view["deadline"] is None
    assert view["running"] is False
