"""A played world for the session, scoring and export APIs, built once per test module.

Everything is made through the real services (session_create, invite_create/accept,
private_note_save, board ops, chat, session_end, scorecards): an ended peer session with an
interviewer, a candidate and an observer, an ended solo session of the same candidate, and a
session between two other users. Interviewer-only material carries markers so that tests can
assert it never reaches someone who may not see it.

The world is created inside a module-wide transaction that is rolled back at the end of the
module; each test still runs in its own savepoint (pytest-django's ``db``), so what a test
writes is undone before the next one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase
from rest_framework.test import APIClient

from accounts.services import api_token_create
from content.models import Question
from interviews.models import InterviewSession, Participant, Role
from interviews.services import (
    chat_post,
    invite_accept,
    invite_create,
    private_note_save,
    session_create,
)
from scoring.models import ScorecardKind
from scoring.services import scorecard_get_or_create, scorecard_score_set, scorecard_update
from tests.factories import UserFactory
from tests.scoring.conftest import play

CORE_PACK = Path(settings.BASE_DIR) / "content" / "packs" / "core"

PRIVATE_NOTE = "PRIVATE-NOTE-MARKER the candidate waffled on sharding"
UNRELEASED_COMMENT = "UNRELEASED-COMMENT-MARKER weak on estimates"
UNRELEASED_SUMMARY = "UNRELEASED-SUMMARY-MARKER lean no hire"
SELF_COMMENT = "SELF-COMMENT-MARKER I rushed the deep dive"
OTHER_CHAT = "OTHER-SESSION-MARKER hello"
SHADOW_COMMENT = "SHADOW-COMMENT-MARKER the observer's own evidence"

ACTORS = ["anonymous", "stranger", "candidate", "interviewer", "observer", "curator", "staff"]


@dataclass
class World:
    session: InterviewSession  # ended peer session: interviewer, candidate, observer
    solo: InterviewSession  # ended solo session of the candidate
    other: InterviewSession  # a live session of two other users
    users: dict[str, Any]
    interviewer_only: list[str] = field(default_factory=list)  # texts only the interviewer sees
    shadow_pk: int = 0  # the observer's shadow scorecard (unreleased: theirs alone)
    practice: dict[str, Any] = field(default_factory=dict)  # offer, match: practice rows

    def client(self, actor: str, *, csrf: bool = False) -> APIClient:
        client = APIClient(enforce_csrf_checks=csrf)
        if actor != "anonymous":
            client.force_login(self.users[actor])
        return client


def _question_secrets(question: Question) -> list[str]:
    """The question's interviewer-only material: reference outline, follow-ups, curveballs,
    hints (none is revealed in the played sessions)."""
    outline = [line.strip() for line in question.reference_outline.splitlines()]
    texts = [line for line in outline if len(line) > 40][:5]
    texts += [f.text for f in question.follow_ups.all()]
    texts += [c.text for c in question.curveballs.all()]
    texts += [h.text for h in question.hints.all()]
    return [t[:60] for t in texts if t.strip()]


def world_build() -> World:
    call_command("loadcontent", str(CORE_PACK), verbosity=0)
    users = {
        "interviewer": UserFactory(username="ivy"),
        "candidate": UserFactory(username="cody"),
        "observer": UserFactory(username="olga"),
        "stranger": UserFactory(username="sam"),
        "curator": UserFactory(username="cleo"),
        "staff": UserFactory(username="root", is_staff=True),
        "other_interviewer": UserFactory(username="ivan"),
        "other_candidate": UserFactory(username="carla"),
    }
    users["curator"].groups.add(Group.objects.get(name="Curators"))
    question = Question.objects.get(slug="url-shortener")

    session = session_create(
        created_by=users["interviewer"], question=question, level="senior", mode="peer"
    )
    interviewer = Participant.objects.get(session=session, role=Role.INTERVIEWER)
    for role in (Role.CANDIDATE, Role.OBSERVER):
        issued = invite_create(session=session, role=role, created_by=users["interviewer"])
        invite_accept(token=issued.token, user=users[role])
    candidate = Participant.objects.get(session=session, role=Role.CANDIDATE)
    private_note_save(actor=interviewer, phase=session.plan[0].slug, text=PRIVATE_NOTE)

    solo = session_create(
        created_by=users["candidate"], question=question, level="senior", mode="solo"
    )
    solo_candidate = Participant.objects.get(session=solo, role=Role.CANDIDATE)

    with TestCase.captureOnCommitCallbacks(execute=True):
        play(session, candidate, interviewer)
    with TestCase.captureOnCommitCallbacks(execute=True):
        play(solo, solo_candidate, solo_candidate)
    solo.refresh_from_db()  # ended: a self-assessment opens once the session is over

    card = scorecard_get_or_create(
        session=session, kind=ScorecardKind.INTERVIEWER, user=users["interviewer"]
    )
    first = card.scores.order_by("criterion__order").first()
    assert first is not None
    scorecard_score_set(
        scorecard=card,
        user=users["interviewer"],
        criterion_id=first.criterion_id,
        score=2,
        comment=UNRELEASED_COMMENT,
    )
    scorecard_update(
        scorecard=card, user=users["interviewer"], hire_signal="no_hire", summary=UNRELEASED_SUMMARY
    )
    self_card = scorecard_get_or_create(
        session=solo, kind=ScorecardKind.SELF, user=users["candidate"]
    )
    first_self = self_card.scores.order_by("criterion__order").first()
    assert first_self is not None
    scorecard_score_set(
        scorecard=self_card,
        user=users["candidate"],
        criterion_id=first_self.criterion_id,
        score=3,
        comment=SELF_COMMENT,
    )

    shadow = scorecard_get_or_create(
        session=session, kind=ScorecardKind.SHADOW, user=users["observer"]
    )
    first_shadow = shadow.scores.order_by("criterion__order").first()
    assert first_shadow is not None
    scorecard_score_set(
        scorecard=shadow,
        user=users["observer"],
        criterion_id=first_shadow.criterion_id,
        score=3,
        comment=SHADOW_COMMENT,
    )

    other = session_create(
        created_by=users["other_interviewer"], question=question, level="senior", mode="peer"
    )
    issued = invite_create(
        session=other, role=Role.CANDIDATE, created_by=users["other_interviewer"]
    )
    other_candidate = invite_accept(token=issued.token, user=users["other_candidate"])
    chat_post(actor=other_candidate, text=OTHER_CHAT)

    for s in (session, solo, other):
        s.refresh_from_db()
    practice = practice_world(session, users)
    return World(
        session=session,
        solo=solo,
        other=other,
        users=users,
        interviewer_only=[PRIVATE_NOTE, UNRELEASED_COMMENT, UNRELEASED_SUMMARY]
        + _question_secrets(question),
        shadow_pk=shadow.pk,
        practice=practice,
    )


def practice_world(session: InterviewSession, users: dict[str, Any]) -> dict[str, Any]:
    """An open offer of the candidate, a match of the candidate and the interviewer (made
    for the peer session, its time ahead), and the candidate's rating of the interviewer."""
    from datetime import timedelta

    from django.utils import timezone

    from practice.models import InterviewerFeedback, Match, Offer, OfferStatus

    start = timezone.now() + timedelta(days=3)

    def offer(user: Any, hours: int, status: str) -> Offer:
        return Offer.objects.create(
            user=user,
            starts_at=start + timedelta(hours=hours),
            ends_at=start + timedelta(hours=hours, minutes=60),
            duration_minutes=60,
            time_zone="UTC",
            level="senior",
            role="swap",
            status=status,
        )

    match = Match.objects.create(
        offer_first=offer(users["interviewer"], 0, OfferStatus.MATCHED),
        offer_second=offer(users["candidate"], 0, OfferStatus.MATCHED),
        user_first=users["interviewer"],
        user_second=users["candidate"],
        starts_at=start,
        ends_at=start + timedelta(minutes=60),
        first_session=session,
    )
    InterviewerFeedback.objects.create(
        session=session,
        author=users["candidate"],
        interviewer=users["interviewer"],
        preparedness=3,
        clarity=4,
        hints=2,
    )
    return {"offer": offer(users["candidate"], 5, OfferStatus.OPEN).pk, "match": match.pk}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The world, shared by the module's tests and rolled back after the last of them."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield world_build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def w(world, db):
    """The world, inside this test's own savepoint."""
    return world


def token_client(user: Any) -> APIClient:
    _, raw = api_token_create(user=user, name="tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client
