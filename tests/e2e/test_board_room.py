"""The board as a place to think, in real browsers: room for drawing, undo and redo seen by
both people, keyboard safety while naming, and placement that never stacks components.

Marked e2e and slow: they start daphne and Chromium.
"""

from __future__ import annotations

import pytest

from .conftest import screenshot, sign_in
from .test_notes_crdt import _room
from .test_room import _add_component, _create_session, _wait_online

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

# The share of the window the canvas keeps, with no side panel touched.
MEASURE_AREA = """() => {
  const svg = document.querySelector('#board .board-svg').getBoundingClientRect();
  const w = Math.max(0, Math.min(svg.right, innerWidth) - Math.max(svg.left, 0));
  const h = Math.max(0, Math.min(svg.bottom, innerHeight) - Math.max(svg.top, 0));
  return (w * h) / (innerWidth * innerHeight);
}"""

# Components whose box the inspector (or anything else) covers: the element at their
# centre must be the component itself.
HIDDEN_COMPONENTS = """() => [...document.querySelectorAll('#board .board-node')].filter((g) => {
  const r = g.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
  const hit = document.elementFromPoint(x, y);
  return !hit || !g.contains(hit);
}).map((g) => g.dataset.id)"""

INSPECTOR_OVERLAP = """() => {
  const a = document.querySelector('#board .board-svg').getBoundingClientRect();
  const b = document.querySelector('#board .board-inspector').getBoundingClientRect();
  return Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left))
    * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
}"""


def _solo_room(server, new_page, name: str, viewport: dict):
    server.create_user(name)
    page = new_page(viewport=viewport)
    sign_in(page, server, name)
    _create_session(page, server, "solo")
    _wait_online(page)
    page.get_by_role("button", name="Start the interview").click()
    page.wait_for_selector("#board:not(.is-waiting)")
    return page


@pytest.mark.parametrize(
    ("width", "least"), [(1440, 0.50), (800, 0.35)], ids=["1440x900", "800x900"]
)
def test_the_board_keeps_most_of_the_window_and_the_inspector_hides_nothing(
    live_asgi, new_page, width, least
):
    page = _solo_room(live_asgi, new_page, f"roomy{width}", {"width": width, "height": 900})
    area = page.evaluate(MEASURE_AREA)
    assert area >= least, f"the canvas is {area:.0%} of a {width}x900 window"
    for kind, label in [("client", "Phone"), ("service", "API"), ("database", "Links")]:
        _add_component(page, kind, label)
    page.locator("#board .board-node", has_text="API").click()
    page.wait_for_selector("#board .board-inspector:not([hidden])")
    assert page.evaluate(INSPECTOR_OVERLAP) == 0, "the inspector lies over the canvas"
    assert page.evaluate(HIDDEN_COMPONENTS) == [], "a component is hidden"
    with_inspector = page.evaluate(MEASURE_AREA)
    screenshot(page, f"room-layout-{width}")
    print(f"canvas share at {width}x900: {area:.1%}, with the inspector open {with_inspector:.1%}")


def test_panels_fold_resize_and_are_remembered_and_focus_mode_takes_the_window(live_asgi, new_page):
    page = _solo_room(live_asgi, new_page, "folder", {"width": 1440, "height": 900})
    before = page.evaluate(MEASURE_AREA)
    dock = page.locator(".room-left").bounding_box()["width"]
    handle = page.locator(".dock-handle")
    handle.focus()
    for _ in range(3):
        page.keyboard.press("ArrowLeft")  # wider dock
    assert page.locator(".room-left").bounding_box()["width"] == pytest.approx(dock + 60, abs=2)
    page.get_by_role("button", name="Hide panels").click()
    page.wait_for_selector(".room-grid.dock-folded")
    folded = page.evaluate(MEASURE_AREA)
    assert folded > before
    page.reload()
    _wait_online(page)
    assert page.locator(".room-grid.dock-folded").count() == 1, "the folded dock was forgotten"
    page.get_by_role("button", name="Show panels").click()
    assert page.locator(".room-left").bounding_box()["width"] == pytest.approx(dock + 60, abs=2)

    # Focus mode: the key on the board, the button, and Esc to leave.
    page.locator("#board .board-svg").focus()
    page.keyboard.press("f")
    page.wait_for_selector("body.board-focus")
    assert page.evaluate(MEASURE_AREA) > 0.85
    assert not page.locator(".phase-bar").is_visible()
    page.keyboard.press("Escape")
    page.wait_for_selector("body:not(.board-focus)")
    page.get_by_role("button", name="Focus").click()
    page.wait_for_selector("body.board-focus")
    # Typing "f" in a text field is text, never a layout change.
    page.get_by_role("button", name="Focus").click()
    page.click("#tab-free")
    page.locator("#notes-free").type("fff")
    assert page.locator("body.board-focus").count() == 0


def test_backspace_while_naming_keeps_the_component(live_asgi, new_page):
    page = _solo_room(live_asgi, new_page, "namer", {"width": 1440, "height": 900})
    page.click(".palette-item[data-kind=cache]")
    page.wait_for_function("() => document.activeElement?.name === 'label'")
    for _ in range(30):
        page.keyboard.press("Backspace")  # empties the name, never deletes the component
    page.keyboard.type("Hot keys")
    page.keyboard.press("Enter")
    page.wait_for_selector("#board .board-node >> text=Hot keys")
    assert page.locator("#board .board-node").count() == 1
    # On the canvas, Backspace deletes the selected component, and Ctrl+Z brings it back.
    page.keyboard.press("Backspace")
    page.wait_for_function("() => !document.querySelector('#board .board-node')")
    page.wait_for_selector("#room-toasts .toast >> text=brings it back")
    page.keyboard.press("Control+z")
    page.wait_for_selector("#board .board-node >> text=Hot keys")


def test_undo_and_redo_are_seen_on_both_pages(live_asgi, new_page):
    _, interviewer, candidate = _room(live_asgi, new_page, ("ulla", "uwe"))
    both = (interviewer, candidate)

    def count(n: int) -> None:
        for page in both:
            page.wait_for_function(
                f"() => document.querySelectorAll('#board .board-node').length === {n}"
            )

    _add_component(candidate, "service", "Writer")
    _add_component(candidate, "database", "Store")
    count(2)
    # Undo the last add, then the rename of the first, on the candidate's side only.
    candidate.locator("#board .board-svg").focus()
    candidate.keyboard.press("Control+z")  # the rename of "Store"
    candidate.keyboard.press("Control+z")  # its add
    count(1)
    interviewer.wait_for_selector("#board .board-node >> text=Writer")
    candidate.keyboard.press("Control+Shift+z")
    count(2)
    candidate.get_by_role("button", name="Redo").click()
    for page in both:
        page.wait_for_selector("#board .board-node >> text=Store")

    # A move, undone by the button: the other side sees the node go back.
    node = candidate.locator("#board .board-node", has_text="Writer")
    start = node.get_attribute("transform")
    node.focus()
    for _ in range(4):
        candidate.keyboard.press("ArrowDown")
    interviewer.wait_for_function(
        "(t) => [...document.querySelectorAll('#board .board-node')].some("
        "(g) => g.textContent.includes('Writer') && g.getAttribute('transform') !== t)",
        arg=start,
    )
    candidate.get_by_role("button", name="Undo").click()
    for page in both:
        page.wait_for_function(
            "(t) => [...document.querySelectorAll('#board .board-node')].some("
            "(g) => g.textContent.includes('Writer') && g.getAttribute('transform') === t)",
            arg=start,
        )
    # The interviewer's undo never takes back the candidate's work.
    interviewer.locator("#board .board-svg").focus()
    interviewer.keyboard.press("Control+z")
    interviewer.wait_for_timeout(300)
    assert interviewer.locator("#board .board-node").count() == 2
    assert interviewer.locator("[data-board-action=undo]").is_disabled()


def test_simultaneous_adds_never_overlap(live_asgi, new_page):
    _, interviewer, candidate = _room(live_asgi, new_page, ("sima", "simon"))
    for page in (interviewer, candidate):
        page.locator("#board .board-svg").focus()
    # Both click at the same moment, from the same view: both browsers guess the same spot.
    interviewer.evaluate("() => window.designroom.board.addNode('service')")
    candidate.evaluate("() => window.designroom.board.addNode('cache')")
    for page in (interviewer, candidate):
        page.wait_for_function("() => window.designroom.store.confirmed.nodes.length === 2")
    for page in (interviewer, candidate):
        a, b = page.evaluate("() => window.designroom.store.view.nodes.map((n) => [n.x, n.y])")
        assert abs(a[0] - b[0]) >= 150 or abs(a[1] - b[1]) >= 62, f"overlap: {a} {b}"
    assert interviewer.evaluate(
        "() => JSON.stringify(window.designroom.store.view.nodes)"
    ) == candidate.evaluate("() => JSON.stringify(window.designroom.store.view.nodes)")


LABEL_UNDER_A_BOX = """() => {
  const label = document.querySelector('#board .board-edge .edge-label rect').getBoundingClientRect();
  return [...document.querySelectorAll('#board .board-node .shape-body')].some((body) => {
    const r = body.getBoundingClientRect();
    return label.left < r.right && r.left < label.right && label.top < r.bottom && r.top < label.bottom;
  });
}"""


def test_an_arrows_label_moves_clear_of_a_component_put_over_it(live_asgi, new_page):
    _, interviewer, candidate = _room(live_asgi, new_page, ("lena", "luca"))
    node = {"label": "", "notes": "", "replicas": None}
    candidate.evaluate(
        """(node) => {
          const board = window.designroom.board;
          board.op({ kind: "node.add", node: { ...node, id: "a", kind: "service", x: 0, y: 0 } });
          board.op({ kind: "node.add", node: { ...node, id: "b", kind: "database", x: 600, y: 0 } });
          board.op({ kind: "edge.add", edge: { id: "ab", from: "a", to: "b", label: "HTTPS", mode: "sync" } });
        }""",
        node,
    )
    for page in (interviewer, candidate):
        page.wait_for_function("() => window.designroom.store.confirmed.edges.length === 1")
    # A third component dropped where the label was, by the other person.
    interviewer.evaluate(
        """(node) => window.designroom.board.op(
          { kind: "node.add", node: { ...node, id: "c", kind: "cache", x: 300, y: -12 } })""",
        node,
    )
    for page in (interviewer, candidate):
        page.wait_for_function("() => window.designroom.store.confirmed.nodes.length === 3")
        page.wait_for_function(f"() => !({LABEL_UNDER_A_BOX})()")
        assert page.locator("#board .edge-label text").text_content() == "HTTPS"
