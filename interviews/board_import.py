"""A Designroom board JSON (the room's "Export JSON") read back as a session's first board.

Each element is checked field by field with the limits of the board's ops
(``content.starter_boards.board_element_problems``), then added to an empty board by the
same ``op_apply`` the ops go through, so the board's own rules (known kinds, distinct ids,
arrows between existing components, at most so many elements) refuse what they would refuse
live. Every problem is named with its element (``edges[#3] (id 'e1'): ...``); one problem
refuses the whole file. The notes of an export are not imported: they live in the notes'
own document, and a practice session starts its notes afresh.
"""

from __future__ import annotations

import json
from typing import Any

from content.starter_boards import board_element_problems

from .board import Board, board_empty, board_problems, op_apply
from .board_starter import STARTER_PARTS
from .errors import SessionError

FORMAT = "designroom-board"
VERSIONS = (1,)
MAX_IMPORT_BYTES = 512 * 1024
TOP_KEYS = {"format", "version", "nodes", "edges", "zones", "texts", "notes"}
# Components first, so arrows find their ends.
ADD_ORDER = (("nodes", "node"), ("zones", "zone"), ("texts", "text"), ("edges", "edge"))
DEFAULTS: dict[str, dict[str, Any]] = {
    "nodes": {"label": "", "notes": "", "replicas": None},
    "edges": {"label": "", "mode": "sync"},
    "zones": {"label": ""},
    "texts": {"style": "text", "text": ""},
}
MAX_PROBLEMS = 20


class BoardImportError(Exception):
    """The file is not a board this app can start from; ``problems`` says why, each naming
    the element."""

    def __init__(self, problems: list[str]) -> None:
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(f"… and {len(problems) - MAX_PROBLEMS} more")
        super().__init__("; ".join(shown))
        self.problems = shown


def board_import_decode(raw: bytes) -> Any:
    """The JSON document in ``raw`` (at most MAX_IMPORT_BYTES, UTF-8)."""
    if len(raw) > MAX_IMPORT_BYTES:
        raise BoardImportError([f"the file is over {MAX_IMPORT_BYTES // 1024} KiB"])
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise BoardImportError(["the file is not UTF-8 text"]) from exc
    except json.JSONDecodeError as exc:
        raise BoardImportError([f"not JSON: {exc.msg} at line {exc.lineno}"]) from exc


def board_import_state(document: Any) -> Board:
    """The board state to start a session from, or BoardImportError naming every problem."""
    problems = _document_problems(document)
    if problems:
        raise BoardImportError(problems)
    state = board_empty()
    for key, field in ADD_ORDER:
        for i, given in enumerate(document.get(key) or [], start=1):
            # A field left out or null takes the default an op would give it.
            filled = {k: v for k, v in given.items() if v is not None}
            element: dict[str, Any] = {**DEFAULTS[key], **filled}
            if key == "edges" and element["from"] == element["to"]:
                problems.append(f"{key}[#{i}] (id '{element['id']}'): joins a node to itself")
                continue
            try:
                state, _ = op_apply(state, {"kind": f"{field}.add", field: element})
            except SessionError as exc:
                problems.append(f"{key}[#{i}] (id '{element['id']}'): {exc.message}")
    problems += board_problems(state)
    if problems:
        raise BoardImportError(problems)
    # Kept as the session's starting point, as a starter board is: the replay starts from it.
    starter: dict[str, Any] = {part: [dict(e) for e in state[part]] for part in STARTER_PARTS}
    state["starter"] = {**starter, "source": "import"}  # the report says where they came from
    return state


def _document_problems(document: Any) -> list[str]:
    if not isinstance(document, dict):
        return ["the file must hold one JSON object (a board exported from the room)"]
    if document.get("format") != FORMAT:
        return [f"format: must be '{FORMAT}' (use the room's Export JSON)"]
    version = document.get("version")
    if type(version) is not int or version not in VERSIONS:
        return [f"version: {version!r} is not a version this app reads (1)"]
    problems = [f"unknown part '{k}'" for k in sorted(set(document) - TOP_KEYS)]
    for key in STARTER_PARTS:
        elements = document.get(key) or []
        if not isinstance(elements, list):
            problems.append(f"{key}: must be a list")
            continue
        for i, element in enumerate(elements, start=1):
            problems += board_element_problems(key, element, f"{key}[#{i}]")
        if key == "edges" and not problems:
            problems += [
                f"edges[#{i}]: 'from' and 'to' must be node ids"
                for i, e in enumerate(elements, start=1)
                if not (isinstance(e.get("from"), str) and isinstance(e.get("to"), str))
            ]
    return problems
