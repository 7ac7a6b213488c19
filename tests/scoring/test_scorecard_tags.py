"""Scorecard comments can be tagged with a component or a phase and link to the replay."""

from __future__ import annotations

import pytest
from django.urls import reverse

from scoring.models import FeedbackReport, ScorecardKind
from scoring.selectors import scorecard_tags
from scoring.services import ScoringError, scorecard_get_or_create, scorecard_score_set

pytestmark = pytest.mark.django_db


def _card(played, users):
    return scorecard_get_or_create(
        session=played.session, kind=ScorecardKind.INTERVIEWER, user=users["interviewer"]
    )


def test_tags_are_the_boards_components_by_label_and_the_phases_by_name(ended_peer_session):
    tags = dict(scorecard_tags(session=ended_peer_session.session))
    assert tags["component:db"] == "Links DB"
    phases = {k.split(":", 1)[1]: v for k, v in tags.items() if k.startswith("phase:")}
    assert phases
    assert all(name and name != slug for slug, name in phases.items())  # names, not slugs


def test_a_tag_must_name_something_of_the_session(ended_peer_session, users):
    card = _card(ended_peer_session, users)
    row = card.scores.first()
    with pytest.raises(ScoringError):
        scorecard_score_set(
            scorecard=card, user=users["interviewer"], criterion_id=row.criterion_id, score=2,
            tag="component:not-on-the-board",
        )  # fmt: skip
    row.refresh_from_db()
    assert row.tag == ""
    assert row.score is None  # a refused write changes nothing
    saved = scorecard_score_set(
        scorecard=card, user=users["interviewer"], criterion_id=row.criterion_id, score=2,
        comment="One database, no standby.", tag="component:db",
    )  # fmt: skip
    assert saved.tag == "component:db"


def test_report_links_a_tagged_comment_to_the_replay(client, ended_peer_session, users):
    session = ended_peer_session.session
    card = _card(ended_peer_session, users)
    rows = list(card.scores.all())
    phase_tag = next(k for k, _ in scorecard_tags(session=session) if k.startswith("phase:"))
    scorecard_score_set(scorecard=card, user=users["interviewer"], criterion_id=rows[0].criterion_id,
                        score=2, comment="Single database.", tag="component:db")  # fmt: skip
    scorecard_score_set(scorecard=card, user=users["interviewer"], criterion_id=rows[1].criterion_id,
                        score=3, comment="Good pace.", tag=phase_tag)  # fmt: skip
    client.force_login(users["interviewer"])
    page = client.get(reverse("scoring:report", args=[session.pk])).content.decode()
    seq = FeedbackReport.objects.get(session=session).result["diagram"]["component_seqs"]["db"]
    replay = reverse("interviews:replay", args=[session.pk])
    assert f'href="{replay}?seq={seq}&amp;highlight=node%3Adb"' in page
    assert "about Links DB" in page
    assert "about the phase " in page


def test_the_scorecard_form_offers_the_tags(client, ended_peer_session, users):
    session = ended_peer_session.session
    client.force_login(users["interviewer"])
    page = client.get(
        reverse("scoring:scorecard", args=[session.pk, "interviewer"])
    ).content.decode()
    assert 'value="component:db"' in page
    assert ">Links DB</option>" in page
