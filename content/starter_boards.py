"""Starter boards: the diagram a question may hand the candidate at the start (a client and
an API to extend, a region to fill, a note with a constraint...).

The shape is the board's own (``docs/protocol.md``, Board ops) with smaller limits: it is a
start, not an answer. ``starter_board_problems`` says what is wrong with one, naming the
element; the pack loader and the admin refuse a starter board with any problem, and
``starter_board_normalised`` fills in the defaults the board's ops would.
"""

from __future__ import annotations

import math
from typing import Any

from .diagram_vocabulary import EDGE_MODES, NODE_KINDS, TEXT_STYLES, ZONE_KINDS

MAX_STARTER = {"nodes": 40, "edges": 80, "zones": 12, "texts": 20}
MAX_ID = 64
MAX_LABEL = 200
MAX_TEXT = 2_000
COORDINATE_LIMIT = 100_000
ZONE_SIZE = (40, 40_000)
KEYS = {
    "nodes": {"id", "kind", "label", "x", "y", "notes", "replicas"},
    "edges": {"id", "from", "to", "label", "mode"},
    "zones": {"id", "kind", "label", "x", "y", "w", "h"},
    "texts": {"id", "style", "text", "x", "y"},
}


def _number(value: Any) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and abs(value) <= COORDINATE_LIMIT
    )


def _text(value: Any, limit: int) -> bool:
    return value is None or (isinstance(value, str) and len(value) <= limit)


def board_element_problems(key: str, element: Any, where: str) -> list[str]:
    """What is wrong with one element's fields (the limits of the board's ops), naming it."""
    if not isinstance(element, dict):
        return [f"{where}: must be a mapping"]
    problems = [f"{where}: unknown field '{k}'" for k in sorted(set(element) - KEYS[key])]
    if not isinstance(element.get("id"), str) or not 1 <= len(element["id"]) <= MAX_ID:
        problems.append(f"{where}.id: must be 1 to {MAX_ID} characters")
    if key != "edges":
        problems += [
            f"{where}.{c}: must be a number within ±100000"
            for c in ("x", "y")
            if not _number(element.get(c))
        ]
    choices = {"nodes": ("kind", NODE_KINDS), "zones": ("kind", ZONE_KINDS)}
    if key in choices and element.get(choices[key][0]) not in choices[key][1]:
        problems.append(f"{where}.kind: must be one of {', '.join(choices[key][1])}")
    if key == "edges" and element.get("mode", "sync") not in EDGE_MODES:
        problems.append(f"{where}.mode: must be sync or async")
    if key == "texts" and element.get("style", "text") not in TEXT_STYLES:
        problems.append(f"{where}.style: must be text or sticky")
    if key == "zones":
        low, high = ZONE_SIZE
        problems += [
            f"{where}.{s}: must be a number from {low} to {high}"
            for s in ("w", "h")
            if not (_number(element.get(s)) and low <= element[s] <= high)
        ]
    replicas = element.get("replicas")
    if replicas is not None and (
        not isinstance(replicas, int) or isinstance(replicas, bool) or not 1 <= replicas <= 10_000
    ):
        problems.append(f"{where}.replicas: must be an integer from 1 to 10000")
    for name, limit in (("label", MAX_LABEL), ("notes", MAX_TEXT), ("text", MAX_TEXT)):
        if not _text(element.get(name), limit):
            problems.append(f"{where}.{name}: must be text of at most {limit} characters")
    return problems


def starter_board_problems(board: Any) -> list[str]:
    """Every way ``board`` is not a valid starter board (empty when it is one)."""
    if board in (None, {}):
        return []
    if not isinstance(board, dict):
        return ["must be a mapping of nodes, edges, zones and texts"]
    problems = [
        f"unknown part '{k}' (allowed: nodes, edges, zones, texts)"
        for k in sorted(set(board) - set(KEYS))
    ]
    ids: list[str] = []
    for key, limit in MAX_STARTER.items():
        elements = board.get(key) or []
        if not isinstance(elements, list):
            problems.append(f"{key}: must be a list")
            continue
        if len(elements) > limit:
            problems.append(f"{key}: at most {limit} in a starter board")
        for i, element in enumerate(elements, start=1):
            problems += board_element_problems(key, element, f"{key}[#{i}]")
            if isinstance(element, dict) and isinstance(element.get("id"), str):
                ids.append(element["id"])
    if len(ids) != len(set(ids)):
        problems.append(
            "ids: every element needs its own id (nodes, edges, zones and texts share them)"
        )
    nodes = {n.get("id") for n in board.get("nodes") or [] if isinstance(n, dict)}
    for i, edge in enumerate(board.get("edges") or [], start=1):
        if isinstance(edge, dict) and (
            edge.get("from") not in nodes
            or edge.get("to") not in nodes
            or edge.get("from") == edge.get("to")
        ):
            problems.append(
                f"edges[#{i}]: 'from' and 'to' must name two different nodes of the starter board"
            )
    return problems


def starter_board_normalised(board: dict[str, Any] | None) -> dict[str, list[dict[str, Any]]]:
    """The starter board with every default filled in, as the board's ops would store it."""
    board = board or {}
    return {
        "nodes": [
            {"label": "", "notes": "", "replicas": None, **n} for n in board.get("nodes") or []
        ],
        "edges": [{"label": "", "mode": "sync", **e} for e in board.get("edges") or []],
        "zones": [{"label": "", **z} for z in board.get("zones") or []],
        "texts": [{"style": "text", "text": "", **t} for t in board.get("texts") or []],
    }
