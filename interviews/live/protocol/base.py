"""The base of every parsed client message (its own module so that message families in
sibling modules, such as ``call``, can extend it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ClientMessage:
    ref: str | None
