"""Board ops through the service: one transaction, exactly once, merges that lose nothing."""

import base64

import pytest

from interviews.errors import SessionError
from interviews.models import Board, EventType, SessionEvent
from interviews.services import session_start
from tests.board_ops import notes_edit, op_apply_one


def node_add(node_id):
    return {
        "kind": "node.add",
        "node": {
            "id": node_id,
            "kind": "service",
            "label": "",
            "x": 0,
            "y": 0,
            "notes": "",
            "replicas": None,
        },
    }


@pytest.fixture
def live(peer):
    session_start(actor=peer.interviewer)
    return peer


def board(live):
    return Board.objects.get(session=live.session)


def test_an_op_writes_the_board_and_one_event_with_the_next_seq(live):
    before = live.refresh().last_seq
    event = op_apply_one(actor=live.candidate, op_id="c-1", base_version=0, op=node_add("api"))
    assert event.seq == before + 1
    assert (event.type, event.op_id, event.payload["version"]) == (EventType.OP, "c-1", 1)
    assert board(live).version == 1
    assert [n["id"] for n in board(live).state["nodes"]] == ["api"]


def test_a_resent_op_id_is_applied_once_and_answered_with_the_first_ack(live):
    first = op_apply_one(actor=live.candidate, op_id="c-1", base_version=0, op=node_add("api"))
    again = op_apply_one(actor=live.candidate, op_id="c-1", base_version=0, op=node_add("api"))
    assert again.pk == first.pk
    assert board(live).version == 1
    assert SessionEvent.objects.filter(session=live.session, type=EventType.OP).count() == 1


def test_someone_elses_op_id_is_not_theirs_to_replay(live):
    op_apply_one(actor=live.candidate, op_id="same", base_version=0, op=node_add("a"))
    with pytest.raises(SessionError) as refused:
        op_apply_one(actor=live.interviewer, op_id="same", base_version=0, op=node_add("b"))
    assert refused.value.code == "bad_message"


def test_conflicting_ops_at_the_same_base_version_on_different_elements_both_survive(live):
    op_apply_one(actor=live.candidate, op_id="c-1", base_version=0, op=node_add("api"))
    op_apply_one(actor=live.interviewer, op_id="i-1", base_version=0, op=node_add("db"))
    state = board(live).state
    assert sorted(n["id"] for n in state["nodes"]) == ["api", "db"]
    assert board(live).version == 2


def test_both_sides_editing_one_notes_section_at_the_same_base_both_survive(live):
    base = "Users: 10M DAU\nRead/write: 100:1\n"
    op_apply_one(
        actor=live.candidate,
        op_id="c-0",
        base_version=0,
        op=notes_edit(live.session.pk, "requirements", insert=base),
    )
    # Both clients now hold version 1 and edit different lines of the same section.
    candidate_edit = notes_edit(live.session.pk, "requirements", at=7, delete=3, insert="50M")
    interviewer_edit = notes_edit(live.session.pk, "requirements", insert="Latency: p99 < 100 ms\n")
    op_apply_one(actor=live.candidate, op_id="c-1", base_version=1, op=candidate_edit)
    event = op_apply_one(actor=live.interviewer, op_id="i-1", base_version=1, op=interviewer_edit)
    expected = "Users: 50M DAU\nRead/write: 100:1\nLatency: p99 < 100 ms\n"
    assert board(live).state["notes"]["requirements"] == expected
    # The event holds the update (what peers apply), not the section's text.
    assert expected not in str(event.payload)
    assert event.payload["op"]["sections"] == ["requirements"]
    assert base64.b64decode(event.payload["op"]["update"])


def test_a_notes_update_that_cannot_apply_is_refused_and_changes_nothing(live):
    op_apply_one(
        actor=live.candidate,
        op_id="c-0",
        base_version=0,
        op=notes_edit(live.session.pk, "api", insert="POST /links\n"),
    )
    seq = live.refresh().last_seq
    crafted = {"kind": "notes.update", "update": base64.b64encode(b"\x01\x01\x05").decode()}
    with pytest.raises(SessionError) as refused:
        op_apply_one(actor=live.interviewer, op_id="i-1", base_version=0, op=crafted)
    assert refused.value.code == "bad_message"
    assert board(live).state["notes"]["api"] == "POST /links\n"
    assert live.refresh().last_seq == seq


def test_an_op_on_an_element_deleted_meanwhile_is_refused(live):
    op_apply_one(actor=live.candidate, op_id="c-1", base_version=0, op=node_add("api"))
    op_apply_one(
        actor=live.interviewer, op_id="i-1", base_version=1, op={"kind": "node.delete", "id": "api"}
    )
    with pytest.raises(SessionError) as refused:
        op_apply_one(
            actor=live.candidate,
            op_id="c-2",
            base_version=1,
            op={"kind": "node.move", "id": "api", "x": 5, "y": 5},
        )
    assert refused.value.code == "unknown_element"


def test_a_base_version_the_board_never_had_is_refused(live):
    with pytest.raises(SessionError) as refused:
        op_apply_one(actor=live.candidate, op_id="c-1", base_version=7, op=node_add("api"))
    assert refused.value.code == "bad_version"


def test_observers_cannot_draw(live):
    with pytest.raises(SessionError) as refused:
        op_apply_one(actor=live.observer, op_id="o-1", base_version=0, op=node_add("x"))
    assert refused.value.code == "read_only"


def test_ops_before_the_start_are_refused(peer):
    with pytest.raises(SessionError) as refused:
        op_apply_one(actor=peer.candidate, op_id="c-1", base_version=0, op=node_add("api"))
    assert refused.value.code == "session_not_live"


def test_seqs_stay_gap_free_when_ops_are_refused(live):
    op_apply_one(actor=live.candidate, op_id="c-1", base_version=0, op=node_add("a"))
    with pytest.raises(SessionError):
        op_apply_one(actor=live.candidate, op_id="c-2", base_version=0, op=node_add("a"))
    op_apply_one(actor=live.candidate, op_id="c-3", base_version=0, op=node_add("b"))
    seqs = list(SessionEvent.objects.filter(session=live.session).values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
