"""Applying board ops: one short transaction per op, exactly once per op id."""

from __future__ import annotations

from typing import Any

from ..board import op_apply
from ..errors import ErrorCode, SessionError
from ..models import EventType, Participant, Role, SessionEvent
from .writes import actor_require, session_write, user_ref


def board_op_apply(
    *, actor: Participant, op_id: str, base_version: int, op: dict[str, Any]
) -> SessionEvent:
    """Apply a board op exactly once and return its logged event (seq, version, op as applied).

    Ops on different elements commute, so an op made against an older version still applies;
    only a version the board never had is refused. A resent ``op_id`` returns the event of
    its first application and changes nothing.
    """
    with session_write(actor.session_id) as write:
        actor_require(write, actor, Role.CANDIDATE, Role.INTERVIEWER)
        first = SessionEvent.objects.filter(session_id=actor.session_id, op_id=op_id).first()
        if first is not None:
            if first.actor_id != actor.user_id:
                raise SessionError(ErrorCode.BAD_MESSAGE, f"op_id '{op_id}' is taken")
            return first
        write.require_live()
        board = write.session.board
        if base_version > board.version:
            raise SessionError(
                ErrorCode.BAD_VERSION,
                f"base_version {base_version} is ahead of the board (version {board.version})",
            )
        board.state, applied = op_apply(board.state, op)
        board.version += 1
        board.save(update_fields=["state", "version", "updated_at"])
        return write.append(
            EventType.OP,
            {
                "version": board.version,
                "base_version": base_version,
                "actor": user_ref(actor.user),
                "op_id": op_id,
                "op": applied,
            },
            actor_id=actor.user_id,
            op_id=op_id,
        )
