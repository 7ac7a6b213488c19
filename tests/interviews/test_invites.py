"""Invite links: issue, accept once, expire, revoke; and the acceptance pages."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from interviews.errors import SessionError
from interviews.models import Invite, Participant, Role
from interviews.services import InviteRefused, invite_accept, invite_create, invite_revoke
from tests.factories import UserFactory


@pytest.fixture
def scheduled(framework, question, rubric, people):
    from interviews.services import session_create

    return session_create(
        created_by=people["interviewer"], question=question, level="senior", mode="peer"
    )


def issue(session, people, role=Role.CANDIDATE, **kwargs):
    return invite_create(session=session, role=role, created_by=people["interviewer"], **kwargs)


def refusal(token, user) -> str:
    with pytest.raises(InviteRefused) as refused:
        invite_accept(token=token, user=user)
    return refused.value.reason


def test_the_token_is_unguessable_and_only_its_hash_is_stored(scheduled, people):
    issued = issue(scheduled, people)
    assert len(issued.token) >= 43
    assert not Invite.objects.filter(token_hash=issued.token).exists()
    assert Invite.objects.get().token_hash == Invite.token_digest(issued.token)


def test_accepting_makes_a_participant_with_the_invites_role(scheduled, people):
    issued = issue(scheduled, people)
    participant = invite_accept(token=issued.token, user=people["candidate"])
    assert (participant.role, participant.user) == (Role.CANDIDATE, people["candidate"])
    assert Invite.objects.get().used_by == people["candidate"]


def test_a_candidate_invite_works_once(scheduled, people):
    issued = issue(scheduled, people)
    invite_accept(token=issued.token, user=people["candidate"])
    assert refusal(issued.token, people["stranger"]) == "used"


def test_accepting_your_own_invite_again_is_harmless(scheduled, people):
    issued = issue(scheduled, people)
    first = invite_accept(token=issued.token, user=people["candidate"])
    assert invite_accept(token=issued.token, user=people["candidate"]) == first


def test_observer_invites_serve_many(scheduled, people):
    issued = issue(scheduled, people, role=Role.OBSERVER)
    invite_accept(token=issued.token, user=people["observer"])
    invite_accept(token=issued.token, user=people["stranger"])
    assert Participant.objects.filter(session=scheduled, role=Role.OBSERVER).count() == 2


def test_an_expired_invite_is_refused(scheduled, people):
    issued = issue(scheduled, people, ttl=timedelta(hours=1))
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert refusal(issued.token, people["candidate"]) == "expired"


def test_a_revoked_invite_is_refused(scheduled, people):
    issued = issue(scheduled, people)
    invite_revoke(invite=issued.invite, revoked_by=people["interviewer"])
    assert refusal(issued.token, people["candidate"]) == "revoked"


def test_an_unknown_token_is_refused(scheduled, people):
    assert refusal("nope", people["candidate"]) == "unknown"


def test_a_second_candidate_cannot_join_through_another_invite(scheduled, people):
    first, second = issue(scheduled, people), issue(scheduled, people)
    invite_accept(token=first.token, user=people["candidate"])
    assert refusal(second.token, people["stranger"]) == "role_taken"


def test_solo_sessions_take_no_interviewer(solo, people):
    with pytest.raises(SessionError) as refused:
        invite_create(session=solo.session, role=Role.INTERVIEWER, created_by=people["candidate"])
    assert refused.value.code == "forbidden"


def test_only_the_creator_or_interviewer_invites(scheduled, people):
    with pytest.raises(SessionError) as refused:
        invite_create(session=scheduled, role=Role.OBSERVER, created_by=people["stranger"])
    assert refused.value.code == "forbidden"


def test_the_database_holds_one_candidate_per_session(scheduled, people):
    from django.db import IntegrityError, transaction

    Participant.objects.create(session=scheduled, user=people["candidate"], role=Role.CANDIDATE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(session=scheduled, user=people["stranger"], role=Role.CANDIDATE)


# --- the acceptance pages ------------------------------------------------------------


def page(client, token):
    return client.get(reverse("interviews:invite_detail", args=[token]))


def test_the_page_asks_anonymous_visitors_to_log_in(client, scheduled, people):
    issued = issue(scheduled, people)
    response = page(client, issued.token)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_page_offers_to_join_and_the_post_joins(client, scheduled, people):
    issued = issue(scheduled, people)
    client.force_login(people["candidate"])
    response = page(client, issued.token)
    assert response.status_code == 200
    assert b"Join as candidate" in response.content
    response = client.post(reverse("interviews:invite_accept", args=[issued.token]), follow=True)
    assert response.status_code == 200
    assert b"You are in" in response.content
    assert reverse("interviews:session_detail", args=[scheduled.pk]).encode() in response.content
    assert Participant.objects.filter(session=scheduled, user=people["candidate"]).exists()


def test_a_get_never_accepts(client, scheduled, people):
    issued = issue(scheduled, people)
    client.force_login(people["candidate"])
    page(client, issued.token)
    assert not Participant.objects.filter(user=people["candidate"]).exists()


@pytest.mark.parametrize(
    ("spoil", "status", "headline"),
    [
        ("used", 410, b"already been used"),
        ("expired", 410, b"has expired"),
        ("revoked", 410, b"was withdrawn"),
    ],
)
def test_used_expired_and_revoked_invites_get_a_clear_page(
    client, scheduled, people, spoil, status, headline
):
    issued = issue(scheduled, people)
    if spoil == "used":
        invite_accept(token=issued.token, user=UserFactory())
    elif spoil == "expired":
        Invite.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    else:
        invite_revoke(invite=issued.invite, revoked_by=people["interviewer"])
    client.force_login(people["candidate"])
    for response in (
        page(client, issued.token),
        client.post(reverse("interviews:invite_accept", args=[issued.token])),
    ):
        assert response.status_code == status
        assert headline in response.content
        assert "interviews/invite_invalid.html" in [t.name for t in response.templates]


def test_an_unknown_token_gets_a_404_page(client, people, db):
    client.force_login(people["candidate"])
    response = page(client, "made-up-token")
    assert response.status_code == 404
    assert b"does not exist" in response.content
