"""Board cursors over the real websocket stack: relayed to the other sockets, never to the
sender, never stored; throttled per socket; dropped by peers when the socket closes
(SQLite + in-memory layer, or PostgreSQL + Redis)."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from interviews.live.awareness import CURSOR_PER_WINDOW, SlidingWindow
from interviews.models import InterviewSession, SessionEvent
from tests.interviews.ws import ws_join

pytestmark = pytest.mark.django_db(transaction=True)


def cursor(x: float = 10, y: float = 20, **extra) -> dict:
    return {
        "type": "board.cursor",
        "pointer": {"x": x, "y": y},
        "selection": ["api"],
        "viewport": {"x": -40, "y": -30, "w": 1000, "h": 600},
        **extra,
    }


@database_sync_to_async
def log_seqs(session) -> list[int]:
    return list(SessionEvent.objects.filter(session=session).values_list("seq", flat=True))


@database_sync_to_async
def last_seq(session) -> int:
    return InterviewSession.objects.get(pk=session.pk).last_seq


async def test_a_cursor_reaches_the_others_not_the_sender_and_is_never_logged(room):
    peer, interviewer, candidate, observer = room
    before, seq = await log_seqs(peer.session), await last_seq(peer.session)
    await candidate.send(cursor(12.5, -7))
    for socket in (interviewer, observer):
        seen = await socket.recv_type("board.cursor")
        assert seen == {
            "type": "board.cursor",
            "peer": seen["peer"],
            "user": {"id": peer.candidate.user_id, "name": "cody"},
            "role": "candidate",
            "pointer": {"x": 12.5, "y": -7},
            "selection": ["api"],
            "viewport": {"x": -40, "y": -30, "w": 1000, "h": 600},
        }
        assert seen["peer"]
    assert await candidate.drain() == [], "not echoed to the sender"
    assert await log_seqs(peer.session) == before
    assert await last_seq(peer.session) == seq


async def test_two_sockets_of_one_user_are_two_peers(room, cookies):
    peer, interviewer, candidate, observer = room
    second, _ = await ws_join(peer.session.pk, cookies["candidate"])
    for socket in (interviewer, candidate, observer):
        await socket.drain()
    await candidate.send(cursor(1, 1))
    await second.send(cursor(2, 2))
    first_seen = await interviewer.recv_type("board.cursor")
    second_seen = await interviewer.recv_type("board.cursor")
    assert first_seen["peer"] != second_seen["peer"]
    assert (await candidate.recv_type("board.cursor"))["pointer"] == {"x": 2, "y": 2}
    await second.close()


async def test_observers_receive_cursors_but_send_none(room):
    peer, interviewer, candidate, observer = room
    await observer.send(cursor(ref="o1"))
    error = await observer.recv()
    assert (error["type"], error["code"], error["ref"]) == ("error", "read_only", "o1")
    assert all(m["type"] != "board.cursor" for m in await interviewer.drain())
    assert all(m["type"] != "board.cursor" for m in await candidate.drain())


async def test_a_bad_cursor_is_refused_and_the_socket_goes_on(room):
    peer, interviewer, candidate, observer = room
    await candidate.send(cursor(x=10**9, ref="bad"))
    error = await candidate.recv()
    assert (error["code"], error["ref"]) == ("bad_message", "bad")
    assert "pointer.x" in error["message"]
    await candidate.send({**cursor(), "selection": [{"id": "api"}]})
    assert (await candidate.recv())["code"] == "bad_message"
    assert all(m["type"] != "board.cursor" for m in await interviewer.drain())
    await candidate.send(cursor(3, 4))
    assert (await interviewer.recv_type("board.cursor"))["pointer"] == {"x": 3, "y": 4}
    await interviewer.send(cursor(5, 6))
    assert (await candidate.recv_type("board.cursor"))["pointer"] == {"x": 5, "y": 6}


async def test_beyond_the_rate_only_the_latest_cursor_follows_when_the_window_opens(room):
    peer, interviewer, candidate, observer = room
    sent = CURSOR_PER_WINDOW + 10
    for x in range(sent):
        await candidate.send(cursor(x, 0))
    xs = []
    while len(xs) < CURSOR_PER_WINDOW + 1:
        xs.append((await interviewer.recv_type("board.cursor", timeout=5))["pointer"]["x"])
    # The first 20 at once, then the newest (the ones between are positions nobody needs).
    assert xs == [*range(CURSOR_PER_WINDOW), sent - 1]
    assert all(m["type"] != "board.cursor" for m in await interviewer.drain(1.2))
    assert await candidate.drain() == [], "the sender is not told off: nothing was wrong"
    # A second on, the window has room again: the next cursor goes straight through.
    await candidate.send(cursor(-1, 0))
    assert (await interviewer.recv_type("board.cursor"))["pointer"]["x"] == -1


async def test_a_closing_socket_tells_its_peers_to_drop_its_cursor(room, cookies):
    peer, interviewer, candidate, observer = room
    second, _ = await ws_join(peer.session.pk, cookies["candidate"])
    await second.send(cursor(7, 7))
    shown = await interviewer.recv_type("board.cursor")
    await observer.drain()
    await second.close()
    for socket in (interviewer, observer):
        gone = await socket.recv_type("board.cursor")
        assert gone["peer"] == shown["peer"]
        assert (gone["pointer"], gone["selection"], gone["viewport"]) == (None, [], None)


async def test_a_socket_that_showed_no_cursor_closes_without_one(room, cookies):
    peer, interviewer, candidate, observer = room
    second, _ = await ws_join(peer.session.pk, cookies["candidate"])
    await interviewer.drain()
    await second.close()
    assert await interviewer.recv_type("notes.awareness")  # the caret farewell, as before
    assert all(m["type"] != "board.cursor" for m in await interviewer.drain())


def test_the_window_admits_its_limit_then_waits_for_the_oldest_to_age_out():
    now = [100.0]
    window = SlidingWindow(3, 1.0, clock=lambda: now[0])
    for step in (0.0, 0.1, 0.2):
        now[0] = 100.0 + step
        assert window.wait() == 0
        window.mark()
    now[0] = 100.5
    assert window.wait() == pytest.approx(0.5)
    now[0] = 101.0
    assert window.wait() == 0
    window.mark()
    assert window.wait() == pytest.approx(0.1)
