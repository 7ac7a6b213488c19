"""Board ops through their one door, ``board_ops_apply``: many ops (of any sessions) in one
transaction, the rules op by op, a constant number of queries per batch, and what each
sender publishes once the batch committed."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interviews.errors import ErrorCode, SessionError
from interviews.events import call_collecting
from interviews.live.batching import outcomes_assign
from interviews.models import Board, BoardSnapshot, EventType, Participant, SessionEvent
from interviews.services import (
    OpRequest,
    auto_advance_set,
    board_ops_apply,
    invite_accept,
    invite_create,
    session_create,
    session_start,
)
from tests.conftest import requires_services

NODE = {"kind": "service", "label": "", "x": 0, "y": 0, "notes": "", "replicas": None}
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def add(node_id: str) -> dict:
    return {"kind": "node.add", "node": {**NODE, "id": node_id}}


def move(node_id: str, x: int) -> dict:
    return {"kind": "node.move", "id": node_id, "x": x, "y": 0}


@pytest.fixture
def live(peer):
    session_start(actor=peer.interviewer)
    return peer


@pytest.fixture
def committed_by(django_capture_on_commit_callbacks):
    """Run a service as the websocket door does and return (result, what it committed).

    The test's own transaction never commits, so the service's on-commit callbacks are
    run where its COMMIT would have been: inside the door, as in production."""

    def run(service, **kwargs):
        def service_committing():
            with django_capture_on_commit_callbacks(execute=True):
                return service(**kwargs)

        return call_collecting(service_committing)

    return run


@pytest.mark.django_db
def test_a_batch_commits_every_op_in_order_with_gap_free_seqs(live, committed_by):
    requests = [
        OpRequest(live.candidate, "c-1", 0, add("api")),
        OpRequest(live.interviewer, "i-1", 0, move("api", 5)),
        OpRequest(live.candidate, "c-2", 0, move("api", 9)),
    ]
    results, committed = committed_by(board_ops_apply, requests=requests)
    assert all(isinstance(r, SessionEvent) for r in results)
    seqs = [r.seq for r in results]
    assert seqs == list(range(seqs[0], seqs[0] + 3))
    assert [r.payload["version"] for r in results] == [1, 2, 3]
    board = Board.objects.get(session=live.session)
    assert (board.version, board.state["nodes"][0]["x"]) == (3, 9)
    assert live.refresh().last_seq == seqs[-1]
    # One publication per session and transaction, each sender then publishes its own op.
    assert [[e["message"]["seq"] for e in c.events] for c in committed] == [seqs]
    outcomes = outcomes_assign(requests, results, committed)
    assert [[e["message"]["op_id"] for c in o.published for e in c.events] for o in outcomes] == [
        ["c-1"],
        ["i-1"],
        ["c-2"],
    ]


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
    assert isinstance(results[0], SessionEvent)
    assert isinstance(results[3], SessionEvent)
    assert results[3].seq == results[0].seq + 1  # the refusals spent no seq
    assert set(SessionEvent.objects.exclude(op_id="").values_list("op_id", flat=True)) == {
        "c-1",
        "c-3",
    }


@pytest.mark.django_db
def test_a_resent_op_id_is_applied_once_within_and_across_batches(live, committed_by):
    twice = [OpRequest(live.candidate, "c-1", 0, add("api"))] * 2
    first, first_committed = committed_by(board_ops_apply, requests=twice)
    resent = [OpRequest(live.candidate, "c-1", 0, add("api"))]
    again, again_committed = committed_by(board_ops_apply, requests=resent)
    assert isinstance(first[1], SessionEvent)
    assert isinstance(again[0], SessionEvent)
    assert first[1].seq == again[0].seq == first[0].seq
    assert SessionEvent.objects.filter(op_id="c-1").count() == 1
    # Answered, not broadcast again: only the first application is published.
    outcomes = outcomes_assign(twice, first, first_committed)
    assert [len(o.published) for o in outcomes] == [1, 0]
    assert again_committed == []
    assert outcomes_assign(resent, again, again_committed)[0].published == []
    taken = board_ops_apply(requests=[OpRequest(live.interviewer, "c-1", 0, move("api", 1))])
    assert isinstance(taken[0], SessionError)
    assert taken[0].code == ErrorCode.BAD_MESSAGE


@pytest.mark.django_db
def test_a_session_owing_an_auto_advance_logs_the_catch_up_before_its_ops(solo, committed_by):
    """The catch-up and its board snapshots are logged as every other write logs them, the
    ops apply in the phase the timer is really in, and the catch-up is published by the
    first sender of the session in the batch (even one whose op was refused)."""
    with time_machine.travel(T0, tick=False) as clock:
        session_start(actor=solo.candidate)
        auto_advance_set(actor=solo.candidate, enabled=True)
        board_ops_apply(requests=[OpRequest(solo.candidate, "c-0", 0, add("api"))])
        clock.shift(16 * 60)  # phases of 5 and 10 minutes: two phase changes are owed
        requests = [
            OpRequest(solo.candidate, "c-1", 9, move("api", 1)),  # a version never had
            OpRequest(solo.candidate, "c-2", 1, move("api", 2)),
        ]
        results, committed = committed_by(board_ops_apply, requests=requests)
    session = solo.refresh()
    assert session.current_phase == 2
    assert isinstance(results[0], SessionError)
    assert results[0].code == ErrorCode.BAD_VERSION
    assert isinstance(results[1], SessionEvent)
    timers = list(
        SessionEvent.objects.filter(session=session, payload__action="auto_advance").order_by("seq")
    )
    assert [e.payload["left_phase"]["actual_seconds"] for e in timers] == [300.0, 600.0]
    assert results[1].seq == timers[-1].seq + 1 == session.last_seq
    snapshots = BoardSnapshot.objects.filter(session=session).order_by("seq")
    assert [(s.phase_slug, s.version) for s in snapshots] == [
        ("requirements", 1),
        ("high-level", 1),
    ]
    seqs = list(SessionEvent.objects.filter(session=session).values_list("seq", flat=True))
    assert seqs == list(range(1, session.last_seq + 1))
    outcomes = outcomes_assign(requests, results, committed)
    refused, applied = ([e["message"] for c in o.published for e in c.events] for o in outcomes)
    assert [(m["type"], m["action"]) for m in refused] == [("timer", "auto_advance")] * 2
    assert [(m["type"], m["op_id"]) for m in applied] == [(EventType.OP, "c-2")]


def _rooms(framework, question, people, count: int) -> list[tuple[Participant, Participant]]:
    """``count`` live peer sessions: (interviewer, candidate) of each, users loaded."""
    rooms = []
    for _ in range(count):
        session = session_create(
            created_by=people["interviewer"], question=question, level="senior", mode="peer"
        )
        issued = invite_create(session=session, role="candidate", created_by=people["interviewer"])
        invite_accept(token=issued.token, user=people["candidate"])
        cast = {
            p.role: p for p in Participant.objects.filter(session=session).select_related("user")
        }
        session_start(actor=cast["interviewer"])
        rooms.append((cast["interviewer"], cast["candidate"]))
    return rooms


@pytest.mark.django_db
def test_a_batch_costs_the_same_few_queries_whatever_its_size(framework, question, people):
    """N ops across M sessions: lock, boards, resent op ids, one insert, one board update,
    one session update (and the savepoint around them), for a batch of 1 or of 60."""
    rooms = _rooms(framework, question, people, 3)
    counts = {}
    for size in (1, 12, 60):
        requests = []
        for n in range(size):
            interviewer, candidate = rooms[n % len(rooms)]
            actor = candidate if n % 2 else interviewer
            requests.append(OpRequest(actor, f"{size}-{n}", 0, add(f"n{size}-{n}")))
        with CaptureQueriesContext(connection) as queries:
            results = board_ops_apply(requests=requests)
        assert all(isinstance(r, SessionEvent) for r in results)
        counts[size] = len(queries)
    assert counts[1] == counts[12] == counts[60] <= 8, counts
    assert SessionEvent.objects.filter(type=EventType.OP).count() == 1 + 12 + 60


@pytest.mark.django_db
def test_a_batch_of_one_is_one_short_transaction(live, django_assert_max_num_queries):
    candidate = Participant.objects.select_related("user").get(pk=live.candidate.pk)
    with django_assert_max_num_queries(8):
        board_ops_apply(requests=[OpRequest(candidate, "c-1", 0, add("api"))])


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
                assert all(isinstance(r, SessionEvent) for r in results)
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


@requires_services
@pytest.mark.django_db(transaction=True)
async def test_a_neighbours_bad_ops_never_fail_another_sessions_valid_op(
    framework, question, people
):
    """One session's ops that PostgreSQL refuses (NUL in a label, let past validation here on
    purpose) share a batch with another session's valid ops: the batch fails in the
    database, its ops are retried one by one, and only the culprits fail."""
    from asgiref.sync import sync_to_async

    from interviews.live.batching import OpBatcher

    rooms = await sync_to_async(_rooms)(framework, question, people, 2)
    (attacker, _), (victim, _) = rooms
    poison = {"kind": "node.add", "node": {**NODE, "id": "p", "label": "a\x00b"}}
    batcher = OpBatcher(max_batch=100, workers=1)
    requests = []
    for n in range(10):
        requests.append(
            OpRequest(
                attacker, f"bad-{n}", 0, {**poison, "node": {**poison["node"], "id": f"p{n}"}}
            )
        )
        requests.append(OpRequest(victim, f"good-{n}", 0, add(f"v{n}")))
    outcomes = await asyncio.gather(*(batcher.apply(r) for r in requests), return_exceptions=True)
    for request, outcome in zip(requests, outcomes, strict=True):
        if request.op_id.startswith("good"):
            assert isinstance(outcome.result, SessionEvent), outcome
        else:
            assert isinstance(outcome, Exception)
    board = await Board.objects.aget(session_id=victim.session_id)
    assert {n["id"] for n in board.state["nodes"]} == {f"v{n}" for n in range(10)}
    assert not await SessionEvent.objects.filter(
        session_id=attacker.session_id, type=EventType.OP
    ).aexists()


@requires_services
@pytest.mark.django_db
def test_on_postgresql_a_batch_is_two_round_trips_between_begin_and_commit(
    framework, question, people
):
    """Proves: on PostgreSQL the lock, the board read and the op-id lookup travel as one
    multi-statement query, and the event INSERT and the two UPDATEs as another; a notes op's
    session gets its notes document read and rewritten, a diagram-only session's is left as
    it was."""
    import base64

    from pycrdt import Doc, Text

    doc: Doc = Doc()
    doc.get("api", type=Text).insert(0, "POST /links")
    typed = base64.b64encode(doc.get_update()).decode()
    (iv1, cand1), (iv2, cand2) = _rooms(framework, question, people, 2)
    board_ops_apply(requests=[OpRequest(cand2, "seed", 0, add("seed"))])
    untouched = Board.objects.get(session=cand2.session_id).notes_state
    requests = [
        OpRequest(cand1, "n-1", 0, {"kind": "notes.update", "update": typed}),
        OpRequest(cand1, "a-1", 0, add("one")),
        OpRequest(cand2, "a-2", 0, add("two")),
        OpRequest(iv2, "m-2", 0, move("two", 40)),
    ]
    with CaptureQueriesContext(connection) as queries:
        results = board_ops_apply(requests=requests)
    assert all(isinstance(r, SessionEvent) for r in results), results
    sent = [q["sql"].split()[0] for q in queries.captured_queries]
    # (BEGIN and COMMIT are a SAVEPOINT and its RELEASE inside the test's transaction)
    assert sent[1:-1] == ["SELECT", "INSERT"], sent
    assert len(sent) == 4, sent
    first, second = (Board.objects.get(session=c.session_id) for c in (cand1, cand2))
    assert first.state["notes"]["api"] == "POST /links"
    assert {n["id"] for n in first.state["nodes"]} == {"one"}
    assert {n["id"]: n["x"] for n in second.state["nodes"]}["two"] == 40
    assert bytes(second.notes_state) == bytes(untouched)
    # The ids the INSERT returned are the rows' (a resent op answers with its first event).
    again = board_ops_apply(requests=[OpRequest(cand2, "a-2", 0, add("two"))])
    assert again[0].pk == results[2].pk


@pytest.mark.django_db(transaction=True)
async def test_an_op_sent_the_moment_the_previous_one_settled_is_applied(
    framework, question, people
):
    """One batch worker (SQLite's setting): a sender that sends its next op as soon as its
    previous one is answered, before the finished worker's done callbacks have run, still
    gets it applied (it used to wait forever for a worker the pool thought it had)."""
    from asgiref.sync import sync_to_async

    from interviews.live.batching import OpBatcher

    ((interviewer, _),) = await sync_to_async(_rooms)(framework, question, people, 1)
    batcher = OpBatcher(max_batch=100, workers=1)
    for n in range(5):
        request = OpRequest(interviewer, f"i-{n}", 0, add(f"n{n}"))
        async with asyncio.timeout(10):  # not wait_for: its extra task hides the race
            outcome = await batcher.apply(request)
        assert isinstance(outcome.result, SessionEvent), outcome
    board = await Board.objects.aget(session_id=interviewer.session_id)
    assert [n["id"] for n in board.state["nodes"]] == [f"n{n}" for n in range(5)]
