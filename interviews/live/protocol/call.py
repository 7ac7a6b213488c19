"""The call's messages: joining, muting, speaking, and WebRTC signalling between two peers.

Signalling (``call.signal``) carries a session description or an ICE candidate to one
other participant; the server checks its shape here, who may send it and to whom in
``live/call_signal.py``, and never stores it. The other four change the call's state and
are logged as ``call`` events (docs/protocol.md, "Call").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from . import fields as f
from .base import ClientMessage

# A browser's SDP for audio and a camera is 3-8 KB; a screen of codecs more. Bounded well
# inside the 64 KiB frame so one peer's description can never crowd out the socket.
MAX_SDP_CHARS = 32_000
MAX_CANDIDATE_CHARS = 1_000
SIGNAL_KINDS = ("offer", "answer", "ice")
# A call peer id names one page load (it survives socket reconnects, not a reload).
PEER_ID = re.compile(r"^[A-Za-z0-9_-]{8,40}$")


@dataclass(frozen=True)
class CallMessage(ClientMessage):
    """Any call message: the consumer hands these to ``live/call_signal.py``."""


@dataclass(frozen=True)
class CallJoinMessage(CallMessage):
    peer: str
    camera: bool


@dataclass(frozen=True)
class CallLeaveMessage(CallMessage):
    """Leave the call (closing the socket leaves it too)."""


@dataclass(frozen=True)
class CallMuteMessage(CallMessage):
    muted: bool


@dataclass(frozen=True)
class CallSpeakingMessage(CallMessage):
    speaking: bool


@dataclass(frozen=True)
class CallSignalMessage(CallMessage):
    to_user: int
    to_peer: str
    kind: str
    payload: dict[str, Any]  # {"description": {...}} or {"candidate": {...} | None}


def _envelope(data: dict, kind: str, fields: set[str]) -> None:
    f.only(data, {"type", "ref", *fields}, where=kind)


def peer_id(data: dict, key: str, *, where: str) -> str:
    value = f.string(data, key, where=where, max_len=40, min_len=8)
    if not PEER_ID.match(value):
        raise f.bad(f"{where}.{key}: letters, digits, '-' and '_' only")
    return value


def _join(data: dict, ref: str | None) -> CallJoinMessage:
    _envelope(data, "call.join", {"peer", "camera"})
    camera = data.get("camera", False)
    if not isinstance(camera, bool):
        raise f.bad("call.join.camera: must be true or false")
    return CallJoinMessage(ref=ref, peer=peer_id(data, "peer", where="call.join"), camera=camera)


def _leave(data: dict, ref: str | None) -> CallLeaveMessage:
    _envelope(data, "call.leave", set())
    return CallLeaveMessage(ref=ref)


def _mute(data: dict, ref: str | None) -> CallMuteMessage:
    _envelope(data, "call.mute", {"muted"})
    return CallMuteMessage(ref=ref, muted=f.boolean(data, "muted", where="call.mute"))


def _speaking(data: dict, ref: str | None) -> CallSpeakingMessage:
    _envelope(data, "call.speaking", {"speaking"})
    return CallSpeakingMessage(ref=ref, speaking=f.boolean(data, "speaking", where="call.speaking"))


def _signal(data: dict, ref: str | None) -> CallSignalMessage:
    where = "call.signal"
    _envelope(data, where, {"to", "kind", "description", "candidate"})
    to = f.obj(data, "to", where=where)
    f.only(to, {"user", "peer"}, where=f"{where}.to")
    to_user = f.integer(to, "user", where=f"{where}.to", minimum=1)
    to_peer = peer_id(to, "peer", where=f"{where}.to")
    kind = f.choice(data, "kind", SIGNAL_KINDS, where=where)
    if kind == "ice":
        if "description" in data:
            raise f.bad(f"{where}.description: not allowed with kind 'ice'")
        payload: dict[str, Any] = {"candidate": _candidate(data)}
    else:
        if "candidate" in data:
            raise f.bad(f"{where}.candidate: not allowed with kind '{kind}'")
        payload = {"description": _description(data, kind)}
    return CallSignalMessage(ref=ref, to_user=to_user, to_peer=to_peer, kind=kind, payload=payload)


def _description(data: dict, kind: str) -> dict[str, str]:
    where = "call.signal.description"
    description = f.obj(data, "description", where="call.signal")
    f.only(description, {"type", "sdp"}, where=where)
    if description.get("type") != kind:
        raise f.bad(f"{where}.type: must be '{kind}', as the signal's kind")
    sdp = f.string(description, "sdp", where=where, max_len=MAX_SDP_CHARS, min_len=1)
    if not sdp.startswith("v=0"):
        raise f.bad(f"{where}.sdp: not a session description (must start with 'v=0')")
    return {"type": kind, "sdp": sdp}


def _candidate(data: dict) -> dict[str, Any] | None:
    """An RTCIceCandidateInit, or null: the peer has gathered all its candidates."""
    where = "call.signal.candidate"
    if "candidate" not in data:
        raise f.bad(f"{where}: required (null ends the candidates)")
    candidate = data["candidate"]
    if candidate is None:
        return None
    if not isinstance(candidate, dict):
        raise f.bad(f"{where}: must be an object or null")
    f.only(candidate, {"candidate", "sdpMid", "sdpMLineIndex", "usernameFragment"}, where=where)
    line = f.string(candidate, "candidate", where=where, max_len=MAX_CANDIDATE_CHARS)
    if line and not line.startswith("candidate:"):
        raise f.bad(f"{where}.candidate: must start with 'candidate:' (or be empty)")
    out: dict[str, Any] = {"candidate": line}
    for key in ("sdpMid", "usernameFragment"):
        if candidate.get(key) is not None:
            out[key] = f.string(candidate, key, where=where, max_len=64)
    if candidate.get("sdpMLineIndex") is not None:
        out["sdpMLineIndex"] = f.integer(
            candidate, "sdpMLineIndex", where=where, minimum=0, maximum=64
        )
    return out


CALL_PARSERS = {
    "call.join": _join,
    "call.leave": _leave,
    "call.mute": _mute,
    "call.speaking": _speaking,
    "call.signal": _signal,
}
