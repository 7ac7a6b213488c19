"""A calibration drill end to end: a reference session replayed as a session the user
observes, scored blind, submitted, compared; enough drills within one point make a rater
calibrated. Nobody else sees another user's drill."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from content.models import ReferenceSession
from interviews.models import EventType, Role, SessionStatus
from interviews.selectors.replay import replay_page
from scoring.selectors.drills import calibration_status, drill_comparison
from scoring.services import (
    ScoringError,
    drill_scorecard,
    drill_start,
    drill_submit,
    scorecard_score_set,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference(core_content):
    return ReferenceSession.objects.select_related("rubric_version").get(
        slug="rate-limiter-senior-strong"
    )


def _score_all(attempt, user, offsets):
    card = drill_scorecard(attempt)
    reference = {r["criterion"]: r["score"] for r in attempt.reference.reference_scores}
    for row, offset in zip(card.scores.select_related("criterion"), offsets, strict=True):
        score = min(4, max(1, reference[row.criterion.slug] + offset))
        scorecard_score_set(scorecard=card, user=user, criterion_id=row.criterion_id, score=score)


def test_the_replayed_session_plays_the_script_for_an_observer(reference):
    user = UserFactory(username="dora")
    attempt = drill_start(user=user, reference=reference)
    session = attempt.session
    assert session.status == SessionStatus.ENDED
    assert session.participants.get(user=user).role == Role.OBSERVER
    assert session.rubric_version == reference.rubric_version
    chat = session.events.filter(type=EventType.CHAT).count()
    assert chat == sum(1 for s in reference.script if "say" in s or "ask" in s)
    assert len(session.board.state["nodes"]) == sum(1 for s in reference.script if "node" in s)
    # Dated by the script's clock: the replay runs at its written pace.
    events, _ = replay_page(session=session, role=Role.OBSERVER, after=0, limit=500)
    stamps = [e["logged_at"] for e in events]
    assert stamps == sorted(stamps)
    assert (stamps[-1] - stamps[0]) / 1000 >= reference.script[-1]["at"] - reference.script[0]["at"]


def test_the_drill_is_blind_until_submitted_then_shows_the_deviation(reference, client):
    user = UserFactory(username="dora")
    attempt = drill_start(user=user, reference=reference)
    client.force_login(user)
    page = client.get(reverse("scoring:drill", args=[attempt.pk])).content.decode()
    first_rationale = reference.reference_scores[0]["rationale"]
    assert first_rationale not in page  # the answer key stays hidden
    assert drill_comparison(attempt=attempt) is None
    with pytest.raises(ScoringError, match="Score every criterion"):
        drill_submit(attempt=attempt, user=user)
    offsets = [0, 1, -1, 2, 0, 0, 0]
    _score_all(attempt, user, offsets)
    drill_submit(attempt=attempt, user=user)
    rows = drill_comparison(attempt=attempt)
    expected = [
        min(4, max(1, r["score"] + o)) - r["score"]
        for r, o in zip(reference.reference_scores, offsets, strict=True)
    ]
    assert [r["deviation"] for r in rows] == expected
    assert rows[0]["rationale"] == first_rationale
    assert rows[0]["reference_anchor"]
    attempt.refresh_from_db()
    assert attempt.within_one is (max(abs(d) for d in expected) <= 1)
    page = client.get(reverse("scoring:drill", args=[attempt.pk])).content.decode()
    assert first_rationale in page
    assert "drill-comparison" in page
    # Submitted: the scores are frozen.
    with pytest.raises(ScoringError):
        _score_all(attempt, user, [0] * 7)


def test_another_user_cannot_open_or_submit_your_drill(reference, client):
    owner, other = UserFactory(username="dora"), UserFactory(username="eve")
    attempt = drill_start(user=owner, reference=reference)
    client.force_login(other)
    assert client.get(reverse("scoring:drill", args=[attempt.pk])).status_code == 404
    assert client.post(reverse("scoring:drill_submit", args=[attempt.pk])).status_code == 404
    assert client.get(reverse("interviews:replay", args=[attempt.session.pk])).status_code == 404


@override_settings(CALIBRATION_DRILLS_REQUIRED=2)
def test_drills_within_one_on_different_references_make_a_rater_calibrated(core_content, client):
    user = UserFactory(username="dora")
    refs = list(ReferenceSession.objects.order_by("slug")[:2])
    first = drill_start(user=user, reference=refs[0])
    _score_all(first, user, [1, 0, -1, 0, 0, 1, 0])
    drill_submit(attempt=first, user=user)
    again = drill_start(user=user, reference=refs[0])  # the same reference twice counts once
    _score_all(again, user, [0] * 7)
    drill_submit(attempt=again, user=user)
    assert calibration_status(user=user) | {} == {
        "submitted": 2,
        "passed": 1,
        "required": 2,
        "calibrated": False,
    }
    second = drill_start(user=user, reference=refs[1])
    _score_all(second, user, [0] * 7)
    drill_submit(attempt=second, user=user)
    assert calibration_status(user=user)["calibrated"] is True
    client.force_login(user)
    assert "Calibrated" in client.get(reverse("scoring:progress")).content.decode()


def test_starting_a_drill_twice_continues_the_open_one(reference):
    user = UserFactory(username="dora")
    assert drill_start(user=user, reference=reference) == drill_start(
        user=user, reference=reference
    )
