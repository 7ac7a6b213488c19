"""When each part of the final board appeared, read from the session's op log.

The report links every piece of evidence to the replay at the moment it appeared: a notes
line at the op that gave it its final text, a node or edge at the op that created it. The
result is the analysis input's `provenance` (scoring/analysis/provenance.py).
"""

from __future__ import annotations

import base64
from collections import defaultdict, deque
from typing import Any
from uuid import UUID

from interviews.notes.document import NotesDocument
from interviews.selectors import history


def board_provenance(*, session_id: UUID) -> dict[str, Any]:
    lines: dict[str, list[tuple[str, int]]] = {}
    nodes: dict[str, int] = {}
    edges: dict[str, int] = {}
    notes_doc: NotesDocument | None = None  # the CRDT notes, replayed update by update
    for event in history.event_list(session_id=session_id, types=["op"]):
        change = event.get("op") or {}
        kind, seq = change.get("kind"), event["seq"]
        if kind == "notes.patch" and isinstance(change.get("text"), str):
            section = str(change.get("section"))
            lines[section] = carried_lines(lines.get(section, []), change["text"], seq)
        elif kind == "notes.update" and isinstance(change.get("update"), str):
            notes_doc = notes_doc or NotesDocument()
            try:
                notes_doc.apply(base64.b64decode(change["update"]))
            except Exception:  # noqa: BLE001 - a logged update that no longer applies names no line
                continue
            for section in change.get("sections") or []:
                text = notes_doc.text(str(section))
                lines[str(section)] = carried_lines(lines.get(str(section), []), text, seq)
        elif kind == "node.add":
            nodes[str((change.get("node") or {}).get("id"))] = seq
        elif kind == "edge.add":
            edges[str((change.get("edge") or {}).get("id"))] = seq
        elif kind == "node.delete":
            nodes.pop(str(change.get("id")), None)
            for edge_id in change.get("removed_edges") or []:
                edges.pop(str(edge_id), None)
        elif kind == "edge.delete":
            edges.pop(str(change.get("id")), None)
    return {
        "notes": {section: [seq for _, seq in rows] for section, rows in lines.items()},
        "nodes": nodes,
        "edges": edges,
    }


def carried_lines(previous: list[tuple[str, int]], text: str, seq: int) -> list[tuple[str, int]]:
    """The lines of a section's new text, each with the seq at which that exact line first
    appeared: unchanged lines keep their seq, new or edited ones take this op's."""
    earlier: dict[str, deque[int]] = defaultdict(deque)
    for line, line_seq in previous:
        earlier[line].append(line_seq)
    return [(line, earlier[line].popleft() if earlier[line] else seq) for line in text.splitlines()]
