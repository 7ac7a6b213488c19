"""Sessions, chat, hints, private notes, presence, and the end-of-session hook."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from interviews.errors import NotParticipant, SessionError
from interviews.models import (
    Board,
    EventType,
    LiveConnection,
    Participant,
    PrivateNote,
    Role,
    SessionEvent,
    SessionStatus,
    Visibility,
)
from interviews.selectors import hints_revealed_list, session_list_for_user
from interviews.services import (
    chat_post,
    connection_close,
    connection_open,
    connection_sweep,
    hint_reveal,
    private_note_save,
    session_abandon,
    session_end,
    session_start,
)
from interviews.services.connections import PRESENCE_GRACE


def code_of(call, **kwargs) -> str:
    with pytest.raises(SessionError) as refused:
        call(**kwargs)
    return refused.value.code


def test_create_makes_a_board_a_frozen_phase_plan_and_a_first_event(peer):
    session = peer.session
    assert Board.objects.get(session=session).version == 0
    assert [(p.slug, p.planned_seconds) for p in session.plan] == [
        ("requirements", 300),
        ("high-level", 600),
        ("deep-dive", 300),
    ]
    first = SessionEvent.objects.get(session=session, seq=1)
    assert (first.type, first.payload["role"]) == (EventType.PARTICIPANT, Role.INTERVIEWER)


def test_the_creator_of_a_solo_session_is_its_candidate(solo):
    assert solo.candidate.user == solo.session.created_by
    assert not solo.session.participants.exclude(role=Role.CANDIDATE).exists()


def test_my_sessions_lists_created_and_joined_sessions(peer, solo, people):
    assert set(session_list_for_user(user=people["candidate"])) == {peer.session, solo.session}
    assert list(session_list_for_user(user=people["stranger"])) == []


def test_chat_is_logged_for_everyone(peer):
    event = chat_post(actor=peer.candidate, text="Shall I start with requirements?")
    assert event.visibility == Visibility.ALL
    assert event.payload["from"] == {
        "user": {"id": peer.candidate.user_id, "name": "cody"},
        "role": "candidate",
    }


def test_observers_cannot_chat(peer):
    assert code_of(chat_post, actor=peer.observer, text="hi") == "read_only"


def test_hints_are_revealed_once_by_the_controller(peer):
    session_start(actor=peer.interviewer)
    assert code_of(hint_reveal, actor=peer.candidate, index=0) == "forbidden"
    hint_reveal(actor=peer.interviewer, index=1)
    assert code_of(hint_reveal, actor=peer.interviewer, index=1) == "invalid_state"
    assert code_of(hint_reveal, actor=peer.interviewer, index=9) == "unknown_element"
    assert [h["index"] for h in hints_revealed_list(session_id=peer.session.pk)] == [1]


def test_private_notes_are_saved_and_logged_for_the_interviewer_only(peer):
    event = private_note_save(
        actor=peer.interviewer, phase="requirements", text="SECRET-NOTE: vague"
    )
    private_note_save(actor=peer.interviewer, phase="requirements", text="SECRET-NOTE: better")
    assert event.visibility == Visibility.INTERVIEWER
    assert PrivateNote.objects.get().text == "SECRET-NOTE: better"
    assert (
        code_of(private_note_save, actor=peer.candidate, phase="requirements", text="x")
        == "forbidden"
    )
    assert (
        code_of(private_note_save, actor=peer.interviewer, phase="nope", text="x")
        == "unknown_element"
    )


def test_session_end_queues_the_hooks_once_after_commit(
    peer, django_capture_on_commit_callbacks, monkeypatch
):
    calls = []
    monkeypatch.setattr(
        "interviews.hooks._session_ended", [lambda *, session_id: calls.append(session_id)]
    )
    session_start(actor=peer.interviewer)
    with django_capture_on_commit_callbacks(execute=True):
        session_end(session_id=peer.session.pk, actor=peer.interviewer)
    assert calls == [peer.session.pk]
    assert peer.refresh().status == SessionStatus.ENDED


def test_abandoning_ends_without_scoring(peer, django_capture_on_commit_callbacks, monkeypatch):
    calls = []
    monkeypatch.setattr(
        "interviews.hooks._session_ended", [lambda *, session_id: calls.append(session_id)]
    )
    with django_capture_on_commit_callbacks(execute=True):
        session_abandon(session_id=peer.session.pk, actor=peer.interviewer)
    assert calls == []
    session = peer.refresh()
    assert session.status == SessionStatus.ABANDONED
    assert SessionEvent.objects.filter(
        session=session, type=EventType.ENDED, payload__reason="abandoned"
    ).exists()


def test_a_candidate_cannot_end_a_peer_session(peer):
    session_start(actor=peer.interviewer)
    assert code_of(session_end, session_id=peer.session.pk, actor=peer.candidate) == "forbidden"


# --- presence --------------------------------------------------------------------------


def presence_events(session):
    return [
        (e.payload["user"]["name"], e.payload["online"])
        for e in SessionEvent.objects.filter(session=session, type=EventType.PRESENCE)
    ]


def test_online_while_at_least_one_socket_is_open(peer, people):
    open_ = {"session_id": str(peer.session.pk), "user": people["candidate"]}
    connection_open(**open_, channel_name="tab-1")
    connection_open(**open_, channel_name="tab-2")
    connection_close(participant=peer.candidate, channel_name="tab-1")
    assert presence_events(peer.session) == [("cody", True)]
    assert connection_close(participant=peer.candidate, channel_name="tab-2") is True
    assert presence_events(peer.session) == [("cody", True)], "online through the grace"
    with time_machine.travel(timezone.now() + PRESENCE_GRACE + timedelta(seconds=1)):
        connection_sweep(session_id=str(peer.session.pk))
    assert presence_events(peer.session) == [("cody", True), ("cody", False)]
    assert Participant.objects.get(pk=peer.candidate.pk).left_at is not None


def test_a_connect_close_loop_logs_one_online_event(peer, people):
    """Within one grace period (the clock stands still), 200 loops log one event; each
    further grace period can add at most one offline/online pair."""
    open_ = {"session_id": str(peer.session.pk), "user": people["observer"]}
    with time_machine.travel(timezone.now(), tick=False):
        for n in range(200):
            connection_open(**open_, channel_name=f"flap-{n}")
            connection_close(participant=peer.observer, channel_name=f"flap-{n}")
    assert presence_events(peer.session) == [("olga", True)]
    with time_machine.travel(timezone.now() + PRESENCE_GRACE + timedelta(seconds=1)):
        connection_sweep(session_id=str(peer.session.pk))
    assert presence_events(peer.session) == [("olga", True), ("olga", False)]
    assert LiveConnection.objects.filter(participant=peer.observer).count() == 0


def test_a_reload_within_the_grace_logs_nothing(peer, people):
    open_ = {"session_id": str(peer.session.pk), "user": people["candidate"]}
    connection_open(**open_, channel_name="before-reload")
    connection_close(participant=peer.candidate, channel_name="before-reload")
    with time_machine.travel(timezone.now() + PRESENCE_GRACE / 2):
        connection_open(**open_, channel_name="after-reload")
    with time_machine.travel(timezone.now() + PRESENCE_GRACE + timedelta(seconds=1)):
        connection_sweep(session_id=str(peer.session.pk))
    assert presence_events(peer.session) == [("cody", True)]


def test_sockets_of_a_dead_process_expire_and_are_swept(peer, people):
    connection_open(session_id=str(peer.session.pk), user=people["candidate"], channel_name="dead")
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        connection_open(
            session_id=str(peer.session.pk), user=people["interviewer"], channel_name="i"
        )
    assert not LiveConnection.objects.filter(channel_name="dead").exists()
    assert ("cody", False) in presence_events(peer.session)


def test_strangers_cannot_open_a_socket(peer, people):
    with pytest.raises(NotParticipant):
        connection_open(session_id=str(peer.session.pk), user=people["stranger"], channel_name="x")


# --- what each role is told on connect ---------------------------------------------------


def opened(peer, people, who, since=None):
    return connection_open(
        session_id=str(peer.session.pk), user=people[who], channel_name=f"{who}-c", since=since
    ).message


def test_the_interviewer_snapshot_carries_the_interviewers_material(peer, people):
    private_note_save(actor=peer.interviewer, phase="requirements", text="SECRET-NOTE: ok")
    snapshot = opened(peer, people, "interviewer")
    extra = snapshot["interviewer"]
    assert extra["reference_outline"].startswith("SECRET-OUTLINE")
    assert extra["follow_ups"][0]["text"].startswith("SECRET-FOLLOWUP")
    assert extra["curveballs"][0]["what_good_looks_like"].startswith("SECRET-CURVEBALL")
    assert extra["rubric"]["criteria"][0]["anchors"][0] == "SECRET-ANCHOR 1"
    assert extra["private_notes"]["requirements"]["text"] == "SECRET-NOTE: ok"
    assert len(extra["hints"]) == 2


@pytest.mark.parametrize("who", ["candidate", "observer"])
def test_candidate_and_observer_snapshots_hold_no_interviewer_material(peer, people, who):
    from tests.interviews.conftest import SECRET_MARKERS

    private_note_save(actor=peer.interviewer, phase="requirements", text="SECRET-NOTE: ok")
    snapshot = opened(peer, people, who)
    assert "interviewer" not in snapshot
    text = json.dumps(snapshot)
    assert [m for m in SECRET_MARKERS if m in text] == []
    assert snapshot["question"]["prompt"]
    assert snapshot["hints"] == {"total": 2, "revealed": []}


def test_a_reconnect_with_since_replays_only_what_the_role_may_see(peer, people):
    seq = peer.refresh().last_seq
    chat_post(actor=peer.interviewer, text="welcome")
    private_note_save(actor=peer.interviewer, phase="requirements", text="SECRET-NOTE")
    replay = opened(peer, people, "candidate", since=seq)
    assert replay["type"] == "replay"
    assert [e["type"] for e in replay["events"]] == ["chat", "presence"]
    assert replay["seq"] == peer.refresh().last_seq
    interviewer_replay = opened(peer, people, "interviewer", since=seq)
    assert "private_note" in [e["type"] for e in interviewer_replay["events"]]


def test_too_far_behind_gets_a_snapshot_instead(peer, people, monkeypatch):
    from interviews.selectors import snapshot

    for n in range(5):
        chat_post(actor=peer.candidate, text=f"m{n}")
    monkeypatch.setattr(snapshot, "REPLAY_LIMIT", 3)
    assert opened(peer, people, "candidate", since=1)["type"] == "snapshot"
