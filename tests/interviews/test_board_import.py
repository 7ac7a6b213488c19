"""A board exported as JSON starts a new solo practice session: checked with the ops' rules,
every problem named, nothing created on bad input, bounded in size and rate; page and API."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from interviews.board import MAX_NODES
from interviews.board_import import (
    MAX_IMPORT_BYTES,
    BoardImportError,
    board_import_decode,
    board_import_state,
)
from interviews.board_starter import starter_ids
from interviews.models import Board, InterviewSession, Participant, Role, SessionMode
from interviews.services import practice_session_import
from scoring.charts import diagram_svg

EXPORT = {
    "format": "designroom-board",
    "version": 1,
    "nodes": [
        {"id": "n-web", "kind": "client", "label": "Web", "x": 0, "y": 0, "notes": "",
         "replicas": None},
        {"id": "n-api", "kind": "service", "label": "API", "x": 240, "y": 0, "notes": "stateless",
         "replicas": 3},
    ],
    "edges": [{"id": "e-1", "from": "n-web", "to": "n-api", "label": "HTTPS", "mode": "sync"}],
    "zones": [{"id": "z-1", "kind": "region", "label": "eu", "x": -100, "y": -60, "w": 500,
               "h": 200}],
    "texts": [{"id": "t-1", "style": "sticky", "text": "Reads dominate", "x": 0, "y": 120}],
    "notes": {"requirements": "not imported"},
}  # fmt: skip


def _with(**changes):
    return {**json.loads(json.dumps(EXPORT)), **changes}


def _problems(document) -> list[str]:
    with pytest.raises(BoardImportError) as raised:
        board_import_state(document)
    return raised.value.problems


def test_an_export_becomes_the_first_board_and_the_replays_starting_point():
    state = board_import_state(EXPORT)
    assert [n["id"] for n in state["nodes"]] == ["n-web", "n-api"]
    assert state["nodes"][1]["replicas"] == 3
    assert state["edges"][0]["label"] == "HTTPS"
    assert state["zones"][0]["w"] == 500
    assert state["texts"][0]["style"] == "sticky"
    assert all(text == "" for text in state["notes"].values()), "notes are not imported"
    assert starter_ids(state) == {"n-web", "n-api", "e-1", "z-1", "t-1"}
    legend = diagram_svg(state)
    assert "2 components from the board the session was started from" in legend


def test_left_out_fields_take_the_defaults_an_op_gives():
    state = board_import_state(
        _with(nodes=[{"id": "a", "kind": "cache", "x": 1, "y": 2}], edges=[], texts=[], zones=[])
    )
    assert state["nodes"] == [
        {"id": "a", "kind": "cache", "label": "", "notes": "", "replicas": None, "x": 1, "y": 2}
    ]


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"format": "excalidraw"}, "format: must be 'designroom-board'"),
        ({"version": 2}, "version: 2"),
        ({"version": True}, "version: True"),
        ({"extra": []}, "unknown part 'extra'"),
        ({"nodes": "no"}, "nodes: must be a list"),
        ({"nodes": [{"id": "x", "kind": "spaceship", "x": 0, "y": 0}]}, "nodes[#1].kind"),
        ({"nodes": [{"id": "x", "kind": "cache", "x": 1e9, "y": 0}]}, "nodes[#1].x"),
        ({"nodes": [{"id": "x", "kind": "cache", "x": 0, "y": 0, "label": "l" * 201}]},
         "nodes[#1].label"),
        ({"nodes": [{"id": "x", "kind": "cache", "x": 0, "y": 0, "replicas": 0}]},
         "nodes[#1].replicas"),
        ({"nodes": [{"id": "x", "kind": "cache", "x": 0, "y": 0, "colour": "red"}]},
         "unknown field 'colour'"),
        ({"edges": [{"id": "e", "from": "n-web", "to": "gone"}]}, "edges[#1] (id 'e'): no node"),
        ({"edges": [{"id": "e", "from": "n-web", "to": "n-web"}]}, "joins a node to itself"),
        ({"edges": [{"id": "e", "from": "n-web", "to": "n-api", "mode": "later"}]},
         "edges[#1].mode"),
        ({"texts": [{"id": "n-web", "style": "text", "text": "", "x": 0, "y": 0}]},
         "texts[#1] (id 'n-web'): an element 'n-web' exists"),
        ({"zones": [{"id": "z", "kind": "region", "x": 0, "y": 0, "w": 1, "h": 100}]},
         "zones[#1].w"),
    ],
)  # fmt: skip
def test_a_bad_board_is_refused_naming_what_is_wrong(change, named):
    problems = _problems(_with(**change))
    assert any(named in p for p in problems), problems


def test_the_boards_own_size_limit_holds():
    nodes = [{"id": f"n{i}", "kind": "service", "x": i, "y": 0} for i in range(MAX_NODES + 1)]
    problems = _problems(_with(nodes=nodes, edges=[]))
    assert (
        problems[0]
        == f"nodes[#{MAX_NODES + 1}] (id 'n{MAX_NODES}'): the board holds at most 300 nodes"
    )


def test_the_file_is_bounded_and_must_be_json():
    with pytest.raises(BoardImportError, match="over 512 KiB"):
        board_import_decode(b" " * (MAX_IMPORT_BYTES + 1))
    with pytest.raises(BoardImportError, match="not JSON"):
        board_import_decode(b"{nodes: []}")
    with pytest.raises(BoardImportError, match="not UTF-8"):
        board_import_decode(b"\xff\xfe{}")
    with pytest.raises(BoardImportError, match="one JSON object"):
        board_import_state(board_import_decode(b"[1, 2]"))


def test_the_service_creates_a_solo_session_starting_from_the_board(framework, question, people):
    session = practice_session_import(
        created_by=people["candidate"], question=question, level="senior", document=EXPORT
    )
    assert session.mode == SessionMode.SOLO
    assert Participant.objects.get(session=session).role == Role.CANDIDATE
    state = Board.objects.get(session=session).state
    assert [n["label"] for n in state["nodes"]] == ["Web", "API"]


def test_nothing_is_created_from_a_bad_board(framework, question, people):
    with pytest.raises(BoardImportError):
        practice_session_import(
            created_by=people["candidate"],
            question=question,
            level="senior",
            document=_with(edges=[{"id": "e", "from": "n-web", "to": "nowhere"}]),
        )
    assert InterviewSession.objects.count() == 0
    assert Board.objects.count() == 0


@pytest.fixture
def page(people):
    client = Client()
    client.force_login(people["candidate"])
    return client


def _upload(content: bytes, name: str = "design.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/json")


def test_the_page_starts_the_session_and_opens_its_room(framework, question, page):
    response = page.post(
        reverse("interviews:board_import"),
        {
            "question": question.slug,
            "level": "senior",
            "board": _upload(json.dumps(EXPORT).encode()),
        },
    )
    session = InterviewSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("interviews:room", args=[session.pk])


def test_the_page_lists_the_problems_and_creates_nothing(framework, question, page):
    bad = _with(nodes=[{"id": "x", "kind": "spaceship", "x": 0, "y": 0}], edges=[])
    response = page.post(
        reverse("interviews:board_import"),
        {"question": question.slug, "level": "senior", "board": _upload(json.dumps(bad).encode())},
    )
    assert response.status_code == 400
    assert "nodes[#1].kind: must be one of" in response.content.decode()
    assert InterviewSession.objects.count() == 0


def test_the_page_refuses_a_file_over_the_limit_before_reading_it(framework, question, page):
    big = _upload(b" " * (MAX_IMPORT_BYTES + 1))
    response = page.post(
        reverse("interviews:board_import"),
        {"question": question.slug, "level": "senior", "board": big},
    )
    assert response.status_code == 400
    assert "The file is over 512 KiB." in response.content.decode()
    assert InterviewSession.objects.count() == 0


def test_the_page_needs_a_signed_in_user(db):
    response = Client().get(reverse("interviews:board_import"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_uploads_are_rate_limited_refused_ones_included(framework, question, page, settings):
    settings.DESIGNROOM = {**settings.DESIGNROOM, "BOARD_IMPORT_PER_HOUR": 2}

    def post(content: bytes):
        data = {"question": question.slug, "level": "senior", "board": _upload(content)}
        return page.post(reverse("interviews:board_import"), data)

    assert post(b"not json").status_code == 400
    assert post(b"not json").status_code == 400
    third = post(json.dumps(EXPORT).encode())
    assert third.status_code == 429
    assert int(third["Retry-After"]) > 0
    assert "2 boards in this hour" in third.content.decode()
    assert InterviewSession.objects.count() == 0


def test_the_api_creates_the_session_and_names_problems(framework, question, people):
    client = APIClient()
    client.force_authenticate(people["candidate"])
    url = reverse("api:v1:session-import")
    created = client.post(
        url, {"question": question.slug, "level": "senior", "board": EXPORT}, format="json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["mode"] == "solo"
    bad = _with(edges=[{"id": "e", "from": "n-web", "to": "nowhere"}])
    refused = client.post(
        url, {"question": question.slug, "level": "senior", "board": bad}, format="json"
    )
    assert refused.status_code == 400
    assert "edges[#1] (id 'e'): no node 'nowhere' on the board" in json.dumps(refused.json())
    assert InterviewSession.objects.count() == 1
