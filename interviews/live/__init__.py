"""The live wing: everything that speaks the websocket transport, in one place.

The consumer (``consumers``), what a client may send (``protocol``), the command dispatcher
(``commands``), the group commit of board ops (``batching``), the fan-out of committed
events (``broadcast``), the Redis channel layers (``channel_layer``) and their log filter
(``logging_filters``). The services in ``interviews.services`` never import this package:
they log events and hand them to ``interviews.events``; this wing carries them.
"""

from __future__ import annotations


def live_install() -> None:
    """Wire the wing into the app at start-up (``InterviewsConfig.ready``)."""
    from ..events import publisher_install
    from ..relay import relay_publisher_install
    from .broadcast import events_publish, relay_publish
    from .logging_filters import channel_layer_drops_surface

    # Doors other than the websocket (views, tasks, the shell) publish through the layer.
    publisher_install(events_publish)
    relay_publisher_install(relay_publish)
    # Live sessions depend on every broadcast arriving; a drop must reach the logs at
    # WARNING whatever LOGGING says (settings only lift channels_redis to INFO).
    channel_layer_drops_surface()
