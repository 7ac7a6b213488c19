"""Accessibility in real browsers: the diagram as text, edited with the keyboard alone and
seen by the other side, and axe-core (tests/e2e/axe.py) on the room (both roles), the report
and the replay with no serious or critical violation.

Marked e2e and slow: they start daphne and Chromium.
"""

from __future__ import annotations

import json

import pytest

from .axe import assert_no_serious_violations
from .conftest import _manage, screenshot, sign_in
from .test_notes_crdt import _room
from .test_report import SEED, _open_report
from .test_room import _create_session, _wait_online

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROW = "#board-text [data-text-table={table}] tbody tr"


def _open_text_view(page) -> None:
    page.locator("#board-text summary").click()
    page.wait_for_selector("#board-text [data-text-table=components]", state="visible")


def _names(page) -> list[str]:
    return page.eval_on_selector_all(
        "#board .board-node .node-label", "els => els.map((e) => e.textContent)"
    )


def _tab_to(page, name: str, key: str = "Tab", limit: int = 40) -> None:
    """Press Tab (or Shift+Tab) until the focused control has this accessible name."""
    for _ in range(limit):
        page.keyboard.press(key)
        label = page.evaluate(
            "() => { const a = document.activeElement; return a.getAttribute('aria-label')"
            " || (a.labels && a.labels[0] ? a.labels[0].textContent.trim() : a.textContent.trim()); }"
        )
        if label == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_the_diagram_as_text_edits_the_board_with_the_keyboard_alone(live_asgi, new_page):
    _, interviewer, candidate = _room(live_asgi, new_page, ("alli", "axel"))
    for page in (interviewer, candidate):
        _open_text_view(page)

    # Add two components: label, kind, Enter.
    candidate.locator("#board-text-add-label").focus()
    candidate.keyboard.type("Web")
    candidate.keyboard.press("Tab")
    candidate.keyboard.press("End")  # the last kind in the list: External
    candidate.keyboard.press("Shift+Tab")
    candidate.keyboard.press("Enter")
    interviewer.wait_for_selector("#board .board-node >> text=Web")
    candidate.locator("#board-text-add-label").focus()
    candidate.keyboard.type("Links DB")
    candidate.keyboard.press("Enter")
    interviewer.wait_for_selector("#board .board-node >> text=Links DB")
    assert interviewer.locator(ROW.format(table="components")).count() == 2

    # Rename, change kind and replicas in the table: each an op the peer sees.
    _tab_to(candidate, "Label of Links DB", "Shift+Tab")  # the table comes before its form
    candidate.keyboard.press("Control+A")
    candidate.keyboard.type("Links")
    candidate.keyboard.press("Tab")  # change fires: the label is sent
    interviewer.wait_for_selector("#board .board-node >> text=Links")
    candidate.keyboard.press("End")  # kind select has focus: last option, External
    candidate.keyboard.press("Home")  # first option: Client
    interviewer.wait_for_selector("#board .board-node.kind-client >> text=Links")
    candidate.keyboard.press("Tab")
    candidate.keyboard.type("3")
    candidate.keyboard.press("Tab")
    interviewer.wait_for_selector("#board .board-node:has-text('Links') .node-replicas >> text=×3")
    assert interviewer.get_by_label("Kind of Links").input_value() == "client"
    assert interviewer.get_by_label("Replicas of Links").input_value() == "3"

    # Connect: From Web (first), To Links, protocol, Enter.
    candidate.locator("#board-text-from").focus()
    candidate.keyboard.press("Home")
    candidate.keyboard.press("Tab")
    candidate.keyboard.press("End")
    candidate.keyboard.press("Tab")
    candidate.keyboard.type("HTTPS")
    candidate.keyboard.press("Enter")
    interviewer.wait_for_selector("#board .board-edge .edge-label >> text=HTTPS")
    arrow = interviewer.locator(ROW.format(table="arrows")).first
    assert arrow.locator("th").inner_text() == "Web"
    assert arrow.locator("td").first.inner_text() == "Links"

    # Delete from the table, then Ctrl+Z brings it back for both (the normal undo path).
    candidate.get_by_role("button", name="Delete Links").focus()
    candidate.keyboard.press("Enter")
    interviewer.wait_for_function(
        "() => document.querySelectorAll('#board .board-node').length === 1"
    )
    assert interviewer.locator(ROW.format(table="arrows")).count() == 0
    candidate.locator("#board .board-svg").focus()
    candidate.keyboard.press("Control+z")
    interviewer.wait_for_function(
        "() => document.querySelectorAll('#board .board-edge').length === 1"
    )
    assert sorted(_names(interviewer)) == ["Links", "Web"]

    # A refused value is named and sends nothing.
    field = candidate.get_by_label("Replicas of Web")
    field.fill("0")
    field.press("Tab")
    candidate.wait_for_selector("#board-text .board-text-status.is-error >> text=whole number")
    assert field.input_value() == "", "the refused value stays in the field"
    assert interviewer.locator("#board .board-node .node-replicas:visible").count() == 1
    screenshot(candidate, "board-text-candidate")
    assert not interviewer.errors
    assert not candidate.errors


def test_axe_finds_nothing_serious_in_the_room_for_either_role(live_asgi, new_page):
    _, interviewer, candidate = _room(live_asgi, new_page, ("alli-axe", "axel-axe"))
    for page in (interviewer, candidate):
        _open_text_view(page)
    candidate.locator("#board-text-add-label").fill("API")
    candidate.locator("#board-text-add-label").press("Enter")
    candidate.locator("#board-text-add-label").fill("Store")
    candidate.locator("#board-text-add-label").press("Enter")
    candidate.locator("#board-text-edge-label").fill("gRPC")
    candidate.locator("#board-text-edge-label").press("Enter")
    candidate.locator(".palette-item[data-zone=region]").click()
    interviewer.wait_for_selector("#board .board-zone")
    interviewer.wait_for_selector("#board .board-edge")
    zone = interviewer.locator(ROW.format(table="zones"))
    zone.first.wait_for()
    assert zone.locator("th").inner_text() == "Region"
    for page, role in ((interviewer, "interviewer"), (candidate, "candidate")):
        # axe checks what is on screen: the board's components must be in view.
        page.locator("#board .board-node").first.scroll_into_view_if_needed()
        _in_both_themes(page, f"the room ({role})")


@pytest.fixture(scope="module")
def axe_reported(live_asgi):
    for name in ("alli-report", "axel-report"):
        live_asgi.create_user(name)
    seed = SEED.replace("ivy-report", "alli-report").replace("cody-report", "axel-report")
    session_id = _manage(live_asgi.env, "shell", "-c", seed).strip().splitlines()[-1]
    return live_asgi, session_id


def test_axe_finds_nothing_serious_in_the_report_and_the_replay(new_page, axe_reported):
    page, server, session_id = _open_report(new_page, axe_reported, username="axel-report")
    _in_both_themes(page, "the report")
    page.goto(f"{server.url}/sessions/{session_id}/replay/")
    page.wait_for_selector("#replay-board .board-node")
    _in_both_themes(page, "the replay")


def _in_both_themes(page, where: str) -> None:
    """axe in the light theme, then with the system asking for dark (colour contrast too)."""
    page.emulate_media(color_scheme="light")
    page.wait_for_selector("html[data-theme=light]")
    assert_no_serious_violations(page, f"{where}, light theme")
    page.emulate_media(color_scheme="dark")
    page.wait_for_selector("html[data-theme=dark]")
    assert_no_serious_violations(page, f"{where}, dark theme")
    screenshot(page, "dark-" + "-".join(where.replace("(", "").replace(")", "").split()[1:]))


def test_the_theme_follows_the_system_and_a_pick_is_remembered(live_asgi, new_page):
    live_asgi.create_user("alli-theme")
    page = new_page()
    page.emulate_media(color_scheme="dark")
    sign_in(page, live_asgi, "alli-theme")
    assert page.get_attribute("html", "data-theme") == "dark"
    canvas = "getComputedStyle(document.body).backgroundColor"
    assert page.evaluate(f"() => {canvas}") == "rgb(20, 23, 28)"
    pages = ["/sessions/", "/sessions/new/", "/sessions/import/", "/library/questions/"]
    for path in [*pages, "/me/progress/", "/practice/"]:
        response = page.goto(f"{live_asgi.url}{path}")
        assert response.ok, path
        assert_no_serious_violations(page, f"{path}, dark theme")
    page.goto(f"{live_asgi.url}/sessions/")
    page.get_by_role("button", name="Theme: Auto").click()  # auto -> dark
    page.get_by_role("button", name="Theme: Dark").click()  # dark -> light
    assert page.get_attribute("html", "data-theme") == "light"
    page.goto(f"{live_asgi.url}/sessions/new/")
    assert page.get_attribute("html", "data-theme") == "light", "the pick was forgotten"
    assert page.evaluate(f"() => {canvas}") == "rgb(247, 247, 245)"
    assert_no_serious_violations(page, "the new-session page, light theme picked")


BOARD = {
    "format": "designroom-board",
    "version": 1,
    "nodes": [
        {"id": "n-web", "kind": "client", "label": "Phones", "x": 100, "y": 100},
        {"id": "n-api", "kind": "service", "label": "Shortener", "x": 340, "y": 100},
    ],
    "edges": [{"id": "e-1", "from": "n-web", "to": "n-api", "label": "HTTPS", "mode": "sync"}],
    "zones": [],
    "texts": [],
}


def test_an_exported_board_starts_a_practice_session(live_asgi, new_page, tmp_path):
    live_asgi.create_user("axel-import")
    page = new_page()
    sign_in(page, live_asgi, "axel-import")
    page.goto(f"{live_asgi.url}/sessions/new/")
    page.get_by_role("link", name="Practise from an exported board (JSON)").click()
    assert_no_serious_violations(page, "the board import page")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**BOARD, "edges": [{"id": "e-1", "from": "n-web", "to": "db"}]}))
    page.get_by_label("Board JSON").set_input_files(str(bad))
    page.get_by_role("button", name="Start practising").click()
    page.wait_for_selector("#import-problems >> text=edges[#1] (id 'e-1'): no node 'db'")
    good = tmp_path / "good.json"
    good.write_text(json.dumps(BOARD))
    page.get_by_label("Board JSON").set_input_files(str(good))
    page.get_by_role("button", name="Start practising").click()
    page.wait_for_url("**/room/")
    page.wait_for_selector("#board .board-node >> text=Shortener")
    assert sorted(_names(page)) == ["Phones", "Shortener"]
    assert page.locator("#board .board-edge .edge-label >> text=HTTPS").count() == 1


def test_the_diagram_as_text_is_read_only_whenever_the_canvas_is(live_asgi, new_page):
    live_asgi.create_user("alli-solo")
    page = new_page()
    sign_in(page, live_asgi, "alli-solo")
    _create_session(page, live_asgi, "solo")
    _wait_online(page)
    _open_text_view(page)
    add = page.locator("#board-text form[data-text-form=add]")
    assert add.is_hidden(), "editable before the session starts"
    page.get_by_role("button", name="Start the interview").click()
    add.wait_for(state="visible")
    page.locator("#board-text-add-label").fill("Gateway")
    page.locator("#board-text-add-label").press("Enter")
    page.wait_for_selector("#board .board-node >> text=Gateway")
