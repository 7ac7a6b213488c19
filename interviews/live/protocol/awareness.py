"""Awareness messages: where a participant is, relayed to the others and never stored.

``notes.awareness`` is a caret in the notes; ``board.cursor`` is the pointer, the selection
and the visible part of the board. Both are checked here for shape and size only; who may
send them, and how often, is the relay's business (``interviews/live/awareness.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...board import COORDINATE_LIMIT, NOTE_SECTIONS
from . import fields as f
from .base import ClientMessage

# A selection names at most this many elements (a rubber band over a large board can
# catch more: the relay shows the first ones); 200 ids of 64 characters stay under 14 KB.
MAX_CURSOR_SELECTION = 200
# The widest view a client can show: 8K pixels at the smallest zoom (25 %), with room.
MAX_VIEWPORT_SIZE = 2 * COORDINATE_LIMIT

Envelope = Callable[[dict, str, set[str]], None]


@dataclass(frozen=True)
class NotesAwarenessMessage(ClientMessage):
    """Where this user's caret is in the notes: relayed, never logged (docs/protocol.md)."""

    section: str | None
    anchor: tuple[int, int] | None  # the Yjs id of the character left of it; None: the start
    head: tuple[int, int] | None


@dataclass(frozen=True)
class BoardCursorMessage(ClientMessage):
    """Where this user is on the board: relayed, never logged (docs/protocol.md)."""

    pointer: tuple[float, float] | None  # board coordinates; None: not over the board
    selection: tuple[str, ...]
    viewport: tuple[float, float, float, float] | None  # x, y, w, h in board coordinates


def notes_awareness_parse(data: dict, ref: str | None, envelope: Envelope) -> ClientMessage:
    where = "notes.awareness"
    envelope(data, where, {"section", "anchor", "head"})
    section = data.get("section")
    if section is not None:
        section = f.choice(data, "section", NOTE_SECTIONS, where=where)
    positions = [_notes_position(data, key) if section else None for key in ("anchor", "head")]
    return NotesAwarenessMessage(ref=ref, section=section, anchor=positions[0], head=positions[1])


def _notes_position(data: dict, key: str) -> tuple[int, int] | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != 2:
        raise f.bad(f"notes.awareness.{key}: must be [client, clock] or null")
    pair = {"client": value[0], "clock": value[1]}
    where = f"notes.awareness.{key}"
    return (
        f.integer(pair, "client", where=where, minimum=0),
        f.integer(pair, "clock", where=where, minimum=0),
    )


def board_cursor_parse(data: dict, ref: str | None, envelope: Envelope) -> ClientMessage:
    where = "board.cursor"
    envelope(data, where, {"pointer", "selection", "viewport"})
    return BoardCursorMessage(
        ref=ref,
        pointer=_pointer(data.get("pointer")),
        selection=_selection(data.get("selection", [])),
        viewport=_viewport(data.get("viewport")),
    )


def _pointer(value: Any) -> tuple[float, float] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise f.bad("board.cursor.pointer: must be {x, y} or null")
    where = "board.cursor.pointer"
    f.only(value, {"x", "y"}, where=where)
    return (f.coordinate(value, "x", where=where), f.coordinate(value, "y", where=where))


def _selection(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise f.bad("board.cursor.selection: must be a list of element ids")
    if len(value) > MAX_CURSOR_SELECTION:
        raise f.bad(f"board.cursor.selection: at most {MAX_CURSOR_SELECTION} ids")
    ids = [
        f.element_id({"id": item}, "id", where=f"board.cursor.selection[{n}]")
        for n, item in enumerate(value)
    ]
    return tuple(dict.fromkeys(ids))  # each once, in the order sent


def _viewport(value: Any) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise f.bad("board.cursor.viewport: must be {x, y, w, h} or null")
    where = "board.cursor.viewport"
    f.only(value, {"x", "y", "w", "h"}, where=where)
    x, y = f.coordinate(value, "x", where=where), f.coordinate(value, "y", where=where)
    return (x, y, _size(value, "w"), _size(value, "h"))


def _size(value: dict, key: str) -> float:
    size: Any = value.get(key)
    if not f.is_number(size) or not 0 < size <= MAX_VIEWPORT_SIZE:
        raise f.bad(
            f"board.cursor.viewport.{key}: must be a number above 0, at most {MAX_VIEWPORT_SIZE}"
        )
    return float(size)


AWARENESS_PARSERS = {
    "notes.awareness": notes_awareness_parse,
    "board.cursor": board_cursor_parse,
}
