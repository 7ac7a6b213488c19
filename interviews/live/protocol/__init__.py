"""What a client may send over the session websocket: the one place that says so.

``message_parse`` turns a text frame into a typed message or raises ``ProtocolError`` whose
message names the offending field. Unknown fields are refused rather than ignored, so
nothing a client invents reaches the board or the event log. Roles, session state and the
board's current contents are checked later, by the services.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ...errors import ErrorCode
from . import fields as f
from .awareness import AWARENESS_PARSERS, BoardCursorMessage, NotesAwarenessMessage
from .base import ClientMessage
from .call import CALL_PARSERS, CallMessage
from .fields import MAX_REF_CHARS, ProtocolError
from .ops import op_parse

MAX_CHAT_CHARS = 2_000
MAX_PRIVATE_NOTE_CHARS = 20_000
TIMER_ACTIONS = ("start", "pause", "resume", "next", "previous", "end")

__all__ = [
    "AutoAdvanceMessage",
    "BoardCursorMessage",
    "CallMessage",
    "ChatMessage",
    "ClientMessage",
    "HintRevealMessage",
    "NotesAwarenessMessage",
    "OpMessage",
    "PingMessage",
    "PrivateNoteMessage",
    "ProtocolError",
    "SyncMessage",
    "TimerMessage",
    "message_parse",
    "op_parse",
]


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
        data = json.loads(text, parse_int=f.json_int)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise ProtocolError(ErrorCode.BAD_JSON, f"not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ProtocolError(ErrorCode.BAD_JSON, "a message is a JSON object")
    ref = data.get("ref")
    ref = ref if _ref_valid(ref) else None
    try:
        return _parse_fields(data, ref)
    except ProtocolError as exc:
        exc.ref = ref
        raise


def _parse_fields(data: dict, ref: str | None) -> ClientMessage:
    kind = f.string(data, "type", where="message", max_len=40)
    if kind.startswith("timer.") and kind.removeprefix("timer.") in TIMER_ACTIONS:
        return _timer(data, kind.removeprefix("timer."), ref)
    parser = _MESSAGE_PARSERS.get(kind)
    if parser is None:
        raise ProtocolError(ErrorCode.BAD_MESSAGE, f"unknown message type '{kind}'")
    return parser(data, ref)


def _ref_valid(ref: Any) -> bool:
    return isinstance(ref, str) and len(ref) <= MAX_REF_CHARS and f.text_refusal(ref) is None


def _envelope(data: dict, kind: str, fields: set[str]) -> None:
    f.only(data, {"type", "ref", *fields}, where=kind)
    if "ref" in data and not _ref_valid(data["ref"]):
        raise f.bad(f"{kind}.ref: must be a string of at most {MAX_REF_CHARS} characters")


def _op_message(data: dict, ref: str | None) -> OpMessage:
    _envelope(data, "op", {"op_id", "base_version", "op"})
    return OpMessage(
        ref=ref,
        op_id=f.string(data, "op_id", where="op", max_len=f.MAX_ID_CHARS, min_len=1),
        base_version=f.integer(data, "base_version", where="op", minimum=0),
        op=op_parse(f.obj(data, "op", where="op")),
    )


def _timer(data: dict, action: str, ref: str | None) -> TimerMessage:
    kind = f"timer.{action}"
    _envelope(data, kind, {"expected_phase"})
    required = action in ("next", "previous")
    expected = f.integer(data, "expected_phase", where=kind, minimum=0, required=required)
    return TimerMessage(ref=ref, action=action, expected_phase=expected)


def _auto_advance(data: dict, ref: str | None) -> AutoAdvanceMessage:
    _envelope(data, "timer.auto_advance", {"enabled"})
    return AutoAdvanceMessage(
        ref=ref, enabled=f.boolean(data, "enabled", where="timer.auto_advance")
    )


def _chat(data: dict, ref: str | None) -> ChatMessage:
    _envelope(data, "chat", {"text"})
    text = f.string(data, "text", where="chat", max_len=MAX_CHAT_CHARS, min_len=1)
    if not text.strip():
        raise f.bad("chat.text: must not be blank")
    return ChatMessage(ref=ref, text=text)


def _hint_reveal(data: dict, ref: str | None) -> HintRevealMessage:
    _envelope(data, "hint.reveal", {"index"})
    return HintRevealMessage(
        ref=ref, index=f.integer(data, "index", where="hint.reveal", minimum=0)
    )


def _private_note(data: dict, ref: str | None) -> PrivateNoteMessage:
    _envelope(data, "private_note", {"phase", "text"})
    return PrivateNoteMessage(
        ref=ref,
        phase=f.string(data, "phase", where="private_note", max_len=80, min_len=1),
        text=f.string(data, "text", where="private_note", max_len=MAX_PRIVATE_NOTE_CHARS),
    )


def _sync(data: dict, ref: str | None) -> SyncMessage:
    _envelope(data, "sync", {"since"})
    return SyncMessage(ref=ref, since=f.integer(data, "since", where="sync", minimum=0))


def _ping(data: dict, ref: str | None) -> PingMessage:
    _envelope(data, "ping", {"t"})
    t = data.get("t")
    if t is not None and not f.is_number(t):
        raise f.bad("ping.t: must be a number")
    return PingMessage(ref=ref, t=t)


_MESSAGE_PARSERS = {
    "op": _op_message,
    "timer.auto_advance": _auto_advance,
    "chat": _chat,
    "hint.reveal": _hint_reveal,
    "private_note": _private_note,
    "sync": _sync,
    "ping": _ping,
    **CALL_PARSERS,
}
# The live analysis' messages (insight.py, which builds on ClientMessage above, hence the
# late import) and the awareness messages (awareness.py) take the envelope check as an
# argument.
from .insight import INSIGHT_PARSERS  # noqa: E402


def _with_envelope(parse: Any) -> Any:
    return lambda data, ref: parse(data, ref, _envelope)


_MESSAGE_PARSERS.update({kind: _with_envelope(p) for kind, p in INSIGHT_PARSERS.items()})
_MESSAGE_PARSERS.update({kind: _with_envelope(p) for kind, p in AWARENESS_PARSERS.items()})
