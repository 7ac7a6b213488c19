"""Multi-select on the board, in two browsers: a rubber band selects three components, a
drag moves all three for both people, Ctrl+Z takes the group move back in one step, align
left lines up their x, and copy/paste makes copies whose arrow points at the copies.

Marked e2e and slow: they start daphne and Chromium.
"""

from __future__ import annotations

import pytest

from .test_board_room import _solo_room
from .test_notes_crdt import _room

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SPOTS = [("service", 200, 120), ("database", 480, 220), ("cache", 320, 340)]

NODES = "() => window.designroom.store.view.nodes.map((n) => ({id: n.id, label: n.label, x: n.x, y: n.y}))"


def _positions(page) -> dict:
    return {n["label"]: (n["x"], n["y"]) for n in page.evaluate(NODES)}


def _wait_positions(page, expected: dict) -> None:
    page.wait_for_function(
        "(want) => { const got = Object.fromEntries(window.designroom.store.view.nodes"
        ".map((n) => [n.label, [n.x, n.y]]));"
        " return Object.entries(want).every(([k, v]) => got[k] && got[k][0] === v[0] && got[k][1] === v[1]); }",
        arg={k: list(v) for k, v in expected.items()},
    )


def _screen_box(page) -> dict:
    return page.evaluate(
        "() => { const rs = [...document.querySelectorAll('#board .board-node')].map((g) => g.getBoundingClientRect());"
        " return {left: Math.min(...rs.map((r) => r.left)), top: Math.min(...rs.map((r) => r.top)),"
        " right: Math.max(...rs.map((r) => r.right)), bottom: Math.max(...rs.map((r) => r.bottom))}; }"
    )


def test_rubber_band_group_move_undo_align_and_paste_are_seen_on_both_pages(live_asgi, new_page):
    _, interviewer, candidate = _room(live_asgi, new_page, ("sela", "sid"))
    both = (interviewer, candidate)
    for kind, x, y in SPOTS:
        candidate.evaluate(f"() => window.designroom.board.addNode('{kind}', {x}, {y})")
    candidate.evaluate(
        "() => { const [a, b] = window.designroom.store.view.nodes; window.designroom.board.connect(a.id, b.id); }"
    )
    for page in both:
        page.wait_for_function(
            "() => window.designroom.store.confirmed.nodes.length === 3"
            " && window.designroom.store.confirmed.edges.length === 1"
        )
    before = _positions(candidate)
    assert len({x for x, _ in before.values()}) == 3, before  # align left has work to do

    # Rubber band from empty canvas around the three components.
    box = _screen_box(candidate)
    candidate.mouse.move(box["left"] - 30, box["top"] - 30)
    candidate.mouse.down()
    for step in range(1, 11):
        candidate.mouse.move(
            box["left"] - 30 + (box["right"] - box["left"] + 60) * step / 10,
            box["top"] - 30 + (box["bottom"] - box["top"] + 60) * step / 10,
        )
    candidate.mouse.up()
    selected = candidate.evaluate("() => window.designroom.board.selection.list()")
    assert sorted(i["type"] for i in selected) == ["edge", "node", "node", "node"], selected
    assert (
        candidate.locator("#board .board-inspector .selection-count").inner_text()
        == "4 elements selected"
    )
    assert candidate.locator("#board .board-align").is_visible()

    # Drag one of them: all three move, for the other person too.
    grab = candidate.locator("#board .board-node", has_text="Database").bounding_box()
    x0, y0 = grab["x"] + 30, grab["y"] + grab["height"] / 2
    candidate.mouse.move(x0, y0)
    candidate.mouse.down()
    for step in range(1, 21):
        candidate.mouse.move(x0 + step * 6, y0 + step * 4)
    candidate.mouse.up()
    k = candidate.evaluate("() => window.designroom.board.view.k")
    moved = _positions(candidate)
    dx = moved["Database"][0] - before["Database"][0]
    dy = moved["Database"][1] - before["Database"][1]
    assert abs(dx - 120 / k) <= 20, (dx, k)
    assert abs(dy - 80 / k) <= 20, (dy, k)
    shifted = {label: (x + dx, y + dy) for label, (x, y) in before.items()}
    for page in both:
        _wait_positions(page, shifted)

    # One Ctrl+Z takes the whole group move back, on both pages.
    candidate.keyboard.press("Control+z")
    for page in both:
        _wait_positions(page, before)

    # Align left: the three x line up (components are all as wide).
    candidate.locator("#board [data-board-align=left]").click()
    left = min(x for x, _ in before.values())
    for page in both:
        _wait_positions(page, {label: (left, y) for label, (_, y) in before.items()})

    # Copy and paste: three new components, and a new arrow between the copies.
    candidate.locator("#board .board-svg").focus()
    candidate.keyboard.press("Control+c")
    candidate.keyboard.press("Control+v")
    for page in both:
        page.wait_for_function(
            "() => window.designroom.store.confirmed.nodes.length === 6"
            " && window.designroom.store.confirmed.edges.length === 2"
        )
    board = interviewer.evaluate("() => window.designroom.store.confirmed")
    originals = {n["id"] for n in board["nodes"][:3]}
    copies = {n["id"]: n for n in board["nodes"][3:]}
    new_edge = board["edges"][1]
    assert new_edge["from"] in copies, new_edge
    assert new_edge["to"] in copies, new_edge
    assert {new_edge["from"], new_edge["to"]}.isdisjoint(originals)
    first_edge = board["edges"][0]
    by_id = {n["id"]: n for n in board["nodes"]}
    assert copies[new_edge["from"]]["label"] == by_id[first_edge["from"]]["label"]
    assert copies[new_edge["to"]]["label"] == by_id[first_edge["to"]]["label"]
    # Placed offset into free space: no copy lies on a component it was copied from.
    for copy in copies.values():
        for original in (by_id[i] for i in originals):
            assert (
                abs(copy["x"] - original["x"]) >= 150 + 40
                or abs(copy["y"] - original["y"]) >= 62 + 40
            )
    # And the paste is one undo step too.
    candidate.keyboard.press("Control+z")
    for page in both:
        page.wait_for_function("() => window.designroom.store.confirmed.nodes.length === 3")

    # Select all and delete: everything goes for both, and one Ctrl+Z brings it all back,
    # the arrow included.
    candidate.locator("#board .board-svg").focus()
    candidate.keyboard.press("Control+a")
    candidate.keyboard.press("Delete")
    for page in both:
        page.wait_for_function("() => window.designroom.store.confirmed.nodes.length === 0")
    candidate.wait_for_selector("#room-toasts .toast >> text=brings them back")
    candidate.keyboard.press("Control+z")
    for page in both:
        page.wait_for_function(
            "() => window.designroom.store.confirmed.nodes.length === 3"
            " && window.designroom.store.confirmed.edges.length === 1"
        )


def _touch(cdp, kind: str, points: list[tuple[float, float]]) -> None:
    cdp.send(
        "Input.dispatchTouchEvent",
        {
            "type": kind,
            "touchPoints": [{"x": x, "y": y, "id": i} for i, (x, y) in enumerate(points)],
        },
    )


def test_touch_drags_a_component_pans_with_one_finger_and_pinch_zooms_with_two(live_asgi, new_page):
    page = _solo_room(live_asgi, new_page, "touchy", {"width": 1024, "height": 768})
    page.evaluate("() => window.designroom.board.addNode('service', 300, 200)")
    page.wait_for_function("() => window.designroom.store.confirmed.nodes.length === 1")
    cdp = page.context.new_cdp_session(page)

    box = page.locator("#board .board-node").bounding_box()
    x, y = box["x"] + 40, box["y"] + box["height"] / 2
    _touch(cdp, "touchStart", [(x, y)])
    for step in range(1, 11):
        _touch(cdp, "touchMove", [(x + step * 10, y + step * 6)])
    _touch(cdp, "touchEnd", [])
    k = page.evaluate("() => window.designroom.board.view.k")
    page.wait_for_function(
        "(want) => { const n = window.designroom.store.confirmed.nodes[0];"
        " return Math.abs(n.x - want[0]) <= 20 && Math.abs(n.y - want[1]) <= 20; }",
        arg=[300 + 100 / k, 200 + 60 / k],
    )

    # One finger on empty canvas pans: the view moves with it, the component stays put.
    svg = page.locator("#board .board-svg").bounding_box()
    free = (svg["x"] + 40, svg["y"] + svg["height"] - 60)
    view = page.evaluate("() => ({...window.designroom.board.view})")
    _touch(cdp, "touchStart", [free])
    for step in range(1, 6):
        _touch(cdp, "touchMove", [(free[0] + step * 12, free[1] - step * 8)])
    _touch(cdp, "touchEnd", [])
    panned = page.evaluate("() => ({...window.designroom.board.view})")
    assert round(panned["x"] - view["x"]) == 60
    assert round(panned["y"] - view["y"]) == -40
    assert panned["k"] == view["k"]

    # Two fingers spreading apart zoom in around the point between them.
    cx, cy = svg["x"] + svg["width"] / 2, svg["y"] + svg["height"] / 2
    _touch(cdp, "touchStart", [(cx - 50, cy)])
    _touch(cdp, "touchStart", [(cx - 50, cy), (cx + 50, cy)])
    for step in range(1, 6):
        _touch(cdp, "touchMove", [(cx - 50 - step * 10, cy), (cx + 50 + step * 10, cy)])
    _touch(cdp, "touchEnd", [])
    zoomed = page.evaluate("() => window.designroom.board.view.k")
    assert abs(zoomed / panned["k"] - 2) < 0.01, (zoomed, panned["k"])
    assert page.locator(".board-zoom-level").inner_text() == f"{round(zoomed * 100)}%"


def test_a_group_action_on_many_components_is_paced_under_the_flood_limit(live_asgi, new_page):
    """120 moves in one step, more than a socket's burst of 80: every move lands without the
    socket being closed, and one undo takes them all back. (This server, the embedded
    default, handles each frame as it arrives, so its bucket refills while it works and an
    unpaced burst of 120 may pass here too. Against PostgreSQL and Redis, where frames
    queue, an unpaced burst keeps being closed and never settles; the pacing itself is
    pinned by static/js/tests/socket_pacing.test.js.)"""
    page = _solo_room(live_asgi, new_page, "bulky", {"width": 1440, "height": 900})
    # A flood would close the socket (4429); it would come back and resend, so count that.
    page.evaluate(
        "() => { window.reconnects = 0; window.designroom.socket.addEventListener('status',"
        " (e) => { if (e.detail.status === 'reconnecting') window.reconnects += 1; }); }"
    )
    page.evaluate(
        "() => { for (let i = 0; i < 120; i += 1)"
        " window.designroom.board.addNode('service', 200 * (i % 12), 120 * Math.floor(i / 12)); }"
    )
    page.wait_for_function(
        "() => window.designroom.store.confirmed.nodes.length === 120", timeout=30_000
    )
    before = page.evaluate("() => window.designroom.store.confirmed.nodes.map((n) => n.x)")
    page.locator("#board .board-svg").focus()
    page.keyboard.press("Control+a")
    assert page.evaluate("() => window.designroom.board.selection.size") == 120
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "(xs) => { const ns = window.designroom.store.confirmed.nodes;"
        " return ns.length === xs.length && ns.every((n, i) => n.x === xs[i] + 10); }",
        arg=before,
        timeout=30_000,
    )
    page.keyboard.press("Control+z")
    page.wait_for_function(
        "(xs) => window.designroom.store.confirmed.nodes.every((n, i) => n.x === xs[i])",
        arg=before,
        timeout=30_000,
    )
    assert page.locator("#connection").get_attribute("data-status") == "online"
    assert page.evaluate("window.reconnects") == 0, "the socket was closed on the way"
