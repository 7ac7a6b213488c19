"""Zone and free-text op schemas (``zone.*``, ``text.*``); the rules that need the board
(ids, limits) are ``interviews.board_shapes``'."""

from __future__ import annotations

from typing import Any

from ...board_shapes import (
    MAX_TEXT_CHARS,
    TEXT_FIELDS,
    TEXT_STYLES,
    ZONE_FIELDS,
    ZONE_KINDS,
    ZONE_MAX_SIZE,
    ZONE_MIN_SIZE,
)
from . import fields as f

MAX_ZONE_LABEL_CHARS = 200


def _size(data: dict, key: str, where: str) -> float:
    value: Any = data.get(key)
    if not f.is_number(value) or not ZONE_MIN_SIZE <= value <= ZONE_MAX_SIZE:
        raise f.bad(f"{where}.{key}: must be a number from {ZONE_MIN_SIZE} to {ZONE_MAX_SIZE}")
    return float(value) if isinstance(value, float) else value


def _zone_fields(data: dict, *, where: str, partial: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if not partial:
        out["id"] = f.element_id(data, "id", where=where)
    if "kind" in data or not partial:
        out["kind"] = f.choice(data, "kind", ZONE_KINDS, where=where)
    if "label" in data or not partial:
        out["label"] = f.string(
            data, "label", where=where, max_len=MAX_ZONE_LABEL_CHARS, default=""
        )
    for key in ("x", "y"):
        if key in data or not partial:
            out[key] = f.coordinate(data, key, where=where)
    for key in ("w", "h"):
        if key in data or not partial:
            out[key] = _size(data, key, where)
    return out


def _text_fields(data: dict, *, where: str, partial: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if not partial:
        out["id"] = f.element_id(data, "id", where=where)
    if "style" in data or not partial:
        out["style"] = f.choice(data, "style", TEXT_STYLES, where=where, default="text")
    if "text" in data or not partial:
        out["text"] = f.string(data, "text", where=where, max_len=MAX_TEXT_CHARS, default="")
    for key in ("x", "y"):
        if key in data or not partial:
            out[key] = f.coordinate(data, key, where=where)
    return out


def _add(kind: str, key: str, allowed: set[str], parse):
    def parser(op: dict) -> dict:
        f.only(op, {"kind", key}, where=kind)
        element = f.obj(op, key, where=kind)
        f.only(element, allowed, where=f"{kind}.{key}")
        return {"kind": kind, key: parse(element, where=f"{kind}.{key}", partial=False)}

    return parser


def _update(kind: str, allowed: tuple[str, ...], parse):
    def parser(op: dict) -> dict:
        f.only(op, {"kind", "id", "changes"}, where=kind)
        changes = f.obj(op, "changes", where=kind)
        f.only(changes, set(allowed), where=f"{kind}.changes")
        if not changes:
            raise f.bad(f"{kind}.changes: must change at least one field")
        return {
            "kind": kind,
            "id": f.element_id(op, "id", where=kind),
            "changes": parse(changes, where=f"{kind}.changes", partial=True),
        }

    return parser


def _delete(kind: str):
    def parser(op: dict) -> dict:
        f.only(op, {"kind", "id"}, where=kind)
        return {"kind": kind, "id": f.element_id(op, "id", where=kind)}

    return parser


SHAPE_PARSERS = {
    "zone.add": _add("zone.add", "zone", {"id", *ZONE_FIELDS}, _zone_fields),
    "zone.update": _update("zone.update", ZONE_FIELDS, _zone_fields),
    "zone.delete": _delete("zone.delete"),
    "text.add": _add("text.add", "text", {"id", *TEXT_FIELDS}, _text_fields),
    "text.update": _update("text.update", TEXT_FIELDS, _text_fields),
    "text.delete": _delete("text.delete"),
}
