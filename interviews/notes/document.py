"""The shared notes of one session: one Yjs document, one shared text per notes section.

Pure (no database, no transport): built from plain texts (sessions from before the CRDT) or
from its encoded state, it takes client updates through the bounds of ``wire.update_check``
and answers the plain text of each section, its encoded state, its state vector and the
changes a peer is missing. Browsers hold the same document with Yjs; pycrdt (the Yrs
bindings) reads and writes the same update format, so an update made in either applies in
the other unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pycrdt import Doc, Text, TransactionEvent

from ..board import MAX_SECTION_CHARS, NOTE_SECTIONS
from ..errors import ErrorCode
from .wire import UpdateRefused, state_vector_read, update_check

MAX_UPDATE_BYTES = 64 * 1024
MAX_STATE_BYTES = 256 * 1024  # deleted text's traces included; two people typing 18,000
# characters with corrections make ~43 KiB (docs/performance.md)
# Bounds on one update's structure (see wire.update_check): a typing burst is one client
# with one to three structs; a reconnecting client's backlog stays far below these.
MAX_UPDATE_CLIENTS = 8
MAX_UPDATE_STRUCTS = 1_000
MAX_UPDATE_DELETE_RANGES = 1_000
MAX_STATE_VECTOR_BYTES = 4 * 1024
# Yrs places each new item by walking the items between its left and right origins (YATA):
# a crafted item whose origins are far apart walks the whole section, so an update's cost is
# bounded by its items × the document's items. This caps that product (~11 ms of Yrs at
# worst on this machine, measured by bench/notes_update.py). A typing burst or a paste is
# 1-3 items, within it at every document size; a client refused here resends the section.
MAX_INTEGRATION_WORK = 250_000


@dataclass(frozen=True)
class NotesChange:
    """The effect of one applied update."""

    update: bytes  # what the update changed, as an update (its already-known parts left out)
    texts: dict[str, str]  # every section's text after it
    changed: tuple[str, ...]  # the sections whose text it changed

    @property
    def noop(self) -> bool:
        """The update held nothing new (a resend after a reconnect, say)."""
        return not self.update


class NotesDocument:
    """One session's notes as CRDT text (mutable: ``apply`` changes it in place).

    Per update the work is linear in the update, plus the sections' texts; the whole state is
    encoded only when asked for, or when an update may push the document over a limit (then
    the state before it is kept to roll back to).
    """

    def __init__(self, state: bytes = b"", *, sections: Iterable[str] = NOTE_SECTIONS) -> None:
        self.sections = tuple(sections)
        self._section_set = frozenset(self.sections)
        self.broken = False
        self._load(state)

    @classmethod
    def from_texts(
        cls,
        texts: Mapping[str, str],
        *,
        sections: Iterable[str] = NOTE_SECTIONS,
        client_id: int | None = None,
    ) -> NotesDocument:
        """A document whose sections start as ``texts`` (a session from before the CRDT)."""
        document = cls(sections=sections)
        unknown = set(texts) - document._section_set
        if unknown:
            raise ValueError(f"unknown notes sections {sorted(unknown)}")
        seed: Doc = Doc(client_id=client_id)
        with seed.transaction():
            for section in document.sections:
                if texts.get(section):
                    seed[section] = Text(texts[section])
        document._load(seed.get_update())
        return document

    def _load(self, state: bytes) -> None:
        self._doc: Doc = Doc()
        if state:
            self._doc.apply_update(state)
        self._texts = {section: self._doc.get(section, type=Text) for section in self.sections}
        extra = set(self._doc.keys()) - self._section_set
        if extra:  # states are written by this class: only a corrupt row gets here
            raise ValueError(f"notes state holds unknown roots {sorted(extra)}")
        self._state: bytes | None = self._doc.get_update()
        self._size = len(self._state)  # an upper bound between encodings
        # Every item takes at least 4 bytes of state (info, origin or parent, content), so
        # this bounds the items Yrs may walk to place a new one, without reading the state.
        self._items = self._size // 4

    def text(self, section: str) -> str:
        return str(self._texts[section])

    def texts(self) -> dict[str, str]:
        return {section: str(text) for section, text in self._texts.items()}

    def state(self) -> bytes:
        """The whole document as one update (what a new peer loads, what is stored)."""
        if self._state is None:
            self._state = self._doc.get_update()
            self._size = len(self._state)
        return self._state

    def state_vector(self) -> bytes:
        return self._doc.get_state()

    def diff(self, state_vector: bytes) -> bytes:
        """The changes a peer whose state vector is ``state_vector`` is missing."""
        if len(state_vector) > MAX_STATE_VECTOR_BYTES:
            raise UpdateRefused(
                ErrorCode.TOO_LARGE, f"state vector over {MAX_STATE_VECTOR_BYTES} bytes"
            )
        state_vector_read(state_vector)  # refuse garbage with a clear error before Yrs sees it
        return self._doc.get_update(state_vector)

    def apply(self, update: bytes) -> NotesChange:
        """Apply a client's update; refuse it (nothing applied) if it breaks a bound.

        Raises ``UpdateRefused`` (a ``SessionError``): ``too_large`` for an update, a section
        or a state over its limit; ``bad_message`` for anything but plain text in a known
        section; ``out_of_sync`` for an update that builds on changes this document lacks.
        If Yrs itself fails (never seen, but it is native code), ``broken`` is set: the
        owner must load the document again from its stored state.
        """
        if self.broken:
            raise RuntimeError("this notes document failed; load it again from its state")
        if len(update) > MAX_UPDATE_BYTES:
            raise UpdateRefused(ErrorCode.TOO_LARGE, f"notes update over {MAX_UPDATE_BYTES} bytes")
        summary = update_check(
            update,
            known=state_vector_read(self._doc.get_state()),
            sections=self._section_set,
            max_clients=MAX_UPDATE_CLIENTS,
            max_structs=MAX_UPDATE_STRUCTS,
            max_delete_ranges=MAX_UPDATE_DELETE_RANGES,
        )
        if summary.items * max(self._items, 1) > MAX_INTEGRATION_WORK:
            raise UpdateRefused(
                ErrorCode.TOO_LARGE,
                f"notes update: {summary.items} items is too many for a document this size; "
                "send the section as one replacement",
            )
        before = self.texts()
        risky = self._size + len(update) > MAX_STATE_BYTES or any(
            len(text) + summary.inserted_chars > MAX_SECTION_CHARS for text in before.values()
        )
        rollback = self.state() if risky else None
        applied = self._apply_raw(update)
        after = self.texts()
        if rollback is not None:
            try:
                self._check_limits(after, summary.inserted_chars)
            except UpdateRefused:
                self._load(rollback)  # nothing of the update stays
                raise
        if applied:
            self._state = None
            self._size += len(applied)
            self._items += summary.items
        changed = tuple(s for s in self.sections if before[s] != after[s])
        return NotesChange(update=applied, texts=after, changed=changed)

    def _apply_raw(self, update: bytes) -> bytes:
        """Apply ``update`` in Yrs; return what it changed, as an update (empty if nothing)."""
        applied: list[bytes] = []

        def keep(event: TransactionEvent) -> None:
            applied.append(event.update)

        subscription = self._doc.observe(keep)
        try:
            self._doc.apply_update(update)
        except BaseException as exc:
            # Yrs reports its own bugs as pyo3's PanicException, a BaseException: one
            # client's bytes must not take the process's handler down with them.
            if type(exc).__name__ != "PanicException":
                raise
            self.broken = True
            raise UpdateRefused(ErrorCode.BAD_MESSAGE, "notes update: Yrs failed on it") from None
        finally:
            self._doc.unobserve(subscription)
        return b"".join(applied[-1:])

    def _check_limits(self, texts: dict[str, str], inserted: int) -> None:
        for section, text in texts.items():
            if len(text) > MAX_SECTION_CHARS:
                raise UpdateRefused(
                    ErrorCode.TOO_LARGE,
                    f"notes '{section}' would exceed {MAX_SECTION_CHARS} characters",
                )
        if inserted and len(self._doc.get_update()) > MAX_STATE_BYTES:
            # Deleting is always allowed, so a full document can still be cleaned up.
            raise UpdateRefused(
                ErrorCode.TOO_LARGE, f"the notes document would exceed {MAX_STATE_BYTES} bytes"
            )
