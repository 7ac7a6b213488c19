"""Which pages may open the app's websockets: the Origin header compared as a whole (scheme,
host and port), because a browser attaches the session cookie to a socket any page opens.

With ``WEBSOCKET_ALLOWED_ORIGINS`` set (``DJANGO_WEBSOCKET_ORIGINS``, e.g.
``https://designroom.example``) the origin must be one of them. Unset, it must be the origin
the handshake itself was served at: the scheme the socket arrived on (``wss`` → https; behind
a trusted proxy, ``SECURE_PROXY_SSL_HEADER``) and the Host header, which must be one of
``ALLOWED_HOSTS``. Channels' ``AllowedHostsOriginValidator`` compared the host only, so a
page at ``http://127.0.0.1:9999`` could open a socket to the app at ``:8000``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host

DEFAULT_PORTS = {"http": 80, "https": 443}

Origin = tuple[str, str, int]


def origin_parse(value: str) -> Origin | None:
    """(scheme, host, port) of an http(s) origin, default ports filled in; None if it is not
    one (``null``, another scheme, a path or credentials in it)."""
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        return None
    return parts.scheme, parts.hostname.lower(), port or DEFAULT_PORTS[parts.scheme]


def _headers(scope: dict[str, Any]) -> dict[str, str]:
    return {k.decode("latin1").lower(): v.decode("latin1") for k, v in scope.get("headers", [])}


def _served_scheme(scope: dict[str, Any], headers: dict[str, str]) -> str:
    if scope.get("scheme") in ("wss", "https"):
        return "https"
    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy:  # only set when a proxy in front is trusted (DJANGO_BEHIND_PROXY)
        name, value = proxy
        header = name.removeprefix("HTTP_").replace("_", "-").lower()
        if headers.get(header, "").split(",")[0].strip() == value:
            return "https"
    return "http"


def served_origin(scope: dict[str, Any]) -> Origin | None:
    """The origin the handshake was served at, if its Host is one of ALLOWED_HOSTS."""
    headers = _headers(scope)
    host = headers.get("host", "")
    domain, _ = split_domain_port(host)
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return None
    return origin_parse(f"{_served_scheme(scope, headers)}://{host}")


def origin_allowed(scope: dict[str, Any]) -> bool:
    origin = origin_parse(_headers(scope).get("origin", ""))
    if origin is None:
        return False
    configured = getattr(settings, "WEBSOCKET_ALLOWED_ORIGINS", [])
    if configured:
        return origin in {origin_parse(o) for o in configured}
    return origin == served_origin(scope)


class OriginValidator:
    """ASGI middleware: a websocket whose Origin is not allowed is refused at the handshake."""

    def __init__(self, application: Any) -> None:
        self.application = application

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if scope["type"] == "websocket" and not origin_allowed(scope):
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)
