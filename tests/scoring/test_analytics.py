"""The curators' analytics page: its figures from known data, a constant number of queries
however much practice there is, and curators only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interviews.models import InterviewSession, Participant, Role
from scoring.analysis import ANALYZER_VERSION
from scoring.models import CriterionScore, FeedbackReport, Scorecard, ScorecardKind
from scoring.selectors.analytics import curator_analytics
from tests.factories import (
    FrameworkFactory,
    QuestionFactory,
    RubricCriterionFactory,
    RubricFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    framework = FrameworkFactory()
    rubric = RubricFactory(framework=framework, level="senior")
    criteria = [RubricCriterionFactory(rubric=rubric, slug=f"c{i}") for i in range(2)]
    questions = [
        QuestionFactory(slug="alpha", title="Alpha"),
        QuestionFactory(slug="beta", title="Beta"),
    ]
    return framework, rubric, criteria, questions


def _practice(world, question, *, coverage, interviewer_scores, shadow_scores, month_ago=0):
    framework, rubric, criteria, _ = world
    when = timezone.now() - timedelta(days=31 * month_ago)
    interviewer, observer = UserFactory(), UserFactory()
    session = InterviewSession.objects.create(
        question=question, framework=framework, level="senior", mode="peer",
        created_by=interviewer, status="ended", rubric_version=rubric.current_version,
    )  # fmt: skip
    Participant.objects.create(session=session, user=interviewer, role=Role.INTERVIEWER)
    Participant.objects.create(session=session, user=observer, role=Role.OBSERVER)
    FeedbackReport.objects.create(
        session=session, analyzer_version=ANALYZER_VERSION, status="ready", finished_at=when,
        result={"scores": {"coverage": coverage}},
    )  # fmt: skip
    for kind, author, scores, released in (
        (ScorecardKind.INTERVIEWER, interviewer, interviewer_scores, when),
        (ScorecardKind.SHADOW, observer, shadow_scores, None),
    ):
        card = Scorecard.objects.create(
            session=session, kind=kind, author=author, rubric=rubric, released_at=released
        )
        CriterionScore.objects.bulk_create(
            CriterionScore(scorecard=card, criterion=c, score=s)
            for c, s in zip(criteria, scores, strict=True)
        )


def test_the_figures_from_known_practice(world):
    alpha, beta = world[3]
    _practice(world, alpha, coverage=40, interviewer_scores=[3, 4], shadow_scores=[3, 2])
    _practice(
        world, alpha, coverage=60, interviewer_scores=[2, 4], shadow_scores=[2, 4], month_ago=1
    )
    _practice(
        world, alpha, coverage=90, interviewer_scores=[1, 1], shadow_scores=[1, 1], month_ago=1
    )
    _practice(world, beta, coverage=20, interviewer_scores=[4, 4], shadow_scores=[3, 4])
    page = curator_analytics()
    assert [(a["slug"], a["attempts"]) for a in page["attempts"]] == [("alpha", 3), ("beta", 1)]
    assert {c["slug"]: c["median"] for c in page["coverage"]} == {"alpha": 60, "beta": 20}
    first = page["distribution"][0]
    assert first["counts"] == {1: 1, 2: 1, 3: 1, 4: 1}  # c0: 3, 2, 1, 4
    (version,) = page["agreement_by_version"]
    # Pairs: (3,3) (4,2) (2,2) (4,4) (1,1) (1,1) (4,3) (4,4): 6 of 8 equal, 7 of 8 within one.
    assert (version["version"], version["sessions"], version["pairs"]) == (1, 4, 8)
    assert (version["exact_percent"], version["within_one_percent"]) == (75, 88)
    assert len(page["drift"]) == 2
    assert "<svg" in page["attempts_svg"]
    assert "<svg" in page["distribution_svg"]


def _queries() -> int:
    with CaptureQueriesContext(connection) as ctx:
        curator_analytics()
    return len(ctx.captured_queries)


def test_the_page_costs_the_same_queries_whatever_the_data_size(world):
    alpha, beta = world[3]
    _practice(world, alpha, coverage=50, interviewer_scores=[3, 3], shadow_scores=[3, 2])
    small = _queries()
    for i in range(12):
        question = alpha if i % 2 else beta
        _practice(world, question, coverage=10 * (i % 9), interviewer_scores=[1 + i % 4, 2],
                  shadow_scores=[1 + (i + 1) % 4, 2], month_ago=i % 3)  # fmt: skip
    assert _queries() == small
    assert small <= 7


def test_only_curators_open_the_page(world, client):
    client.force_login(UserFactory(username="pat"))
    assert client.get(reverse("scoring:analytics")).status_code == 404
    curator = UserFactory(username="cora")
    curator.groups.add(Group.objects.get(name="Curators"))
    client.force_login(curator)
    response = client.get(reverse("scoring:analytics"))
    assert response.status_code == 200
    assert "Agreement by rubric version" in response.content.decode()
