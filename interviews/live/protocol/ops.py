"""Board op schemas: the shape of every op a client may send (contents are checked by
``interviews.board`` against the current board)."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from content.diagram_vocabulary import CAPACITY_UNITS, MAX_CAPACITY_PER_SECOND

from ...board import EDGE_MODES, NODE_KINDS
from . import fields as f
from .shapes import SHAPE_PARSERS

MAX_LABEL_CHARS = 200
MAX_NODE_NOTES_CHARS = 2_000
# A notes update is a Yjs update (binary) in base64: 60,000 characters are 45,000 bytes, and
# the frame around it stays under the 64 KiB frame limit.
MAX_NOTES_UPDATE_CHARS = 60_000
MAX_REPLICAS = 10_000


def op_parse(op: dict) -> dict[str, Any]:
    """Validate a board op's shape and return it normalised (defaults filled in)."""
    kind = f.string(op, "kind", where="op", max_len=20)
    parser = _OP_PARSERS.get(kind)
    if parser is None:
        raise f.bad(f"op.kind: unknown op '{kind}'")
    return parser(op)


def _node_add(op: dict) -> dict:
    f.only(op, {"kind", "node", "place"}, where="node.add")
    node = f.obj(op, "node", where="node.add")
    f.only(
        node,
        {"id", "kind", "label", "x", "y", "notes", "replicas", "capacity"},
        where="node.add.node",
    )
    parsed = {"kind": "node.add", "node": _node_fields(node, where="node.add.node", partial=False)}
    # "free": the server moves the node to the first free spot near (x, y) (board_placement).
    if "place" in op:
        parsed["place"] = f.choice(op, "place", ("free", "exact"), where="node.add")
    return parsed


def _node_move(op: dict) -> dict:
    f.only(op, {"kind", "id", "x", "y"}, where="node.move")
    return {
        "kind": "node.move",
        "id": f.element_id(op, "id", where="node.move"),
        "x": f.coordinate(op, "x", where="node.move"),
        "y": f.coordinate(op, "y", where="node.move"),
    }


def _node_update(op: dict) -> dict:
    f.only(op, {"kind", "id", "changes"}, where="node.update")
    changes = f.obj(op, "changes", where="node.update")
    f.only(changes, {"label", "kind", "notes", "replicas", "capacity"}, where="node.update.changes")
    if not changes:
        raise f.bad("node.update.changes: must change at least one field")
    return {
        "kind": "node.update",
        "id": f.element_id(op, "id", where="node.update"),
        "changes": _node_fields(changes, where="node.update.changes", partial=True),
    }


def _node_fields(data: dict, *, where: str, partial: bool) -> dict:
    fields: dict[str, Any] = {}
    if not partial:
        fields["id"] = f.element_id(data, "id", where=where)
        fields["x"] = f.coordinate(data, "x", where=where)
        fields["y"] = f.coordinate(data, "y", where=where)
    if "kind" in data or not partial:
        fields["kind"] = f.choice(data, "kind", NODE_KINDS, where=where)
    if "label" in data or not partial:
        fields["label"] = f.string(data, "label", where=where, max_len=MAX_LABEL_CHARS, default="")
    if "notes" in data or not partial:
        fields["notes"] = f.string(
            data, "notes", where=where, max_len=MAX_NODE_NOTES_CHARS, default=""
        )
    if "replicas" in data or not partial:
        fields["replicas"] = _replicas(data, where=where)
    if "capacity" in data:  # optional: a node without one takes its kind's default
        fields["capacity"] = _capacity(data, where=where)
    return fields


def _replicas(data: dict, *, where: str) -> int | None:
    if data.get("replicas") is None:
        return None
    return f.integer(data, "replicas", where=where, minimum=1, maximum=MAX_REPLICAS)


def _capacity(data: dict, *, where: str) -> dict | None:
    """A component's own capacity per instance, ``{"value", "unit"}``; null clears it."""
    if data.get("capacity") is None:
        return None
    capacity = f.obj(data, "capacity", where=where)
    f.only(capacity, {"value", "unit"}, where=f"{where}.capacity")
    value: Any = capacity.get("value")
    if not f.is_number(value) or not 0 < value <= MAX_CAPACITY_PER_SECOND:
        raise f.bad(
            f"{where}.capacity.value: must be a number above 0 and at most "
            f"{MAX_CAPACITY_PER_SECOND:,} per second"
        )
    unit = f.choice(capacity, "unit", CAPACITY_UNITS, where=f"{where}.capacity")
    return {"value": value, "unit": unit}


def _node_delete(op: dict) -> dict:
    f.only(op, {"kind", "id"}, where="node.delete")
    return {"kind": "node.delete", "id": f.element_id(op, "id", where="node.delete")}


def _edge_add(op: dict) -> dict:
    f.only(op, {"kind", "edge"}, where="edge.add")
    edge = f.obj(op, "edge", where="edge.add")
    f.only(edge, {"id", "from", "to", "label", "mode"}, where="edge.add.edge")
    where = "edge.add.edge"
    fields = {
        "id": f.element_id(edge, "id", where=where),
        "from": f.element_id(edge, "from", where=where),
        "to": f.element_id(edge, "to", where=where),
        "label": f.string(edge, "label", where=where, max_len=MAX_LABEL_CHARS, default=""),
        "mode": f.choice(edge, "mode", EDGE_MODES, where=where, default="sync"),
    }
    if fields["from"] == fields["to"]:
        raise f.bad(f"{where}: 'from' and 'to' must be different nodes")
    return {"kind": "edge.add", "edge": fields}


def _edge_update(op: dict) -> dict:
    f.only(op, {"kind", "id", "changes"}, where="edge.update")
    changes = f.obj(op, "changes", where="edge.update")
    f.only(changes, {"label", "mode"}, where="edge.update.changes")
    if not changes:
        raise f.bad("edge.update.changes: must change at least one field")
    where = "edge.update.changes"
    fields: dict[str, Any] = {}
    if "label" in changes:
        fields["label"] = f.string(changes, "label", where=where, max_len=MAX_LABEL_CHARS)
    if "mode" in changes:
        fields["mode"] = f.choice(changes, "mode", EDGE_MODES, where=where)
    return {
        "kind": "edge.update",
        "id": f.element_id(op, "id", where="edge.update"),
        "changes": fields,
    }


def _edge_delete(op: dict) -> dict:
    f.only(op, {"kind", "id"}, where="edge.delete")
    return {"kind": "edge.delete", "id": f.element_id(op, "id", where="edge.delete")}


def _notes_update(op: dict) -> dict:
    f.only(op, {"kind", "update"}, where="notes.update")
    text = f.string(op, "update", where="notes.update", max_len=MAX_NOTES_UPDATE_CHARS, min_len=1)
    try:
        base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise f.bad("notes.update.update: not base64") from None
    return {"kind": "notes.update", "update": text}


_OP_PARSERS = {
    "node.add": _node_add,
    "node.move": _node_move,
    "node.update": _node_update,
    "node.delete": _node_delete,
    "edge.add": _edge_add,
    "edge.update": _edge_update,
    "edge.delete": _edge_delete,
    "notes.update": _notes_update,
    **SHAPE_PARSERS,
}
