"""The notes document of a board row: loaded from the database, decoded ones cached.

The database is the truth: ``Board.notes_state`` holds the encoded document and
``Board.state["notes"]`` the text derived from it, both written by the op's transaction. A
process keeps decoded documents by (session, board version) so the next op of a session
need not decode its state again; an entry is put there only once the transaction that
produced that version has committed, and taken out while a transaction uses it, so a
rolled-back transaction leaves nothing behind and a kill loses nothing committed.
"""

from __future__ import annotations

import base64
import threading
from collections import OrderedDict
from typing import Any

from django.db import transaction

from .document import NotesChange, NotesDocument

CACHE_SIZE = 256  # sessions; a decoded realistic document is tens of KiB

_cache: OrderedDict[Any, tuple[int, NotesDocument]] = OrderedDict()
_lock = threading.Lock()


def _take(session_id: Any, version: int) -> NotesDocument | None:
    with _lock:
        entry = _cache.pop(session_id, None)
    if entry is None or entry[0] != version or entry[1].broken:
        return None
    return entry[1]


def _put(session_id: Any, version: int, document: NotesDocument) -> None:
    if document.broken:
        return
    with _lock:
        _cache[session_id] = (version, document)
        _cache.move_to_end(session_id)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)


def notes_cache_clear() -> None:
    with _lock:
        _cache.clear()


def notes_document(board: Any) -> NotesDocument:
    """The board's notes document as of this transaction (inside it: the same object)."""
    document = getattr(board, "_notes_document", None)
    if document is None:
        document = _take(board.session_id, board.version)
        if document is None:
            document = NotesDocument(bytes(board.notes_state))
        board._notes_document = document
        # Once committed, the next transaction of this session may start from it. Read the
        # version at commit time: later ops of the same batch move it on.
        transaction.on_commit(lambda: _put(board.session_id, board.version, document))
    return document


def notes_op_apply(board: Any, op: dict[str, Any]) -> dict[str, Any]:
    """The board door's step for a ``notes.update`` op (shaped by the protocol: base64)."""
    applied, _ = notes_update_apply(board, base64.b64decode(op["update"]))
    return applied


def notes_update_apply(board: Any, update: bytes) -> tuple[dict[str, Any], NotesChange]:
    """Apply a client's notes update to ``board`` (in memory; the caller saves the row).

    Returns the op as logged and relayed (the part of the update that was new, base64, and
    the sections whose text changed) and the change. Raises ``UpdateRefused`` with nothing
    applied. The caller must be inside the transaction that holds the session's lock.
    """
    document = notes_document(board)
    try:
        change = document.apply(update)
    finally:
        if document.broken:  # Yrs failed: this transaction must not reuse it either
            board._notes_document = None
    board.notes_state = document.state()
    board.notes_changed = True  # saved by the door with the batch (one UPDATE per column)
    board.state = {**board.state, "notes": change.texts}
    applied = {
        "kind": "notes.update",
        "update": base64.b64encode(change.update).decode(),
        "sections": list(change.changed),
    }
    return applied, change
