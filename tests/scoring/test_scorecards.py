"""Scorecards: who writes, who reads and when; release folds the scores into the report."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from interviews.services import session_end, session_start
from scoring.models import FeedbackReport, ScorecardKind
from scoring.permissions import can_read_scorecard
from scoring.services import (
    ScoringError,
    scorecard_get_or_create,
    scorecard_release,
    scorecard_score_set,
    scorecard_submit,
    scorecard_update,
)

pytestmark = pytest.mark.django_db


def _card(played, user):
    return scorecard_get_or_create(
        session=played.session, kind=ScorecardKind.INTERVIEWER, user=user
    )


def test_interviewer_scorecard_has_a_row_per_rubric_criterion(peer_session, users):
    card = _card(peer_session, users["interviewer"])
    assert card.rubric.level == "senior"
    assert card.scores.count() == card.session.rubric_version.criteria.count() == 7


@pytest.mark.parametrize("who", ["candidate", "stranger"])
def test_only_the_interviewer_writes_the_scorecard(peer_session, users, who):
    with pytest.raises(PermissionDenied):
        _card(peer_session, users[who])
    card = _card(peer_session, users["interviewer"])
    criterion = card.scores.first().criterion_id
    with pytest.raises(PermissionDenied):
        scorecard_score_set(scorecard=card, user=users[who], criterion_id=criterion, score=4)


def test_scores_are_1_to_4(peer_session, users):
    card = _card(peer_session, users["interviewer"])
    criterion = card.scores.first().criterion_id
    with pytest.raises(ScoringError):
        scorecard_score_set(
            scorecard=card, user=users["interviewer"], criterion_id=criterion, score=5
        )
    row = scorecard_score_set(
        scorecard=card,
        user=users["interviewer"],
        criterion_id=criterion,
        score=3,
        comment="Asked about scale.",
    )
    assert (row.score, row.comment) == (3, "Asked about scale.")


def test_candidate_reads_the_scorecard_only_once_released(peer_session, users):
    card = _card(peer_session, users["interviewer"])
    assert not can_read_scorecard(user=users["candidate"], scorecard=card)
    assert not can_read_scorecard(user=users["stranger"], scorecard=card)
    scorecard_release(scorecard=card, user=users["interviewer"])
    assert can_read_scorecard(user=users["candidate"], scorecard=card)
    assert not can_read_scorecard(user=users["stranger"], scorecard=card)


def test_releasing_after_the_end_rescores_the_report(
    ended_peer_session, users, django_capture_on_commit_callbacks
):
    card = _card(ended_peer_session, users["interviewer"])
    for row in card.scores.all():
        scorecard_score_set(
            scorecard=card, user=users["interviewer"], criterion_id=row.criterion_id, score=4
        )
    scorecard_update(scorecard=card, user=users["interviewer"], hire_signal="strong_hire")
    before = FeedbackReport.objects.get(session=ended_peer_session.session)
    assert before.result["scores"]["scorecard"] is None
    with django_capture_on_commit_callbacks(execute=True):
        scorecard_release(scorecard=card, user=users["interviewer"])
    after = FeedbackReport.objects.get(session=ended_peer_session.session)
    assert after.result["scores"]["scorecard"] == 100
    assert after.overall_score > before.overall_score


def test_unknown_hire_signal_is_refused(peer_session, users):
    card = _card(peer_session, users["interviewer"])
    with pytest.raises(ScoringError):
        scorecard_update(scorecard=card, user=users["interviewer"], hire_signal="maybe")


def test_solo_candidate_self_assesses_and_then_it_is_frozen(solo_session, users):
    session_start(actor=solo_session.candidate)
    session_end(session_id=solo_session.session.pk, actor=solo_session.candidate)
    solo_session.session.refresh_from_db()  # a self-assessment opens once the session is over
    card = scorecard_get_or_create(
        session=solo_session.session, kind=ScorecardKind.SELF, user=users["candidate"]
    )
    criterion = card.scores.first().criterion_id
    scorecard_score_set(scorecard=card, user=users["candidate"], criterion_id=criterion, score=2)
    scorecard_submit(scorecard=card, user=users["candidate"])
    with pytest.raises(ScoringError):
        scorecard_score_set(
            scorecard=card, user=users["candidate"], criterion_id=criterion, score=4
        )


def test_peer_candidate_cannot_self_assess(peer_session, users):
    with pytest.raises(PermissionDenied):
        scorecard_get_or_create(
            session=peer_session.session, kind=ScorecardKind.SELF, user=users["candidate"]
        )


def test_scorecard_page_autosaves_a_criterion_with_htmx(client, peer_session, users):
    client.force_login(users["interviewer"])
    session = peer_session.session
    page = client.get(
        reverse("scoring:scorecard", args=[session.pk, "interviewer"])
    ).content.decode()
    card = _card(peer_session, users["interviewer"])
    row = card.scores.select_related("criterion").first()
    assert row.criterion.anchor_4 in page  # anchored descriptions are in view
    response = client.post(
        reverse("scoring:scorecard_criterion", args=[session.pk, "interviewer", row.criterion_id]),
        {"score": "3", "comment": "Clear API"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Saved" in response.content.decode()
    row.refresh_from_db()
    assert (row.score, row.comment) == (3, "Clear API")


def test_bad_score_over_http_is_a_clear_400(client, peer_session, users):
    client.force_login(users["interviewer"])
    card = _card(peer_session, users["interviewer"])
    row = card.scores.first()
    response = client.post(
        reverse(
            "scoring:scorecard_criterion",
            args=[peer_session.session.pk, "interviewer", row.criterion_id],
        ),
        {"score": "seven"},
    )
    assert response.status_code == 400
    assert "A score is 1, 2, 3 or 4." in response.content.decode()


@pytest.mark.parametrize(("who", "status"), [("candidate", 403), ("stranger", 404)])
def test_scorecard_page_is_the_interviewers(client, peer_session, users, who, status):
    client.force_login(users[who])
    response = client.get(
        reverse("scoring:scorecard", args=[peer_session.session.pk, "interviewer"])
    )
    assert response.status_code == status
