"""The matcher: levels, time overlap, roles, fairness, repeat partners, blocks, questions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from content.models import Question
from interviews.models import Participant, Role, SessionStatus
from interviews.services import session_create
from practice.models import Block, Match, Offer, OfferStatus
from practice.services.matcher import offers_match

from .conftest import NOW, offer, person

pytestmark = pytest.mark.usefixtures("core_content", "frozen")


def _pairs():
    return {frozenset((m.user_first.username, m.user_second.username)) for m in Match.objects.all()}


def test_two_overlapping_swap_offers_make_two_linked_sessions_back_to_back(
    django_capture_on_commit_callbacks,
):
    ada, bob = person("ada"), person("bob")
    with django_capture_on_commit_callbacks(execute=True):
        offer(ada, hours=26, minutes=90)
        offer(bob, hours=26.5, minutes=60)
    match = Match.objects.get()
    assert match.swap
    assert match.starts_at == NOW + timedelta(hours=26, minutes=30)
    assert match.ends_at == NOW + timedelta(hours=27, minutes=30)  # the shorter offer's length
    first, second = match.first_session, match.second_session
    assert second.follows_id == first.pk
    assert second.scheduled_for - first.scheduled_for == (match.ends_at - match.starts_at) / 2
    roles = {(p.session_id, p.user.username): p.role for p in Participant.objects.all()}
    assert roles[(first.pk, "ada")] == Role.INTERVIEWER  # ada waited longer
    assert roles[(first.pk, "bob")] == Role.CANDIDATE
    assert roles[(second.pk, "ada")] == Role.CANDIDATE
    assert first.question_id != second.question_id
    assert first.status == second.status == SessionStatus.SCHEDULED
    assert set(Offer.objects.values_list("status", flat=True)) == {OfferStatus.MATCHED}


def test_levels_more_than_one_step_apart_never_meet():
    offer(person("ada"), level="mid")
    offer(person("bob"), level="staff")
    assert Match.objects.count() == 0
    offer(person("cy"), level="senior")
    assert _pairs() == {frozenset({"ada", "cy"})}  # ada waited longer than bob


def test_windows_that_cannot_hold_the_shorter_practice_do_not_match():
    offer(person("ada"), hours=26, minutes=60)
    offer(person("bob"), hours=26.5, minutes=60)  # 30 minutes in common, 60 needed
    assert Match.objects.count() == 0


def test_roles_must_complement_each_other():
    offer(person("ada"), role="candidate")
    offer(person("bob"), role="candidate")
    assert Match.objects.count() == 0
    offer(person("cy"), role="interviewer", hours=26)
    match = Match.objects.get()
    assert match.user_first.username == "cy"
    assert not match.swap
    assert match.second_session is None


def test_topics_must_meet_when_both_name_some():
    offer(person("ada"), tags=["caching"])
    offer(person("bob"), tags=["storage"])
    assert Match.objects.count() == 0


def test_the_longest_waiting_offer_is_served_first():
    offer(person("early"), hours=30, role="candidate")
    offer(person("late"), hours=30, role="candidate")
    offer(person("host"), hours=30, role="interviewer")
    assert _pairs() == {frozenset({"early", "host"})}


def test_someone_other_than_last_partner_is_preferred_when_one_fits():
    ada, bob, cy = person("ada"), person("bob"), person("cy")
    offer(ada, hours=26)
    offer(bob, hours=26)
    assert _pairs() == {frozenset({"ada", "bob"})}  # matched on offer
    for someone in (ada, bob, cy):
        offer(someone, hours=50, match=False)
    offers_match()
    # ada waited longest; bob (last time's partner) and cy both fit; cy is taken
    assert _pairs() == {frozenset({"ada", "bob"}), frozenset({"ada", "cy"})}


def test_the_last_partner_is_taken_when_no_one_else_fits():
    ada, bob = person("ada"), person("bob")
    offer(ada, hours=26)
    offer(bob, hours=26)
    offer(ada, hours=50)
    offer(bob, hours=50)
    assert Match.objects.count() == 2


def test_blocked_people_are_never_matched_either_way():
    ada, bob = person("ada"), person("bob")
    Block.objects.create(blocker=bob, blocked=ada)
    offer(ada)
    offer(bob)
    assert Match.objects.count() == 0


def test_the_question_is_one_neither_has_done():
    ada, bob = person("ada"), person("bob")
    offer(ada, role="interviewer")
    offer(bob, role="candidate")
    first = Match.objects.get().first_session.question_id
    offer(ada, role="interviewer", hours=50)
    offer(bob, role="candidate", hours=50)
    second = Match.objects.order_by("created_at").last().first_session.question_id
    assert first != second


def test_the_matcher_is_deterministic_and_idempotent():
    for name in ("a1", "a2", "a3", "a4"):
        offer(person(name), hours=26, match=False)
    assert len(offers_match()) == 2
    assert _pairs() == {frozenset({"a1", "a2"}), frozenset({"a3", "a4"})}
    before = sorted(_pairs(), key=sorted)
    assert offers_match() == []  # a second run finds nothing more to do
    assert sorted(_pairs(), key=sorted) == before


def test_matched_sessions_count_on_the_interviewers_session_budget(settings):
    settings.DESIGNROOM = {**settings.DESIGNROOM, "SESSION_CREATE_PER_HOUR": 1}
    ada = person("ada")
    session_create(
        created_by=ada,
        question=Question.objects.get(slug="url-shortener"),
        level="senior",
        mode="solo",
    )
    offer(ada, role="interviewer")
    offer(person("bob"), role="candidate")
    assert Match.objects.count() == 0
    assert Offer.objects.filter(status=OfferStatus.OPEN).count() == 2
