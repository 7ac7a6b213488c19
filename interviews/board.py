"""The shared board: pure op application over its JSON state (no database, no clock).

State: ``{"nodes": [...], "edges": [...], "zones": [...], "texts": [...], "notes": {section: text}}``
(zones and free text: ``interviews.board_shapes``), where the notes' text
is derived from their CRDT document (``interviews.notes``, applied by its own door). Ops arrive already
shaped by ``interviews.live.protocol``; here they meet the current state. Elements are never
mutated in place: a changed node or edge is a new dict, so a caller's copy stays intact.
Ids name one element across nodes and edges.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from content.diagram_vocabulary import EDGE_MODES, NODE_KINDS

from .board_placement import free_spot
from .board_shapes import SHAPE_APPLIERS, shape_problems, shapes_empty
from .errors import ErrorCode, SessionError

# The kinds are content's (packs name them); the board and its protocol take them from there.
__all__ = ["EDGE_MODES", "NODE_KINDS"]


@dataclass(frozen=True)
class NoteSection:
    slug: str
    label: str
    placeholder: str


# The shared notes, in tab order: the one list. The board's schema takes its slugs; the
# room's tabs (templatetags/board_vocabulary.py) and through them the client take the rest.
NOTE_SECTION_LIST = (
    NoteSection(
        "requirements",
        "Requirements",
        "Functional requirements, non-goals, and NFR targets with numbers…",
    ),
    NoteSection(
        "estimates",
        "Estimates",
        "Users, QPS at peak, storage per year, bandwidth… (or use the estimator)",
    ),
    NoteSection("api", "API", "POST /v1/… → 201 {…}"),
    NoteSection("data_model", "Data model", "Entities, keys, access patterns, where each lives…"),
    NoteSection(
        "deep_dive",
        "Deep dive",
        "The component you go deep on: bottlenecks, failure modes, trade-offs…",
    ),
    NoteSection("free", "Free notes", "Anything else: parking lot, open questions…"),
)
NOTE_SECTIONS = tuple(section.slug for section in NOTE_SECTION_LIST)
MAX_NODES = 300
MAX_EDGES = 600
MAX_SECTION_CHARS = 20_000
COORDINATE_LIMIT = 100_000

Board = dict[str, Any]
Op = dict[str, Any]


def board_empty() -> Board:
    return {"nodes": [], "edges": [], **shapes_empty(), "notes": dict.fromkeys(NOTE_SECTIONS, "")}


def op_apply(state: Board, op: Op) -> tuple[Board, Op]:
    """Apply one validated op; return the new state and the op as applied (for peers)."""
    board = {
        "nodes": list(state["nodes"]),
        "edges": list(state["edges"]),
        # Boards from before zones and texts have neither key.
        "zones": list(state.get("zones", [])),
        "texts": list(state.get("texts", [])),
        "notes": state["notes"],
    }
    if "starter" in state:  # what the session started from (board_starter.py): kept as is
        board["starter"] = state["starter"]
    applied = _APPLIERS[op["kind"]](board, op)
    return board, applied


def _node_add(board: Board, op: Op) -> Op:
    node = dict(op["node"])
    _require_new_id(board, node["id"])
    if len(board["nodes"]) >= MAX_NODES:
        raise SessionError(ErrorCode.TOO_LARGE, f"the board holds at most {MAX_NODES} nodes")
    if op.get("place") == "free":
        node["x"], node["y"] = free_spot(board["nodes"], node["x"], node["y"])
    board["nodes"].append(node)
    # As applied: where the node landed, without the request to place it.
    return {"kind": "node.add", "node": node}


def _node_move(board: Board, op: Op) -> Op:
    index = _index_of(board["nodes"], op["id"], "node")
    board["nodes"][index] = {**board["nodes"][index], "x": op["x"], "y": op["y"]}
    return op


def _node_update(board: Board, op: Op) -> Op:
    index = _index_of(board["nodes"], op["id"], "node")
    board["nodes"][index] = {**board["nodes"][index], **op["changes"]}
    return op


def _node_delete(board: Board, op: Op) -> Op:
    index = _index_of(board["nodes"], op["id"], "node")
    del board["nodes"][index]
    # Edges die with their node; peers are told which, so every client removes the same ones.
    removed = [e["id"] for e in board["edges"] if op["id"] in (e["from"], e["to"])]
    board["edges"] = [e for e in board["edges"] if e["id"] not in removed]
    return {**op, "removed_edges": removed}


def _edge_add(board: Board, op: Op) -> Op:
    edge = op["edge"]
    _require_new_id(board, edge["id"])
    for end in ("from", "to"):
        _index_of(board["nodes"], edge[end], "node")
    if len(board["edges"]) >= MAX_EDGES:
        raise SessionError(ErrorCode.TOO_LARGE, f"the board holds at most {MAX_EDGES} edges")
    board["edges"].append(dict(edge))
    return op


def _edge_update(board: Board, op: Op) -> Op:
    index = _index_of(board["edges"], op["id"], "edge")
    board["edges"][index] = {**board["edges"][index], **op["changes"]}
    return op


def _edge_delete(board: Board, op: Op) -> Op:
    index = _index_of(board["edges"], op["id"], "edge")
    del board["edges"][index]
    return op


_APPLIERS = {
    "node.add": _node_add,
    "node.move": _node_move,
    "node.update": _node_update,
    "node.delete": _node_delete,
    "edge.add": _edge_add,
    "edge.update": _edge_update,
    "edge.delete": _edge_delete,
    **SHAPE_APPLIERS,
}
# notes.update is an op too, applied by the notes' own door (interviews.notes.stored): the
# notes are CRDT text in their own document, not part of this JSON state's op rules.
OP_KINDS = (*_APPLIERS, "notes.update")


def _index_of(elements: list[dict], element_id: str, what: str) -> int:
    for index, element in enumerate(elements):
        if element["id"] == element_id:
            return index
    raise SessionError(ErrorCode.UNKNOWN_ELEMENT, f"no {what} '{element_id}' on the board")


def _require_new_id(board: Board, element_id: str) -> None:
    elements = (*board["nodes"], *board["edges"], *board["zones"], *board["texts"])
    if any(e["id"] == element_id for e in elements):
        raise SessionError(ErrorCode.DUPLICATE_ELEMENT, f"an element '{element_id}' exists")


def board_problems(state: Board) -> list[str]:
    """Every way the state breaks the board's invariants (empty when valid)."""
    problems: list[str] = shape_problems(state)
    shapes = (*state.get("zones", []), *state.get("texts", []))
    ids = [e["id"] for e in (*state["nodes"], *state["edges"], *shapes)]
    if len(ids) != len(set(ids)):
        problems.append("duplicate element ids")
    node_ids = {n["id"] for n in state["nodes"]}
    for edge in state["edges"]:
        if edge["from"] not in node_ids or edge["to"] not in node_ids:
            problems.append(f"edge {edge['id']} dangles")
        if edge["mode"] not in EDGE_MODES:
            problems.append(f"edge {edge['id']} has mode {edge['mode']!r}")
    for node in state["nodes"]:
        if node["kind"] not in NODE_KINDS:
            problems.append(f"node {node['id']} has kind {node['kind']!r}")
    if set(state["notes"]) != set(NOTE_SECTIONS):
        problems.append("notes sections differ from the schema")
    if len(state["nodes"]) > MAX_NODES or len(state["edges"]) > MAX_EDGES:
        problems.append("too many elements")
    return problems
