"""What a client may send over the session websocket: the one place that says so.

``message_parse`` turns a text frame into a typed message or raises ``ProtocolError`` whose
message names the offending field. Unknown fields are refused rather than ignored, so
nothing a client invents reaches the board or the event log. Roles, session state and the
board's current contents are checked later, by the services.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from diff_match_patch import diff_match_patch

from .board import COORDINATE_LIMIT, EDGE_MODES, NODE_KINDS, NOTE_SECTIONS
from .errors import ErrorCode, SessionError

MAX_ID_CHARS = 64
MAX_REF_CHARS = 64
MAX_LABEL_CHARS = 200
MAX_NODE_NOTES_CHARS = 2_000
MAX_CHAT_CHARS = 2_000
MAX_PRIVATE_NOTE_CHARS = 20_000
MAX_PATCH_CHARS = 60_000
MAX_REPLICAS = 10_000
TIMER_ACTIONS = ("start", "pause", "resume", "next", "previous", "end")


class ProtocolError(SessionError):
    """The frame itself is wrong: bad JSON, unknown type, a missing or mistyped field."""

    def __init__(self, code: str, message: str, *, ref: str | None = None) -> None:
        super().__init__(code, message)
        self.ref = ref


@dataclass(frozen=True)
class ClientMessage:
    ref: str | None


@dataclass(frozen=True)
class OpMessage(ClientMessage):
    op_id: str
    base_version: int
    op: dict[str, Any]


@dataclass(frozen=True)
class TimerMessage(ClientMessage):
    action: str
    expected_phase: int | None


@dataclass(frozen=True)
class AutoAdvanceMessage(ClientMessage):
    enabled: bool


@dataclass(frozen=True)
class ChatMessage(ClientMessage):
    text: str


@dataclass(frozen=True)
class HintRevealMessage(ClientMessage):
    index: int


@dataclass(frozen=True)
class PrivateNoteMessage(ClientMessage):
    phase: str
    text: str


@dataclass(frozen=True)
class SyncMessage(ClientMessage):
    since: int


@dataclass(frozen=True)
class PingMessage(ClientMessage):
    t: float | None


def message_parse(text: str) -> ClientMessage:
    """Decode and validate one client frame."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise ProtocolError(ErrorCode.BAD_JSON, f"not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ProtocolError(ErrorCode.BAD_JSON, "a message is a JSON object")
    ref = data.get("ref")
    ref = ref if isinstance(ref, str) and len(ref) <= MAX_REF_CHARS else None
    try:
        return _parse_fields(data, ref)
    except ProtocolError as exc:
        exc.ref = ref
        raise


def _parse_fields(data: dict, ref: str | None) -> ClientMessage:
    kind = _str(data, "type", where="message", max_len=40)
    if kind.startswith("timer.") and kind.removeprefix("timer.") in TIMER_ACTIONS:
        return _timer(data, kind.removeprefix("timer."), ref)
    parser = _MESSAGE_PARSERS.get(kind)
    if parser is None:
        raise ProtocolError(ErrorCode.BAD_MESSAGE, f"unknown message type '{kind}'")
    return parser(data, ref)


def _envelope(data: dict, kind: str, fields: set[str]) -> None:
    _only(data, {"type", "ref", *fields}, where=kind)
    if "ref" in data and not (isinstance(data["ref"], str) and len(data["ref"]) <= MAX_REF_CHARS):
        raise _bad(f"{kind}.ref: must be a string of at most {MAX_REF_CHARS} characters")


def _op_message(data: dict, ref: str | None) -> OpMessage:
    _envelope(data, "op", {"op_id", "base_version", "op"})
    return OpMessage(
        ref=ref,
        op_id=_str(data, "op_id", where="op", max_len=MAX_ID_CHARS, min_len=1),
        base_version=_int(data, "base_version", where="op", minimum=0),
        op=op_parse(_dict(data, "op", where="op")),
    )


def _timer(data: dict, action: str, ref: str | None) -> TimerMessage:
    kind = f"timer.{action}"
    _envelope(data, kind, {"expected_phase"})
    required = action in ("next", "previous")
    expected = _int(data, "expected_phase", where=kind, minimum=0, required=required)
    return TimerMessage(ref=ref, action=action, expected_phase=expected)


def _auto_advance(data: dict, ref: str | None) -> AutoAdvanceMessage:
    _envelope(data, "timer.auto_advance", {"enabled"})
    return AutoAdvanceMessage(ref=ref, enabled=_bool(data, "enabled", where="timer.auto_advance"))


def _chat(data: dict, ref: str | None) -> ChatMessage:
    _envelope(data, "chat", {"text"})
    text = _str(data, "text", where="chat", max_len=MAX_CHAT_CHARS, min_len=1)
    if not text.strip():
        raise _bad("chat.text: must not be blank")
    return ChatMessage(ref=ref, text=text)


def _hint_reveal(data: dict, ref: str | None) -> HintRevealMessage:
    _envelope(data, "hint.reveal", {"index"})
    return HintRevealMessage(ref=ref, index=_int(data, "index", where="hint.reveal", minimum=0))


def _private_note(data: dict, ref: str | None) -> PrivateNoteMessage:
    _envelope(data, "private_note", {"phase", "text"})
    return PrivateNoteMessage(
        ref=ref,
        phase=_str(data, "phase", where="private_note", max_len=80, min_len=1),
        text=_str(data, "text", where="private_note", max_len=MAX_PRIVATE_NOTE_CHARS),
    )


def _sync(data: dict, ref: str | None) -> SyncMessage:
    _envelope(data, "sync", {"since"})
    return SyncMessage(ref=ref, since=_int(data, "since", where="sync", minimum=0))


def _ping(data: dict, ref: str | None) -> PingMessage:
    _envelope(data, "ping", {"t"})
    t = data.get("t")
    if t is not None and not _is_number(t):
        raise _bad("ping.t: must be a number")
    return PingMessage(ref=ref, t=t)


_MESSAGE_PARSERS = {
    "op": _op_message,
    "timer.auto_advance": _auto_advance,
    "chat": _chat,
    "hint.reveal": _hint_reveal,
    "private_note": _private_note,
    "sync": _sync,
    "ping": _ping,
}


# --- Board ops --------------------------------------------------------------


def op_parse(op: dict) -> dict[str, Any]:
    """Validate a board op's shape and return it normalised (defaults filled in)."""
    kind = _str(op, "kind", where="op", max_len=20)
    parser = _OP_PARSERS.get(kind)
    if parser is None:
        raise _bad(f"op.kind: unknown op '{kind}'")
    return parser(op)


def _node_add(op: dict) -> dict:
    _only(op, {"kind", "node"}, where="node.add")
    node = _dict(op, "node", where="node.add")
    _only(node, {"id", "kind", "label", "x", "y", "notes", "replicas"}, where="node.add.node")
    return {"kind": "node.add", "node": _node_fields(node, where="node.add.node", partial=False)}


def _node_move(op: dict) -> dict:
    _only(op, {"kind", "id", "x", "y"}, where="node.move")
    return {
        "kind": "node.move",
        "id": _id(op, "id", where="node.move"),
        "x": _coordinate(op, "x", where="node.move"),
        "y": _coordinate(op, "y", where="node.move"),
    }


def _node_update(op: dict) -> dict:
    _only(op, {"kind", "id", "changes"}, where="node.update")
    changes = _dict(op, "changes", where="node.update")
    _only(changes, {"label", "kind", "notes", "replicas"}, where="node.update.changes")
    if not changes:
        raise _bad("node.update.changes: must change at least one field")
    return {
        "kind": "node.update",
        "id": _id(op, "id", where="node.update"),
        "changes": _node_fields(changes, where="node.update.changes", partial=True),
    }


def _node_fields(data: dict, *, where: str, partial: bool) -> dict:
    fields: dict[str, Any] = {}
    if not partial:
        fields["id"] = _id(data, "id", where=where)
        fields["x"] = _coordinate(data, "x", where=where)
        fields["y"] = _coordinate(data, "y", where=where)
    if "kind" in data or not partial:
        fields["kind"] = _choice(data, "kind", NODE_KINDS, where=where)
    if "label" in data or not partial:
        fields["label"] = _str(data, "label", where=where, max_len=MAX_LABEL_CHARS, default="")
    if "notes" in data or not partial:
        fields["notes"] = _str(data, "notes", where=where, max_len=MAX_NODE_NOTES_CHARS, default="")
    if "replicas" in data or not partial:
        fields["replicas"] = _replicas(data, where=where)
    return fields


def _replicas(data: dict, *, where: str) -> int | None:
    if data.get("replicas") is None:
        return None
    return _int(data, "replicas", where=where, minimum=1, maximum=MAX_REPLICAS)


def _node_delete(op: dict) -> dict:
    _only(op, {"kind", "id"}, where="node.delete")
    return {"kind": "node.delete", "id": _id(op, "id", where="node.delete")}


def _edge_add(op: dict) -> dict:
    _only(op, {"kind", "edge"}, where="edge.add")
    edge = _dict(op, "edge", where="edge.add")
    _only(edge, {"id", "from", "to", "label", "mode"}, where="edge.add.edge")
    where = "edge.add.edge"
    fields = {
        "id": _id(edge, "id", where=where),
        "from": _id(edge, "from", where=where),
        "to": _id(edge, "to", where=where),
        "label": _str(edge, "label", where=where, max_len=MAX_LABEL_CHARS, default=""),
        "mode": _choice(edge, "mode", EDGE_MODES, where=where, default="sync"),
    }
    if fields["from"] == fields["to"]:
        raise _bad(f"{where}: 'from' and 'to' must be different nodes")
    return {"kind": "edge.add", "edge": fields}


def _edge_update(op: dict) -> dict:
    _only(op, {"kind", "id", "changes"}, where="edge.update")
    changes = _dict(op, "changes", where="edge.update")
    _only(changes, {"label", "mode"}, where="edge.update.changes")
    if not changes:
        raise _bad("edge.update.changes: must change at least one field")
    where = "edge.update.changes"
    fields: dict[str, Any] = {}
    if "label" in changes:
        fields["label"] = _str(changes, "label", where=where, max_len=MAX_LABEL_CHARS)
    if "mode" in changes:
        fields["mode"] = _choice(changes, "mode", EDGE_MODES, where=where)
    return {"kind": "edge.update", "id": _id(op, "id", where="edge.update"), "changes": fields}


def _edge_delete(op: dict) -> dict:
    _only(op, {"kind", "id"}, where="edge.delete")
    return {"kind": "edge.delete", "id": _id(op, "id", where="edge.delete")}


def _notes_patch(op: dict) -> dict:
    _only(op, {"kind", "section", "patch"}, where="notes.patch")
    section = _choice(op, "section", NOTE_SECTIONS, where="notes.patch")
    patch = _str(op, "patch", where="notes.patch", max_len=MAX_PATCH_CHARS, min_len=1)
    try:
        patches = diff_match_patch().patch_fromText(patch)
    except ValueError as exc:
        raise _bad(f"notes.patch.patch: not a diff-match-patch patch ({exc})") from None
    if not patches:
        raise _bad("notes.patch.patch: holds no hunk")
    return {"kind": "notes.patch", "section": section, "patch": patch}


_OP_PARSERS = {
    "node.add": _node_add,
    "node.move": _node_move,
    "node.update": _node_update,
    "node.delete": _node_delete,
    "edge.add": _edge_add,
    "edge.update": _edge_update,
    "edge.delete": _edge_delete,
    "notes.patch": _notes_patch,
}


# --- Field checks: each names the field it refuses ---------------------------

_MISSING = object()


def _bad(message: str) -> ProtocolError:
    return ProtocolError(ErrorCode.BAD_MESSAGE, message)


def _only(data: dict, allowed: set[str], *, where: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise _bad(f"{where}: unknown field(s) {', '.join(map(repr, unknown))}")


def _get(data: dict, key: str, where: str, default: Any) -> Any:
    value = data.get(key, _MISSING)
    if value is _MISSING:
        if default is _MISSING:
            raise _bad(f"{where}.{key}: required")
        return default
    return value


def _str(
    data: dict, key: str, *, where: str, max_len: int, min_len: int = 0, default: Any = _MISSING
) -> str:
    value = _get(data, key, where, default)
    if not isinstance(value, str):
        raise _bad(f"{where}.{key}: must be a string")
    if not min_len <= len(value) <= max_len:
        raise _bad(f"{where}.{key}: must be {min_len} to {max_len} characters")
    return value


def _id(data: dict, key: str, *, where: str) -> str:
    return _str(data, key, where=where, max_len=MAX_ID_CHARS, min_len=1)


def _int(
    data: dict,
    key: str,
    *,
    where: str,
    minimum: int,
    maximum: int = 2**53,
    required: bool = True,
) -> Any:
    value = _get(data, key, where, _MISSING if required else None)
    if value is None and not required:
        return None
    # bool is an int in Python and never what a client means here.
    if not isinstance(value, int) or isinstance(value, bool):
        raise _bad(f"{where}.{key}: must be an integer")
    if not minimum <= value <= maximum:
        raise _bad(f"{where}.{key}: must be between {minimum} and {maximum}")
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _coordinate(data: dict, key: str, *, where: str) -> float:
    value = _get(data, key, where, _MISSING)
    if not _is_number(value) or abs(value) > COORDINATE_LIMIT:
        raise _bad(f"{where}.{key}: must be a number within ±{COORDINATE_LIMIT}")
    return value


def _bool(data: dict, key: str, *, where: str) -> bool:
    value = _get(data, key, where, _MISSING)
    if not isinstance(value, bool):
        raise _bad(f"{where}.{key}: must be true or false")
    return value


def _dict(data: dict, key: str, *, where: str) -> dict:
    value = _get(data, key, where, _MISSING)
    if not isinstance(value, dict):
        raise _bad(f"{where}.{key}: must be an object")
    return value


def _choice(
    data: dict, key: str, choices: tuple[str, ...], *, where: str, default: Any = _MISSING
) -> str:
    value = _get(data, key, where, default)
    if value not in choices:
        raise _bad(f"{where}.{key}: must be one of {', '.join(choices)}")
    return value
