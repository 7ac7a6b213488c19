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


def test_the_api_accepts_a_tag_and_refuses_an_unknown_one_changing_nothing(
    client, ended_peer_session, users
):
    from content.models import RubricCriterion

    session = ended_peer_session.session
    card = _card(ended_peer_session, users)
    slug = RubricCriterion.objects.get(pk=card.scores.first().criterion_id).slug
    client.force_login(users["interviewer"])
    url = f"/api/v1/sessions/{session.pk}/scorecards/interviewer/"
    bad = {"scores": [{"criterion": slug, "score": 2, "tag": "phase:no-such-phase"}]}
    assert client.patch(url, bad, content_type="application/json").status_code == 409
    assert card.scores.get(criterion__slug=slug).score is None
    good = {"scores": [{"criterion": slug, "score": 2, "tag": "component:db"}]}
    response = client.patch(url, good, content_type="application/json")
    assert response.status_code == 200
    row = next(c for c in response.json()["criteria"] if c["slug"] == slug)
    assert row["tag"] == "component:db"
