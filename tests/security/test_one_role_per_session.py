"""One account holds one role per session: the candidate cannot take the interviewer's (or
the observer's) invite of their own session, and the other way round; the service, the
invite pages and the database all refuse it, with a message that says why."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from interviews.models import Participant, Role
from interviews.services import InviteRefused, invite_accept, invite_create, session_create

pytestmark = pytest.mark.django_db

PAIRS = [
    (Role.CANDIDATE, Role.INTERVIEWER),
    (Role.CANDIDATE, Role.OBSERVER),
    (Role.INTERVIEWER, Role.CANDIDATE),
    (Role.INTERVIEWER, Role.OBSERVER),
]


@pytest.fixture
def own_session(framework, question, rubric, people):
    def make(creator_role: str):
        return session_create(
            created_by=people["candidate"],
            question=question,
            level="senior",
            mode="peer",
            creator_role=creator_role,
        )

    return make


@pytest.mark.parametrize(("mine", "offered"), PAIRS)
def test_the_service_refuses_a_second_role_with_a_clear_reason(own_session, people, mine, offered):
    session = own_session(mine)
    issued = invite_create(session=session, role=offered, created_by=people["candidate"])
    with pytest.raises(InviteRefused) as refused:
        invite_accept(token=issued.token, user=people["candidate"])
    assert refused.value.reason == "already_in_session"
    assert f"already the {mine}" in refused.value.message
    assert "one role per session" in refused.value.message
    assert list(Participant.objects.filter(session=session).values_list("role", flat=True)) == [
        mine
    ]
    # The link is still good for the person it was meant for.
    assert invite_accept(token=issued.token, user=people["stranger"]).role == offered


@pytest.mark.parametrize(("mine", "offered"), PAIRS)
def test_the_invite_page_offers_no_second_role(client, own_session, people, mine, offered):
    session = own_session(mine)
    issued = invite_create(session=session, role=offered, created_by=people["candidate"])
    client.force_login(people["candidate"])
    page = client.get(reverse("interviews:invite_detail", args=[issued.token]))
    assert page.status_code == 409
    assert b"You already have a role in this session" in page.content
    assert b"one role per session" in page.content
    assert reverse("interviews:invite_accept", args=[issued.token]).encode() not in page.content
    post = client.post(reverse("interviews:invite_accept", args=[issued.token]))
    assert post.status_code == 409
    assert b"one role per session" in post.content
    assert Participant.objects.filter(session=session, user=people["candidate"]).count() == 1


def test_the_database_holds_one_role_per_account(own_session, people):
    session = own_session(Role.CANDIDATE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(session=session, user=people["candidate"], role=Role.OBSERVER)


def test_the_api_has_no_way_to_add_a_participant(client, own_session, people):
    """Participants join existing sessions through invite links only: the session's own
    resource takes no writes, and creating a session (POST sessions/) makes a new one."""
    session = own_session(Role.CANDIDATE)
    client.force_login(people["candidate"])
    detail = client.post(
        f"/api/v1/sessions/{session.pk}/", {"role": "interviewer"}, content_type="application/json"
    )
    assert detail.status_code == 405
    create = client.post(
        "/api/v1/sessions/",
        {"role": "interviewer", "session": str(session.pk)},
        content_type="application/json",
    )
    assert create.status_code == 400  # no question given: nothing is created or joined
    assert Participant.objects.filter(session=session).count() == 1
    assert Participant.objects.filter(user=people["candidate"]).count() == 1
