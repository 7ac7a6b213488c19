"""The Redis channel layer with a connection pool that waits instead of failing.

channels-redis builds its pools with ``redis.asyncio.ConnectionPool.from_url``. In the
redis-py we run (8.x) that pool defaults to ``max_connections=100`` and raises
``MaxConnectionsError`` the moment a 101st command needs a connection: a burst of
group sends (a reconnect storm after a deploy, a busy room) would then fail in consumers
instead of queueing for a few milliseconds. ``BlockingConnectionPool`` has the same cap but
makes the 101st caller wait (up to ``pool_timeout`` seconds) for a free connection.

Enable with ``CHANNEL_LAYERS["default"]["BACKEND"] =
"interviews.channel_layer.BlockingRedisChannelLayer"``; the usual channels-redis CONFIG
applies, and each host may add ``max_connections`` and ``pool_timeout``.
"""

from __future__ import annotations

from channels_redis.core import RedisChannelLayer
from redis.asyncio import BlockingConnectionPool

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
