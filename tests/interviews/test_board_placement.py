"""Placement of new components: free space near the view, decided by the server, the same
spiral in Python and in the browser."""

import json
import shutil
import subprocess

import pytest
from django.conf import settings

from interviews.board import board_empty, op_apply
from interviews.board_placement import NODE_HEIGHT, NODE_WIDTH, free_spot, overlaps, spiral
from interviews.live.protocol import ProtocolError, message_parse
from interviews.models import Board
from interviews.services import session_start
from tests.board_ops import op_apply_one


def add(node_id, x=0, y=0, place="free"):
    node = {"id": node_id, "kind": "service", "label": "", "x": x, "y": y, "notes": ""}
    op = {"kind": "node.add", "node": {**node, "replicas": None}}
    return {**op, "place": place} if place else op


def test_a_free_spot_never_touches_a_component():
    nodes = []
    for _ in range(40):
        x, y = free_spot(nodes, 0, 0)
        assert not overlaps(x, y, nodes)
        nodes.append({"x": x, "y": y})
    assert len({(n["x"], n["y"]) for n in nodes}) == 40


def test_placing_free_moves_the_node_and_says_where_exact_keeps_it():
    state, first = op_apply(board_empty(), add("a", 3, 4))
    assert (first["node"]["x"], first["node"]["y"]) == (0.0, 0.0)
    state, second = op_apply(state, add("b", 0, 0))
    b = state["nodes"][1]
    assert (b["x"], b["y"]) == (second["node"]["x"], second["node"]["y"]) != (0, 0)
    assert "place" not in second, "the applied op is the node as placed"
    state, third = op_apply(state, add("c", 0, 0, place=None))
    assert (third["node"]["x"], third["node"]["y"]) == (0, 0), "a drop lands where it was dropped"


def test_the_protocol_takes_free_or_exact_placement_only():
    frame = {"type": "op", "op_id": "o1", "base_version": 0, "op": add("a")}
    assert message_parse(json.dumps(frame)).op["place"] == "free"
    with pytest.raises(ProtocolError) as refused:
        message_parse(json.dumps({**frame, "op": add("a", place="anywhere")}))
    assert "node.add.place" in refused.value.message


@pytest.mark.django_db
def test_two_people_adding_at_the_same_spot_at_once_get_two_spots(peer):
    session_start(actor=peer.interviewer)
    op_apply_one(actor=peer.candidate, op_id="c-1", base_version=0, op=add("mine", 400, 300))
    op_apply_one(actor=peer.interviewer, op_id="i-1", base_version=0, op=add("theirs", 400, 300))
    a, b = Board.objects.get(session=peer.session).state["nodes"]
    assert abs(a["x"] - b["x"]) >= NODE_WIDTH or abs(a["y"] - b["y"]) >= NODE_HEIGHT


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_browser_searches_the_same_spiral():
    script = (
        "import('./static/js/board_placement.js').then((m) => "
        "console.log(JSON.stringify([...m.spiral(37, -12, 4)])))"
    )
    out = subprocess.run(
        ["node", "-e", script], capture_output=True, text=True, cwd=settings.BASE_DIR, timeout=30
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [list(p) for p in spiral(37, -12, 4)]
