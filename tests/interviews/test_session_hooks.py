"""Session-ended hooks run once after ``session_end`` commits: never inside its transaction,
never for an end that rolled back. Real transactions (not captured callbacks), so this runs
as it does in production, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import transaction

from interviews import hooks
from interviews.models import SessionStatus
from interviews.services import session_end, session_start
from scoring.models import FeedbackReport
from scoring.services import feedback_request

pytestmark = pytest.mark.django_db(transaction=True)


class Boom(Exception):
    pass


@pytest.fixture
def ended(monkeypatch) -> list:
    """The session ids the hooks were run for (the only hook registered is this recorder)."""
    calls: list = []
    monkeypatch.setattr(hooks, "_session_ended", [])
    hooks.session_ended_hook_register(lambda *, session_id: calls.append(session_id))
    return calls


def test_the_hooks_run_once_after_commit_and_not_before(peer, ended):
    session_start(actor=peer.interviewer)
    with transaction.atomic():
        session_end(session_id=peer.session.pk, actor=peer.interviewer)
        assert ended == []
    assert ended == [peer.session.pk]


def _end_then_fail(peer) -> None:
    with transaction.atomic():
        session_end(session_id=peer.session.pk, actor=peer.interviewer)
        raise Boom


def test_an_end_that_rolls_back_never_runs_the_hooks(peer, ended):
    session_start(actor=peer.interviewer)
    with pytest.raises(Boom):
        _end_then_fail(peer)
    assert ended == []
    assert peer.refresh().status == SessionStatus.LIVE

    session_end(session_id=peer.session.pk, actor=peer.interviewer)  # its own transaction
    assert ended == [peer.session.pk]


def test_a_hook_registered_twice_runs_once(peer, ended):
    hook = hooks._session_ended[0]
    hooks.session_ended_hook_register(hook)
    session_start(actor=peer.interviewer)
    session_end(session_id=peer.session.pk, actor=peer.interviewer)
    assert ended == [peer.session.pk]


def test_scoring_queues_the_feedback_report_through_the_hook(peer):
    assert feedback_request in hooks._session_ended  # registered by ScoringConfig.ready()
    session_start(actor=peer.interviewer)
    with transaction.atomic():
        session_end(session_id=peer.session.pk, actor=peer.interviewer)
        assert not FeedbackReport.objects.filter(session=peer.session).exists()
    assert FeedbackReport.objects.filter(session=peer.session).count() == 1
