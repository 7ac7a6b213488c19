"""The Pub/Sub channel layer forgets the channels of closed sockets."""

from __future__ import annotations

import pytest
from channels.layers import get_channel_layer

from interviews.live.channel_layer import LoudRedisPubSubChannelLayer
from tests.conftest import requires_services
from tests.interviews.ws import ws_join


@requires_services
@pytest.mark.django_db(transaction=True)
async def test_closed_sockets_leave_no_channel_behind(peer, cookies):
    layer = get_channel_layer()
    if not isinstance(layer, LoudRedisPubSubChannelLayer):
        pytest.skip("CHANNEL_LAYER is not pubsub")
    for _ in range(20):
        socket, _ = await ws_join(peer.session.pk, cookies["interviewer"])
        await socket.close()
    loop_layer = layer._get_layer()
    assert loop_layer.channels == {}
    assert not any(loop_layer.groups.values())
