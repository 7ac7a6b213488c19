"""A websocket handshake's Origin is compared whole (scheme, host, port): a page on another
port or scheme of the same host cannot open a socket that rides the user's session cookie.
The reported attack: a page at http://127.0.0.1:9999 opened the room of the app served at
127.0.0.1:8000 (Channels' AllowedHostsOriginValidator compares hosts only).
"""

from __future__ import annotations

import pytest
from channels.testing import WebsocketCommunicator
from django.test import Client

from config.asgi import application
from config.websocket_origins import origin_parse
from interviews.services import session_create

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def room(framework, question, rubric, people):
    session = session_create(
        created_by=people["candidate"], question=question, level="senior", mode="solo"
    )
    client = Client()
    client.force_login(people["candidate"])
    return f"/ws/sessions/{session.pk}/", f"sessionid={client.cookies['sessionid'].value}"


async def _handshake(room, origin: str, host: str = "127.0.0.1:8000", scheme: str = "ws") -> bool:
    path, cookie = room
    communicator = WebsocketCommunicator(
        application,
        path,
        headers=[
            (b"origin", origin.encode()),
            (b"host", host.encode()),
            (b"cookie", cookie.encode()),
        ],
    )
    communicator.scope["scheme"] = scheme
    connected, _ = await communicator.connect()
    await communicator.disconnect()
    return connected


@pytest.mark.parametrize(
    "origin",
    [
        "http://127.0.0.1:9999",  # another port of the same host
        "https://127.0.0.1:8000",  # another scheme
        "http://127.0.0.1",  # the default port is another port
        "http://evil.example:8000",
        "null",
        "",
    ],
)
async def test_a_page_on_another_origin_is_refused(room, origin):
    assert not await _handshake(room, origin)


async def test_the_page_the_app_serves_is_accepted(room):
    assert await _handshake(room, "http://127.0.0.1:8000")


async def test_over_tls_the_origin_is_https(room):
    assert await _handshake(room, "https://localhost", host="localhost", scheme="wss")
    assert not await _handshake(room, "http://localhost", host="localhost", scheme="wss")


async def test_a_host_outside_allowed_hosts_is_refused_even_when_the_origin_matches(room):
    assert not await _handshake(room, "http://evil.example:8000", host="evil.example:8000")


async def test_configured_origins_are_the_only_ones_allowed(room, settings):
    settings.WEBSOCKET_ALLOWED_ORIGINS = ["https://designroom.example"]
    assert await _handshake(room, "https://designroom.example", host="127.0.0.1:8000")
    assert await _handshake(room, "https://designroom.example:443", host="127.0.0.1:8000")
    assert not await _handshake(room, "http://designroom.example", host="127.0.0.1:8000")
    assert not await _handshake(room, "https://designroom.example:8443", host="127.0.0.1:8000")
    assert not await _handshake(room, "http://127.0.0.1:8000")  # served origin no longer enough


def test_origins_compare_with_default_ports_filled_in():
    assert origin_parse("HTTPS://Designroom.Example") == ("https", "designroom.example", 443)
    assert origin_parse("http://[::1]:8000") == ("http", "::1", 8000)
    assert origin_parse("http://a.example/path") is None
    assert origin_parse("ftp://a.example") is None
