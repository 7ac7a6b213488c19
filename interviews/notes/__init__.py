"""Shared notes as CRDT text: the document model, free of database and transport."""

from .document import MAX_UPDATE_BYTES, NotesChange, NotesDocument
from .wire import UpdateRefused

__all__ = ["MAX_UPDATE_BYTES", "NotesChange", "NotesDocument", "UpdateRefused"]
