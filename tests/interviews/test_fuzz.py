"""Random messages from random roles at the protocol + service layer, and the invariants
that must survive them: gap-free seqs, a valid board, refusals that change nothing, and no
interviewer material in anything a candidate or observer can receive.

Commands go through ``command_handle`` as the consumer sends them; board ops go through
their one door, ``board_ops_apply``, in batches of random sizes, as the op batcher forms
them (ops of several people in one batch, a batch cut short by the next command)."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pycrdt import Doc, Text

from interviews.board import NOTE_SECTIONS, board_problems
from interviews.errors import SessionError
from interviews.live.commands import command_handle
from interviews.live.protocol import OpMessage, message_parse
from interviews.models import Board, EventType, Participant, Role, SessionEvent, Visibility
from interviews.notes import NotesDocument
from interviews.selectors import session_resync, session_snapshot
from interviews.services import (
    OpRequest,
    board_ops_apply,
    invite_accept,
    invite_create,
    session_create,
)
from tests.interviews.conftest import SECRET_MARKERS

T0 = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)
IDS = ["a", "b", "c", "ab"]
ids = st.sampled_from(IDS)
small = st.integers(min_value=-1, max_value=4)
words = st.text(alphabet="abc xyz\n", max_size=30)

node = st.fixed_dictionaries(
    {
        "id": ids,
        "kind": st.sampled_from(["service", "cache", "service", "nonsense"]),
        "x": small,
        "y": small,
    }
)
node_adds = st.builds(lambda n: {"kind": "node.add", "node": n}, node)


def _typed(section: str, text: str) -> str:
    """A notes update typing ``text`` at the start of ``section`` by a client of its own
    (it needs nothing else of the document, so it applies whatever came before)."""
    doc: Doc = Doc()
    doc.get(section, type=Text).insert(0, text)
    return base64.b64encode(doc.get_update()).decode()


board_ops = st.one_of(
    node_adds,
    node_adds,
    node_adds,
    st.builds(lambda i, x: {"kind": "node.move", "id": i, "x": x, "y": x}, ids, small),
    st.builds(
        lambda i, r: {"kind": "node.update", "id": i, "changes": {"replicas": r}}, ids, small
    ),
    st.builds(lambda i: {"kind": "node.delete", "id": i}, ids),
    st.builds(
        lambda i, a, b: {"kind": "edge.add", "edge": {"id": i, "from": a, "to": b}}, ids, ids, ids
    ),
    st.builds(lambda i: {"kind": "edge.update", "id": i, "changes": {"mode": "async"}}, ids),
    st.builds(lambda i: {"kind": "edge.delete", "id": i}, ids),
    st.builds(
        lambda s, t: {"kind": "notes.update", "update": _typed(s, t)},
        st.sampled_from([*NOTE_SECTIONS[:2], "bogus"]),
        st.text(alphabet="abc", min_size=1, max_size=5),
    ),
)
op_messages = st.builds(
    lambda op_id, base, op: {"type": "op", "op_id": op_id, "base_version": base, "op": op},
    st.sampled_from([f"o{n}" for n in range(12)]),
    st.sampled_from([0, 0, 0, 1, -1]),  # mostly a version every board has had
    board_ops,
)
messages = st.one_of(
    op_messages,
    op_messages,
    op_messages,
    st.builds(
        lambda a, p: {"type": f"timer.{a}", **({} if p is None else {"expected_phase": p})},
        st.sampled_from(["start", "pause", "resume", "next", "previous", "end"]),
        st.none() | small,
    ),
    st.builds(lambda e: {"type": "timer.auto_advance", "enabled": e}, st.booleans()),
    st.builds(lambda t: {"type": "chat", "text": t}, words),
    st.builds(lambda i: {"type": "hint.reveal", "index": i}, small),
    st.builds(
        lambda p, t: {"type": "private_note", "phase": p, "text": "SECRET-NOTE " + t},
        st.sampled_from(["requirements", "deep-dive", "nope"]),
        words,
    ),
    st.builds(lambda s: {"type": "sync", "since": s}, small),
    st.dictionaries(st.sampled_from(["type", "text", "op", "index"]), st.integers() | words),
)
valid_json = messages.map(json.dumps)
frames = st.one_of(valid_json, valid_json, valid_json, st.text(max_size=20))
# (who: an index into the session's participants, frame, seconds to let pass first)
single = st.tuples(st.integers(0, 2), frames).map(lambda step: [step])
# Ops of several people arriving together, as the op batcher takes them in one batch: mostly
# ops that apply (to a board they build themselves), some that are refused.
drawing = st.one_of(
    st.builds(
        lambda i: {"kind": "node.add", "node": {"id": i, "kind": "cache", "x": 0, "y": 0}}, ids
    ),
    st.builds(lambda i, x: {"kind": "node.move", "id": i, "x": x, "y": 0}, ids, small),
    st.builds(
        lambda i, a, b: {"kind": "edge.add", "edge": {"id": i, "from": a, "to": b}}, ids, ids, ids
    ),
    board_ops,
)
burst_op = st.builds(
    lambda op_id, op: json.dumps({"type": "op", "op_id": op_id, "base_version": 0, "op": op}),
    st.sampled_from([f"b{n}" for n in range(40)]),
    drawing,
)
burst = st.lists(st.tuples(st.integers(0, 1), burst_op), min_size=2, max_size=8)
steps = st.lists(
    st.tuples(st.one_of(single, single, burst), st.integers(0, 400)), min_size=5, max_size=30
)
START = json.dumps({"type": "timer.start"})


def _session(people, question, mode: str):
    creator = people["interviewer"] if mode == "peer" else people["candidate"]
    session = session_create(created_by=creator, question=question, level="senior", mode=mode)
    if mode == "peer":
        for who, role in (("candidate", Role.CANDIDATE), ("observer", Role.OBSERVER)):
            issued = invite_create(session=session, role=role, created_by=creator)
            invite_accept(token=issued.token, user=people[who])
    participants = Participant.objects.filter(session=session).select_related("user")
    # The creator first: index 0 controls the timer (interviewer in peer, candidate in solo).
    cast = {p.role: p for p in sorted(participants, key=lambda p: p.user != creator)}
    return session, cast


def _seen_by(session, participant) -> str:
    """Everything this participant's sockets could have received, as text."""
    live = []
    for event in SessionEvent.objects.filter(session=session).order_by("seq"):
        if event.visibility == Visibility.ALL:
            live.append({"type": event.type, "seq": event.seq, **event.payload})
        else:
            live.append({"type": "hidden", "seq": event.seq})
    session.refresh_from_db()
    now = datetime.now(tz=UTC)
    snapshot = session_snapshot(session=session, participant=participant, now=now)
    replay = session_resync(session=session, participant=participant, since=0, now=now)
    text = json.dumps([live, snapshot, replay])
    for hint in SessionEvent.objects.filter(session=session, type=EventType.HINT):
        text = text.replace(hint.payload["text"], "")  # revealed: theirs now
    return text


class OpDoor:
    """Ops wait here until their batch is full (sizes drawn at random) or a command comes."""

    def __init__(self, session, sizes: list[int]) -> None:
        self.session = session
        self.sizes = sizes
        self.waiting: list[OpRequest] = []
        self.batches = 0

    def add(self, request: OpRequest) -> None:
        self.waiting.append(request)
        if len(self.waiting) >= self.sizes[self.batches % len(self.sizes)]:
            self.flush()

    def flush(self) -> None:
        if not self.waiting:
            return
        requests, self.waiting = self.waiting, []
        self.batches += 1
        before = self._logged()
        version = Board.objects.get(session=self.session).version
        results = board_ops_apply(requests=requests)
        assert len(results) == len(requests)
        new = self._logged() - before
        # Exactly the ops that applied for the first time are logged; a refusal left nothing.
        assert new == {r.op_id for r in results if isinstance(r, SessionEvent)} - before
        for request, result in zip(requests, results, strict=True):
            if isinstance(result, SessionEvent):
                assert result.op_id == request.op_id
        assert Board.objects.get(session=self.session).version == version + len(new)

    def _logged(self) -> set[str]:
        ops = SessionEvent.objects.filter(session=self.session, type=EventType.OP)
        return set(ops.values_list("op_id", flat=True))


@pytest.fixture(autouse=True)
def _session_budget_lifted(settings):
    """Every example creates a session for the same people: far past the hourly budget of
    new sessions, which is not what this test is about."""
    settings.DESIGNROOM = {**settings.DESIGNROOM, "SESSION_CREATE_PER_HOUR": 100_000}


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    mode=st.sampled_from(["peer", "solo"]),
    started=st.integers(0, 3),
    script=steps,
    sizes=st.lists(st.integers(1, 6), min_size=1, max_size=8),
)
def test_random_messages_keep_the_invariants(
    framework, question, rubric, people, mode, started, script, sizes
):
    with time_machine.travel(T0, tick=False) as clock:
        session, cast = _session(people, question, mode)
        actors = list(cast.values())
        door = OpDoor(session, sizes)
        if started:  # most interesting states need a live session: start it 3 times in 4
            script = [([(0, START)], 0), *script]
        for frames_sent, seconds in script:
            clock.shift(seconds)
            for who, frame in frames_sent:
                _send(door, actors[who % len(actors)], frame)
            door.flush()  # the batcher does not wait for more ops than have arrived
        _invariants_check(session, cast)


def _send(door: OpDoor, actor, frame: str) -> None:
    try:
        message = message_parse(frame)
    except SessionError:
        return  # refused before it reached a service
    if isinstance(message, OpMessage):
        door.add(OpRequest(actor, message.op_id, message.base_version, message.op))
        return
    door.flush()
    version = Board.objects.get(session=door.session).version
    try:
        command_handle(actor=actor, message=message)
    except SessionError:
        assert Board.objects.get(session=door.session).version == version


def _invariants_check(session, cast) -> None:
    session.refresh_from_db()
    seqs = list(SessionEvent.objects.filter(session=session).values_list("seq", flat=True))
    assert seqs == list(range(1, session.last_seq + 1))
    board = Board.objects.get(session=session)
    assert board_problems(board.state) == []
    # The stored text is the stored notes document's, whatever the ops did.
    assert NotesDocument(bytes(board.notes_state)).texts() == board.state["notes"]
    ops = SessionEvent.objects.filter(session=session, type=EventType.OP).count()
    assert board.version == ops
    assert 0 <= session.current_phase < len(session.plan)
    assert all(seconds >= 0 for seconds in session.phase_actual_seconds)
    for role in (Role.CANDIDATE, Role.OBSERVER):
        if role in cast:
            seen = _seen_by(session, cast[role])
            assert [m for m in SECRET_MARKERS if m in seen] == []
