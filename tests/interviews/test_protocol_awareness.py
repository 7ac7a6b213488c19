"""Awareness messages: the board cursor's shape and bounds, and the notes caret's."""

import json

import pytest

from interviews.board import COORDINATE_LIMIT
from interviews.live.protocol import (
    BoardCursorMessage,
    NotesAwarenessMessage,
    ProtocolError,
    message_parse,
)
from interviews.live.protocol.awareness import MAX_CURSOR_SELECTION, MAX_VIEWPORT_SIZE

CURSOR = {
    "type": "board.cursor",
    "pointer": {"x": 120.5, "y": -40},
    "selection": ["api", "db"],
    "viewport": {"x": -100, "y": -50, "w": 1200.5, "h": 700},
}


def refused(message) -> ProtocolError:
    with pytest.raises(ProtocolError) as caught:
        message_parse(json.dumps(message))
    assert caught.value.code == "bad_message"
    return caught.value


def test_a_cursor_is_parsed_into_plain_values():
    message = message_parse(json.dumps({**CURSOR, "ref": "c1"}))
    assert message == BoardCursorMessage(
        ref="c1",
        pointer=(120.5, -40),
        selection=("api", "db"),
        viewport=(-100, -50, 1200.5, 700),
    )


def test_a_cursor_may_be_nowhere_and_select_nothing():
    message = message_parse(json.dumps({"type": "board.cursor", "pointer": None}))
    assert message == BoardCursorMessage(ref=None, pointer=None, selection=(), viewport=None)


def test_a_selection_names_each_element_once_in_the_order_sent():
    message = message_parse(json.dumps({**CURSOR, "selection": ["b", "a", "b"]}))
    assert isinstance(message, BoardCursorMessage)
    assert message.selection == ("b", "a")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"pointer": {"x": COORDINATE_LIMIT + 1, "y": 0}}, "pointer.x"),
        ({"pointer": {"x": 0, "y": float("nan")}}, "pointer.y"),
        ({"pointer": {"x": 0}}, "pointer.y: required"),
        ({"pointer": {"x": 0, "y": 0, "z": 1}}, "unknown field(s) 'z'"),
        ({"pointer": [1, 2]}, "pointer: must be {x, y} or null"),
        ({"pointer": {"x": True, "y": 0}}, "pointer.x"),
        ({"selection": "api"}, "selection: must be a list"),
        ({"selection": [""]}, "selection[0]"),
        ({"selection": ["ok", 7]}, "selection[1]"),
        ({"selection": ["x" * 65]}, "selection[0]"),
        ({"selection": ["nul\x00"]}, "NUL"),
        ({"selection": [f"n{i}" for i in range(MAX_CURSOR_SELECTION + 1)]}, "at most 200"),
        ({"viewport": {"x": 0, "y": 0, "w": 0, "h": 10}}, "viewport.w"),
        ({"viewport": {"x": 0, "y": 0, "w": 10, "h": -1}}, "viewport.h"),
        ({"viewport": {"x": 0, "y": 0, "w": MAX_VIEWPORT_SIZE + 1, "h": 1}}, "viewport.w"),
        ({"viewport": {"x": 0, "y": 0, "w": 10}}, "viewport.h"),
        ({"viewport": {"x": 0, "y": -COORDINATE_LIMIT - 1, "w": 1, "h": 1}}, "viewport.y"),
        ({"viewport": {"x": 0, "y": 0, "w": 1, "h": 1, "k": 2}}, "unknown field(s) 'k'"),
        ({"viewport": "all"}, "viewport: must be {x, y, w, h} or null"),
        ({"colour": "red"}, "unknown field(s) 'colour'"),
    ],
)
def test_a_bad_cursor_is_refused_naming_the_field(change, field):
    error = refused({**CURSOR, **change})
    assert field in error.message
    assert error.message.startswith("board.cursor")


def test_the_largest_selection_fits_one_frame():
    ids = [f"{i:0>64}" for i in range(MAX_CURSOR_SELECTION)]
    frame = json.dumps({**CURSOR, "selection": ids})
    assert len(frame.encode()) < 64 * 1024
    message = message_parse(frame)
    assert isinstance(message, BoardCursorMessage)
    assert len(message.selection) == MAX_CURSOR_SELECTION


def test_the_notes_caret_is_still_parsed_and_checked():
    caret = {"type": "notes.awareness", "section": "api", "anchor": [12, 3], "head": None}
    assert message_parse(json.dumps(caret)) == NotesAwarenessMessage(
        ref=None, section="api", anchor=(12, 3), head=None
    )
    assert "anchor" in refused({**caret, "anchor": [1]}).message
    assert "section" in refused({**caret, "section": "secret"}).message
