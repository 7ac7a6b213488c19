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
from .lifecycle import (
    participant_seen,
    session_cancel,
    session_pair_create,
    session_reschedule,
    sessions_abandon_idle,
)
from .room import chat_post, hint_reveal, private_note_save
from .sessions import (
    practice_session_import,
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
    "participant_seen",
    "phase_step",
    "private_note_save",
    "session_abandon",
    "session_cancel",
    "practice_session_import",
    "session_create",
    "session_rubric_version_pin",
    "session_end",
    "session_pair_create",
    "session_reschedule",
    "session_start",
    "sessions_abandon_idle",
    "timer_pause_set",
]
