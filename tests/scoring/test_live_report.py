"""The report's live-analysis sections: ticks beside the analysis (interviewer only), claims
and capacity against the final diagram, drill windows, and the outline after a solo session."""

from __future__ import annotations

import pytest
from django.urls import reverse

from interviews.errors import SessionError
from interviews.services import session_end, session_start
from interviews.services.insight_events import drill_start, nfr_tick
from tests.scoring.conftest import _node, play
from tests.scoring.test_report_pages import _self_assess

pytestmark = pytest.mark.django_db


def page(client, user, session):
    client.force_login(user)
    return client.get(reverse("scoring:report", args=[session.pk])).content.decode()


def test_a_tick_after_the_end_is_refused(peer_session, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        play(peer_session.session, peer_session.candidate, peer_session.interviewer)
    with pytest.raises(SessionError) as refused:
        nfr_tick(actor=peer_session.interviewer, category="availability",
                 item="redundancy-failover", verdict="missing", note="late")  # fmt: skip
    assert refused.value.code == "session_ended"


def test_a_tick_taken_during_the_session_is_in_the_report(
    client, peer_session, users, django_capture_on_commit_callbacks
):
    session = peer_session.session
    from content.models import ChecklistItem

    item = ChecklistItem.objects.select_related("category").first()
    with django_capture_on_commit_callbacks(execute=True):
        session_start(actor=peer_session.interviewer)
        nfr_tick(actor=peer_session.interviewer, category=item.category.slug, item=item.slug,
                 verdict="covered", note="TICK-NOTE")  # fmt: skip
        session_end(session_id=session.pk, actor=peer_session.interviewer)
    interviewer = page(client, users["interviewer"], session)
    assert "The analysis and the interviewer" in interviewer
    assert "TICK-NOTE" in interviewer
    assert "(disagree)" in interviewer  # nothing was written: the analysis finds it missing
    candidate = page(client, users["candidate"], session)
    assert "TICK-NOTE" not in candidate
    assert "The analysis and the interviewer" not in candidate


def test_capacity_from_the_questions_own_figures_flags_the_api(client, ended_peer_session, users):
    body = page(client, users["candidate"], ended_peer_session.session)
    # url-shortener: ~34.7 k reads/s at peak against three instances of 2 k requests/s.
    assert "Over capacity" in body
    assert "Redirect API takes about 35,069 requests/s" in body


def test_a_drill_shows_what_the_candidate_changed_in_its_window(
    client, peer_session, users, django_capture_on_commit_callbacks
):
    session = peer_session.session
    with django_capture_on_commit_callbacks(execute=True):
        session_start(actor=peer_session.interviewer)
        version = _node(peer_session.candidate, "db", "database", "Links DB", 0)
        drill_start(actor=peer_session.interviewer, target={"kind": "component", "id": "db"},
                    seconds=120)  # fmt: skip
        _node(peer_session.candidate, "standby", "database", "Standby DB", version)
        session_end(session_id=session.pk, actor=peer_session.interviewer)
    body = page(client, users["candidate"], session)
    assert "component db failed (120 s to respond)" in body
    assert "Diagram: node.add Standby DB" in body
    assert "Diagram: node.add Links DB" not in body  # drawn before the drill


def test_a_drill_on_a_missing_component_is_refused(peer_session):
    session_start(actor=peer_session.interviewer)
    with pytest.raises(SessionError, match="no component"):
        drill_start(actor=peer_session.interviewer, target={"kind": "component", "id": "x"},
                    seconds=120)  # fmt: skip


def test_the_outline_is_shown_beside_the_design_after_a_solo_session(
    client, solo_session, users, django_capture_on_commit_callbacks
):
    outline = solo_session.session.question.reference_outline.splitlines()[0]
    _self_assess(solo_session, users, 3, django_capture_on_commit_callbacks)
    solo = page(client, users["candidate"], solo_session.session)
    assert "Your design beside the reference outline" in solo
    assert outline in solo
    assert "✓ " in solo  # the strong-answer components the design has are ticked


def test_a_peer_candidate_never_sees_the_outline(client, ended_peer_session, users):
    outline = ended_peer_session.session.question.reference_outline.splitlines()[0]
    peer = page(client, users["candidate"], ended_peer_session.session)
    assert "Your design beside the reference outline" not in peer
    assert outline not in peer
