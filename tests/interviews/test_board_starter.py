"""A session on a question with a starter board starts from it; the replay and the report's
diagram know which elements came with it."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from interviews.board_starter import starter_ids
from interviews.models import Board, Participant, Role
from interviews.services import session_create, session_start
from scoring.charts import diagram_svg
from tests.board_ops import op_apply_one

STARTER = {
    "nodes": [
        {"id": "s-app", "kind": "client", "label": "App", "x": 0, "y": 0},
        {"id": "s-api", "kind": "service", "label": "API", "x": 240, "y": 0},
    ],
    "edges": [{"id": "s-e", "from": "s-app", "to": "s-api"}],
    "zones": [
        {"id": "s-z", "kind": "region", "label": "eu", "x": -100, "y": -60, "w": 500, "h": 200}
    ],
    "texts": [{"id": "s-t", "style": "sticky", "text": "Reads dominate", "x": 0, "y": 120}],
}


@pytest.fixture
def started(framework, question, rubric, people):
    question.starter_board = STARTER
    question.save()
    session = session_create(
        created_by=people["candidate"], question=question, level="senior", mode="solo"
    )
    return session, Participant.objects.get(session=session, role=Role.CANDIDATE)


def test_a_session_starts_from_the_questions_starter_board(started):
    session, _ = started
    state = Board.objects.get(session=session).state
    assert [n["id"] for n in state["nodes"]] == ["s-app", "s-api"]
    assert state["nodes"][0]["replicas"] is None, "defaults filled in as the ops would"
    assert state["edges"][0]["mode"] == "sync"
    assert state["zones"][0]["kind"] == "region"
    assert starter_ids(state) == {"s-app", "s-api", "s-e", "s-z", "s-t"}


def test_ops_change_the_board_but_never_the_record_of_the_starter(started):
    session, candidate = started
    session_start(actor=candidate)
    op_apply_one(
        actor=candidate, op_id="c1", base_version=0, op={"kind": "node.delete", "id": "s-api"}
    )
    node = {
        "id": "mine",
        "kind": "cache",
        "label": "Cache",
        "x": 0,
        "y": 300,
        "notes": "",
        "replicas": None,
    }
    op_apply_one(actor=candidate, op_id="c2", base_version=1, op={"kind": "node.add", "node": node})
    state = Board.objects.get(session=session).state
    assert [n["id"] for n in state["nodes"]] == ["s-app", "mine"]
    assert [n["id"] for n in state["starter"]["nodes"]] == ["s-app", "s-api"]


def test_a_question_without_a_starter_board_starts_empty(peer):
    state = Board.objects.get(session=peer.session).state
    assert state["nodes"] == [] and "starter" not in state  # noqa: PT018


def test_the_replay_starts_from_the_starter_board(started, people):
    session, _ = started
    client = Client()
    client.force_login(people["candidate"])
    page = client.get(reverse("interviews:replay", args=[session.pk])).content.decode()
    config = json.loads(
        page.split('id="replay-config" type="application/json">')[1].split("</script>")[0]
    )
    assert [n["id"] for n in config["starter"]["nodes"]] == ["s-app", "s-api"]


def test_the_reports_diagram_tells_the_starter_from_the_candidates_work(started):
    session, _ = started
    state = Board.objects.get(session=session).state
    mine = {"id": "mine", "kind": "cache", "label": "Cache", "x": 0, "y": 300}
    svg = diagram_svg({**state, "nodes": [*state["nodes"], mine]})
    assert 'class="node node-client starter"' in svg
    assert 'class="node node-cache"' in svg
    assert "2 components from the question" in svg
