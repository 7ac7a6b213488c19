"""Shadow scorecards: an observer scores the same session blind; nobody else sees those
scores (page, API, export, websocket snapshot) until the interviewer releases theirs; they
never reach the candidate's score unless the interviewer folds them in."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from interviews.models import Role
from interviews.selectors.snapshot import session_snapshot
from interviews.services import invite_accept, invite_create
from scoring.models import Scorecard
from scoring.permissions import scorecards_readable_filter
from scoring.selectors.agreement import rater_agreement_history, session_agreement
from scoring.selectors.analysis_input import _released_scorecard
from scoring.services import (
    scorecard_fold_in,
    scorecard_get_or_create,
    scorecard_release,
    scorecard_score_set,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INTERVIEWER_SCORES = [1, 2, 3, 4, 4]
SHADOW_SCORES = [1, 3, 3, 4, 2]  # the hand-worked example of analysis/test_agreement.py
SHADOW_EVIDENCE = "OLGA-SHADOW-EVIDENCE"


@pytest.fixture
def observed(peer_session, users):
    users["observer"] = UserFactory(username="olga")
    issued = invite_create(
        session=peer_session.session, role=Role.OBSERVER, created_by=users["interviewer"]
    )
    invite_accept(token=issued.token, user=users["observer"])
    return peer_session


def _score(card, user, scores):
    rows = list(card.scores.order_by("criterion__order"))
    for row, score in zip(rows, scores, strict=False):
        scorecard_score_set(scorecard=card, user=user, criterion_id=row.criterion_id, score=score)


@pytest.fixture
def both_scored(observed, users):
    session = observed.session
    mine = scorecard_get_or_create(session=session, kind="interviewer", user=users["interviewer"])
    shadow = scorecard_get_or_create(session=session, kind="shadow", user=users["observer"])
    _score(mine, users["interviewer"], INTERVIEWER_SCORES)
    _score(shadow, users["observer"], SHADOW_SCORES)
    first = shadow.scores.order_by("criterion__order").first()
    scorecard_score_set(
        scorecard=shadow, user=users["observer"], criterion_id=first.criterion_id, score=1,
        comment=SHADOW_EVIDENCE,
    )  # fmt: skip
    return mine, shadow


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _api(user, session, path):
    return _client(user).get(f"/api/v1/sessions/{session.pk}/{path}")


def test_the_shadow_scorecard_pins_the_sessions_rubric_version(both_scored, observed):
    _, shadow = both_scored
    version = observed.session.rubric_version
    assert version is not None
    assert {s.criterion.version_id for s in shadow.scores.all()} == {version.pk}
    assert shadow.scores.count() == version.criteria.count()


def test_only_observers_shadow_score(observed, users):
    for who in ("interviewer", "candidate", "stranger"):
        with pytest.raises(PermissionDenied):
            scorecard_get_or_create(session=observed.session, kind="shadow", user=users[who])


def test_before_release_nobody_but_its_author_reads_a_shadow_scorecard(
    both_scored, users, observed
):
    _, shadow = both_scored
    session = observed.session
    staff = UserFactory(username="root", is_staff=True)
    for who in ("interviewer", "candidate", "stranger"):
        readable = Scorecard.objects.filter(scorecards_readable_filter(user=users[who]))
        assert shadow not in readable, who
        assert _api(users[who], session, "scorecards/shadows/").json().get("scorecards", []) == []
        assert _api(users[who], session, "agreement/").status_code == 404, who
    assert shadow not in Scorecard.objects.filter(scorecards_readable_filter(user=staff))
    mine = _api(users["observer"], session, "scorecards/shadows/").json()["scorecards"]
    assert [c["author"] for c in mine] == ["olga"]


def test_pages_exports_and_snapshots_show_no_shadow_score_before_release(
    both_scored, users, observed, client
):
    session = observed.session
    for who in ("interviewer", "candidate"):
        client.force_login(users[who])
        for page in ("scoring:report", "scoring:report_json", "interviews:summary"):
            html = client.get(reverse(page, args=[session.pk])).content.decode()
            assert SHADOW_EVIDENCE not in html, (who, page)
        export = _api(users[who], session, "export/")
        bundle = json.loads(b"".join(export.streaming_content))
        assert SHADOW_EVIDENCE not in json.dumps(bundle)
        assert bundle["scorecards"]["shadows"] == []
        participant = session.participants.get(user=users[who])
        snapshot = session_snapshot(session=session, participant=participant, now=timezone.now())
        assert SHADOW_EVIDENCE not in json.dumps(snapshot, default=str)
    client.force_login(users["interviewer"])
    agreement = client.get(reverse("scoring:agreement", args=[session.pk])).content.decode()
    assert "stay hidden until the interviewer releases" in agreement
    client.force_login(users["observer"])
    mine = client.get(reverse("scoring:scorecard", args=[session.pk, "shadow"])).content.decode()
    assert SHADOW_EVIDENCE in mine


def test_after_release_the_raters_see_agreement_with_anchors(both_scored, users, observed):
    mine, shadow = both_scored
    scorecard_release(scorecard=mine, user=users["interviewer"])
    for who in ("interviewer", "observer"):
        result = session_agreement(session=observed.session, user=users[who])
        assert result is not None
        (comparison,) = result["comparisons"]
        assert (comparison["agreement"].exact, comparison["agreement"].within_one) == (0.6, 0.8)
        first = comparison["rows"][0]
        assert first["interviewer_anchor"] == first["criterion"].anchor_1
        apart = comparison["rows"][4]
        assert (apart["interviewer_score"], apart["shadow_score"], apart["difference"]) == (
            4,
            2,
            -2,
        )
        assert apart["shadow_anchor"] == apart["criterion"].anchor_2
    assert session_agreement(session=observed.session, user=users["candidate"]) is None
    body = _api(users["observer"], observed.session, "agreement/").json()
    assert body["overall"]["exact"] == 0.6
    assert body["comparisons"][0]["criteria"][4]["shadow_anchor"]


def test_the_candidate_never_reads_shadow_scores(both_scored, users, observed):
    mine, shadow = both_scored
    scorecard_release(scorecard=mine, user=users["interviewer"])
    readable = Scorecard.objects.filter(scorecards_readable_filter(user=users["candidate"]))
    assert shadow not in readable
    assert mine in readable
    assert _api(users["candidate"], observed.session, "scorecards/shadows/").status_code == 200
    assert (
        _api(users["candidate"], observed.session, "scorecards/shadows/").json()["scorecards"] == []
    )


def test_a_shadow_scorecard_freezes_at_the_release(both_scored, users):
    mine, shadow = both_scored
    scorecard_release(scorecard=mine, user=users["interviewer"])
    with pytest.raises(PermissionDenied):
        _score(shadow, users["observer"], [4])


def test_shadow_scores_feed_the_candidates_score_only_when_folded_in(both_scored, users, observed):
    mine, shadow = both_scored
    scorecard_release(scorecard=mine, user=users["interviewer"])
    alone = [c["score"] for c in _released_scorecard(observed.session)["criteria"]][:5]
    assert alone == INTERVIEWER_SCORES
    with pytest.raises(PermissionDenied):
        scorecard_fold_in(scorecard=shadow, user=users["observer"], counts=True)
    scorecard_fold_in(scorecard=shadow, user=users["interviewer"], counts=True)
    folded = [c["score"] for c in _released_scorecard(observed.session)["criteria"]][:5]
    # Means of (1,1) (2,3) (3,3) (4,4) (4,2), halves rounding up: 1, 3, 3, 4, 3.
    assert folded == [1, 3, 3, 4, 3]


def test_the_interviewers_history_carries_kappa_and_its_n(both_scored, users):
    mine, _ = both_scored
    assert rater_agreement_history(user=users["interviewer"])["interviewer"]["pairs"] == 0
    scorecard_release(scorecard=mine, user=users["interviewer"])
    history = rater_agreement_history(user=users["interviewer"])["interviewer"]
    assert (history["sessions"], history["pairs"], history["weighting"]) == (1, 5, "quadratic")
    assert history["kappa"] == pytest.approx(36 / 61)
    observer = rater_agreement_history(user=users["observer"])["observer"]
    assert (observer["sessions"], observer["pairs"]) == (1, 5)
    assert observer["kappa"] == pytest.approx(36 / 61)
