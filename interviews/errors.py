"""The refusals a live session can answer with: one code list for protocol, board and services."""

from __future__ import annotations

from django.db import models


class ErrorCode(models.TextChoices):
    BAD_JSON = "bad_json", "The frame is not a JSON object"
    BAD_MESSAGE = "bad_message", "Unknown type, missing or wrongly typed field"
    FORBIDDEN = "forbidden", "This role may not send this"
    READ_ONLY = "read_only", "Observers are read-only"
    UNKNOWN_ELEMENT = "unknown_element", "No such node, edge, phase or hint"
    DUPLICATE_ELEMENT = "duplicate_element", "An element with this id exists"
    BAD_VERSION = "bad_version", "base_version is not a version of this board"
    OUT_OF_SYNC = "out_of_sync", "A notes update builds on changes the server does not hold"
    STALE_PHASE = "stale_phase", "expected_phase is not the current phase"
    INVALID_STATE = "invalid_state", "The action does not apply in the current state"
    SESSION_NOT_LIVE = "session_not_live", "The session has not started"
    SESSION_ENDED = "session_ended", "The session is over"
    TOO_LARGE = "too_large", "A field or the board exceeds its limit"
    RATE_LIMITED = "rate_limited", "Too many messages of this kind: slow down"
    SERVER_ERROR = "server_error", "Something failed on the server; nothing was applied"


class SessionError(Exception):
    """A refused message: nothing was applied, and the client is told why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class SessionNotFound(Exception):
    """No session with this id (websocket close 4404)."""


class NotParticipant(Exception):
    """The user is not a participant of the session (websocket close 4403)."""
