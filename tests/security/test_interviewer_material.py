"""Interviewer-only material (a question's reference outline, hints, follow-ups and curveballs;
the phases' interviewer guidance and prompts; the rubric's anchors) reaches curators, staff and
the interviewer of a session that has a candidate who is another account, on every path.

The attack: create a peer session as interviewer on a question, never invite anyone, and read
the material from the question API, the room (page and websocket snapshot), the scorecard,
the rubric and framework APIs, and the public framework page.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from interviews.errors import SessionError
from interviews.models import Participant, Role
from interviews.selectors import session_snapshot
from interviews.services import (
    hint_reveal,
    invite_accept,
    invite_create,
    session_create,
    session_end,
    session_start,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

QUESTION_FIELDS = ("reference_outline", "hints", "follow_ups", "curveballs")


@pytest.fixture
def lone(framework, question, rubric, people):
    """A peer session its creator interviews, with nobody invited: the attacker's session."""
    session = session_create(
        created_by=people["stranger"], question=question, level="senior", mode="peer"
    )
    return session, Participant.objects.get(session=session, role=Role.INTERVIEWER)


@pytest.fixture
def curator(db):
    user = UserFactory(username="cora")
    user.user_permissions.add(Permission.objects.get(codename="change_question"))
    return user


def _api(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def _with_candidate(session, interviewer_user, candidate_user) -> None:
    issued = invite_create(session=session, role=Role.CANDIDATE, created_by=interviewer_user)
    invite_accept(token=issued.token, user=candidate_user)


# --- the question API ------------------------------------------------------------------


def test_an_interviewer_without_a_candidate_gets_the_candidate_view_of_the_question(
    lone, people, question
):
    body = _api(people["stranger"]).get(f"/api/v1/questions/{question.slug}/").json()
    assert body["title"] == question.title
    assert not [key for key in QUESTION_FIELDS if key in body]
    listed = _api(people["stranger"]).get("/api/v1/questions/").json()["results"]
    assert not [key for item in listed for key in QUESTION_FIELDS if key in item]


def test_the_interviewer_reads_the_outline_once_another_account_is_the_candidate(
    lone, people, question
):
    session, _ = lone
    _with_candidate(session, people["stranger"], people["candidate"])
    body = _api(people["stranger"]).get(f"/api/v1/questions/{question.slug}/").json()
    assert body["reference_outline"].startswith("SECRET-OUTLINE")
    assert body["follow_ups"]
    assert body["curveballs"]
    assert body["hints"]
    # ...and the candidate still does not.
    body = _api(people["candidate"]).get(f"/api/v1/questions/{question.slug}/").json()
    assert not [key for key in QUESTION_FIELDS if key in body]


def test_curators_read_the_outline_without_any_session(curator, question):
    body = _api(curator).get(f"/api/v1/questions/{question.slug}/").json()
    assert body["reference_outline"].startswith("SECRET-OUTLINE")


# --- the room: websocket snapshot and page ----------------------------------------------


def test_the_snapshot_of_a_session_without_a_candidate_has_no_interviewer_material(lone):
    session, interviewer = lone
    snapshot = session_snapshot(session=session, participant=interviewer, now=timezone.now())
    panel = snapshot["interviewer"]
    for key in ("reference_outline", "follow_ups", "curveballs", "hints", "phase_guidance"):
        assert key not in panel
    assert panel["rubric"] is None
    assert panel["material"] == "withheld"
    assert "private_notes" in panel  # the interviewer's own notes stay theirs
    assert "SECRET-" not in str(snapshot)


def test_the_snapshot_carries_the_material_once_the_candidate_joined(lone, people):
    session, interviewer = lone
    _with_candidate(session, people["stranger"], people["candidate"])
    snapshot = session_snapshot(session=session, participant=interviewer, now=timezone.now())
    panel = snapshot["interviewer"]
    assert panel["material"] == "shown"
    assert panel["reference_outline"].startswith("SECRET-OUTLINE")
    assert panel["rubric"]["criteria"][0]["anchors"][0] == "SECRET-ANCHOR 1"
    assert panel["phase_guidance"][0]["interviewer_guidance"].startswith("SECRET-GUIDANCE")


def test_the_room_page_of_a_session_without_a_candidate_shows_no_outline(lone, people):
    session, _ = lone
    client = Client()
    client.force_login(people["stranger"])
    page = client.get(f"/sessions/{session.pk}/room/").content.decode()
    assert "SECRET-OUTLINE" not in page
    assert "once your candidate has joined" in page


# --- hints: revealing them one by one would read them all --------------------------------


def test_an_interviewer_alone_cannot_reveal_hints_to_read_them(lone):
    session, interviewer = lone
    session_start(actor=interviewer)
    with pytest.raises(SessionError, match="candidate"):
        hint_reveal(actor=interviewer, index=0)


# --- the scorecard shows the rubric's anchors --------------------------------------------


def test_the_scorecard_of_a_session_without_a_candidate_is_not_offered(lone, people):
    session, _ = lone
    client = Client()
    client.force_login(people["stranger"])
    page = client.get(f"/sessions/{session.pk}/scorecard/interviewer/")
    assert page.status_code in (403, 404)
    assert "SECRET-ANCHOR" not in page.content.decode()
    assert client.get(f"/sessions/{session.pk}/scorecard/interviewer/quick.json").status_code == 404
    api = _api(people["stranger"]).get(f"/api/v1/sessions/{session.pk}/scorecards/interviewer/")
    assert api.status_code in (403, 404)
    assert "SECRET-ANCHOR" not in api.content.decode()


def test_a_solo_self_assessment_opens_after_the_session_ended(framework, question, rubric, people):
    session = session_create(
        created_by=people["candidate"], question=question, level="senior", mode="solo"
    )
    candidate = Participant.objects.get(session=session)
    client = Client()
    client.force_login(people["candidate"])
    url = f"/sessions/{session.pk}/scorecard/self/"
    assert client.get(url).status_code in (403, 404)
    session_start(actor=candidate)
    refused = client.get(url)
    assert refused.status_code in (403, 404)
    assert "SECRET-ANCHOR" not in refused.content.decode()
    session_end(session_id=session.pk, actor=candidate)
    page = client.get(url)
    assert page.status_code == 200
    assert "SECRET-ANCHOR 1" in page.content.decode()


# --- rubrics and frameworks over the API --------------------------------------------------


def test_rubric_anchors_are_not_served_to_any_signed_in_user(rubric, people):
    body = _api(people["stranger"]).get(f"/api/v1/rubrics/{rubric.slug}/").json()
    assert body["criteria"][0]["title"]
    assert "anchors" not in body["criteria"][0]
    listed = _api(people["stranger"]).get("/api/v1/rubrics/").json()["results"]
    assert "SECRET-ANCHOR" not in str(listed)


def test_rubric_anchors_reach_curators_and_the_interviewer_of_a_real_session(
    lone, rubric, people, curator
):
    assert "anchors" in _api(curator).get(f"/api/v1/rubrics/{rubric.slug}/").json()["criteria"][0]
    session, _ = lone
    url = f"/api/v1/rubrics/{rubric.slug}/"
    assert "anchors" not in _api(people["stranger"]).get(url).json()["criteria"][0]
    _with_candidate(session, people["stranger"], people["candidate"])
    assert "anchors" in _api(people["stranger"]).get(url).json()["criteria"][0]


def test_phase_guidance_and_prompts_are_not_served_to_any_signed_in_user(framework, people):
    body = _api(people["stranger"]).get(f"/api/v1/frameworks/{framework.slug}/").json()
    assert body["phases"][0]["candidate_guidance"]
    assert "SECRET-" not in str(body)
    listed = _api(people["stranger"]).get("/api/v1/frameworks/").json()["results"]
    assert "SECRET-" not in str(listed)


def test_phase_guidance_reaches_curators(framework, curator):
    body = _api(curator).get(f"/api/v1/frameworks/{framework.slug}/").json()
    assert body["phases"][0]["interviewer_guidance"].startswith("SECRET-GUIDANCE")


# --- the public framework page -------------------------------------------------------------


def test_the_public_framework_page_shows_no_interviewer_guidance(client, framework, people):
    page = client.get(f"/library/frameworks/{framework.slug}/")
    assert page.status_code == 200
    assert "SECRET-GUIDANCE" not in page.content.decode()
    client.force_login(people["stranger"])
    assert (
        "SECRET-GUIDANCE"
        not in client.get(f"/library/frameworks/{framework.slug}/").content.decode()
    )


def test_curators_see_the_guidance_on_the_framework_page(client, framework, curator):
    client.force_login(curator)
    page = client.get(f"/library/frameworks/{framework.slug}/").content.decode()
    assert "SECRET-GUIDANCE" in page
