"""Live cursors and follow mode in two real browsers: moving the mouse on one page moves
the other side's cursor, a selection is outlined there, and a follower's view tracks the
followed person's until they pan or zoom themselves.

Marked e2e and slow: they start daphne and Chromium.
"""

from __future__ import annotations

import pytest

from .conftest import screenshot
from .test_notes_crdt import _room
from .test_room import _add_component

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

# Where the peer's pointer is drawn, in board coordinates (null: not drawn).
DRAWN_POINTER = """(name) => {
  const g = document.querySelector(`#board .board-cursors .cursor-pointer[data-name="${name}"]`);
  if (!g) return null;
  const m = /translate\\(([-\\d.e]+),([-\\d.e]+)\\)/.exec(g.getAttribute('transform'));
  return { x: Number(m[1]), y: Number(m[2]) };
}"""

# The part of the board this page shows, in board coordinates.
SHOWN = """() => {
  const { view } = window.designroom.board;
  const r = document.querySelector('#board .board-svg').getBoundingClientRect();
  return { x: -view.x / view.k, y: -view.y / view.k, w: r.width / view.k, h: r.height / view.k };
}"""


def _centre(box: dict) -> tuple[float, float]:
    return box["x"] + box["w"] / 2, box["y"] + box["h"] / 2


def _move_over_board(page, dx: float, dy: float) -> dict:
    """Move the real mouse to the board's centre plus (dx, dy); where that is on the board."""
    box = page.locator("#board .board-svg").bounding_box()
    x, y = box["x"] + box["width"] / 2 + dx, box["y"] + box["height"] / 2 + dy
    page.mouse.move(x, y, steps=4)
    return page.evaluate("([x, y]) => window.designroom.board.toBoard(x, y)", [x, y])


def _pointer_at(page, name: str, spot: dict) -> None:
    page.wait_for_function(
        f"([name, spot]) => {{ const p = ({DRAWN_POINTER})(name);"
        " return p && Math.abs(p.x - spot.x) < 0.2 && Math.abs(p.y - spot.y) < 0.2; }",
        arg=[name, spot],
    )


def test_the_other_sides_cursor_moves_and_follow_mode_pans_the_follower(live_asgi, new_page):
    _, interviewer, candidate = _room(live_asgi, new_page, ("curt", "cleo"))
    _add_component(candidate, "service", "Shortener")
    candidate.locator("#board .board-node", has_text="Shortener").click()

    # The candidate's mouse, seen on the interviewer's board, spot after spot.
    for dx, dy in [(-220, -120), (180, 90), (40, -160)]:
        spot = _move_over_board(candidate, dx, dy)
        _pointer_at(interviewer, "cleo", spot)
    label = interviewer.locator("#board .cursor-pointer[data-name=cleo] text").text_content()
    assert label == "cleo · candidate"
    # The candidate's selection is outlined on the interviewer's board, around the component.
    interviewer.wait_for_selector("#board .board-cursors .cursor-selection.cursor-role-candidate")
    outline = interviewer.locator("#board .cursor-selection").bounding_box()
    node = interviewer.locator("#board .board-node", has_text="Shortener").bounding_box()
    assert outline["x"] <= node["x"]
    assert outline["y"] <= node["y"]
    assert outline["x"] + outline["width"] >= node["x"] + node["width"]
    # Nobody's cursor is drawn on their own page, and none goes into the export.
    assert candidate.locator("#board .cursor-pointer").count() == 0
    exported = interviewer.evaluate("() => window.designroom.board.exportSvg()")
    assert "cursor" not in exported
    screenshot(interviewer, "board-cursors-peer")

    # Follow: the interviewer's view tracks the candidate's pans and zooms.
    interviewer.get_by_role("button", name="Follow cleo").click()
    interviewer.wait_for_selector("#board .follow-toggle[aria-pressed=true] >> text=Following cleo")
    candidate.get_by_role("button", name="Zoom out").click()
    candidate.get_by_role("button", name="Zoom out").click()
    svg = candidate.locator("#board .board-svg").bounding_box()
    start = (svg["x"] + 40, svg["y"] + svg["height"] - 40)  # an empty corner of the board
    candidate.mouse.move(*start)
    candidate.mouse.down()
    candidate.mouse.move(start[0] + 260, start[1] - 140, steps=6)
    candidate.mouse.up()
    followed = candidate.evaluate(SHOWN)
    interviewer.wait_for_function(
        f"(c) => {{ const s = ({SHOWN})(); return Math.abs(s.x + s.w / 2 - c[0]) < 1"
        " && Math.abs(s.y + s.h / 2 - c[1]) < 1; }",
        arg=list(_centre(followed)),
    )
    shown = interviewer.evaluate(SHOWN)
    # The follower sees all the followed person sees (its zoom fits their view in its own).
    assert shown["w"] >= followed["w"] - 1 or shown["h"] >= followed["h"] - 1
    screenshot(interviewer, "board-cursors-following")

    # A zoom of the follower's own ends following; the candidate's next pan moves nothing.
    interviewer.get_by_role("button", name="Zoom in").click()
    interviewer.wait_for_selector("#board .follow-toggle[aria-pressed=false] >> text=Follow cleo")
    mine = interviewer.evaluate("() => ({ ...window.designroom.board.view })")
    candidate.get_by_role("button", name="Zoom in").click()
    spot = _move_over_board(candidate, 0, 60)
    _pointer_at(interviewer, "cleo", spot)  # the candidate's news has arrived
    assert interviewer.evaluate("() => ({ ...window.designroom.board.view })") == mine

    assert interviewer.errors == []
    assert candidate.errors == []

    # The candidate leaves: their cursor goes from the interviewer's board.
    candidate.close()
    interviewer.wait_for_function(
        "() => !document.querySelector('#board .cursor-pointer, #board .follow-toggle')"
    )
