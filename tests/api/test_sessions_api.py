"""Sessions over the API: lists with filters and ordering, detail, the event stream, the export."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.throttling import SimpleRateThrottle

from content.models import Question
from interviews.board import board_empty, op_apply
from interviews.models import (
    BoardSnapshot,
    EventType,
    InterviewSession,
    Participant,
    Role,
    SessionEvent,
    Visibility,
)
from interviews.notes import NotesDocument
from interviews.selectors import board_final_get, timer_history_get
from interviews.services import (
    chat_post,
    invite_accept,
    invite_create,
    session_create,
    session_start,
)

from .conftest import PRIVATE_NOTE, UNRELEASED_COMMENT, token_client


def _ids(response) -> list[str]:
    return [s["id"] for s in response.json()["results"]]


def _streamed(response) -> dict:
    assert response.streaming
    return json.loads(b"".join(response.streaming_content))


# --- List -------------------------------------------------------------------------------


def test_list_holds_only_the_callers_sessions(w):
    assert set(_ids(w.client("candidate").get("/api/v1/sessions/"))) == {
        str(w.session.pk),
        str(w.solo.pk),
    }
    assert _ids(w.client("observer").get("/api/v1/sessions/")) == [str(w.session.pk)]
    assert _ids(w.client("stranger").get("/api/v1/sessions/")) == []
    assert len(_ids(w.client("staff").get("/api/v1/sessions/"))) == 3


def test_list_item_shows_role_question_and_participants(w):
    item = w.client("observer").get("/api/v1/sessions/").json()["results"][0]
    assert item["role"] == "observer"
    assert item["question"] == {"slug": "url-shortener", "title": w.session.question.title}
    assert {(p["user"]["username"], p["role"]) for p in item["participants"]} == {
        ("ivy", "interviewer"),
        ("cody", "candidate"),
        ("olga", "observer"),
    }


def test_staff_sees_their_role_as_null_in_others_sessions(w):
    results = w.client("staff").get("/api/v1/sessions/").json()["results"]
    assert {r["role"] for r in results} == {None}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=ended", {"session", "solo"}),
        ("status=scheduled", set()),
        ("role=candidate", {"session", "solo"}),
        ("role=interviewer", set()),
        ("question=url-shortener", {"session", "solo"}),
        ("question=no-such-question", set()),
        ("participant=ivy", {"session"}),
        ("created_after=2030-01-01", {"solo"}),
        ("created_before=2030-01-01T00:00:00Z", {"session"}),
        ("created_after=2029-01-01&created_before=2031-01-01", {"session", "solo"}),
    ],
)
def test_list_filters(w, query, expected):
    InterviewSession.objects.filter(pk=w.session.pk).update(
        created_at=datetime(2029, 6, 1, tzinfo=UTC)
    )
    InterviewSession.objects.filter(pk=w.solo.pk).update(
        created_at=datetime(2030, 6, 1, tzinfo=UTC)
    )
    names = {str(w.session.pk): "session", str(w.solo.pk): "solo"}
    response = w.client("candidate").get(f"/api/v1/sessions/?{query}")
    assert response.status_code == 200
    assert {names[i] for i in _ids(response)} == expected


def test_staff_filters_by_status_and_participant(w):
    staff = w.client("staff")
    assert _ids(staff.get("/api/v1/sessions/?status=scheduled")) == [str(w.other.pk)]
    assert _ids(staff.get("/api/v1/sessions/?participant=carla")) == [str(w.other.pk)]


@pytest.mark.parametrize(
    "query", ["status=done", "role=boss", "created_after=yesterday", "ordering=title"]
)
def test_invalid_filter_is_a_400_naming_the_field(w, query):
    response = w.client("candidate").get(f"/api/v1/sessions/?{query}")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert query.split("=")[0] in error["details"]


def test_ordering(w):
    InterviewSession.objects.filter(pk=w.session.pk).update(
        created_at=datetime(2029, 1, 1, tzinfo=UTC), ended_at=datetime(2029, 3, 1, tzinfo=UTC)
    )
    InterviewSession.objects.filter(pk=w.solo.pk).update(
        created_at=datetime(2029, 2, 1, tzinfo=UTC), ended_at=datetime(2029, 2, 2, tzinfo=UTC)
    )
    client = w.client("candidate")
    peer, solo = str(w.session.pk), str(w.solo.pk)
    assert _ids(client.get("/api/v1/sessions/")) == [solo, peer]  # newest first by default
    assert _ids(client.get("/api/v1/sessions/?ordering=created_at")) == [peer, solo]
    assert _ids(client.get("/api/v1/sessions/?ordering=ended_at")) == [solo, peer]
    assert _ids(client.get("/api/v1/sessions/?ordering=-ended_at")) == [peer, solo]


def test_ordering_by_end_puts_unfinished_sessions_last(w):
    staff = w.client("staff")
    assert _ids(staff.get("/api/v1/sessions/?ordering=ended_at"))[-1] == str(w.other.pk)
    assert _ids(staff.get("/api/v1/sessions/?ordering=-ended_at"))[-1] == str(w.other.pk)


def test_list_is_paginated(w):
    page = w.client("candidate").get("/api/v1/sessions/?page_size=1").json()
    assert page["count"] == 2
    assert len(page["results"]) == 1
    assert "page=2" in page["next"]


def _more_sessions(w, count: int) -> None:
    question = Question.objects.get(slug="url-shortener")
    for _ in range(count):
        session = session_create(
            created_by=w.users["interviewer"], question=question, level="senior", mode="peer"
        )
        issued = invite_create(
            session=session, role=Role.CANDIDATE, created_by=w.users["interviewer"]
        )
        invite_accept(token=issued.token, user=w.users["candidate"])


def test_list_query_count_does_not_grow_with_the_number_of_sessions(w):
    client = w.client("interviewer")
    with CaptureQueriesContext(connection) as one:
        assert len(_ids(client.get("/api/v1/sessions/"))) == 1
    _more_sessions(w, 6)
    with CaptureQueriesContext(connection) as many:
        assert len(_ids(client.get("/api/v1/sessions/"))) == 7
    assert len(many) == len(one)


def test_token_authentication_works_and_is_throttled_per_token(w, monkeypatch):
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": None, "user": None, "token": "2/min"}
    )
    client = token_client(w.users["candidate"])  # a new token: a bucket of its own
    assert len(_ids(client.get("/api/v1/sessions/"))) == 2
    assert client.get(f"/api/v1/sessions/{w.session.pk}/").status_code == 200
    throttled = client.get("/api/v1/sessions/")
    assert throttled.status_code == 429
    assert throttled.json()["error"]["code"] == "throttled"
    assert "Retry-After" in throttled
    # The same user through their browser session is not held by the token's bucket.
    assert w.client("candidate").get("/api/v1/sessions/").status_code == 200


def test_a_bad_token_is_refused_in_the_error_shape(w):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token nope")
    response = client.get("/api/v1/sessions/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


# --- Detail -----------------------------------------------------------------------------


def test_detail_has_participants_phases_and_current_board(w):
    body = w.client("candidate").get(f"/api/v1/sessions/{w.session.pk}/").json()
    assert body["role"] == "candidate"
    assert body["status"] == "ended"
    timings = timer_history_get(session_id=w.session.pk)
    assert [p["slug"] for p in body["phases"]] == [t.slug for t in timings]
    for phase, timing in zip(body["phases"], timings, strict=True):
        assert phase["planned_minutes"] == round(timing.planned_seconds / 60, 2)
        assert phase["actual_seconds"] == timing.actual_seconds
        assert phase["current"] is False
    assert body["board"] == board_final_get(session_id=w.session.pk)
    assert {n["id"] for n in body["board"]["nodes"]} == {"users", "lb", "api", "cache", "db"}


def test_detail_of_a_live_session_counts_the_current_phase_so_far(w):
    start = datetime(2031, 5, 1, 9, 0, tzinfo=UTC)
    interviewer = Participant.objects.get(session=w.other, role=Role.INTERVIEWER)
    with time_machine.travel(start, tick=False):
        session_start(actor=interviewer)
    with time_machine.travel(start + timedelta(seconds=90), tick=False):
        body = w.client("staff").get(f"/api/v1/sessions/{w.other.pk}/").json()
    first = body["phases"][0]
    assert first["current"] is True
    assert first["actual_seconds"] == 90.0
    assert first["actual_minutes"] == 1.5
    assert body["status"] == "live"


def test_detail_of_an_unknown_session_is_404(w):
    response = w.client("staff").get("/api/v1/sessions/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


# --- Events -----------------------------------------------------------------------------


def _walk(client, url: str) -> list[dict]:
    events, pages = [], 0
    while url:
        page = client.get(url).json()
        events += page["results"]
        url, pages = page["next"], pages + 1
        assert pages < 100
    return events


def test_events_stream_walks_every_event_once_in_order_for_the_interviewer(w):
    events = _walk(w.client("interviewer"), f"/api/v1/sessions/{w.session.pk}/events/?page_size=3")
    assert [e["seq"] for e in events] == list(range(1, w.session.last_seq + 1))
    notes = [e for e in events if e["type"] == EventType.PRIVATE_NOTE]
    assert notes[0]["payload"]["text"] == PRIVATE_NOTE
    assert notes[0]["visibility"] == "interviewer"


@pytest.mark.parametrize("actor", ["candidate", "observer"])
def test_events_stream_leaves_out_interviewer_only_events(w, actor):
    events = _walk(w.client(actor), f"/api/v1/sessions/{w.session.pk}/events/?page_size=4")
    expected = SessionEvent.objects.filter(session=w.session, visibility=Visibility.ALL)
    assert [e["seq"] for e in events] == list(
        expected.order_by("seq").values_list("seq", flat=True)
    )
    assert {e["visibility"] for e in events} == {"all"}
    assert len(events) < w.session.last_seq


def test_events_filter_by_type_and_resume_after_a_seq(w):
    client = w.client("candidate")
    chat = client.get(f"/api/v1/sessions/{w.session.pk}/events/?type=chat").json()["results"]
    assert [e["type"] for e in chat] == ["chat"]
    later = client.get(f"/api/v1/sessions/{w.session.pk}/events/?after_seq=10").json()
    assert min(e["seq"] for e in later["results"]) == 11


def test_events_previous_link_walks_back(w):
    client = w.client("interviewer")
    first = client.get(f"/api/v1/sessions/{w.session.pk}/events/?page_size=5").json()
    second = client.get(first["next"]).json()
    back = client.get(second["previous"]).json()
    assert [e["seq"] for e in back["results"]] == [e["seq"] for e in first["results"]]


def test_events_with_a_forged_cursor_is_404(w):
    response = w.client("interviewer").get(f"/api/v1/sessions/{w.session.pk}/events/?cursor=zz")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Invalid cursor"


def test_events_query_count_does_not_grow_with_the_page_size(w):
    client = w.client("interviewer")
    url = f"/api/v1/sessions/{w.session.pk}/events/"
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(f"{url}?page_size=1").json()["results"]) == 1
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(f"{url}?page_size=500").json()["results"]) == w.session.last_seq
    assert len(many) == len(one)


def test_events_page_reads_one_page_from_the_database(w):
    participant = Participant.objects.get(session=w.session, role=Role.CANDIDATE)
    InterviewSession.objects.filter(pk=w.session.pk).update(status="live")
    for i in range(30):
        chat_post(actor=participant, text=f"line {i}")
    with CaptureQueriesContext(connection) as queries:
        w.client("interviewer").get(f"/api/v1/sessions/{w.session.pk}/events/?page_size=5")
    event_queries = [q["sql"] for q in queries if 'FROM "interviews_sessionevent"' in q["sql"]]
    assert len(event_queries) == 1
    assert "LIMIT 6" in event_queries[0]  # the page and one more, never the whole log


# --- Export -----------------------------------------------------------------------------


def test_export_is_a_streamed_json_bundle(w):
    response = w.client("interviewer").get(f"/api/v1/sessions/{w.session.pk}/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert f"designroom-session-{w.session.pk}.json" in response["Content-Disposition"]
    bundle = _streamed(response)
    assert bundle["schema"] == "designroom.session/1"
    assert bundle["session"]["id"] == str(w.session.pk)
    assert bundle["session"]["phase_plan"] == w.session.phase_plan
    assert bundle["question"]["slug"] == "url-shortener"
    assert {p["role"] for p in bundle["participants"]} == {"interviewer", "candidate", "observer"}
    assert [p["slug"] for p in bundle["phases"]] == [p["slug"] for p in w.session.phase_plan]
    assert bundle["timer_history"]
    assert {e["type"] for e in bundle["timer_history"]} == {"timer"}
    assert bundle["board"]["final"] == board_final_get(session_id=w.session.pk)
    snapshots = BoardSnapshot.objects.filter(session=w.session).order_by("seq")
    assert [s["phase_slug"] for s in bundle["board"]["snapshots"]] == [
        s.phase_slug for s in snapshots
    ]
    assert bundle["report"]["status"] == "ready"


def test_export_events_rebuild_the_final_board(w):
    """Complete enough to import: replaying the exported ops gives the final board, the
    notes' CRDT updates (applied in log order) the same text as the room's."""
    bundle = _streamed(w.client("candidate").get(f"/api/v1/sessions/{w.session.pk}/export/"))
    board = board_empty()
    notes = NotesDocument()
    for event in bundle["events"]:
        if event["type"] != "op":
            continue
        op = event["payload"]["op"]
        if op["kind"] == "notes.update":
            notes.apply(base64.b64decode(op["update"]))
        else:
            board, _ = op_apply(board, op)
    board["notes"] = notes.texts()
    final = bundle["board"]["final"]
    assert any(final["notes"].values()), "the fixture typed notes"
    # Zones and free text read as empty where a stored board has no such key yet.
    assert board == {k: final.get(k, []) for k in board}


def test_export_for_the_interviewer_holds_notes_scorecard_and_all_events(w):
    bundle = _streamed(w.client("interviewer").get(f"/api/v1/sessions/{w.session.pk}/export/"))
    assert bundle["viewer"] == {
        "user": w.users["interviewer"].pk,
        "role": "interviewer",
        "interviewer_view": True,
    }
    assert [n["text"] for n in bundle["private_notes"]] == [PRIVATE_NOTE]
    comments = [c["comment"] for c in bundle["scorecards"]["interviewer"]["criteria"]]
    assert UNRELEASED_COMMENT in comments
    assert len(bundle["events"]) == w.session.last_seq


def test_export_for_the_candidate_is_role_filtered(w):
    bundle = _streamed(w.client("candidate").get(f"/api/v1/sessions/{w.session.pk}/export/"))
    assert bundle["viewer"]["interviewer_view"] is False
    assert bundle["private_notes"] == []
    # No unreleased scorecard, and never a shadow scorecard, reaches the candidate.
    assert bundle["scorecards"] == {"interviewer": None, "self": None, "shadows": []}
    assert {e["visibility"] for e in bundle["events"]} == {"all"}
    curveballs = bundle["report"]["result"]["process"]["curveballs"]["items"]
    assert curveballs
    assert all(set(item) == {"handled"} for item in curveballs)


def test_export_streams_under_asgi_without_draining_into_a_list(w):
    from .test_scoring_api import _asgi_download

    url = f"/api/v1/sessions/{w.session.pk}/export/"
    response, chunks, drained = _asgi_download(w.users["candidate"], url)
    assert response.status_code == 200
    assert response.is_async
    assert drained == []
    assert json.loads(b"".join(chunks))["session"]["id"] == str(w.session.pk)
