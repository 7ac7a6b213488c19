"""The browser tests share one server for the whole run, so no two tests may create the same
user (the second would fail on the unique username, and only when both run). This reads the
names the tests create and checks them once, in the quick suite."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

E2E = Path(__file__).parent / "e2e"
# Helpers whose literal string arguments (or tuples of them) are the users they create.
CREATORS = {"create_user", "_room", "_solo_room", "_peer_room_on"}


def _name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Tuple | ast.List):
        return [s for element in node.elts for s in _strings(element)]
    return []


def _created_in(test: ast.FunctionDef) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(test):
        if isinstance(node, ast.Call) and _name(node.func) in CREATORS:
            names.update(s for arg in node.args for s in _strings(arg))
        elif isinstance(node, ast.For) and any(
            isinstance(n, ast.Call) and _name(n.func) == "create_user" for n in ast.walk(node)
        ):
            names.update(_strings(node.iter))
    return names


def _users_by_test() -> dict[str, set[str]]:
    created: dict[str, set[str]] = defaultdict(set)
    for path in sorted(E2E.glob("test_*.py")):
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef):  # tests, fixtures and helpers
                for name in _created_in(node):
                    created[name].add(f"{path.name}::{node.name}")
    return created


def test_no_two_browser_tests_create_the_same_user():
    clashes = {name: tests for name, tests in _users_by_test().items() if len(tests) > 1}
    assert not clashes, clashes


def test_the_check_sees_the_users_of_the_browser_tests():
    created = _users_by_test()
    assert {"vera", "colm", "cato", "lena"} <= created.keys()  # create_user, _room
    assert "folder" in created  # _solo_room
    assert "ivy-cal" in created  # a loop in a fixture
