"""Notes over the real websocket stack: notes.update ops and notes.awareness messages.

Two clients hold pycrdt copies of the notes (as browsers hold Yjs ones), type keystroke by
keystroke and send bursts without waiting for each other; the server applies each update in
the op transaction, logs the update (not the text) and relays it after commit.
"""

from __future__ import annotations

import base64

import pytest
from channels.db import database_sync_to_async

from interviews.models import Board, InterviewSession, SessionEvent
from interviews.notes import NotesDocument, stored
from tests.interviews.ws import ws_join

from .peers import Peer

pytestmark = pytest.mark.django_db(transaction=True)

ALICE = "NFR: p99 under 50 ms."
BOB = "Reads are cached in Redis."


@pytest.fixture(autouse=True)
def empty_cache():
    stored.notes_cache_clear()
    yield
    stored.notes_cache_clear()


def notes_op(op_id: str, update: bytes, base: int = 0) -> dict:
    op = {"kind": "notes.update", "update": base64.b64encode(update).decode()}
    return {"type": "op", "op_id": op_id, "base_version": base, "op": op}


@database_sync_to_async
def stored_notes(session) -> dict[str, str]:
    board = Board.objects.get(session=session)
    document = NotesDocument(bytes(board.notes_state))
    assert document.texts() == board.state["notes"], "the stored text is the document's"
    return board.state["notes"]


@database_sync_to_async
def log_of(session) -> list[SessionEvent]:
    return list(SessionEvent.objects.filter(session=session).order_by("seq"))


class Typist:
    """A socket and the notes as its browser holds them."""

    def __init__(self, socket, snapshot: dict, name: str) -> None:
        self.socket = socket
        self.peer = Peer(base64.b64decode(snapshot["board"]["notes_state"]))
        self.name = name
        self.sent = 0

    async def send_burst(self, section: str, text: str) -> None:
        self.peer.type(section, None, text)
        update = self.peer.flush()
        if update:
            self.sent += 1
            await self.socket.send(notes_op(f"{self.name}-{self.sent}", update))

    async def settle(self, expected_acks: int, peer_ops: int) -> None:
        """Read until our acks and the other's relayed ops have all arrived, applying them."""
        acks = ops = 0
        while acks < expected_acks or ops < peer_ops:
            message = await self.socket.recv()
            if message["type"] == "op.ack":
                acks += 1
            elif message["type"] == "op" and message["op"]["kind"] == "notes.update":
                self.peer.receive(base64.b64decode(message["op"]["update"]))
                ops += 1
            elif message["type"] == "error":
                raise AssertionError(message)


async def _typists(room, cookies):
    peer, interviewer, candidate, observer = room
    a_socket, a_snapshot = await ws_join(peer.session.pk, cookies["interviewer"])
    b_socket, b_snapshot = await ws_join(peer.session.pk, cookies["candidate"])
    for socket in (interviewer, candidate, observer):
        await socket.drain()
    return peer, Typist(a_socket, a_snapshot, "iv"), Typist(b_socket, b_snapshot, "cand")


async def test_two_clients_typing_at_the_same_spot_keep_both_sentences_whole(room, cookies):
    peer, alice, bob = await _typists(room, cookies)
    for typist in (alice, bob):
        typist.peer.place("requirements", 0)
    for i in range(0, max(len(ALICE), len(BOB)), 3):
        # Both send before either hears the other: the server orders them.
        await alice.send_burst("requirements", ALICE[i : i + 3])
        await bob.send_burst("requirements", BOB[i : i + 3])
    await alice.settle(alice.sent, bob.sent)
    await bob.settle(bob.sent, alice.sent)
    text = alice.peer["requirements"]
    assert text == bob.peer["requirements"]
    assert text in (ALICE + BOB, BOB + ALICE)
    assert (await stored_notes(peer.session))["requirements"] == text
    # The log holds the updates (small), not the section's text over and over.
    notes_events = [
        e
        for e in await log_of(peer.session)
        if e.payload.get("op", {}).get("kind") == "notes.update"
    ]
    assert len(notes_events) == alice.sent + bob.sent
    assert all(ALICE not in str(e.payload) and BOB not in str(e.payload) for e in notes_events)
    for socket in (alice.socket, bob.socket):
        await socket.close()


async def test_replacing_the_same_words_from_both_sides_never_garbles(room, cookies):
    peer, alice, bob = await _typists(room, cookies)
    await alice.send_burst("api", "alpha bravo charlie")
    await alice.settle(1, 0)
    await bob.settle(0, 1)
    for typist, words in ((alice, "IV"), (bob, "CAND")):
        at = typist.peer["api"].index("bravo")
        typist.peer.keystroke("api", at, delete=len("bravo"), insert=words[0])
        typist.peer.place("api", at + 1)
    await alice.send_burst("api", "V")
    await bob.send_burst("api", "AND")
    await alice.settle(1, 1)
    await bob.settle(1, 1)
    text = alice.peer["api"]
    assert text == bob.peer["api"] == (await stored_notes(peer.session))["api"]
    assert text in ("alpha IVCAND charlie", "alpha CANDIV charlie")
    for socket in (alice.socket, bob.socket):
        await socket.close()


async def test_a_bad_update_is_refused_with_its_op_id_and_nothing_changes(room):
    peer, interviewer, candidate, observer = room
    await candidate.send(notes_op("c-1", b"\x01\x01\x05"))
    error = await candidate.recv()
    assert (error["type"], error["code"], error["op_id"]) == ("error", "bad_message", "c-1")
    await candidate.send(notes_op("c-2", b"\x00" * 46_000))
    assert (await candidate.recv())["code"] == "bad_message"  # base64 over the limit
    assert (await stored_notes(peer.session)) == dict.fromkeys(
        ("requirements", "estimates", "api", "data_model", "deep_dive", "free"), ""
    )


async def test_an_update_on_changes_the_server_lacks_is_out_of_sync(room, cookies):
    peer, alice, _ = await _typists(room, cookies)
    alice.peer.type("free", 0, "lost")
    alice.peer.flush()  # never sent
    alice.peer.type("free", None, " next")
    await alice.socket.send(notes_op("iv-x", alice.peer.flush()))
    error = await alice.socket.recv()
    assert (error["code"], error["op_id"]) == ("out_of_sync", "iv-x")
    # The client's answer: everything of its own the server is missing.
    board = await database_sync_to_async(Board.objects.get)(session=peer.session)
    missing = alice.peer.doc.get_update(NotesDocument(bytes(board.notes_state)).state_vector())
    await alice.socket.send(notes_op("iv-y", missing))
    assert (await alice.socket.recv())["type"] == "op.ack"
    assert (await stored_notes(peer.session))["free"] == "lost next"
    await alice.socket.close()


async def test_a_reconnecting_client_gets_the_updates_it_missed_by_seq(room, cookies):
    peer, alice, bob = await _typists(room, cookies)
    await alice.send_burst("deep_dive", "cache ")
    await alice.settle(1, 0)
    await bob.settle(0, 1)
    seen = (await log_of(peer.session))[-1].seq
    await bob.socket.close()
    await alice.send_burst("deep_dive", "in front")
    await alice.settle(1, 0)
    socket, replay = await ws_join(peer.session.pk, cookies["candidate"], since=seen)
    assert replay["type"] == "replay"
    for event in replay["events"]:
        if event["type"] == "op":
            bob.peer.receive(base64.b64decode(event["op"]["update"]))
    assert bob.peer["deep_dive"] == "cache in front" == alice.peer["deep_dive"]
    for s in (socket, alice.socket):
        await s.close()


async def test_a_caret_is_relayed_to_the_others_and_never_logged(room):
    peer, interviewer, candidate, observer = room
    before = await log_of(peer.session)
    caret = {"type": "notes.awareness", "section": "api", "anchor": [12, 3], "head": None}
    await candidate.send(caret)
    for socket in (interviewer, observer):
        seen = await socket.recv_type("notes.awareness")
        assert (seen["section"], seen["anchor"], seen["head"]) == ("api", [12, 3], None)
        assert seen["user"]["name"] == "cody"
        assert seen["role"] == "candidate"
        assert seen["peer"]
    assert await candidate.drain() == [], "not echoed to the sender"
    await observer.send(caret)
    assert (await observer.recv())["code"] == "read_only"
    await candidate.send({**caret, "anchor": [1]})
    assert "anchor" in (await candidate.recv())["message"]
    await candidate.send({**caret, "section": "secret"})
    assert (await candidate.recv())["code"] == "bad_message"
    after = await log_of(peer.session)
    assert [e.seq for e in after] == [e.seq for e in before]
    session = await database_sync_to_async(InterviewSession.objects.get)(pk=peer.session.pk)
    assert session.last_seq == before[-1].seq
