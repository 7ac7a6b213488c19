"""Sessions in the framework variants and on the experience track: phases, rubrics, refusals."""

from __future__ import annotations

import pytest

from content.models import InterviewFramework, Question
from interviews.errors import SessionError
from interviews.models import InterviewSession, Participant, Role
from interviews.selectors.snapshot import rubric_view
from interviews.services import session_create
from scoring.models import ScorecardKind
from scoring.services import scorecard_get_or_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _create(question: str, *, framework: str | None = None, level: str = "senior", mode="solo"):
    return session_create(
        created_by=UserFactory(),
        question=Question.objects.get(slug=question),
        framework=InterviewFramework.objects.get(slug=framework) if framework else None,
        level=level,
        mode=mode,
    )


@pytest.mark.parametrize(
    ("slug", "minutes"), [("standard", 55), ("standard-45", 45), ("standard-60", 60)]
)
def test_a_variant_session_runs_the_same_phases_rescaled(core_content, slug, minutes):
    session = _create("url-shortener", framework=slug)
    assert [p["slug"] for p in session.phase_plan] == [
        "introduction", "requirements", "high-level-design", "deep-dive", "wrap-up", "q-and-a",
    ]  # fmt: skip
    assert sum(p["planned_seconds"] for p in session.phase_plan) == minutes * 60


def test_a_variant_session_is_scored_with_the_base_rubric(core_content):
    session = _create("url-shortener", framework="standard-45")
    candidate = Participant.objects.get(session=session, role=Role.CANDIDATE)
    card = scorecard_get_or_create(session=session, kind=ScorecardKind.SELF, user=candidate.user)
    assert card.rubric.slug == "standard-senior"
    assert rubric_view(session)["slug"] == "standard-senior"


def test_an_experience_prompt_gets_the_experience_framework_and_rubric(core_content):
    session = _create("experience-outage-you-handled", level="staff")
    assert session.framework.slug == "experience"
    assert [p["slug"] for p in session.phase_plan] == [
        "introduction", "context", "decisions", "outcome", "q-and-a",
    ]  # fmt: skip
    candidate = Participant.objects.get(session=session, role=Role.CANDIDATE)
    card = scorecard_get_or_create(session=session, kind=ScorecardKind.SELF, user=candidate.user)
    assert card.rubric.slug == "experience-staff"


def test_the_default_framework_of_a_design_question_is_still_the_standard_one(core_content):
    assert _create("url-shortener").framework.slug == "standard"


@pytest.mark.parametrize(
    ("question", "framework", "level", "message"),
    [
        (
            "experience-outage-you-handled",
            "standard",
            "senior",
            "is an experience prompt: pick an experience format",
        ),
        ("url-shortener", "experience", "senior", "is a design question: pick a design format"),
        ("experience-outage-you-handled", None, "mid", "is for the senior and staff levels"),
    ],
)
def test_mismatched_tracks_and_levels_are_refused_before_anything_is_written(
    core_content, question, framework, level, message
):
    with pytest.raises(SessionError, match=message):
        _create(question, framework=framework, level=level)
    assert not InterviewSession.objects.exists()
