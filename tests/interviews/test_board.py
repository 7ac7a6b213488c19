"""Pure board op application (the notes are CRDT text: tests/interviews/notes/)."""

import pytest

from interviews.board import board_empty, board_problems, op_apply
from interviews.errors import SessionError


def node(node_id, **extra):
    fields = {
        "id": node_id,
        "kind": "service",
        "label": node_id,
        "x": 0,
        "y": 0,
        "notes": "",
        "replicas": None,
    }
    return {"kind": "node.add", "node": {**fields, **extra}}


def edge(edge_id, src, dst):
    return {
        "kind": "edge.add",
        "edge": {"id": edge_id, "from": src, "to": dst, "label": "", "mode": "sync"},
    }


def apply_all(*ops):
    state = board_empty()
    for op in ops:
        state, _ = op_apply(state, op)
    return state


def test_add_move_update_delete():
    state = apply_all(
        node("api"),
        node("db", kind="database"),
        {"kind": "node.move", "id": "api", "x": 10, "y": 20},
        {"kind": "node.update", "id": "db", "changes": {"replicas": 3, "label": "Postgres"}},
    )
    api, db = state["nodes"]
    assert (api["x"], api["y"]) == (10, 20)
    assert (db["replicas"], db["label"], db["kind"]) == (3, "Postgres", "database")
    assert board_problems(state) == []


def test_deleting_a_node_removes_its_edges_and_says_which():
    state = apply_all(node("a"), node("b"), node("c"), edge("ab", "a", "b"), edge("bc", "b", "c"))
    state, applied = op_apply(state, {"kind": "node.delete", "id": "a"})
    assert applied["removed_edges"] == ["ab"]
    assert [e["id"] for e in state["edges"]] == ["bc"]


def test_the_input_state_is_never_mutated():
    before = apply_all(node("a"))
    snapshot = repr(before)
    op_apply(before, {"kind": "node.move", "id": "a", "x": 5, "y": 5})
    assert repr(before) == snapshot


@pytest.mark.parametrize(
    ("op", "code"),
    [
        ({"kind": "node.move", "id": "ghost", "x": 1, "y": 1}, "unknown_element"),
        ({"kind": "edge.delete", "id": "ghost"}, "unknown_element"),
        (edge("e", "a", "ghost"), "unknown_element"),
        (node("a"), "duplicate_element"),
        (edge("a", "a", "a2"), "duplicate_element"),
    ],
)
def test_ops_on_unknown_or_duplicate_elements_are_refused(op, code):
    state = apply_all(node("a"), node("a2"))
    with pytest.raises(SessionError) as refused:
        op_apply(state, op)
    assert refused.value.code == code


def test_board_problems_finds_dangling_edges():
    state = apply_all(node("a"), node("b"), edge("ab", "a", "b"))
    state["nodes"] = state["nodes"][:1]
    assert board_problems(state) == ["edge ab dangles"]


def test_board_limits_are_too_large(monkeypatch):
    monkeypatch.setattr("interviews.board.MAX_NODES", 1)
    with pytest.raises(SessionError) as refused:
        apply_all(node("a"), node("b"))
    assert refused.value.code == "too_large"
