"""Board ops in tests go through the one door, ``board_ops_apply``, like the websocket's."""

from __future__ import annotations

from typing import Any

from interviews.errors import SessionError
from interviews.models import Participant, SessionEvent
from interviews.services import OpRequest, board_ops_apply


def op_apply_one(
    *, actor: Participant, op_id: str, base_version: int, op: dict[str, Any]
) -> SessionEvent:
    """Apply one op as a batch of one; its event, or its refusal raised."""
    [result] = board_ops_apply(requests=[OpRequest(actor, op_id, base_version, op)])
    if isinstance(result, SessionError):
        raise result
    return result
