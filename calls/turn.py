"""TURN credentials by the TURN REST API scheme (what coturn's ``use-auth-secret`` checks).

The username is ``<expiry>:<name>`` (expiry in Unix seconds) and the password is
base64(HMAC-SHA1(shared secret, username)). The TURN server recomputes the password from
the username with the same secret and refuses it once the expiry has passed, so the
credentials need no database and cannot outlive their time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass


@dataclass(frozen=True)
class TurnCredential:
    username: str
    password: str
    expires_at: int  # Unix seconds


def turn_password(*, secret: str, username: str) -> str:
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def turn_credential(*, secret: str, name: str, now: float, ttl_seconds: int) -> TurnCredential:
    """Credentials for ``name`` valid for ``ttl_seconds`` from ``now``.

    ``name`` must not contain ':' (the separator coturn splits the expiry off at).
    """
    if ":" in name:
        raise ValueError("a TURN user name must not contain ':'")
    expires_at = int(now) + ttl_seconds
    username = f"{expires_at}:{name}"
    return TurnCredential(username, turn_password(secret=secret, username=username), expires_at)
