"""Talk time per person per phase, from speaking events."""

import pytest

from calls.selectors import talk_time_report
from calls.talk_time import PhaseSpan, phase_spans, speaking_intervals, talk_time_per_phase
from interviews.models import EventType
from interviews.services.writes import session_write

IVY, CODY = 1, 2


def speaking(user, at, on=True):
    return {"action": "speaking", "user": {"id": user}, "at": at, "speaking": on}


def test_phase_spans_follow_the_phase_changes():
    spans = phase_spans([(0, 0), (100, 1), (250, 0)], 400)
    assert spans == [PhaseSpan(0, 0, 100), PhaseSpan(1, 100, 250), PhaseSpan(0, 250, 400)]


def test_speech_runs_end_at_silence_mute_leave_or_the_end():
    events = [
        speaking(IVY, 0),
        speaking(IVY, 50, on=False),
        speaking(CODY, 10),
        {"action": "mute", "user": {"id": CODY}, "at": 30, "muted": True},
        speaking(CODY, 60),
        {"action": "leave", "user": {"id": CODY}, "at": 90},
        speaking(IVY, 95),
    ]
    assert speaking_intervals(events, 120) == {
        IVY: [(0, 50), (95, 120)],
        CODY: [(10, 30), (60, 90)],
    }


def test_a_run_across_a_phase_change_is_split_between_the_phases():
    spans = [PhaseSpan(0, 0, 100), PhaseSpan(1, 100, 200)]
    events = [speaking(CODY, 60), speaking(CODY, 160, on=False), speaking(IVY, 170)]
    assert talk_time_per_phase(events=events, spans=spans) == {
        0: {CODY: 40},
        1: {CODY: 60, IVY: 30},
    }


@pytest.mark.django_db
def test_the_report_says_who_spoke_how_much_of_each_phase(peer):
    def log(payload, kind=EventType.CALL):
        with session_write(peer.session.pk) as write:
            write.append(kind, payload)

    log({"action": "start", "at": 0, "timer": {"phase": 0}}, EventType.TIMER)
    ivy = {"id": peer.interviewer.user_id, "name": "ivy"}
    cody = {"id": peer.candidate.user_id, "name": "cody"}
    log({"action": "speaking", "user": ivy, "at": 0, "speaking": True})
    log({"action": "speaking", "user": ivy, "at": 40_000, "speaking": False})
    log({"action": "speaking", "user": cody, "at": 40_000, "speaking": True})
    log({"action": "next", "at": 100_000, "timer": {"phase": 1}}, EventType.TIMER)
    log({"action": "speaking", "user": cody, "at": 160_000, "speaking": False})
    log({"action": "end", "at": 160_000}, EventType.ENDED)
    rows = talk_time_report(session=peer.session)
    first, second = rows
    assert first["phase"] == peer.session.phase_plan[0]["name"]
    assert [(p["role"], p["seconds"], p["percent"]) for p in first["people"]] == [
        ("candidate", 60, 60),
        ("interviewer", 40, 40),
    ]
    assert [(p["role"], p["percent"]) for p in second["people"]] == [("candidate", 100)]


@pytest.mark.django_db
def test_no_speaking_events_no_talk_time(peer):
    assert talk_time_report(session=peer.session) == []
