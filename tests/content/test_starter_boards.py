"""Starter boards: in the pack format, checked on load and in the admin, exported canonically."""

from __future__ import annotations

import copy
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from content.admin import QuestionAdminForm
from content.models import Question
from content.starter_boards import starter_board_normalised, starter_board_problems
from tests.content.packs import small_pack, write_pack

STARTER = {
    "nodes": [
        {"id": "s-app", "kind": "client", "label": "App", "x": 0, "y": 0},
        {"id": "s-api", "kind": "service", "label": "API", "x": 240, "y": 0, "replicas": 2},
    ],
    "edges": [{"id": "s-e", "from": "s-app", "to": "s-api", "label": "HTTPS"}],
    "zones": [
        {"id": "s-z", "kind": "region", "label": "eu", "x": 100, "y": -60, "w": 300, "h": 200}
    ],
    "texts": [{"id": "s-t", "style": "sticky", "text": "Reads dominate", "x": 0, "y": 120}],
}


def test_a_good_starter_board_has_no_problems_and_gets_the_boards_defaults():
    assert starter_board_problems(STARTER) == []
    assert starter_board_problems({}) == []
    normal = starter_board_normalised(STARTER)
    assert normal["nodes"][0] == {**STARTER["nodes"][0], "notes": "", "replicas": None}
    assert normal["edges"][0]["mode"] == "sync"


@pytest.mark.parametrize(
    ("change", "names"),
    [
        (lambda b: b["nodes"][0].update(kind="mainframe"), "nodes[#1].kind"),
        (lambda b: b["nodes"][0].update(x="left"), "nodes[#1].x"),
        (lambda b: b["edges"][0].update(to="nowhere"), "edges[#1]"),
        (lambda b: b["zones"][0].update(kind="planet"), "zones[#1].kind"),
        (lambda b: b["zones"][0].update(w=5), "zones[#1].w"),
        (lambda b: b["texts"][0].update(style="poster"), "texts[#1].style"),
        (lambda b: b["texts"][0].update(id="s-app"), "ids"),
        (lambda b: b.update(arrows=[]), "unknown part 'arrows'"),
        (
            lambda b: b["nodes"].extend({**b["nodes"][0], "id": f"n{i}"} for i in range(40)),
            "nodes: at most 40",
        ),
        (lambda b: b["nodes"][1].update(replicas=0), "nodes[#2].replicas"),
    ],
)
def test_a_bad_starter_board_is_refused_naming_the_element(change, names):
    board = copy.deepcopy(STARTER)
    change(board)
    problems = starter_board_problems(board)
    assert any(names in p for p in problems), problems


@pytest.mark.django_db
def test_a_pack_carries_a_starter_board_through_load_and_export(tmp_path):
    pack = small_pack()
    pack["questions"][0]["starter_board"] = copy.deepcopy(STARTER)
    path = write_pack(tmp_path / "pack", pack)
    call_command("loadcontent", str(path), stdout=StringIO())
    question = Question.objects.get(slug=pack["questions"][0]["slug"])
    assert question.starter_board["zones"][0]["label"] == "eu"
    out = tmp_path / "out"
    call_command("exportcontent", str(out), stdout=StringIO())
    call_command("loadcontent", str(out), stdout=StringIO())
    again = tmp_path / "again"
    call_command("exportcontent", str(again), stdout=StringIO())
    slug = question.slug
    exported = (out / "questions" / f"{slug}.yaml").read_text()
    assert exported == (again / "questions" / f"{slug}.yaml").read_text()
    assert "starter_board:" in exported
    assert exported.index("id: s-app") < exported.index("kind: client"), "keys in the board's order"


@pytest.mark.django_db
def test_a_pack_with_a_broken_starter_board_is_refused_whole(tmp_path):
    pack = small_pack()
    broken = copy.deepcopy(STARTER)
    broken["edges"][0]["from"] = "ghost"
    pack["questions"][0]["starter_board"] = broken
    path = write_pack(tmp_path / "pack", pack)
    with pytest.raises(CommandError, match="starter_board"):
        call_command("loadcontent", str(path), stdout=StringIO())
    assert not Question.objects.filter(slug=pack["questions"][0]["slug"]).exists()


def test_the_admin_form_refuses_a_broken_starter_board():
    form = QuestionAdminForm.__new__(QuestionAdminForm)  # only its field check runs here
    form.cleaned_data = {"starter_board": {"nodes": [{"id": "a", "kind": "robot", "x": 0, "y": 0}]}}
    with pytest.raises(ValidationError, match="kind"):
        form.clean_starter_board()
    form.cleaned_data = {"starter_board": STARTER}
    assert form.clean_starter_board() == STARTER
