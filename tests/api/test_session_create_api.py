"""POST /api/v1/sessions/: a session in the chosen format, the track's default otherwise."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from interviews.api_session_create import SessionCreateThrottle
from interviews.models import InterviewSession, Participant, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(user):
    client = APIClient()
    client.force_login(user)
    return client


def _post(api, **body):
    return api.post("/api/v1/sessions/", body, format="json")


def test_creates_a_solo_session_in_the_chosen_variant(api, user, core_content):
    response = _post(
        api, question="url-shortener", level="senior", mode="solo", framework="standard-45"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["framework"] == "standard-45"
    session = InterviewSession.objects.get(pk=body["id"])
    assert sum(p["planned_seconds"] for p in session.phase_plan) == 45 * 60
    assert Participant.objects.get(session=session).user == user
    assert api.get(f"/api/v1/sessions/{session.pk}/").status_code == 200


def test_without_a_framework_each_track_gets_its_default(api, core_content):
    design = _post(api, question="url-shortener", level="mid", mode="solo").json()
    story = _post(api, question="experience-migration-you-led", level="staff", mode="solo").json()
    assert design["framework"] == "standard"
    assert story["framework"] == "experience"


def test_a_peer_session_makes_the_creator_interviewer_unless_told(api, user, core_content):
    first = _post(api, question="chat-system", level="senior", mode="peer").json()
    second = _post(api, question="chat-system", level="senior", mode="peer", role="candidate")
    roles = {
        s: Participant.objects.get(session_id=s, user=user).role
        for s in (first["id"], second.json()["id"])
    }
    assert roles == {first["id"]: Role.INTERVIEWER, second.json()["id"]: Role.CANDIDATE}


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (
            {"question": "url-shortener", "framework": "experience"},
            "is a design question: pick a design format",
        ),
        (
            {"question": "experience-outage-you-handled", "level": "mid"},
            "is for the senior and staff levels",
        ),
        ({"question": "no-such-question"}, "question"),
        ({"question": "url-shortener", "framework": "nope"}, "framework"),
        ({"question": "url-shortener", "mode": "group"}, "mode"),
    ],
)
def test_bad_input_is_a_400_that_names_the_problem_and_creates_nothing(
    api, core_content, body, fragment
):
    response = _post(api, **{"level": "senior", "mode": "solo", **body})
    assert response.status_code == 400
    error = response.json()["error"]
    assert fragment in str(error["details"])
    assert not InterviewSession.objects.exists()


def test_anonymous_callers_cannot_create(core_content):
    response = APIClient().post("/api/v1/sessions/", {"question": "url-shortener"}, format="json")
    assert response.status_code in (401, 403)
    assert not InterviewSession.objects.exists()


def test_creation_has_its_own_rate_limit(api, core_content, monkeypatch):
    monkeypatch.setitem(SessionCreateThrottle.THROTTLE_RATES, "session_create", "2/hour")
    cache.clear()  # earlier tests' requests of the same user id are still counted
    body = {"question": "url-shortener", "level": "senior", "mode": "solo"}
    assert [_post(api, **body).status_code for _ in range(3)] == [201, 201, 429]
    assert InterviewSession.objects.count() == 2
    assert api.get("/api/v1/sessions/").status_code == 200  # reading is not held back
