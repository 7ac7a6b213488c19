"""The channel layer's log filter, installed on channels-redis's logger by ``live_install``."""

from __future__ import annotations

import logging


class ChannelLayerDropsAsWarning(logging.Filter):
    """Raise channels-redis's "channels over capacity" notice from INFO to WARNING.

    When a consumer's channel already holds ``capacity`` messages, channels-redis drops
    the group message for it and says so only at INFO, where production log levels hide
    it. A dropped broadcast means a socket missed an event (its client resyncs by seq),
    which operators must see.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING and "over capacity" in str(record.msg):
            record.levelno = logging.WARNING
            record.levelname = logging.getLevelName(logging.WARNING)
        return True


def channel_layer_drops_surface(logger_name: str = "channels_redis.core") -> None:
    """Attach the filter to channels-redis's logger (idempotent) and let INFO reach it."""
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, ChannelLayerDropsAsWarning) for f in logger.filters):
        logger.addFilter(ChannelLayerDropsAsWarning())
    if logger.getEffectiveLevel() > logging.INFO:
        # The drop notice is emitted at INFO; a stricter level would discard it before
        # the filter could raise it.
        logger.setLevel(logging.INFO)
