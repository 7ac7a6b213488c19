"""The pages a candidate and an interviewer use, one module per page family: dashboard and
new session, lobby, room (with the solo coach and the replay), summary. Thin views: every
read goes through selectors, every write through services, and every page of a session
first checks that the user takes part in it (404 otherwise, so a session id leaks nothing).
Scoring is known only by URL name and the partials its views serve.
"""

from .board_import import board_import
from .dashboard import dashboard, session_cancel, session_new, session_next
from .lobby import invite_new, lobby, start
from .room import coach, replay, replay_events, room, session_detail
from .summary import summary

__all__ = [
    "board_import",
    "coach",
    "dashboard",
    "invite_new",
    "lobby",
    "replay",
    "replay_events",
    "room",
    "session_cancel",
    "session_detail",
    "session_new",
    "session_next",
    "start",
    "summary",
]
