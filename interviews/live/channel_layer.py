"""The channel layers: the Redis core layer with a connection pool that waits instead of
failing, the Redis Pub/Sub layer made loud about a lost subscription, and the in-memory
layer of the embedded default made loud about drops (at the end).

channels-redis builds its pools with ``redis.asyncio.ConnectionPool.from_url``. In the
redis-py we run (8.x) that pool defaults to ``max_connections=100`` and raises
``MaxConnectionsError`` the moment a 101st command needs a connection: a burst of
group sends (a reconnect storm after a deploy, a busy room) would then fail in consumers
instead of queueing for a few milliseconds. ``BlockingConnectionPool`` has the same cap but
makes the 101st caller wait (up to ``pool_timeout`` seconds) for a free connection.

Enable with ``CHANNEL_LAYERS["default"]["BACKEND"] =
"interviews.live.channel_layer.BlockingRedisChannelLayer"``; the usual channels-redis CONFIG
applies, and each host may add ``max_connections`` and ``pool_timeout``.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from channels.exceptions import ChannelFull
from channels.layers import InMemoryChannelLayer
from channels_redis.core import RedisChannelLayer
from channels_redis.pubsub import (
    RedisPubSubChannelLayer,
    RedisPubSubLoopLayer,
    RedisSingleShardConnection,
    _wrap_close,
)
from redis.asyncio import BlockingConnectionPool

logger = logging.getLogger(__name__)

DEFAULT_MAX_CONNECTIONS = 100
DEFAULT_POOL_TIMEOUT = 10


class BlockingRedisChannelLayer(RedisChannelLayer):
    def create_pool(self, index: int) -> BlockingConnectionPool:
        host = dict(self.hosts[index])
        if "address" not in host:
            # Sentinel and keyword configurations keep channels-redis's own pool.
            return super().create_pool(index)
        address = host.pop("address")
        host.setdefault("max_connections", DEFAULT_MAX_CONNECTIONS)
        host["timeout"] = host.pop("pool_timeout", DEFAULT_POOL_TIMEOUT)
        return BlockingConnectionPool.from_url(address, **host)


LAYER_LOST = "layer.lost"  # the message type every local channel gets when the layer breaks


class LoudRedisPubSubChannelLayer(RedisPubSubChannelLayer):
    """channels-redis's Pub/Sub layer, made to say so when its subscription breaks.

    Why Pub/Sub: a group send is ONE ``PUBLISH`` and each process receives over one pushed
    subscription, where the core layer takes four round trips per group send plus a
    ``BZPOPMIN`` loop; on the op path that was most of the event loop's time
    (docs/performance.md). The price is that Pub/Sub is fire-and-forget: while a process's
    subscription is down, messages for it are gone, and the stock layer only logs, sleeps
    and re-subscribes, so its sockets would sit in silence, missing events. Here every local
    channel is sent a ``layer.lost`` message instead; consumers close their sockets on it,
    and clients reconnect with ``?since=`` and replay what they missed from PostgreSQL.
    """

    def _get_layer(self) -> RedisPubSubLoopLayer:
        loop = asyncio.get_running_loop()
        layer = self._layers.get(loop)
        if layer is None:
            layer = _LoudLoopLayer(*self._args, **self._kwargs, channel_layer=self)
            self._layers[loop] = layer
            _wrap_close(self, loop)
        return layer

    async def channel_forget(self, channel: str) -> None:
        await self._get_layer().channel_forget(channel)


async def channel_forget(layer: Any, channel: str) -> None:
    """Drop a finished consumer's channel (its queue and its Redis subscription).

    The stock Pub/Sub layer cleans a channel up only inside a ``receive`` that gets
    cancelled; consumers end without that cleanup running often enough that the queue and
    the Redis subscription of ~400 of 1,500 closed sockets stayed behind (tracemalloc over
    bench/connection_churn.py cycles). Layers without the method need nothing.
    """
    forget = getattr(layer, "channel_forget", None)
    if forget is not None:
        await forget(channel)


class _LoudLoopLayer(RedisPubSubLoopLayer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shards = [_LoudShard(shard.host, self) for shard in self._shards]  # type: ignore[has-type]

    async def channel_forget(self, channel: str) -> None:
        if self.channels.pop(channel, None) is not None:
            await self._get_shard(channel).unsubscribe(channel)


class _LoudShard(RedisSingleShardConnection):
    async def _do_receiving(self) -> None:
        while True:
            try:
                if self._pubsub and self._pubsub.subscribed:
                    message = await self._pubsub.get_message(
                        ignore_subscribe_messages=True, timeout=0.1
                    )
                    self._receive_message(message)
                else:
                    await asyncio.sleep(0.1)
            except (TimeoutError, asyncio.CancelledError, GeneratorExit):
                raise
            except Exception:
                logger.warning("channel layer subscription lost; closing local sockets")
                self._tell_everyone()
                await asyncio.sleep(1)

    def _tell_everyone(self) -> None:
        layer = self.channel_layer  # the per-event-loop layer: channels live there
        lost = layer.channel_layer.serialize({"type": LAYER_LOST})
        for queue in layer.channels.values():
            queue.put_nowait(lost)


LAYER_OVERFLOWED = "layer.overflowed"  # a channel's queue was full: messages were dropped


class LoudInMemoryChannelLayer(InMemoryChannelLayer):
    """Channels' in-memory layer (the embedded default), made loud about drops.

    The stock layer drops a group message for a full channel without a word. Here the drop
    is logged at WARNING, and the channel's next receive is a ``layer.overflowed`` message,
    ahead of what is queued: the consumer tells its client to resync, and the replay brings
    what was dropped (docs/protocol.md, "resync"). Consumers read their channel apart from
    the handling of their own frames (inbox.py), so at human rates the queue stays short
    and nothing is dropped; the capacity is set well above what a busy room queues.
    """

    def __init__(self, capacity: int = 1000, **kwargs: Any) -> None:
        super().__init__(capacity=capacity, **kwargs)
        self.overflowed: set[str] = set()
        # The event loop each channel is read on. A send from another thread's loop (a
        # view, the live analysis, anything through async_to_sync) must hand the message
        # to that loop: asyncio queues are not thread-safe, and a put from elsewhere
        # leaves the reader asleep until something else wakes its loop.
        self.readers: dict[str, asyncio.AbstractEventLoop] = {}

    async def send(self, channel: str, message: dict) -> None:
        reader = self.readers.get(channel)
        if reader is not None and reader is not asyncio.get_running_loop():
            if reader.is_closed():
                self.readers.pop(channel, None)
            else:
                handed = asyncio.run_coroutine_threadsafe(super().send(channel, message), reader)
                await asyncio.wrap_future(handed)
                return
        await super().send(channel, message)

    async def channel_forget(self, channel: str) -> None:
        self.readers.pop(channel, None)
        self.channels.pop(channel, None)

    async def group_send(self, group: str, message: dict) -> None:
        self.require_valid_group_name(group)
        self._clean_expired()
        for channel in list(self.groups.get(group, {})):
            try:
                await self.send(channel, message)
            except ChannelFull:
                if channel not in self.overflowed:
                    logger.warning("channel %s is full: dropped a message of %s", channel, group)
                self.overflowed.add(channel)

    async def receive(self, channel: str) -> dict:
        self.readers[channel] = asyncio.get_running_loop()
        if channel in self.overflowed:
            self.overflowed.discard(channel)
            return {"type": LAYER_OVERFLOWED}
        return await super().receive(channel)
