"""The call around a session: ICE servers and TURN credentials, consented recordings, talk time.

Depends on ``interviews`` (sessions, participants, the event log); ``scoring`` reads talk
time through ``calls.selectors``. The websocket side of the call (signalling, call events)
lives with the rest of the transport in ``interviews/live/``.
"""
