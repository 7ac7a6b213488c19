"""The call on the session socket: state changes are events, signals are relayed to one
page of one participant and never stored (SQLite + in-memory layer, or PostgreSQL + Redis)."""

import pytest
from channels.db import database_sync_to_async

from interviews.errors import SessionError
from interviews.models import EventType, SessionEvent
from interviews.selectors.calls import call_signal_authorize
from tests.interviews.ws import ws_join

pytestmark = pytest.mark.django_db(transaction=True)

SDP = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
OFFER = {"type": "offer", "sdp": SDP}


def signal(to_user, to_peer, kind="offer", **extra):
    body = {"type": "call.signal", "to": {"user": to_user, "peer": to_peer}, "kind": kind}
    if kind == "ice":
        body["candidate"] = extra.get("candidate")
    else:
        body["description"] = extra.get("description", {**OFFER, "type": kind})
    return body


@database_sync_to_async
def call_events(session):
    return list(
        SessionEvent.objects.filter(session=session, type=EventType.CALL)
        .order_by("seq")
        .values_list("payload", flat=True)
    )


@database_sync_to_async
def event_types(session):
    return list(SessionEvent.objects.filter(session=session).values_list("type", flat=True))


async def recv_call(socket, action):
    """The next ``call`` event with this action (a socket sees its own events too)."""
    while True:
        message = await socket.recv_type("call")
        if message["action"] == action:
            return message


async def joined(session, cookie, peer_id):
    socket, _ = await ws_join(session.pk, cookie)
    await socket.send({"type": "call.join", "peer": peer_id, "ref": "j"})
    reply = await socket.recv_type("call.joined")
    assert reply["peer"] == peer_id
    return socket, reply


async def test_join_logs_start_and_join_and_the_reply_lists_members(peer, cookies):
    ivy, first = await joined(peer.session, cookies["interviewer"], "page-ivy-1")
    assert [m["peer"] for m in first["members"]] == ["page-ivy-1"]
    cody, second = await joined(peer.session, cookies["candidate"], "page-cody-1")
    assert {m["user"]["name"] for m in second["members"]} == {"ivy", "cody"}
    seen = await recv_call(ivy, "join")
    while seen["user"]["name"] != "cody":
        seen = await recv_call(ivy, "join")
    assert seen["peer"] == "page-cody-1"
    actions = [p["action"] for p in await call_events(peer.session)]
    assert actions == ["start", "join", "join"]
    await ivy.close()
    await cody.close()


async def test_rejoin_from_the_same_page_logs_nothing_new(peer, cookies):
    ivy, _ = await joined(peer.session, cookies["interviewer"], "page-ivy-1")
    await ivy.send({"type": "call.join", "peer": "page-ivy-1"})
    reply = await ivy.recv_type("call.joined")
    assert len(reply["members"]) == 1
    assert [p["action"] for p in await call_events(peer.session)] == ["start", "join"]
    await ivy.close()


async def test_signal_reaches_only_the_addressed_page_and_is_not_logged(peer, cookies):
    ivy, _ = await joined(peer.session, cookies["interviewer"], "page-ivy-1")
    cody, _ = await joined(peer.session, cookies["candidate"], "page-cody-1")
    olga, _ = await joined(peer.session, cookies["observer"], "page-olga-1")
    await ivy.drain()
    await cody.drain()
    await olga.drain()
    before = await event_types(peer.session)
    await ivy.send(signal(peer.candidate.user_id, "page-cody-1"))
    relayed = await cody.recv_type("call.signal")
    assert relayed["from"] == {
        "user": {"id": peer.interviewer.user_id, "name": "ivy"},
        "peer": "page-ivy-1",
        "role": "interviewer",
    }
    assert relayed["description"] == OFFER
    assert all(m["type"] != "call.signal" for m in await olga.drain())
    assert all(m["type"] != "call.signal" for m in await ivy.drain())
    assert await event_types(peer.session) == before  # nothing stored
    for socket in (ivy, cody, olga):
        await socket.close()


async def test_ice_candidate_is_relayed_with_its_fields(peer, cookies):
    ivy, _ = await joined(peer.session, cookies["interviewer"], "page-ivy-1")
    cody, _ = await joined(peer.session, cookies["candidate"], "page-cody-1")
    candidate = {
        "candidate": "candidate:1 1 udp 2122260223 10.0.0.2 50000 typ host",
        "sdpMid": "0",
        "sdpMLineIndex": 0,
    }
    await cody.send(signal(peer.interviewer.user_id, "page-ivy-1", "ice", candidate=candidate))
    relayed = await ivy.recv_type("call.signal")
    assert relayed["kind"] == "ice"
    assert relayed["candidate"] == candidate
    await ivy.close()
    await cody.close()


async def test_a_signal_to_a_user_outside_the_session_is_refused(peer, cookies, people):
    cody, _ = await joined(peer.session, cookies["candidate"], "page-cody-1")
    await cody.send({**signal(people["stranger"].pk, "page-sam-01"), "ref": "s1"})
    error = await cody.recv_type("error")
    assert error["code"] == "unknown_element"
    assert error["ref"] == "s1"
    assert "not in this session" in error["message"]
    await cody.close()


async def test_a_stranger_cannot_open_the_socket_to_signal(peer, cookies):
    from tests.interviews.ws import ws_open

    socket = await ws_open(peer.session.pk, cookies["stranger"])
    assert await socket.closed_with() == 4403


async def test_signalling_before_joining_the_call_is_refused(peer, cookies):
    ivy, _ = await ws_join(peer.session.pk, cookies["interviewer"])
    await ivy.send(signal(peer.candidate.user_id, "page-cody-1"))
    assert (await ivy.recv_type("error"))["code"] == "invalid_state"
    await ivy.close()


def test_a_non_participants_offer_is_refused_per_message(peer, people):
    """Both ends are read from the participant rows for every signal, not from the socket."""
    with pytest.raises(SessionError) as refused:
        call_signal_authorize(
            session_id=peer.session.pk,
            sender_id=people["stranger"].pk,
            target_id=peer.candidate.user_id,
        )
    assert refused.value.code == "forbidden"
    role = call_signal_authorize(
        session_id=peer.session.pk,
        sender_id=peer.interviewer.user_id,
        target_id=peer.candidate.user_id,
    )
    assert role == "interviewer"


def test_signalling_in_an_ended_session_is_refused(peer):
    peer.session.status = "ended"
    peer.session.save(update_fields=["status"])
    with pytest.raises(SessionError) as refused:
        call_signal_authorize(
            session_id=peer.session.pk,
            sender_id=peer.interviewer.user_id,
            target_id=peer.candidate.user_id,
        )
    assert refused.value.code == "session_ended"


@pytest.mark.parametrize(
    ("body", "names"),
    [
        ({"kind": "offer", "description": {"type": "answer", "sdp": SDP}}, "description.type"),
        ({"kind": "offer", "description": {"type": "offer", "sdp": "hello"}}, "description.sdp"),
        (
            {"kind": "offer", "description": {"type": "offer", "sdp": "v=0" + "x" * 40_000}},
            "description.sdp",
        ),
        ({"kind": "ice", "candidate": {"candidate": "rm -rf"}}, "candidate.candidate"),
        ({"kind": "ice"}, "candidate"),
        ({"kind": "shout", "description": OFFER}, "kind"),
        ({"kind": "offer", "description": OFFER, "extra": 1}, "unknown field"),
    ],
)
async def test_malformed_signals_are_refused_naming_the_field(peer, cookies, body, names):
    ivy, _ = await joined(peer.session, cookies["interviewer"], "page-ivy-1")
    message = {
        "type": "call.signal",
        "to": {"user": peer.candidate.user_id, "peer": "page-cody-1"},
        **body,
    }
    await ivy.send(message)
    error = await ivy.recv_type("error")
    assert error["code"] == "bad_message"
    assert names in error["message"]
    await ivy.close()


async def test_signal_flood_is_rate_limited_without_closing_the_socket(peer, cookies, settings):
    # The socket's own limit out of the way, so the call's (a burst of 60) is what trips.
    settings.DESIGNROOM = {**settings.DESIGNROOM, "WS_RATE_BURST": 10_000}
    ivy, _ = await joined(peer.session, cookies["interviewer"], "page-ivy-1")
    candidate = {"candidate": ""}
    for _ in range(150):
        await ivy.send(signal(peer.candidate.user_id, "page-cody-1", "ice", candidate=candidate))
    # Accepted signals answer nothing to the sender: the first answer is the refusal.
    assert (await ivy.recv_type("error", timeout=20))["code"] == "rate_limited"
    await ivy.send({"type": "ping", "t": 1})
    assert (await ivy.recv_type("pong"))["t"] == 1
    await ivy.close()


async def test_observer_listens_only(peer, cookies):
    olga, reply = await joined(peer.session, cookies["observer"], "page-olga-1")
    assert reply["members"][0]["role"] == "observer"
    await olga.send({"type": "call.mute", "muted": True})
    assert (await olga.recv_type("error"))["code"] == "read_only"
    events = await call_events(peer.session)
    assert events[-1]["listen_only"] is True
    await olga.close()


async def test_mute_speaking_and_closing_the_socket_are_events(peer, cookies):
    ivy, _ = await joined(peer.session, cookies["interviewer"], "page-ivy-1")
    cody, _ = await joined(peer.session, cookies["candidate"], "page-cody-1")
    await cody.send({"type": "call.mute", "muted": True, "ref": "m"})
    mute = await recv_call(cody, "mute")
    assert (mute["action"], mute["muted"], mute["ref"]) == ("mute", True, "m")
    await cody.send({"type": "call.speaking", "speaking": True})
    await recv_call(cody, "speaking")
    await cody.close()
    left = await recv_call(ivy, "leave")
    assert (left["user"]["name"], left["reason"]) == ("cody", "disconnected")
    await ivy.send({"type": "call.leave"})
    await recv_call(ivy, "end")
    actions = [p["action"] for p in await call_events(peer.session)]
    assert actions == ["start", "join", "join", "mute", "speaking", "leave", "leave", "end"]
    await ivy.close()


async def test_mute_before_joining_is_refused_and_nothing_logged(peer, cookies):
    cody, _ = await ws_join(peer.session.pk, cookies["candidate"])
    await cody.send({"type": "call.mute", "muted": True})
    assert (await cody.recv_type("error"))["code"] == "invalid_state"
    assert await call_events(peer.session) == []
    await cody.close()


async def test_snapshot_names_who_is_in_the_call(peer, cookies):
    ivy, _ = await joined(peer.session, cookies["interviewer"], "page-ivy-1")
    _, snapshot = await ws_join(peer.session.pk, cookies["candidate"])
    assert [m["peer"] for m in snapshot["call"]["members"]] == ["page-ivy-1"]
    await ivy.close()
