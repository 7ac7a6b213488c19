"""Limits on the session websocket that no single user can break: the handshake of a bad
path, sockets per user, the flood check on arrival, sockets outliving their access, and no
silent drops at human rates (SQLite + in-memory layer, or PostgreSQL + Redis)."""

import asyncio
import logging
import time

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from config.asgi import application
from interviews.live.broadcast import session_group
from interviews.live.channel_layer import LoudInMemoryChannelLayer
from interviews.models import Board, LiveConnection, Participant, SessionEvent
from interviews.services import live_access
from interviews.services.live_access import SocketKey, asocket_add
from tests.interviews.ws import HOST, ORIGIN, Socket, ws_join, ws_open

pytestmark = pytest.mark.django_db(transaction=True)


def login(user) -> tuple[Client, str]:
    client = Client()
    client.force_login(user)
    return client, f"sessionid={client.cookies['sessionid'].value}"


async def closed_within(socket: Socket, seconds: float) -> int:
    started = time.monotonic()
    code = await socket.closed_with(timeout=seconds)
    assert time.monotonic() - started <= seconds
    return code


# --- the handshake ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/ws/sessions/not-a-uuid/", "/ws/sessions/", "/ws/elsewhere/", "/ws/sessions/1/x/"]
)
async def test_a_path_that_names_no_session_closes_4404_not_500(path, cookies):
    communicator = WebsocketCommunicator(
        application,
        path,
        headers=[(b"origin", ORIGIN), (b"host", HOST), (b"cookie", cookies["candidate"].encode())],
    )
    connected, _ = await communicator.connect()
    assert connected
    assert await Socket(communicator).closed_with() == 4404


# --- sockets per user ------------------------------------------------------------------


async def test_a_fifth_socket_of_one_user_in_one_session_closes_4409(peer, cookies):
    tabs = [(await ws_join(peer.session.pk, cookies["candidate"]))[0] for _ in range(4)]
    fifth = await ws_open(peer.session.pk, cookies["candidate"])
    assert await fifth.closed_with() == 4409
    await tabs[0].close()  # a place is free again
    again, first = await ws_join(peer.session.pk, cookies["candidate"])
    assert first["type"] == "snapshot"
    for tab in [*tabs[1:], again]:
        await tab.close()


async def test_sockets_over_all_sessions_are_capped_per_user(peer, solo, cookies, settings):
    settings.DESIGNROOM = {**settings.DESIGNROOM, "WS_SOCKETS_PER_USER": 2}
    first, _ = await ws_join(peer.session.pk, cookies["candidate"])
    second, _ = await ws_join(solo.session.pk, cookies["candidate"])
    third = await ws_open(solo.session.pk, cookies["candidate"])
    assert await third.closed_with() == 4409
    others, _ = await ws_join(peer.session.pk, cookies["interviewer"])  # caps are per user
    for socket in (first, second, others):
        await socket.close()


async def test_a_refused_socket_touches_neither_presence_nor_the_log(peer, cookies):
    tabs = [(await ws_join(peer.session.pk, cookies["candidate"]))[0] for _ in range(4)]
    count = database_sync_to_async(lambda: (LiveConnection.objects.count(), _presence_count()))
    before = await count()
    for _ in range(10):
        refused = await ws_open(peer.session.pk, cookies["candidate"])
        assert await refused.closed_with() == 4409
    assert await count() == before
    for tab in tabs:
        await tab.close()


def _presence_count() -> int:
    return SessionEvent.objects.filter(type="presence").count()


async def test_a_socket_of_a_process_that_died_stops_counting(peer, cookies, monkeypatch):
    """Places are taken with an expiry that only a live process pushes forward."""
    monkeypatch.setattr(live_access, "SOCKET_TTL_SECONDS", 1)
    user_id = await database_sync_to_async(lambda: peer.candidate.user_id)()
    for n in range(4):  # four sockets of a process that then died: nobody refreshes them
        key = SocketKey(f"dead-{n}", user_id, str(peer.session.pk), "")
        assert await asocket_add(key) is None
    if not settings.REDIS_URL:
        pytest.skip("the embedded default is one process: its sockets die with it")
    refused = await ws_open(peer.session.pk, cookies["candidate"])
    assert await refused.closed_with() == 4409
    await asyncio.sleep(1.2)
    socket, first = await ws_join(peer.session.pk, cookies["candidate"])
    assert first["type"] == "snapshot"
    await socket.close()


# --- flood, on arrival -----------------------------------------------------------------


def node_add(n: int) -> dict:
    node = {"id": f"n{n}", "kind": "service", "x": n, "y": 0}
    body = {"kind": "node.add", "node": node}
    return {"type": "op", "op_id": f"flood-{n}", "base_version": 0, "op": body}


async def test_200_ops_at_once_close_4429_and_the_tail_is_not_applied(peer, cookies):
    candidate, _ = await ws_join(peer.session.pk, cookies["candidate"])
    interviewer, _ = await ws_join(peer.session.pk, cookies["interviewer"])
    await interviewer.send({"type": "timer.start"})
    await candidate.recv_type("timer")
    burst = settings.DESIGNROOM["WS_RATE_BURST"]
    for n in range(200):
        await candidate.send(node_add(n))
    assert await candidate.closed_with(timeout=10) == 4429
    board = await database_sync_to_async(lambda: Board.objects.get(session=peer.session))()
    assert board.version <= burst + 2, "frames past the burst were applied"
    await interviewer.send({"type": "ping", "t": 3})
    assert (await interviewer.recv_type("pong"))["t"] == 3
    await interviewer.close()


# --- sockets outlive no access ---------------------------------------------------------


async def test_logging_out_closes_that_logins_sockets_within_2_s(peer, people):
    client, cookie = await database_sync_to_async(login)(people["candidate"])
    _, other_cookie = await database_sync_to_async(login)(people["candidate"])
    socket, _ = await ws_join(peer.session.pk, cookie)
    other_browser, _ = await ws_join(peer.session.pk, other_cookie)
    await database_sync_to_async(client.logout)()
    assert await closed_within(socket, 2.5) == 4401
    await other_browser.send({"type": "ping", "t": 4})
    assert (await other_browser.recv_type("pong"))["t"] == 4, "another login stays open"
    await other_browser.close()


async def test_deactivating_a_user_closes_all_their_sockets_within_2_s(peer, solo, cookies):
    in_peer, _ = await ws_join(peer.session.pk, cookies["candidate"])
    in_solo, _ = await ws_join(solo.session.pk, cookies["candidate"])

    def deactivate() -> None:
        user = peer.candidate.user
        user.is_active = False
        user.save()

    await database_sync_to_async(deactivate)()
    assert await closed_within(in_peer, 2.5) == 4401
    assert await closed_within(in_solo, 2.5) == 4401


async def test_removing_a_participant_closes_their_sockets_within_2_s(peer, cookies):
    observer, _ = await ws_join(peer.session.pk, cookies["observer"])
    interviewer, _ = await ws_join(peer.session.pk, cookies["interviewer"])
    await database_sync_to_async(lambda: Participant.objects.get(pk=peer.observer.pk).delete())()
    assert await closed_within(observer, 2.5) == 4403
    await interviewer.send({"type": "ping", "t": 5})
    assert (await interviewer.recv_type("pong"))["t"] == 5
    await interviewer.close()


# --- no silent drops -------------------------------------------------------------------


async def _chatter(socket: Socket, name: str, count: int, rate: float) -> None:
    # Never faster than ``rate``: a loaded test machine that falls behind does not catch
    # up in a burst (that would be a flood, rightly closed with 4429).
    for n in range(count):
        await socket.send({"type": "chat", "text": f"{name} {n}"})
        await asyncio.sleep(1 / rate)


@pytest.mark.slow
@pytest.mark.xfail(
    bool(settings.REDIS_URL),
    reason="on Redis Pub/Sub, with the test machine at load ~12, 5-15 % of the broadcasts "
    "never reached some sockets, with or without the inbox (no WARNING, no close): still "
    "to be found; clients recover through their gap timer and sync",
    strict=False,
)
async def test_four_sockets_chatting_30_a_second_for_10_s_lose_nothing(peer, cookies, caplog):
    """Every socket receives every chat of all four, each seq once, no resync needed."""
    caplog.set_level(logging.WARNING)
    who = ["candidate", "candidate", "interviewer", "interviewer"]
    sockets = [(await ws_join(peer.session.pk, cookies[w]))[0] for w in who]
    await asyncio.gather(*(s.drain(0.3) for s in sockets))
    per_socket, rate = 300, 30
    received: list[list[dict]] = [[] for _ in sockets]

    async def collect(i: int, socket: Socket) -> None:
        while sum(m["type"] == "chat" for m in received[i]) < per_socket * len(sockets):
            received[i].append(await socket.recv(timeout=20))

    collectors = [asyncio.create_task(collect(i, s)) for i, s in enumerate(sockets)]
    names = [f"{w}-{i}" for i, w in enumerate(who)]
    await asyncio.gather(
        *(_chatter(s, n, per_socket, rate) for s, n in zip(sockets, names, strict=True))
    )
    try:
        await asyncio.wait_for(asyncio.gather(*collectors), 40)
    except TimeoutError:
        got = [sum(m["type"] == "chat" for m in r) for r in received]
        others = [m for r in received for m in r if m["type"] != "chat"][:5]
        raise AssertionError(f"chats per socket: {got} of {per_socket * 4}; {others}") from None
    for messages in received:
        chats = [m for m in messages if m["type"] == "chat"]
        seqs = [m["seq"] for m in chats]
        assert len(set(seqs)) == len(seqs) == per_socket * len(sockets)
        assert not [m for m in messages if m["type"] in ("resync", "error")]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    for socket in sockets:
        await socket.close()


async def test_an_overflowing_channel_warns_and_tells_the_client_to_resync(peer, cookies, caplog):
    layer = get_channel_layer()
    if not isinstance(layer, LoudInMemoryChannelLayer):
        pytest.skip("the Redis layers have their own overflow handling (channel_layer.py)")
    socket, _ = await ws_join(peer.session.pk, cookies["candidate"])
    noise = {"type": "session.events", "events": [], "origin": "", "ref": None, "ref_seq": None}
    # No await yields in between: the consumer can't read, the channel fills and overflows.
    for _ in range(layer.capacity + 5):
        await layer.group_send(session_group(peer.session.pk), noise)
    assert (await socket.recv_type("resync"))["type"] == "resync"
    assert sum("is full" in r.getMessage() for r in caplog.records) == 1
    await socket.send({"type": "sync", "since": 0})
    assert (await socket.recv_type("replay"))["since"] == 0
    await socket.close()


# --- budgets a user shares over all their sockets --------------------------------------


async def test_a_user_flooding_from_several_sockets_is_closed_4429(peer, cookies, settings):
    """Each socket stays under its own bucket; together they spend the user's."""
    settings.DESIGNROOM = {**settings.DESIGNROOM, "WS_USER_RATE_BURST": 30}
    tabs = [(await ws_join(peer.session.pk, cookies["candidate"]))[0] for _ in range(2)]
    interviewer, _ = await ws_join(peer.session.pk, cookies["interviewer"])
    for n in range(20):  # 40 messages in all: 20 per socket, far under a socket's 80
        for tab in tabs:
            await tab.send({"type": "ping", "t": n})
    # The 31st message is the first tab's 16th: that socket finds the budget spent.
    assert await tabs[0].closed_with(timeout=5) == 4429
    await interviewer.send({"type": "ping", "t": 99})  # another user's budget is whole
    assert (await interviewer.recv_type("pong"))["t"] == 99
    await interviewer.close()


async def test_handshakes_past_the_users_budget_close_4429_before_any_write(
    peer, cookies, settings
):
    settings.DESIGNROOM = {
        **settings.DESIGNROOM,
        "WS_USER_CONNECT_BURST": 3,
        "WS_USER_CONNECTS_PER_MINUTE": 1,
    }
    for _ in range(3):
        socket, first = await ws_join(peer.session.pk, cookies["observer"])
        assert first["type"] == "snapshot"
        await socket.close()
    count = database_sync_to_async(lambda: (LiveConnection.objects.count(), _presence_count()))
    before = await count()
    refused = await ws_open(peer.session.pk, cookies["observer"])
    assert await refused.closed_with() == 4429
    assert await count() == before
    other, first = await ws_join(peer.session.pk, cookies["candidate"])  # per user
    assert first["type"] == "snapshot"
    await other.close()
