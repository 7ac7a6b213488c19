"""Sessions in the framework variants and on the experience track: phases, rubrics, refusals."""

from __future__ import annotations

import pytest
from django.urls import reverse

from content.models import InterviewFramework, Question
from interviews.errors import SessionError
from interviews.models import InterviewSession, Participant, Role
from interviews.selectors.snapshot import rubric_view
from interviews.services import session_create, session_end, session_start
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


def _ended(session: InterviewSession) -> Participant:
    """End a solo session (its self-assessment opens then); its candidate."""
    candidate = Participant.objects.get(session=session, role=Role.CANDIDATE)
    session_start(actor=candidate)
    session_end(session_id=session.pk, actor=candidate)
    session.refresh_from_db()
    return candidate


def test_a_variant_session_is_scored_with_the_base_rubric(core_content):
    session = _create("url-shortener", framework="standard-45")
    candidate = _ended(session)
    card = scorecard_get_or_create(session=session, kind=ScorecardKind.SELF, user=candidate.user)
    assert card.rubric.slug == "standard-senior"
    staff = UserFactory(is_staff=True)  # the rubric's anchors are for those who may read them
    assert rubric_view(session, user=staff)["slug"] == "standard-senior"


def test_an_experience_prompt_gets_the_experience_framework_and_rubric(core_content):
    session = _create("experience-outage-you-handled", level="staff")
    assert session.framework.slug == "experience"
    assert [p["slug"] for p in session.phase_plan] == [
        "introduction", "context", "decisions", "outcome", "q-and-a",
    ]  # fmt: skip
    candidate = _ended(session)
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


# ---- the new-session page --------------------------------------------------------------


def _page_post(client, **data):
    return client.post(
        reverse("interviews:session_new"), {"level": "senior", "mode": "solo", **data}
    )


@pytest.fixture
def page_client(core_content, client):
    client.force_login(UserFactory())
    return client


def test_the_new_session_page_offers_every_format_with_its_length(page_client):
    html = page_client.get(reverse("interviews:session_new")).content.decode()
    assert "The question&#x27;s usual format" in html
    assert "Standard system design interview (55 min)" in html
    assert "Standard system design interview, 45 minutes<" in html
    assert "Standard system design interview, 60 minutes<" in html
    assert "Experience deep dive (30 min)" in html


def test_the_page_creates_a_session_in_the_chosen_variant(page_client):
    response = _page_post(page_client, question="chat-system", framework="standard-60")
    session = InterviewSession.objects.get()
    assert response["Location"] == reverse("interviews:room", args=[session.pk])
    assert session.framework.slug == "standard-60"


def test_the_usual_format_of_an_experience_prompt_is_the_experience_framework(page_client):
    _page_post(page_client, question="experience-trade-off-you-regret", framework="")
    assert InterviewSession.objects.get().framework.slug == "experience"


def test_a_refused_combination_keeps_the_form_and_says_why(page_client):
    response = _page_post(
        page_client, question="experience-trade-off-you-regret", framework="standard"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "is an experience prompt: pick an experience format" in html
    assert 'value="experience-trade-off-you-regret"' in html  # still chosen
    assert not InterviewSession.objects.exists()
