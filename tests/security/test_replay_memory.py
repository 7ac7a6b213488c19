"""The replay page reads the event log a page at a time (a cursor by seq), so a long session
costs the server one page of memory per request, not the whole log: the reported attack was
a 50,000-event session whose replay returned 104 MB and grew the process by ~500 MB.

Memory is measured with tracemalloc around one request (the test's own counter, no clock).
"""

from __future__ import annotations

import tracemalloc

import pytest
from django.test import Client
from django.utils import timezone

from interviews.models import EventType, InterviewSession, Participant, SessionEvent, Visibility
from interviews.pages.room import REPLAY_PAGE_EVENTS
from interviews.services import session_create

pytestmark = pytest.mark.django_db

EVENTS = 50_000
PAGE_PEAK_BYTES = 16 * 1024 * 1024  # one page of 1 KB events, with the response, is far below


@pytest.fixture
def long_session(framework, question, rubric, people):
    """A solo session with 50,000 logged notes ops of ~1 KB each (as a long session has)."""
    session = session_create(
        created_by=people["candidate"], question=question, level="senior", mode="solo"
    )
    now = timezone.now()
    text = "n" * 1000
    session.refresh_from_db()
    first = session.last_seq + 1  # after the events session_create logged
    for start in range(first, first + EVENTS, 5000):
        SessionEvent.objects.bulk_create(
            SessionEvent(
                session=session,
                seq=seq,
                type=EventType.OP,
                payload={"op": {"kind": "notes.patch", "section": "free", "patch": text}},
                visibility=Visibility.ALL,
                created_at=now,
            )
            for seq in range(start, min(start + 5000, first + EVENTS))
        )
    session.last_seq = first + EVENTS - 1
    InterviewSession.objects.filter(pk=session.pk).update(last_seq=session.last_seq)
    return session


def _client(session) -> Client:
    client = Client()
    client.force_login(Participant.objects.get(session=session).user)
    return client


def test_one_replay_request_allocates_one_page_not_the_whole_log(long_session):
    client = _client(long_session)
    url = f"/sessions/{long_session.pk}/replay/events/"
    tracemalloc.start()
    try:
        response = client.get(url)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 200
    body = response.json()
    assert len(body["events"]) == REPLAY_PAGE_EVENTS
    assert body["next"]
    print(f"replay: one page of {REPLAY_PAGE_EVENTS} events, peak {peak / 2**20:.1f} MiB")
    assert peak < PAGE_PEAK_BYTES, f"peak {peak / 2**20:.1f} MiB for one page"


def test_following_next_reads_every_event_once_in_order(long_session):
    client = _client(long_session)
    url, seqs, pages = f"/sessions/{long_session.pk}/replay/events/", [], 0
    while url:
        body = client.get(url).json()
        seqs += [e["seq"] for e in body["events"]]
        url, pages = body["next"], pages + 1
    assert seqs == list(range(1, long_session.last_seq + 1))
    assert pages == -(-long_session.last_seq // REPLAY_PAGE_EVENTS)


def test_a_bad_cursor_is_a_400(framework, question, rubric, people):
    session = session_create(
        created_by=people["candidate"], question=question, level="senior", mode="solo"
    )
    response = _client(session).get(f"/sessions/{session.pk}/replay/events/?after=-1")
    assert response.status_code == 400
    assert "after" in response.json()["error"]
