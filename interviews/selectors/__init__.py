"""Every non-trivial read of live sessions."""

from .history import (
    PhaseTiming,
    board_final_get,
    board_snapshot_list,
    board_starter_get,
    chat_list,
    event_list,
    hints_revealed_list,
    private_note_list,
    timer_event_list,
    timer_history_get,
)
from .sessions import (
    follow_ups_posed,
    invite_get_by_token,
    invite_unused_get,
    participant_get,
    participant_list,
    session_list_for_user,
    session_phase_plan,
)
from .snapshot import (
    event_message,
    online_participant_ids,
    rubric_view,
    session_resync,
    session_snapshot,
    visible_events,
)

__all__ = [
    "PhaseTiming",
    "board_final_get",
    "board_starter_get",
    "board_snapshot_list",
    "chat_list",
    "event_list",
    "event_message",
    "follow_ups_posed",
    "hints_revealed_list",
    "invite_get_by_token",
    "invite_unused_get",
    "online_participant_ids",
    "participant_get",
    "participant_list",
    "private_note_list",
    "rubric_view",
    "session_list_for_user",
    "session_phase_plan",
    "session_resync",
    "session_snapshot",
    "timer_event_list",
    "timer_history_get",
    "visible_events",
]
