"""Zones and free text on the board: the shapes that are not components.

A zone is a labelled rectangle standing for a region, an availability zone, a VPC or a data
centre; a component belongs to every zone whose rectangle holds its centre (zones nest), as
``scoring.analysis.zones.zone_membership`` computes. A text is free text or a sticky note
placed on the canvas. State keys: ``zones`` (``{"id", "kind", "label", "x", "y", "w", "h"}``,
x/y the top-left corner) and ``texts`` (``{"id", "style", "text", "x", "y"}``). Boards from
before these existed have neither key; every reader treats a missing key as empty.

Like ``interviews.board``: pure, and a changed element is a new dict.
"""

from __future__ import annotations

from typing import Any

from content.diagram_vocabulary import TEXT_STYLES, ZONE_KINDS

from .errors import ErrorCode, SessionError

__all__ = ["SHAPE_APPLIERS", "TEXT_STYLES", "ZONE_KINDS", "shape_problems", "shapes_empty"]
ZONE_KIND_LABELS = {
    "region": "Region",
    "az": "Availability zone",
    "vpc": "VPC",
    "dc": "Data centre",
}
MAX_ZONES = 60
MAX_TEXTS = 200
MAX_TEXT_CHARS = 2_000
ZONE_MIN_SIZE = 40
ZONE_MAX_SIZE = 40_000
ZONE_FIELDS = ("kind", "label", "x", "y", "w", "h")
TEXT_FIELDS = ("style", "text", "x", "y")

Board = dict[str, Any]
Op = dict[str, Any]


def shapes_empty() -> Board:
    return {"zones": [], "texts": []}


def _zone_add(board: Board, op: Op) -> Op:
    return _add(board, "zones", op["zone"], MAX_ZONES, "zones", op)


def _text_add(board: Board, op: Op) -> Op:
    return _add(board, "texts", op["text"], MAX_TEXTS, "texts", op)


def _add(board: Board, key: str, element: dict, limit: int, what: str, op: Op) -> Op:
    if any(e["id"] == element["id"] for e in _all_elements(board)):
        raise SessionError(ErrorCode.DUPLICATE_ELEMENT, f"an element '{element['id']}' exists")
    if len(board[key]) >= limit:
        raise SessionError(ErrorCode.TOO_LARGE, f"the board holds at most {limit} {what}")
    board[key] = [*board[key], dict(element)]
    return op


def _update(key: str, what: str):
    def apply(board: Board, op: Op) -> Op:
        index = _index_of(board[key], op["id"], what)
        board[key] = list(board[key])
        board[key][index] = {**board[key][index], **op["changes"]}
        return op

    return apply


def _delete(key: str, what: str):
    def apply(board: Board, op: Op) -> Op:
        index = _index_of(board[key], op["id"], what)
        board[key] = [e for i, e in enumerate(board[key]) if i != index]
        return op

    return apply


def _index_of(elements: list[dict], element_id: str, what: str) -> int:
    for index, element in enumerate(elements):
        if element["id"] == element_id:
            return index
    raise SessionError(ErrorCode.UNKNOWN_ELEMENT, f"no {what} '{element_id}' on the board")


def _all_elements(board: Board) -> list[dict]:
    return [*board["nodes"], *board["edges"], *board["zones"], *board["texts"]]


SHAPE_APPLIERS = {
    "zone.add": _zone_add,
    "zone.update": _update("zones", "zone"),
    "zone.delete": _delete("zones", "zone"),
    "text.add": _text_add,
    "text.update": _update("texts", "text"),
    "text.delete": _delete("texts", "text"),
}


def shape_problems(state: Board) -> list[str]:
    """How the zones and texts break the board's invariants (empty when valid)."""
    problems = []
    for zone in state.get("zones", []):
        if zone.get("kind") not in ZONE_KINDS:
            problems.append(f"zone {zone.get('id')} has kind {zone.get('kind')!r}")
        if not all(ZONE_MIN_SIZE <= zone.get(k, 0) <= ZONE_MAX_SIZE for k in ("w", "h")):
            problems.append(f"zone {zone.get('id')} has a size out of bounds")
    for text in state.get("texts", []):
        if text.get("style") not in TEXT_STYLES:
            problems.append(f"text {text.get('id')} has style {text.get('style')!r}")
    if len(state.get("zones", [])) > MAX_ZONES or len(state.get("texts", [])) > MAX_TEXTS:
        problems.append("too many zones or texts")
    return problems
