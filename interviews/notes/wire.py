"""A strict reader of Yjs updates (format v1) for the notes document, run before pycrdt sees one.

pycrdt applies whatever a well-formed update holds: new root types of any kind, maps nested in
a text, formatting, embeds, parts that wait for changes the server never saw (kept as
"pending" forever). None of that is notes text, so each update is read here first, in one
linear pass over its bytes, and refused unless every part of it is plain text in a known
section that builds on what the document already holds.

What a linear read cannot see: whether an item's right origin really lies right of its left
origin (that needs the item order, which only Yrs holds). A crafted item with the two
reversed is placed by Yrs depending on what it integrates first, so a peer that loads the
encoded state may see its characters elsewhere than peers that applied the updates one by
one. It stays within the sender's own session and moves the sender's crafted characters (and
what is typed next to them); the server's text is that of its document as updated, in the
same order as every connected peer's.

The format (yjs ``src/utils/encoding.js`` ``writeClientsStructs`` / ``readClientsStructRefs``
and ``src/utils/DeleteSet.js``): a count of client blocks, each ``structs, client, clock``
followed by its structs; then the delete set, ``clients`` × (``client``, ``ranges`` ×
(``clock``, ``len``)). Numbers are lib0 var-uints (7 bits a byte, low bits first).
A struct starts with an info byte: its low 5 bits name the content (0 GC, 10 Skip, else an
item), bit 8 an origin ID follows, bit 7 a right-origin ID, and when neither does, the parent
(1 + a root name, or 0 + an item ID) and, with bit 6, a map key.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import ErrorCode, SessionError

# Content refs (yjs src/structs/Item.js contentRefs).
_GC, _DELETED, _STRING, _SKIP = 0, 1, 4, 10
_CONTENT_NAMES = {
    2: "JSON",
    3: "binary",
    5: "embed",
    6: "format",
    7: "shared type",
    8: "any",
    9: "subdocument",
}
_HAS_ORIGIN, _HAS_RIGHT_ORIGIN, _HAS_PARENT_SUB = 0x80, 0x40, 0x20
_MAX_VARUINT_BYTES = 8  # 8 bytes hold 56 bits; lib0 refuses numbers over 53 bits, so do we
_MAX_SAFE_INTEGER = 2**53 - 1


class UpdateRefused(SessionError):
    """The update is not plain notes text building on this document; nothing was applied."""


@dataclass
class UpdateSummary:
    """What an update holds, as far as the bounds care."""

    clients: int = 0
    structs: int = 0
    items: int = 0  # structs that carry content (each is placed among its concurrent neighbours)
    delete_ranges: int = 0
    inserted_chars: int = 0  # UTF-16 units of new string content (what Yjs counts)
    sections: set[str] = field(default_factory=set)  # roots named by the update's items


class _Reader:
    __slots__ = ("data", "pos")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def uint(self) -> int:
        data, pos, shift, value = self.data, self.pos, 0, 0
        for _ in range(_MAX_VARUINT_BYTES):
            if pos >= len(data):
                raise _refuse("the update ends in the middle of a number")
            byte = data[pos]
            pos += 1
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                if value > _MAX_SAFE_INTEGER:
                    break
                self.pos = pos
                return value
            shift += 7
        raise _refuse("a number in the update is longer than 53 bits")

    def byte(self) -> int:
        if self.pos >= len(self.data):
            raise _refuse("the update ends in the middle of a struct")
        value = self.data[self.pos]
        self.pos += 1
        return value

    def string(self) -> str:
        size = self.uint()
        end = self.pos + size
        if end > len(self.data):
            raise _refuse("a string runs past the end of the update")
        try:
            text = self.data[self.pos : end].decode("utf-8")
        except UnicodeDecodeError:
            raise _refuse("a string in the update is not UTF-8") from None
        self.pos = end
        return text


def _refuse(message: str, code: str = ErrorCode.BAD_MESSAGE) -> UpdateRefused:
    return UpdateRefused(code, f"notes update: {message}")


def _utf16_len(text: str) -> int:
    # Yjs clocks count UTF-16 code units: characters outside the BMP take two.
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def state_vector_read(vector: bytes) -> dict[int, int]:
    """Decode an encoded state vector (client → next clock)."""
    reader = _Reader(vector)
    known = {}
    for _ in range(reader.uint()):
        client = reader.uint()
        known[client] = reader.uint()
    if reader.pos != len(vector):
        raise _refuse("trailing bytes after the state vector")
    return known


@dataclass
class _Limits:
    sections: frozenset[str]
    max_clients: int
    max_structs: int
    max_delete_ranges: int


def update_check(
    update: bytes,
    *,
    known: dict[int, int],
    sections: frozenset[str],
    max_clients: int,
    max_structs: int,
    max_delete_ranges: int,
) -> UpdateSummary:
    """Read ``update`` against the document's state vector ``known``; refuse anything but text.

    Refused (``bad_message``): malformed bytes, a root other than a notes section, an item
    placed by parent ID or under a map key (text never has either), content other than
    strings and deletions. Refused (``out_of_sync``): a part that builds on changes the
    document does not hold (pycrdt would keep it pending forever). Refused (``too_large``):
    more client blocks, structs or delete ranges than the limits allow, which bounds the work
    of integrating it (concurrent items at one spot are compared pairwise).
    """
    limits = _Limits(sections, max_clients, max_structs, max_delete_ranges)
    reader = _Reader(update)
    summary = UpdateSummary()
    ranges: dict[int, tuple[int, int]] = {}  # client → (first clock, end clock) in this update
    blocks = reader.uint()
    if blocks > limits.max_clients:
        raise _refuse(f"more than {limits.max_clients} clients", ErrorCode.TOO_LARGE)
    summary.clients = blocks
    for _ in range(blocks):
        _read_block(reader, limits, known, summary, ranges)
    _read_delete_set(reader, limits, known, summary, ranges)
    if reader.pos != len(update):
        raise _refuse("trailing bytes after the delete set")
    return summary


def _read_block(
    reader: _Reader,
    limits: _Limits,
    known: dict[int, int],
    summary: UpdateSummary,
    ranges: dict[int, tuple[int, int]],
) -> None:
    count = reader.uint()
    client = reader.uint()
    clock = start = reader.uint()
    if client in ranges:
        raise _refuse(f"client {client} has two blocks")
    summary.structs += count
    if summary.structs > limits.max_structs:
        raise _refuse(f"more than {limits.max_structs} structs", ErrorCode.TOO_LARGE)
    if start > known.get(client, 0):
        raise _refuse(
            f"client {client} starts at clock {start}, the document holds {known.get(client, 0)}",
            ErrorCode.OUT_OF_SYNC,
        )
    for _ in range(count):
        info = reader.byte()
        ref = info & 0x1F
        if ref == _GC:
            clock += reader.uint()
        elif ref == _SKIP:
            # A gap in a merged update: fine only over what the document already holds.
            length = reader.uint()
            if clock + length > known.get(client, 0):
                raise _refuse(
                    f"client {client} skips clocks the document does not hold",
                    ErrorCode.OUT_OF_SYNC,
                )
            clock += length
        else:
            summary.items += 1
            clock += _read_item(reader, info, (client, clock), limits, known, summary)
    ranges[client] = (start, clock)


def _read_item(
    reader: _Reader,
    info: int,
    item: tuple[int, int],
    limits: _Limits,
    known: dict[int, int],
    summary: UpdateSummary,
) -> int:
    """Read one item (its id is ``item``); return its length in clocks."""
    if info & _HAS_PARENT_SUB:
        raise _refuse("an item under a map key (notes sections are plain text)")
    origins = []
    if info & _HAS_ORIGIN:
        origins.append((reader.uint(), reader.uint()))
    if info & _HAS_RIGHT_ORIGIN:
        origins.append((reader.uint(), reader.uint()))
    if len(origins) == 2 and origins[0] == origins[1]:
        raise _refuse("an item whose left and right origins are the same character")
    for origin in origins:
        _require_earlier(origin, item, known)
    if not origins:
        if reader.uint() != 1:
            raise _refuse("an item inside a nested type (notes sections are plain text)")
        root = reader.string()
        if root not in limits.sections:
            raise _refuse(f"unknown notes section {root[:40]!r}")
        summary.sections.add(root)
    ref = info & 0x1F
    if ref == _STRING:
        text = reader.string()
        length = _utf16_len(text)
        summary.inserted_chars += length
        return length
    if ref == _DELETED:
        return reader.uint()
    kind = _CONTENT_NAMES.get(ref, f"unknown ({ref})")
    raise _refuse(f"{kind} content (notes sections hold plain text only)")


def _require_earlier(origin: tuple[int, int], item: tuple[int, int], known: dict[int, int]) -> None:
    """An item's neighbours existed when it was made: earlier in its own client's clocks, or
    already in the document. (A browser's update holds one client's new items; references
    to another client's items in the same update, or forward in its own, make cycles or
    orders that depend on the order of integration, so that peers would diverge.)"""
    client, clock = origin
    if client == item[0]:
        if clock < item[1]:
            return  # earlier in this block, or held (the block starts within what is held)
    elif clock < known.get(client, 0):
        return
    raise _refuse(
        f"an item builds on {client}:{clock}, which the document does not hold",
        ErrorCode.OUT_OF_SYNC,
    )


def _read_delete_set(
    reader: _Reader,
    limits: _Limits,
    known: dict[int, int],
    summary: UpdateSummary,
    ranges: dict[int, tuple[int, int]],
) -> None:
    for _ in range(reader.uint()):
        client = reader.uint()
        count = reader.uint()
        summary.delete_ranges += count
        if summary.delete_ranges > limits.max_delete_ranges:
            raise _refuse(
                f"more than {limits.max_delete_ranges} deleted ranges", ErrorCode.TOO_LARGE
            )
        for _ in range(count):
            clock, length = reader.uint(), reader.uint()
            if not _held(client, clock, length, known, ranges):
                raise _refuse(
                    f"deletes {client}:{clock}+{length}, which the document does not hold",
                    ErrorCode.OUT_OF_SYNC,
                )


def _held(
    client: int, clock: int, length: int, known: dict[int, int], ranges: dict[int, tuple[int, int]]
) -> bool:
    """Whether clocks [clock, clock+length) of ``client`` are in the document or this update."""
    end = clock + length
    if end <= known.get(client, 0):
        return True
    first, last = ranges.get(client, (0, 0))
    # The update's block for this client continues the document's clocks (checked when read),
    # so together they cover [0, max(known, last)).
    return first <= known.get(client, 0) and end <= max(last, known.get(client, 0))
