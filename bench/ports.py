"""Free TCP ports on 127.0.0.1 for the servers that benches and tests start.

The kernel picks them (bind to port 0), so parallel runs never race each other through one
fixed range. The sockets are closed before returning, so a port is free, not reserved: start
the server on it straight away. Imported by the benches (as ``ports``, from this folder) and
by the tests (as ``bench.ports``).
"""

from __future__ import annotations

import contextlib
import socket


def free_ports(count: int) -> list[int]:
    """``count`` distinct free ports: all are held open together while they are picked."""
    with contextlib.ExitStack() as stack:
        ports = []
        for _ in range(count):
            s = stack.enter_context(socket.socket())
            s.bind(("127.0.0.1", 0))
            ports.append(s.getsockname()[1])
        return ports


def free_port() -> int:
    return free_ports(1)[0]


def origin_of(url: str) -> str:
    """The page origin a browser would send for a server URL: ws://127.0.0.1:8123/ws/... →
    http://127.0.0.1:8123 (the websocket Origin check compares scheme, host and port)."""
    scheme, rest = url.split("://", 1)
    web = {"ws": "http", "wss": "https"}.get(scheme, scheme)
    return f"{web}://{rest.split('/', 1)[0]}"
