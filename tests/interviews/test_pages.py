"""The session pages: who may see what, the candidate's room without interviewer-only
markup, htmx partials, and the flows behind the forms (create, invite, start)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from interviews.models import Invite, Participant, Role, SessionStatus
from interviews.services import session_end, session_start

from .conftest import SECRET_MARKERS

SESSION_PAGES = ["session_detail", "lobby", "room", "summary", "replay", "replay_events"]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(name, session, *extra):
    return reverse(f"interviews:{name}", args=[session.pk, *extra])


# ---- access ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["dashboard", "session_new"])
def test_anonymous_is_sent_to_login_from_global_pages(client, name):
    response = client.get(reverse(f"interviews:{name}"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("name", SESSION_PAGES)
def test_anonymous_is_sent_to_login_from_session_pages(client, peer, name):
    response = client.get(url(name, peer.session))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("name", SESSION_PAGES)
def test_non_participant_gets_404_everywhere(peer, people, name):
    response = client_for(people["stranger"]).get(url(name, peer.session))
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["start", "invite_new"])
def test_non_participant_cannot_post(peer, people, name):
    extra = ("candidate",) if name == "invite_new" else ()
    response = client_for(people["stranger"]).post(url(name, peer.session, *extra))
    assert response.status_code == 404
    assert peer.refresh().status == SessionStatus.SCHEDULED


@pytest.mark.parametrize("who", ["interviewer", "candidate", "observer"])
def test_participants_see_the_lobby_of_a_scheduled_session(peer, people, who):
    assert client_for(people[who]).get(url("lobby", peer.session)).status_code == 200


@pytest.mark.parametrize("who", ["interviewer", "candidate", "observer"])
def test_participants_see_the_room(peer, people, who):
    response = client_for(people[who]).get(url("room", peer.session))
    assert response.status_code == 200
    assert response.context["participant"].role == who


def test_session_detail_routes_by_state(peer, people):
    client = client_for(people["candidate"])
    assert client.get(url("session_detail", peer.session))["Location"] == url("lobby", peer.session)
    session_start(actor=peer.interviewer)
    assert client.get(url("session_detail", peer.session))["Location"] == url("room", peer.session)
    session_end(session_id=peer.session.pk, actor=peer.interviewer)
    assert client.get(url("session_detail", peer.session))["Location"] == url(
        "summary", peer.session
    )


def test_summary_and_replay_of_an_ended_session(peer, people):
    session_start(actor=peer.interviewer)
    session_end(session_id=peer.session.pk, actor=peer.interviewer)
    client = client_for(people["candidate"])
    summary = client.get(url("summary", peer.session))
    assert summary.status_code == 200
    assert url("replay", peer.session).encode() in summary.content
    assert client.get(url("replay", peer.session)).status_code == 200
    assert client.get(url("room", peer.session))["Location"] == url("summary", peer.session)


# ---- the candidate never receives interviewer-only text or markup -------------------------


def test_candidate_room_has_no_interviewer_markup_or_text(peer, people):
    html = client_for(people["candidate"]).get(url("room", peer.session)).content.decode()
    for marker in SECRET_MARKERS:
        assert marker not in html, marker
    for markup in ("interviewer-panels", "reference-outline", "quick-score", "private-note"):
        assert markup not in html, markup
    assert "timer-controls" not in html  # a peer session's clock is the interviewer's


def test_interviewer_room_has_the_interviewer_panels(peer, people):
    html = client_for(people["interviewer"]).get(url("room", peer.session)).content.decode()
    assert 'id="interviewer-panels"' in html
    assert "SECRET-OUTLINE" in html
    assert "timer-controls" in html


def test_solo_candidate_drives_the_clock_without_interviewer_panels(solo, people):
    html = client_for(people["candidate"]).get(url("room", solo.session)).content.decode()
    assert "timer-controls" in html
    assert 'name="auto_advance"' in html
    assert "interviewer-panels" not in html
    for marker in SECRET_MARKERS:
        assert marker not in html, marker


def test_candidate_replay_log_leaves_out_interviewer_only_events(peer, people):
    from interviews.services import private_note_save

    session_start(actor=peer.interviewer)
    private_note_save(actor=peer.interviewer, phase="requirements", text="SECRET-NOTE weak")
    candidate = client_for(people["candidate"]).get(url("replay_events", peer.session)).json()
    interviewer = client_for(people["interviewer"]).get(url("replay_events", peer.session)).json()
    assert "SECRET-NOTE" not in str(candidate)
    assert "private_note" not in {e["type"] for e in candidate["events"]}
    assert "private_note" in {e["type"] for e in interviewer["events"]}
    assert all("logged_at" in e for e in candidate["events"])


# ---- dashboard and new session -------------------------------------------------------


def test_dashboard_lists_my_sessions_with_role_and_question(peer, solo, people):
    html = client_for(people["candidate"]).get(reverse("interviews:dashboard")).content.decode()
    assert "URL shortener" in html
    assert "Upcoming" in html
    assert "Solo practice" in html
    assert "Candidate" in html


def test_dashboard_of_a_stranger_is_empty(peer, people):
    html = client_for(people["stranger"]).get(reverse("interviews:dashboard")).content.decode()
    assert "No sessions yet" in html
    assert "URL shortener" not in html


def test_new_session_page_lists_questions(framework, question, people):
    response = client_for(people["candidate"]).get(reverse("interviews:session_new"))
    assert response.status_code == 200
    assert b"URL shortener" in response.content


def test_question_filter_returns_the_picker_partial_for_htmx(framework, question, people):
    response = client_for(people["candidate"]).get(
        reverse("interviews:session_new"), {"q": "nothing-matches-this"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b"No question matches" in response.content


def test_creating_a_solo_session_opens_the_room(framework, question, rubric, people):
    client = client_for(people["candidate"])
    response = client.post(
        reverse("interviews:session_new"),
        {"question": question.slug, "level": "senior", "mode": "solo", "framework": framework.slug},
    )
    participant = Participant.objects.get(user=people["candidate"])
    assert participant.role == Role.CANDIDATE
    assert response["Location"] == url("room", participant.session)


def test_creating_a_peer_session_issues_the_other_roles_link(framework, question, rubric, people):
    client = client_for(people["interviewer"])
    response = client.post(
        reverse("interviews:session_new"),
        {
            "question": question.slug,
            "level": "senior",
            "mode": "peer_interviewer",
            "framework": framework.slug,
        },
    )
    participant = Participant.objects.get(user=people["interviewer"])
    assert participant.role == Role.INTERVIEWER
    assert response["Location"] == url("lobby", participant.session)
    lobby = client.get(response["Location"]).content.decode()
    invite = Invite.objects.get(session=participant.session, role=Role.CANDIDATE)
    assert "/sessions/invite/" in lobby
    assert invite.revoked_at is None


def test_creating_with_htmx_redirects_on_the_client(framework, question, rubric, people):
    response = client_for(people["candidate"]).post(
        reverse("interviews:session_new"),
        {"question": question.slug, "level": "senior", "mode": "solo", "framework": framework.slug},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "/room/" in response["HX-Redirect"]


def test_invalid_new_session_form_shows_the_error(framework, question, people):
    response = client_for(people["candidate"]).post(
        reverse("interviews:session_new"), {"level": "senior", "mode": "solo"}
    )
    assert response.status_code == 200
    assert b"Pick a question." in response.content


# ---- lobby, invites, start ------------------------------------------------------------


def test_new_invite_link_replaces_the_previous_one(framework, question, rubric, people):
    client = client_for(people["interviewer"])
    client.post(
        reverse("interviews:session_new"),
        {
            "question": question.slug,
            "level": "senior",
            "mode": "peer_interviewer",
            "framework": framework.slug,
        },
    )
    session = Participant.objects.get(user=people["interviewer"]).session
    client.post(url("invite_new", session, "candidate"))
    invites = Invite.objects.filter(session=session, role=Role.CANDIDATE)
    assert invites.count() == 2
    assert invites.filter(revoked_at__isnull=True).count() == 1


def test_lobby_partial_for_htmx_polling(peer, people):
    response = client_for(people["interviewer"]).get(
        url("lobby", peer.session), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b"cody" in response.content
    assert b"Start the interview" in response.content


def test_lobby_poll_sends_the_candidate_to_the_room_once_live(peer, people):
    session_start(actor=peer.interviewer)
    response = client_for(people["candidate"]).get(
        url("lobby", peer.session), HTTP_HX_REQUEST="true"
    )
    assert response["HX-Redirect"] == url("room", peer.session)


def test_only_the_interviewer_starts_a_peer_session(peer, people):
    client_for(people["candidate"]).post(url("start", peer.session))
    assert peer.refresh().status == SessionStatus.SCHEDULED
    response = client_for(people["interviewer"]).post(url("start", peer.session))
    assert response["Location"] == url("room", peer.session)
    assert peer.refresh().status == SessionStatus.LIVE


def test_pages_refuse_the_wrong_method(peer, people):
    client = client_for(people["interviewer"])
    assert client.get(url("start", peer.session)).status_code == 405
    assert client.post(url("room", peer.session)).status_code == 405


# ---- solo coach ---------------------------------------------------------------------------


def test_solo_coach_poses_follow_ups_only_for_phases_reached(solo, people):
    from interviews.services import phase_step

    client = client_for(people["candidate"])
    assert client.get(url("coach", solo.session)).json()["follow_ups"] == []
    session_start(actor=solo.candidate)
    assert client.get(url("coach", solo.session)).json()["follow_ups"] == []  # deep-dive is ahead
    phase_step(actor=solo.candidate, direction="next", expected_phase=0)
    phase_step(actor=solo.candidate, direction="next", expected_phase=1)
    posed = client.get(url("coach", solo.session)).json()["follow_ups"]
    assert [f["phase"] for f in posed] == ["deep-dive"]


def test_coach_exists_for_solo_sessions_only(peer, people):
    assert client_for(people["candidate"]).get(url("coach", peer.session)).status_code == 404


def test_interviewer_room_loads_quick_scores_from_the_scorecard(peer, people):
    """The room knows the scoring app by URL name only; scoring answers the interviewer
    (where each criterion is saved) and nobody else."""
    response = client_for(people["interviewer"]).get(url("room", peer.session))
    quick_url = response.context["config"]["quick_score_url"]
    assert quick_url == reverse("scoring:quick_score", args=[peer.session.pk])
    quick = client_for(people["interviewer"]).get(quick_url).json()
    assert set(quick["urls"]) == {"scope"}
    assert quick["scores"] == {}
    assert quick["scorecard_url"] == reverse(
        "scoring:scorecard", args=[peer.session.pk, "interviewer"]
    )
    client_for(people["interviewer"]).post(quick["urls"]["scope"], {"score": "3"})
    assert client_for(people["interviewer"]).get(quick_url).json()["scores"] == {"scope": 3}
    candidate = client_for(people["candidate"]).get(url("room", peer.session))
    assert "quick_score_url" not in candidate.context["config"]
    for who in ("candidate", "observer", "stranger"):
        assert client_for(people[who]).get(quick_url).status_code == 404
