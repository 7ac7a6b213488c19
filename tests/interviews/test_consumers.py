"""The session websocket, end to end through the ASGI stack (SQLite or PostgreSQL + Redis)."""

import asyncio
import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from config.asgi import application
from interviews.models import Board, SessionStatus
from tests.interviews.conftest import SECRET_MARKERS
from tests.interviews.ws import ws_join, ws_open

pytestmark = pytest.mark.django_db(transaction=True)

NODE = {"id": "api", "kind": "service", "x": 10, "y": 20}


def op(op_id, body, base=0):
    return {"type": "op", "op_id": op_id, "base_version": base, "op": body}


@database_sync_to_async
def board_of(session):
    return Board.objects.get(session=session)


@database_sync_to_async
def status_of(session):
    session.refresh_from_db()
    return session.status


# --- connecting ------------------------------------------------------------------------


async def test_not_logged_in_closes_4401(peer):
    socket = await ws_open(peer.session.pk, None)
    assert await socket.closed_with() == 4401


async def test_a_stranger_closes_4403(peer, cookies):
    socket = await ws_open(peer.session.pk, cookies["stranger"])
    assert await socket.closed_with() == 4403


async def test_no_such_session_closes_4404(peer, cookies):
    socket = await ws_open("00000000-0000-0000-0000-000000000000", cookies["candidate"])
    assert await socket.closed_with() == 4404


async def test_a_foreign_origin_is_refused_at_the_handshake(peer, cookies):
    communicator = WebsocketCommunicator(
        application,
        f"/ws/sessions/{peer.session.pk}/",
        headers=[(b"origin", b"http://evil.example"), (b"cookie", cookies["candidate"].encode())],
    )
    connected, _ = await communicator.connect()
    assert not connected


async def test_the_first_message_is_a_snapshot_in_the_roles_form(peer, cookies):
    interviewer, snapshot = await ws_join(peer.session.pk, cookies["interviewer"])
    assert snapshot["type"] == "snapshot"
    assert snapshot["role"] == "interviewer"
    assert snapshot["interviewer"]["reference_outline"].startswith("SECRET-OUTLINE")
    candidate, candidate_snapshot = await ws_join(peer.session.pk, cookies["candidate"])
    assert "interviewer" not in candidate_snapshot
    assert {(p["user"]["name"], p["online"]) for p in candidate_snapshot["participants"]} >= {
        ("ivy", True),
        ("cody", True),
    }
    await interviewer.close()
    await candidate.close()


async def test_presence_is_broadcast_on_connect_and_disconnect(peer, cookies):
    interviewer, _ = await ws_join(peer.session.pk, cookies["interviewer"])
    candidate, _ = await ws_join(peer.session.pk, cookies["candidate"])
    online = await interviewer.recv_type("presence")
    assert (online["user"]["name"], online["online"]) == ("cody", True)
    await candidate.close()
    offline = await interviewer.recv_type("presence")
    assert (offline["user"]["name"], offline["online"]) == ("cody", False)
    await interviewer.close()


# --- every client message --------------------------------------------------------------


async def test_an_op_is_acked_to_the_sender_and_broadcast_to_the_others(room):
    peer, interviewer, candidate, observer = room
    await candidate.send({**op("c-1", {"kind": "node.add", "node": NODE}), "ref": "r1"})
    ack = await candidate.recv()
    assert (ack["type"], ack["op_id"], ack["version"], ack["ref"]) == ("op.ack", "c-1", 1, "r1")
    for peer_socket in (interviewer, observer):
        seen = await peer_socket.recv()
        assert (seen["type"], seen["op_id"], seen["seq"], seen["version"]) == (
            "op",
            "c-1",
            ack["seq"],
            1,
        )
        assert seen["actor"]["name"] == "cody"
    assert await candidate.drain() == []  # no echo of its own op
    assert (await board_of(peer.session)).state["nodes"][0]["id"] == "api"


async def test_a_resent_op_gets_the_original_ack_and_no_broadcast(room):
    _, interviewer, candidate, _ = room
    message = op("c-1", {"kind": "node.add", "node": NODE})
    await candidate.send(message)
    first = await candidate.recv()
    await interviewer.recv()
    await candidate.send(message)
    assert await candidate.recv() == first
    assert await interviewer.drain() == []


async def test_every_op_kind_round_trips(room):
    peer, interviewer, candidate, _ = room
    ops = [
        {"kind": "node.add", "node": NODE},
        {"kind": "node.add", "node": {**NODE, "id": "db", "kind": "database"}},
        {"kind": "node.move", "id": "api", "x": 1, "y": 2},
        {"kind": "node.update", "id": "db", "changes": {"replicas": 3}},
        {"kind": "edge.add", "edge": {"id": "e1", "from": "api", "to": "db"}},
        {"kind": "edge.update", "id": "e1", "changes": {"mode": "async", "label": "SQL"}},
        {"kind": "edge.delete", "id": "e1"},
        {"kind": "notes.update", "update": "AQEHAAQBA2FwaQtQT1NUIC9saW5rcwA="},  # "POST /links"
        {"kind": "node.delete", "id": "api"},
    ]
    for n, body in enumerate(ops):
        await candidate.send(op(f"c-{n}", body, base=n))
        assert (await candidate.recv())["type"] == "op.ack"
        assert (await interviewer.recv())["op"]["kind"] == body["kind"]
    board = await board_of(peer.session)
    assert board.version == len(ops)
    assert [n["id"] for n in board.state["nodes"]] == ["db"]
    assert board.state["notes"]["api"] == "POST /links"


async def test_timer_controls_are_broadcast_with_server_time(room):
    _, interviewer, candidate, _ = room
    await interviewer.send({"type": "timer.pause", "ref": "p"})
    paused = await interviewer.recv()
    assert (paused["type"], paused["action"], paused["timer"]["paused"], paused["ref"]) == (
        "timer",
        "pause",
        True,
        "p",
    )
    assert "ref" not in await candidate.recv()
    await interviewer.send({"type": "timer.resume"})
    await interviewer.send({"type": "timer.next", "expected_phase": 0})
    await interviewer.send({"type": "timer.previous", "expected_phase": 1})
    actions = [(await candidate.recv_type("timer"))["action"] for _ in range(3)]
    assert actions == ["resume", "next", "previous"]
    moved = candidate.received[-2]
    assert moved["timer"]["phase"] == 1
    assert isinstance(moved["timer"]["deadline"], int)
    assert isinstance(moved["server_now"], int)


async def test_a_double_next_moves_one_phase(room):
    _, interviewer, candidate, _ = room
    await interviewer.send({"type": "timer.next", "expected_phase": 0})
    await interviewer.send({"type": "timer.next", "expected_phase": 0})
    replies = [await interviewer.recv(), await interviewer.recv()]
    assert sorted(r["type"] for r in replies) == ["error", "timer"]
    assert [r["code"] for r in replies if r["type"] == "error"] == ["stale_phase"]
    assert (await candidate.recv_type("timer"))["timer"]["phase"] == 1
    assert await candidate.drain() == []


async def test_timer_end_ends_the_session_for_everyone(room):
    peer, interviewer, candidate, observer = room
    await interviewer.send({"type": "timer.end"})
    for socket in (interviewer, candidate, observer):
        ended = await socket.recv_type("ended")
        assert ended["reason"] == "ended"
    assert await status_of(peer.session) == SessionStatus.ENDED
    await candidate.send({"type": "chat", "text": "wait"})
    assert (await candidate.recv())["code"] == "session_ended"


async def test_chat_reaches_everyone_including_the_sender(room):
    _, interviewer, candidate, observer = room
    await candidate.send({"type": "chat", "text": "Hello!", "ref": "m1"})
    mine = await candidate.recv()
    assert (mine["type"], mine["text"], mine["ref"]) == ("chat", "Hello!", "m1")
    for socket in (interviewer, observer):
        theirs = await socket.recv()
        assert (theirs["text"], theirs["from"]["role"]) == ("Hello!", "candidate")


async def test_hint_reveal_is_broadcast(room):
    _, interviewer, candidate, _ = room
    await interviewer.send({"type": "hint.reveal", "index": 0})
    hint = await candidate.recv()
    assert (hint["type"], hint["index"]) == ("hint", 0)
    assert hint["text"].startswith("SECRET-HINT 1")  # revealed: now the candidate's too


async def test_private_notes_reach_only_the_interviewer(room):
    _, interviewer, candidate, observer = room
    await interviewer.send(
        {"type": "private_note", "phase": "requirements", "text": "SECRET-NOTE x", "ref": "n"}
    )
    saved = await interviewer.recv()
    assert (saved["type"], saved["phase"], saved["ref"]) == (
        "private_note.saved",
        "requirements",
        "n",
    )
    for socket in (candidate, observer):
        assert await socket.recv() == {"type": "hidden", "seq": saved["seq"]}


async def test_ping_gets_pong_with_server_time(room):
    _, _, _, observer = room
    await observer.send({"type": "ping", "t": 123, "ref": "p1"})
    pong = await observer.recv()
    assert (pong["type"], pong["t"], pong["ref"]) == ("pong", 123, "p1")
    assert isinstance(pong["server_now"], int)


async def test_sync_replays_from_a_seq_on_the_same_socket(room):
    _, interviewer, candidate, _ = room
    await interviewer.send({"type": "chat", "text": "one"})
    first = await candidate.recv()
    await interviewer.send({"type": "chat", "text": "two"})
    await candidate.recv()
    await candidate.send({"type": "sync", "since": first["seq"] - 1})
    replay = await candidate.recv()
    assert replay["type"] == "replay"
    assert [e["text"] for e in replay["events"]] == ["one", "two"]


async def test_a_reconnect_with_since_replays_what_was_missed(room, cookies):
    peer, interviewer, candidate, _ = room
    await candidate.send({"type": "chat", "text": "before"})
    last = (await candidate.recv())["seq"]
    await candidate.close()
    # Offline is announced once presence's grace is over (a quicker reload logs nothing).
    assert (await interviewer.recv_type("presence", timeout=5))["online"] is False
    await interviewer.send(op("i-1", {"kind": "node.add", "node": NODE}))
    await interviewer.send({"type": "chat", "text": "while you were away"})
    await interviewer.recv_type("op.ack")
    await interviewer.recv_type("chat")
    back, replay = await ws_join(peer.session.pk, cookies["candidate"], since=last)
    assert replay["type"] == "replay"
    kinds = [e["type"] for e in replay["events"]]
    assert kinds[:3] == ["presence", "op", "chat"]  # offline, then what happened meanwhile
    assert replay["seq"] >= replay["events"][-1]["seq"]
    await back.close()


# --- every error ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "frame", "code"),
    [
        ("candidate", "{nope", "bad_json"),
        ("candidate", {"type": "dance"}, "bad_message"),
        ("candidate", {"type": "chat"}, "bad_message"),
        ("candidate", {"type": "chat", "text": 7}, "bad_message"),
        ("candidate", {"type": "timer.next", "expected_phase": 0}, "forbidden"),
        ("candidate", {"type": "private_note", "phase": "requirements", "text": "x"}, "forbidden"),
        ("observer", {"type": "chat", "text": "hi"}, "read_only"),
        ("observer", op("o-1", {"kind": "node.add", "node": NODE}), "read_only"),
        (
            "candidate",
            op("c-1", {"kind": "node.move", "id": "ghost", "x": 1, "y": 1}),
            "unknown_element",
        ),
        ("candidate", op("c-1", {"kind": "node.add", "node": NODE}, base=99), "bad_version"),
        ("interviewer", {"type": "timer.next", "expected_phase": 2}, "stale_phase"),
        ("interviewer", {"type": "timer.resume"}, "invalid_state"),
        ("interviewer", {"type": "hint.reveal", "index": 5}, "unknown_element"),
        ("interviewer", {"type": "timer.auto_advance", "enabled": True}, "forbidden"),
    ],
)
async def test_bad_input_gets_an_error_naming_the_problem_and_nobody_else_hears(
    room, who, frame, code
):
    peer, interviewer, candidate, observer = room
    sockets = {"interviewer": interviewer, "candidate": candidate, "observer": observer}
    sender = sockets[who]
    version = (await board_of(peer.session)).version
    await sender.send(frame if isinstance(frame, str) else {**frame, "ref": "bad"})
    error = await sender.recv()
    assert error["type"] == "error"
    assert error["code"] == code
    assert error["message"]
    assert error.get("ref") in ("bad", None)
    for other in sockets.values():
        if other is not sender:
            assert await other.drain(0.1) == []
    assert (await board_of(peer.session)).version == version


async def test_an_op_error_names_the_op(room):
    _, _, candidate, _ = room
    await candidate.send(op("c-9", {"kind": "edge.delete", "id": "ghost"}))
    error = await candidate.recv()
    assert (error["code"], error["op_id"]) == ("unknown_element", "c-9")


async def test_ops_before_the_start_are_refused(peer, cookies):
    candidate, _ = await ws_join(peer.session.pk, cookies["candidate"])
    await candidate.send(op("c-1", {"kind": "node.add", "node": NODE}))
    assert (await candidate.recv())["code"] == "session_not_live"
    await candidate.close()


async def test_binary_frames_are_refused(room):
    _, _, candidate, _ = room
    await candidate.communicator.send_to(bytes_data=b"\x00\x01")
    assert (await candidate.recv())["code"] == "bad_json"


async def test_a_frame_over_64_kib_closes_4413_and_applies_nothing(room):
    peer, interviewer, candidate, _ = room
    big = json.dumps({"type": "chat", "text": "x" * (64 * 1024)})
    await candidate.send(big)
    assert await candidate.closed_with() == 4413
    assert "chat" not in [m["type"] for m in await interviewer.drain()]
    assert (await board_of(peer.session)).version == 0
    await interviewer.send({"type": "ping", "t": 1})
    assert (await interviewer.recv_type("pong"))["t"] == 1


async def test_multibyte_frames_are_measured_in_bytes(room):
    _, _, candidate, _ = room
    await candidate.send(json.dumps({"type": "chat", "text": "€" * 22_000}))  # 66 KB, 22k chars
    assert await candidate.closed_with() == 4413


async def test_a_flood_closes_4429(room, settings):
    _, interviewer, candidate, _ = room
    burst = settings.DESIGNROOM["WS_RATE_BURST"]
    for _ in range(burst + 20):
        await candidate.send({"type": "ping"})
    assert await candidate.closed_with(timeout=10) == 4429
    await interviewer.send({"type": "ping", "t": 2})
    assert (await interviewer.recv_type("pong"))["t"] == 2


# --- the leak check --------------------------------------------------------------------


async def test_a_whole_scripted_session_never_shows_the_candidate_interviewer_material(
    room, cookies
):
    peer, interviewer, candidate, observer = room
    script = [
        (
            interviewer,
            {"type": "private_note", "phase": "requirements", "text": "SECRET-NOTE: slow start"},
        ),
        (candidate, op("c-1", {"kind": "node.add", "node": NODE})),
        (interviewer, {"type": "chat", "text": "Let's go deeper."}),
        (interviewer, {"type": "timer.next", "expected_phase": 0}),
        (interviewer, {"type": "private_note", "phase": "high-level", "text": "SECRET-NOTE: good"}),
        (candidate, {"type": "sync", "since": 1}),
        (interviewer, {"type": "timer.pause"}),
        (interviewer, {"type": "timer.resume"}),
        (interviewer, {"type": "hint.reveal", "index": 1}),
        (interviewer, {"type": "timer.end"}),
    ]
    for sender, message in script:
        await sender.send(message)
        await asyncio.sleep(0)  # let the commands interleave as a real room would
    await candidate.recv_type("ended")
    await observer.recv_type("ended")
    await candidate.drain()
    await observer.drain()
    # Reconnect both from scratch and with since=0: snapshot and full replay too.
    late, snapshot = await ws_join(peer.session.pk, cookies["candidate"])
    replayed, replay = await ws_join(peer.session.pk, cookies["observer"], since=1)
    await late.close()
    await replayed.close()
    everything = candidate.received + observer.received + [snapshot, replay]
    text = json.dumps(everything)
    # The revealed hint is the candidate's; the unrevealed one must not have leaked.
    assert "SECRET-HINT 2" in text
    text = text.replace("SECRET-HINT 2", "")
    assert [marker for marker in SECRET_MARKERS if marker in text] == []
    assert any(m["type"] == "hidden" for m in candidate.received)


async def test_adding_an_existing_id_is_a_duplicate(room):
    _, _, candidate, _ = room
    await candidate.send(op("c-1", {"kind": "node.add", "node": NODE}))
    await candidate.recv()
    await candidate.send(op("c-2", {"kind": "node.add", "node": NODE}, base=1))
    error = await candidate.recv()
    assert (error["code"], error["op_id"]) == ("duplicate_element", "c-2")


async def test_a_server_failure_is_reported_and_the_socket_survives(room, monkeypatch, caplog):
    _, interviewer, candidate, _ = room

    def broken(**kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr("interviews.live.consumers.command_handle", broken)
    await candidate.send({"type": "chat", "text": "hello", "ref": "x"})
    error = await candidate.recv()
    assert (error["code"], error["ref"]) == ("server_error", "x")
    assert "database on fire" not in error["message"]
    assert "command failed" in caplog.text
    await candidate.send({"type": "ping", "t": 5})
    assert (await candidate.recv())["type"] == "pong"
    assert await interviewer.drain(0.1) == []
