"""The practice pages and API: bad input gets a clear error and creates nothing; other
people's offers, matches, feeds and profiles are 404s; the lobby says who is awaited."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from interviews.models import InterviewSession, SessionStatus
from practice.models import Block, InterviewerFeedback, Match, Offer, Report
from practice.services.feeds import feed_create

from .conftest import offer, person

pytestmark = pytest.mark.usefixtures("core_content", "frozen")

FORM = {
    "day": "2026-03-03",
    "clock": "10:00",
    "time_zone": "Europe/Paris",
    "duration_minutes": "60",
    "level": "senior",
    "role": "swap",
    "email": "ada@example.test",
}


def _api(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def matched():
    offer(person("ada"), hours=30, role="interviewer")
    offer(person("bob"), hours=30, role="candidate")
    return Match.objects.get()


def test_the_offer_form_creates_an_offer_in_the_given_zone(client):
    ada = person("ada")
    client.force_login(ada)
    response = client.post(reverse("practice:home"), FORM)
    assert response.status_code == 302
    made = Offer.objects.get(user=ada)
    assert made.starts_at.isoformat() == "2026-03-03T09:00:00+00:00"  # 10:00 in Paris (CET)
    assert made.time_zone == "Europe/Paris"


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"day": "2026-03-01"}, "in the past"),
        ({"duration_minutes": "600"}, "Select a valid choice"),
        ({"time_zone": "Nowhere/City"}, "not a time zone"),
        ({"day": "2026-03-29", "clock": "02:30"}, "does not exist"),
    ],
)
def test_bad_offers_on_the_page_say_why_and_create_nothing(client, change, says):
    client.force_login(person("ada"))
    response = client.post(reverse("practice:home"), {**FORM, **change})
    assert response.status_code == 400
    assert says in response.content.decode()
    assert Offer.objects.count() == 0


def test_an_overlapping_offer_over_the_api_is_a_400_and_nothing_is_created():
    ada = person("ada")
    body = {k: v for k, v in FORM.items() if k not in ("clock", "email")} | {"time": "10:00"}
    assert _api(ada).post("/api/v1/practice/offers/", body, format="json").status_code == 201
    response = _api(ada).post("/api/v1/practice/offers/", {**body, "time": "10:30"}, format="json")
    assert response.status_code == 400
    assert "overlaps your offer" in response.json()["error"]["message"]
    assert Offer.objects.count() == 1


def test_absurd_durations_and_past_slots_over_the_api_create_nothing():
    ada = person("ada")
    body = {k: v for k, v in FORM.items() if k not in ("clock", "email")} | {"time": "10:00"}
    for change in ({"duration_minutes": 100000}, {"day": "2020-01-01"}, {"tags": ["x"] * 6}):
        response = _api(ada).post("/api/v1/practice/offers/", {**body, **change}, format="json")
        assert response.status_code == 400, change
    assert Offer.objects.count() == 0


def test_the_offer_rate_limit_answers_429_with_retry_after(settings):
    settings.DESIGNROOM = {**settings.DESIGNROOM, "PRACTICE_OFFERS_PER_HOUR": 2}
    ada = person("ada")
    body = {k: v for k, v in FORM.items() if k not in ("clock", "email")}
    for hour in ("10:00", "12:00"):
        assert (
            _api(ada)
            .post("/api/v1/practice/offers/", {**body, "time": hour}, format="json")
            .status_code
            == 201
        )
    response = _api(ada).post("/api/v1/practice/offers/", {**body, "time": "14:00"}, format="json")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert Offer.objects.count() == 2


def test_another_persons_offer_and_match_are_404s(matched):
    stranger = person("eve")
    offer_id = matched.offer_first_id
    assert _api(stranger).get(f"/api/v1/practice/offers/{offer_id}/").status_code == 404
    assert _api(stranger).delete(f"/api/v1/practice/offers/{offer_id}/").status_code == 404
    assert _api(stranger).post(f"/api/v1/practice/matches/{matched.pk}/cancel/").status_code == 404
    assert Match.objects.get().status == "scheduled"


def test_a_match_page_and_its_ics_are_for_its_people_only(client, matched):
    client.force_login(person("eve"))
    assert client.get(reverse("practice:match_detail", args=[matched.pk])).status_code == 404
    assert client.get(reverse("practice:match_ics", args=[matched.pk])).status_code == 404
    client.force_login(matched.user_second)
    page = client.get(reverse("practice:match_detail", args=[matched.pk])).content.decode()
    assert "ada" in page
    assert "is new to practice matches" in page


def test_a_feed_token_under_another_persons_id_is_a_404(client, matched):
    token = feed_create(user=matched.user_first)
    response = client.get(reverse("practice:feed", args=[matched.user_second_id, token]))
    assert response.status_code == 404
    assert b"not valid" in response.content


def test_profiles_are_for_partners_only_and_block_cancels_the_match(client, matched):
    ada, bob = matched.user_first, matched.user_second
    client.force_login(person("eve"))
    assert client.get(reverse("practice:profile", args=["ada"])).status_code == 404
    client.force_login(bob)
    assert client.get(reverse("practice:profile", args=["ada"])).status_code == 200
    client.post(reverse("practice:block", args=["ada"]), {"action": "block"})
    assert Block.objects.filter(blocker=bob, blocked=ada).exists()
    assert Match.objects.get().status == "cancelled"
    client.post(reverse("practice:report", args=["ada"]), {"reason": "rude", "details": "x" * 3000})
    assert Report.objects.count() == 0  # details over the limit
    client.post(reverse("practice:report", args=["ada"]), {"reason": "rude", "details": "Shouted."})
    assert Report.objects.get().reported == ada


def test_the_lobby_before_its_time_says_when_it_opens_and_who_is_awaited(client, matched):
    client.force_login(matched.user_second)
    page = client.get(reverse("interviews:lobby", args=[matched.first_session_id])).content.decode()
    assert "The lobby opens at" in page
    assert "Start the interview" not in page
    assert "awaited: has not opened the lobby yet" in page


def test_the_creator_cancels_a_session_from_the_dashboard(
    client, django_capture_on_commit_callbacks, matched
):
    client.force_login(matched.user_first)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("interviews:session_cancel", args=[matched.first_session_id]))
    session = InterviewSession.objects.get(pk=matched.first_session_id)
    assert session.status == SessionStatus.ABANDONED
    assert Match.objects.get().status == "cancelled"  # the hook told practice


def test_only_the_creator_cancels_and_only_before_the_start(client, matched):
    client.force_login(matched.user_second)
    client.post(reverse("interviews:session_cancel", args=[matched.first_session_id]))
    assert InterviewSession.objects.get(pk=matched.first_session_id).status == "scheduled"


def test_the_question_page_offers_practise_alone_and_find_a_partner(client):
    ada = person("ada")
    client.force_login(ada)
    page = client.get(reverse("content:question_detail", args=["url-shortener"])).content.decode()
    assert "Practise alone now" in page
    assert "Find a partner" in page
    response = client.post(
        reverse("interviews:session_new"),
        {"question": "url-shortener", "mode": "solo", "level": "senior"},
    )
    session = InterviewSession.objects.get(created_by=ada)
    assert response["Location"] == reverse("interviews:room", args=[session.pk])


def test_the_candidate_rates_the_interviewer_once_after_the_end(matched):
    import time_machine

    from interviews.models import Participant
    from interviews.services import session_end, session_start

    session = matched.first_session
    interviewer = Participant.objects.get(session=session, role="interviewer")
    url = f"/api/v1/sessions/{session.pk}/interviewer-feedback/"
    body = {"preparedness": 4, "clarity": 3, "hints": 2, "comment": "Kind and clear."}
    assert _api(matched.user_second).post(url, body, format="json").status_code == 409  # not ended
    with time_machine.travel(matched.starts_at, tick=False):
        session_start(actor=interviewer)
        session_end(session_id=session.pk, actor=interviewer)
    assert _api(matched.user_first).post(url, body, format="json").status_code == 403
    assert (
        _api(matched.user_second).post(url, {**body, "clarity": 5}, format="json").status_code
        == 400
    )
    assert _api(matched.user_second).post(url, body, format="json").status_code == 201
    assert _api(matched.user_second).post(url, body, format="json").status_code == 409
    assert InterviewerFeedback.objects.get().interviewer == matched.user_first
    assert _api(matched.user_first).get(url).json()["comment"] == "Kind and clear."
