"""The failure modes measured on this stack, each pinned by a test that fails if it returns.

See docs/architecture.md, "Pitfalls". Tests needing Redis or PostgreSQL are skipped in the
embedded default and run when DATABASE_URL and REDIS_URL are set.
"""

from __future__ import annotations

import asyncio
import logging

import pytest
from asgiref.sync import SyncToAsync
from channels_redis.core import RedisChannelLayer
from django.conf import settings
from redis.exceptions import MaxConnectionsError

from interviews.live.channel_layer import BlockingRedisChannelLayer
from interviews.live.logging_filters import ChannelLayerDropsAsWarning
from tests.conftest import requires_services
from tests.interviews.ws import ws_join

NODE = {"id": "api", "kind": "service", "x": 0, "y": 0}


def layer_config(**overrides) -> dict:
    return {**settings.CHANNEL_LAYERS["default"]["CONFIG"], **overrides}


@pytest.fixture
async def live_room(peer, cookies):
    interviewer, _ = await ws_join(peer.session.pk, cookies["interviewer"])
    candidate, _ = await ws_join(peer.session.pk, cookies["candidate"])
    await interviewer.send({"type": "timer.start"})
    await candidate.recv_type("timer")
    await interviewer.recv_type("timer")
    await interviewer.drain()
    yield peer, interviewer, candidate
    await interviewer.close()
    await candidate.close()


# --- Channels' single sync thread ---------------------------------------------------------


@pytest.mark.django_db(transaction=True)
async def test_an_op_takes_one_trip_to_the_sync_thread_and_its_broadcast_none(
    live_room, monkeypatch
):
    """Channels 4.3 runs every sync call on one thread per process: an op must use it once
    (one transaction) and delivering the broadcast to peers must not use it at all."""
    _, interviewer, candidate = live_room
    trips = []
    original = SyncToAsync.__call__

    async def counting(self, *args, **kwargs):
        trips.append(getattr(self.func, "__name__", repr(self.func)))
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(SyncToAsync, "__call__", counting)
    await candidate.send(
        {"type": "op", "op_id": "c-1", "base_version": 0, "op": {"kind": "node.add", "node": NODE}}
    )
    assert (await candidate.recv())["type"] == "op.ack"
    assert (await interviewer.recv())["type"] == "op"
    assert trips == ["call_collecting"]


# --- channels-redis drops -------------------------------------------------------------------


def test_the_drop_notice_is_raised_to_warning():
    record = logging.LogRecord(
        "channels_redis.core",
        logging.INFO,
        __file__,
        1,
        "%s of %s channels over capacity in group %s",
        (1, 1, "g"),
        None,
    )
    assert ChannelLayerDropsAsWarning().filter(record)
    assert (record.levelno, record.levelname) == (logging.WARNING, "WARNING")


def test_the_filter_is_installed_on_the_channels_redis_logger():
    logger = logging.getLogger("channels_redis.core")
    assert any(isinstance(f, ChannelLayerDropsAsWarning) for f in logger.filters)
    assert logger.isEnabledFor(logging.INFO)


@requires_services
async def test_a_message_dropped_for_a_full_channel_is_logged_at_warning(caplog):
    layer = RedisChannelLayer(**layer_config(capacity=2, prefix="dr-live-drop"))
    channel = await layer.new_channel()
    await layer.group_add("dr-live-drop", channel)
    # INFO, as settings have it: a stricter level would hide the notice from the filter.
    with caplog.at_level(logging.INFO, logger="channels_redis"):
        for n in range(3):  # nobody reads: the third exceeds capacity 2
            await layer.group_send("dr-live-drop", {"type": "x", "n": n})
    await layer.flush()
    dropped = [r for r in caplog.records if "over capacity" in r.getMessage()]
    assert dropped
    assert dropped[0].levelno == logging.WARNING


# --- redis-py pool limits --------------------------------------------------------------------


async def _burst(layer, n: int) -> list:
    """n concurrent group sends, as a reconnect storm or a busy process makes them."""
    channel = await layer.new_channel()
    await layer.group_add("dr-live-burst", channel)
    sends = (layer.group_send("dr-live-burst", {"type": "x"}) for _ in range(n))
    outcomes = await asyncio.gather(*sends, return_exceptions=True)
    await layer.flush()
    return [o for o in outcomes if isinstance(o, BaseException)]


@requires_services
async def test_a_burst_beyond_the_pool_waits_instead_of_failing():
    stock = RedisChannelLayer(**layer_config(prefix="dr-live-stock", capacity=10_000))
    failures = await _burst(stock, 300)
    # The pitfall, as it is with redis-py 8: the 101st concurrent command fails outright.
    assert failures
    assert all(isinstance(f, MaxConnectionsError) for f in failures)
    blocking = BlockingRedisChannelLayer(**layer_config(prefix="dr-live-blocking", capacity=10_000))
    assert await _burst(blocking, 300) == []


# --- redis-py socket timeout vs the layer's 5 s blocking read ------------------------------


@requires_services
@pytest.mark.django_db(transaction=True)
async def test_a_connection_idle_longer_than_the_layers_blocking_read_still_works(live_room):
    """redis-py's default 5 s socket timeout equals channels-redis's 5 s BRPOP: an idle
    consumer crashed with TimeoutError. Settings pass socket_timeout=None."""
    _, interviewer, candidate = live_room
    await asyncio.sleep(6.5)
    await candidate.send({"type": "chat", "text": "still there?"})
    assert (await interviewer.recv_type("chat"))["text"] == "still there?"
    assert (await candidate.recv_type("chat"))["text"] == "still there?"
    await interviewer.send({"type": "chat", "text": "yes"})
    assert (await candidate.recv_type("chat"))["text"] == "yes"
