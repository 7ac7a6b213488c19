"""What other apps do when a session ends, registered from their ``AppConfig.ready()``.

interviews knows nothing of what follows a session: scoring registers the feedback request
here. ``session_end`` runs the hooks from its one ``transaction.on_commit`` call, so they
see the ended session committed and never run for an end that rolled back. A hook takes the
session id only and stays idempotent: a retried end runs it again.
"""

from __future__ import annotations

import logging
from typing import Protocol
from uuid import UUID


class SessionEndedHook(Protocol):
    def __call__(self, *, session_id: UUID | str) -> object: ...


logger = logging.getLogger(__name__)

_session_ended: list[SessionEndedHook] = []


def session_ended_hook_register(hook: SessionEndedHook) -> None:
    """Run ``hook(session_id=...)`` after every session end commits (once, however often
    it is registered: ``ready()`` may run more than once in a process)."""
    if hook not in _session_ended:
        _session_ended.append(hook)


def session_ended_hooks_run(session_id: UUID | str) -> None:
    """The hooks, in registration order; ``session_end`` calls this on commit, nothing else."""
    for hook in list(_session_ended):
        hook(session_id=session_id)


class SessionAbandonedHook(Protocol):
    def __call__(self, *, session_id: UUID | str, reason: str) -> object: ...


_session_abandoned: list[SessionAbandonedHook] = []


def session_abandoned_hook_register(hook: SessionAbandonedHook) -> None:
    """Run ``hook(session_id=..., reason=...)`` after a session is cancelled or abandoned
    (practice notifies the partner of a cancelled match); once however often registered."""
    if hook not in _session_abandoned:
        _session_abandoned.append(hook)


def session_abandoned_hooks_run(session_id: UUID | str, reason: str) -> None:
    """The hooks, in registration order; ``session_abandon`` calls this on commit."""
    for hook in list(_session_abandoned):
        hook(session_id=session_id, reason=reason)


class SessionChangedHook(Protocol):
    def __call__(self, *, session_id: str, messages: list[dict]) -> object: ...


_session_changed: list[SessionChangedHook] = []


def session_changed_hook_register(hook: SessionChangedHook) -> None:
    """Run ``hook(session_id=..., messages=[...])`` after every commit that logged events
    (the wire messages, whatever their visibility). It runs where the commit happened (the
    op batch thread, a request), so it must only schedule work, never do it."""
    if hook not in _session_changed:
        _session_changed.append(hook)


def session_changed_hooks_run(session_id: str, messages: list[dict]) -> None:
    """The hooks, in registration order; ``interviews.events`` calls this after COMMIT.
    A failing hook is logged and skipped: what committed is published whatever it does."""
    for hook in list(_session_changed):
        try:
            hook(session_id=session_id, messages=messages)
        except Exception:
            logger.exception("session %s: a session-changed hook failed", session_id)
