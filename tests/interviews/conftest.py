"""Live-session fixtures: a question full of interviewer-only secrets, and sessions around it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from channels.layers import channel_layers
from django.test import Client

from interviews.live.user_budgets import user_budgets_reset
from interviews.models import InterviewSession, Participant, Role
from interviews.services import invite_accept, invite_create, session_create
from interviews.services.live_access import live_access_reset
from tests.factories import (
    CurveballFactory,
    FollowUpFactory,
    FrameworkFactory,
    HintFactory,
    PhaseFactory,
    QuestionFactory,
    RubricCriterionFactory,
    RubricFactory,
    UserFactory,
)
from tests.interviews.ws import ws_join

# Every interviewer-only text in the fixtures carries one of these markers, so a test can
# search everything a candidate received for them.
SECRET_MARKERS = (
    "SECRET-OUTLINE",
    "SECRET-FOLLOWUP",
    "SECRET-CURVEBALL",
    "SECRET-GUIDANCE",
    "SECRET-PROMPT",
    "SECRET-ANCHOR",
    "SECRET-RUBRIC",
    "SECRET-NOTE",
    "SECRET-HINT",  # hints are the interviewer's until revealed
)
PHASE_MINUTES = (5, 10, 5)


@pytest.fixture(autouse=True)
def fresh_channel_layer():
    """A channel layer per test: channels-redis binds its locks to the event loop it first
    ran on, and pytest-asyncio gives every test a new loop. Socket caps and revocations
    start from nothing too."""
    channel_layers.backends.clear()
    live_access_reset()
    user_budgets_reset()
    yield
    channel_layers.backends.clear()


@dataclass
class LiveSession:
    session: InterviewSession
    interviewer: Participant | None
    candidate: Participant
    observer: Participant | None

    def refresh(self) -> InterviewSession:
        self.session.refresh_from_db()
        return self.session


@pytest.fixture
def framework(db):
    framework = FrameworkFactory(slug="sd", name="System design", is_default=True)
    for order, (slug, minutes) in enumerate(
        zip(("requirements", "high-level", "deep-dive"), PHASE_MINUTES, strict=True), start=1
    ):
        PhaseFactory(
            framework=framework,
            slug=slug,
            name=slug.title(),
            order=order,
            planned_minutes=minutes,
            interviewer_guidance=f"SECRET-GUIDANCE for {slug}",
            interviewer_prompts=[f"SECRET-PROMPT for {slug}"],
        )
    return framework


@pytest.fixture
def question(db):
    question = QuestionFactory(
        slug="url-shortener",
        title="URL shortener",
        reference_outline="SECRET-OUTLINE: base62 ids, shard by id.",
    )
    for order in (1, 2):
        HintFactory(question=question, order=order, text=f"SECRET-HINT {order}: think caches")
    FollowUpFactory(question=question, order=1)
    CurveballFactory(question=question, order=1)
    return question


@pytest.fixture
def rubric(framework):
    rubric = RubricFactory(
        framework=framework, level="senior", description="SECRET-RUBRIC description"
    )
    RubricCriterionFactory(
        rubric=rubric,
        slug="scope",
        anchor_1="SECRET-ANCHOR 1",
        anchor_4="SECRET-ANCHOR 4",
    )
    return rubric


@pytest.fixture
def people(db):
    return {
        "interviewer": UserFactory(username="ivy"),
        "candidate": UserFactory(username="cody"),
        "observer": UserFactory(username="olga"),
        "stranger": UserFactory(username="sam"),
    }


def _join(session: InterviewSession, inviter, user, role: str) -> Participant:
    issued = invite_create(session=session, role=role, created_by=inviter)
    return invite_accept(token=issued.token, user=user)


@pytest.fixture
def peer(framework, question, rubric, people) -> LiveSession:
    """A scheduled peer session: interviewer (creator), candidate and observer joined."""
    session = session_create(
        created_by=people["interviewer"], question=question, level="senior", mode="peer"
    )
    interviewer = Participant.objects.get(session=session, role=Role.INTERVIEWER)
    candidate = _join(session, people["interviewer"], people["candidate"], Role.CANDIDATE)
    observer = _join(session, people["interviewer"], people["observer"], Role.OBSERVER)
    return LiveSession(session, interviewer, candidate, observer)


@pytest.fixture
def solo(framework, question, rubric, people) -> LiveSession:
    session = session_create(
        created_by=people["candidate"], question=question, level="senior", mode="solo"
    )
    candidate = Participant.objects.get(session=session, role=Role.CANDIDATE)
    return LiveSession(session, None, candidate, None)


@pytest.fixture
def cookies(people) -> dict[str, str]:
    """A logged-in session cookie per person (made in sync code, used by async tests)."""
    result = {}
    for key, user in people.items():
        client = Client()
        client.force_login(user)
        result[key] = f"sessionid={client.cookies['sessionid'].value}"
    return result


@pytest.fixture
async def room(peer, cookies):
    """A live peer session with interviewer, candidate and observer connected and quiet."""
    interviewer, _ = await ws_join(peer.session.pk, cookies["interviewer"])
    candidate, _ = await ws_join(peer.session.pk, cookies["candidate"])
    observer, _ = await ws_join(peer.session.pk, cookies["observer"])
    await interviewer.send({"type": "timer.start"})
    for socket in (interviewer, candidate, observer):
        assert (await socket.recv_type("timer"))["action"] == "start"
        await socket.drain()
    yield peer, interviewer, candidate, observer
    for socket in (interviewer, candidate, observer):
        await socket.close()
