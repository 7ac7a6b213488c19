"""A typing peer for notes tests: a pycrdt document that edits like a browser does.

pycrdt 0.14 hands Text indices to Yrs unchanged, and Yrs counts them in UTF-8 bytes by default
(yrs OffsetKind::Bytes), so the peer converts character positions to byte positions itself.
"""

from __future__ import annotations

from pycrdt import Doc, Text, TextEvent

from interviews.notes.wire import state_vector_read


class Peer:
    """Holds a copy of the notes; each keystroke is its own transaction, as in the browser."""

    def __init__(self, state: bytes = b"", *, client_id: int | None = None) -> None:
        self.doc: Doc = Doc(client_id=client_id)
        if state:
            self.doc.apply_update(state)
        self.outbox: list[bytes] = []
        self.sent = 0  # our own clock at the last flush
        # The caret per section (in UTF-8 bytes, Yrs' unit here) is moved by others' edits
        # before it; what others insert exactly at the caret lands after it, as in the
        # browser (static/js/notes_crdt.js), so one's own next keystroke follows one's last.
        self.carets: dict[str, int] = {}
        self._remote = False
        self._watched: dict[str, tuple[Text, object]] = {}

    def _follow(self, section: str, event: TextEvent) -> None:
        if not self._remote or section not in self.carets:
            return
        position, caret = 0, self.carets[section]
        for op in event.delta:
            if "retain" in op:
                position += op["retain"]
            elif "insert" in op:
                size = len(op["insert"].encode())
                if position < caret:
                    caret += size
                position += size
            elif "delete" in op and position < caret:
                caret -= min(op["delete"], caret - position)
        self.carets[section] = caret

    def text(self, section: str) -> Text:
        if section not in self._watched:
            text = self.doc.get(section, type=Text)
            # pycrdt drops an observer with its subscription object: keep both.
            subscription = text.observe(lambda e: self._follow(section, e))
            self._watched[section] = (text, subscription)
        return self._watched[section][0]

    def __getitem__(self, section: str) -> str:
        return str(self.text(section))

    def receive(self, update: bytes) -> None:
        self._remote = True
        try:
            self.doc.apply_update(update)
        finally:
            self._remote = False

    def keystroke(self, section: str, index: int, *, insert: str = "", delete: int = 0) -> None:
        before = self.doc.get_state()
        text = self.text(section)
        current = str(text)
        at = len(current[:index].encode())
        size = len(current[index : index + delete].encode())
        with self.doc.transaction():
            if delete:
                del text[at : at + size]
            if insert:
                text.insert(at, insert)
        self.outbox.append(self.doc.get_update(before))

    def place(self, section: str, index: int) -> None:
        """Put the caret before character ``index``."""
        self.carets[section] = len(self[section][:index].encode())

    def caret(self, section: str) -> int:
        """Where the caret is now, in characters (others' edits may have moved it); at the
        end of the section if it was never placed."""
        if section not in self.carets:
            self.place(section, len(self[section]))
        return len(self[section].encode()[: self.carets[section]].decode())

    def type(self, section: str, index: int | None, sentence: str) -> None:
        """Type ``sentence`` one character at a time at the caret (placed first at ``index``)."""
        if index is not None:
            self.place(section, index)
        for char in sentence:
            at = self.caret(section)
            self.keystroke(section, at, insert=char)
            self.place(section, at + 1)

    def flush(self) -> bytes:
        """Everything typed since the last flush, as one update (the browser sends the same)."""
        if not self.outbox:
            return b""
        # Our own changes since the last flush: the state vector as it is now, but with our
        # clock where the last flush left it (what we received from others is not resent).
        vector = state_vector_read(self.doc.get_state())
        me = self.doc.client_id
        mine = vector.get(me, 0)
        vector[me] = self.sent
        update = self.doc.get_update(_state_vector_write(vector))
        self.sent = mine
        self.outbox = []
        return update


def varuint(n: int) -> bytes:
    out = bytearray()
    while True:
        low, n = n & 0x7F, n >> 7
        out.append(low | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _state_vector_write(vector: dict[int, int]) -> bytes:
    body = b"".join(varuint(c) + varuint(k) for c, k in vector.items())
    return varuint(len(vector)) + body
