"""Group commit of board ops: many ops in one transaction, same rules as one op at a time."""

from __future__ import annotations

import threading

import pytest

from interviews.errors import ErrorCode, SessionError
from interviews.models import Board, SessionEvent
from interviews.services import OpApplied, OpRequest, board_ops_apply, session_start
from tests.conftest import requires_services

NODE = {"kind": "service", "label": "", "x": 0, "y": 0, "notes": "", "replicas": None}


def add(node_id: str) -> dict:
    return {"kind": "node.add", "node": {**NODE, "id": node_id}}


def move(node_id: str, x: int) -> dict:
    return {"kind": "node.move", "id": node_id, "x": x, "y": 0}


@pytest.fixture
def live(peer):
    session_start(actor=peer.interviewer)
    return peer


@pytest.mark.django_db
def test_a_batch_commits_every_op_in_order_with_gap_free_seqs(live):
    requests = [
        OpRequest(live.candidate, "c-1", 0, add("api")),
        OpRequest(live.interviewer, "i-1", 0, move("api", 5)),
        OpRequest(live.candidate, "c-2", 0, move("api", 9)),
    ]
    results = board_ops_apply(requests=requests)
    assert all(isinstance(r, OpApplied) for r in results)
    seqs = [r.event.seq for r in results]
    assert seqs == list(range(seqs[0], seqs[0] + 3))
    assert [r.event.payload["version"] for r in results] == [1, 2, 3]
    board = Board.objects.get(session=live.session)
    assert (board.version, board.state["nodes"][0]["x"]) == (3, 9)
    assert live.refresh().last_seq == seqs[-1]
    assert all(len(r.published) == 1 for r in results)


@pytest.mark.django_db
def test_a_refused_op_changes_nothing_and_does_not_disturb_the_batch(live):
    results = board_ops_apply(
        requests=[
            OpRequest(live.candidate, "c-1", 0, add("api")),
            OpRequest(live.candidate, "c-2", 0, move("ghost", 1)),
            OpRequest(live.observer, "o-1", 0, move("api", 1)),
            OpRequest(live.candidate, "c-3", 0, move("api", 7)),
        ]
    )
    assert isinstance(results[1], SessionError)
    assert results[1].code == ErrorCode.UNKNOWN_ELEMENT
    assert isinstance(results[2], SessionError)
    assert results[2].code == ErrorCode.READ_ONLY
    assert isinstance(results[3], OpApplied)
    assert results[3].event.seq == results[0].event.seq + 1  # the refusals spent no seq
    assert set(SessionEvent.objects.exclude(op_id="").values_list("op_id", flat=True)) == {
        "c-1",
        "c-3",
    }


@pytest.mark.django_db
def test_a_resent_op_id_is_applied_once_within_and_across_batches(live):
    first = board_ops_apply(
        requests=[
            OpRequest(live.candidate, "c-1", 0, add("api")),
            OpRequest(live.candidate, "c-1", 0, add("api")),
        ]
    )
    again = board_ops_apply(requests=[OpRequest(live.candidate, "c-1", 0, add("api"))])
    assert isinstance(first[1], OpApplied)
    assert isinstance(again[0], OpApplied)
    assert first[1].event.seq == again[0].event.seq == first[0].event.seq
    assert first[1].published == again[0].published == []  # answered, not broadcast again
    assert SessionEvent.objects.filter(op_id="c-1").count() == 1
    taken = board_ops_apply(requests=[OpRequest(live.interviewer, "c-1", 0, move("api", 1))])
    assert isinstance(taken[0], SessionError)
    assert taken[0].code == ErrorCode.BAD_MESSAGE


@requires_services
@pytest.mark.django_db(transaction=True)
def test_concurrent_batches_on_one_session_lose_no_update(live):
    """Two processes (here: threads) batching ops of the same session at once: each batch
    must read the board AFTER it holds the session lock, or it writes back a stale board and
    undoes the other's ops. Found by bench/live_relay.py as merge conflicts on notes."""
    board_ops_apply(requests=[OpRequest(live.candidate, "setup", 0, add("api"))])
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(actor, prefix: str) -> None:
        from django.db import connection

        try:
            start.wait(5)
            for n in range(15):
                node = f"{prefix}{n}"
                results = board_ops_apply(
                    requests=[OpRequest(actor, f"{prefix}-{n}", 0, add(node))]
                    + [OpRequest(actor, f"{prefix}-{n}-m{k}", 0, move("api", k)) for k in range(3)]
                )
                assert all(isinstance(r, OpApplied) for r in results)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(live.candidate, "c")),
        threading.Thread(target=run, args=(live.interviewer, "i")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    board = Board.objects.get(session=live.session)
    ids = {n["id"] for n in board.state["nodes"]}
    assert {f"c{n}" for n in range(15)} | {f"i{n}" for n in range(15)} <= ids
    assert board.version == 1 + 2 * 15 * 4
    assert live.refresh().last_seq == SessionEvent.objects.filter(session=live.session).count()
