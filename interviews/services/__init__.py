"""Every write to live sessions: keyword-only ``<entity>_<verb>`` functions, one transaction each."""

from .board_ops import OpRequest, OpResult, board_ops_apply
from .connections import (
    Opened,
    connection_close,
    connection_open,
    connection_resync,
    connection_sweep,
    connection_touch,
)
from .invites import (
    InviteRefused,
    IssuedInvite,
    invite_accept,
    invite_create,
    invite_revoke,
    one_role_message,
)
from .room import chat_post, hint_reveal, private_note_save
from .sessions import (
    session_abandon,
    session_create,
    session_end,
    session_rubric_version_pin,
    session_start,
)
from .timers import auto_advance_set, phase_step, timer_pause_set

__all__ = [
    "InviteRefused",
    "IssuedInvite",
    "OpRequest",
    "OpResult",
    "Opened",
    "auto_advance_set",
    "board_ops_apply",
    "chat_post",
    "connection_close",
    "connection_open",
    "connection_resync",
    "connection_sweep",
    "connection_touch",
    "hint_reveal",
    "invite_accept",
    "invite_create",
    "invite_revoke",
    "one_role_message",
    "phase_step",
    "private_note_save",
    "session_abandon",
    "session_create",
    "session_rubric_version_pin",
    "session_end",
    "session_start",
    "timer_pause_set",
]
