"""Board ops in tests go through the one door, ``board_ops_apply``, like the websocket's."""

from __future__ import annotations

import base64
from typing import Any

from pycrdt import Doc, Text

from interviews.errors import SessionError
from interviews.models import Board, Participant, SessionEvent
from interviews.services import OpRequest, board_ops_apply


def op_apply_one(
    *, actor: Participant, op_id: str, base_version: int, op: dict[str, Any]
) -> SessionEvent:
    """Apply one op as a batch of one; its event, or its refusal raised."""
    [result] = board_ops_apply(requests=[OpRequest(actor, op_id, base_version, op)])
    if isinstance(result, SessionError):
        raise result
    return result


def notes_edit(
    session_id: Any, section: str, *, insert: str = "", at: int | None = None, delete: int = 0
) -> dict[str, Any]:
    """A notes.update op as a browser would send it: one edit made on the stored document.

    ``at`` is a character index (the end when None); pycrdt counts Text indices in UTF-8
    bytes (Yrs' default), so the edit converts.
    """
    board = Board.objects.get(session_id=session_id)
    doc: Doc = Doc()
    if board.notes_state:
        doc.apply_update(bytes(board.notes_state))
    text = doc.get(section, type=Text)
    current = str(text)
    index = len(current) if at is None else at
    start = len(current[:index].encode())
    size = len(current[index : index + delete].encode())
    before = doc.get_state()
    with doc.transaction():
        if size:
            del text[start : start + size]
        if insert:
            text.insert(start, insert)
    update = base64.b64encode(doc.get_update(before)).decode()
    return {"kind": "notes.update", "update": update}
