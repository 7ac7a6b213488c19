"""The live analysis in real browsers: the interviewer's coverage, a drill on both pages, the
solo coach reacting to the board, and the reference outline after a solo session."""

from __future__ import annotations

import pytest

from .conftest import screenshot, sign_in
from .test_room import _add_component, _connect, _create_session, _wait_online

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

FAILOVER = "availability/automatic-failover"
FAILOVER_TEXT = "replicate the primary to two standbys with automatic failover"


def _draw_lone_database(page) -> None:
    _add_component(page, "client", "Browser")
    _add_component(page, "service", "Redirect API")
    _add_component(page, "database", "Links DB")
    _connect(page, "Browser", "Redirect API", "HTTPS")
    _connect(page, "Redirect API", "Links DB", "SQL")


def _node_id(page, label: str) -> str:
    return page.locator("#board .board-node", has_text=label).get_attribute("data-id")


def test_coverage_flips_and_a_drill_highlights_on_both_pages(live_asgi, new_page):
    server = live_asgi
    server.create_user("iris")
    server.create_user("carl")
    interviewer, candidate = new_page(), new_page()
    sign_in(interviewer, server, "iris")
    session_id = _create_session(interviewer, server, "peer_interviewer")
    link = interviewer.input_value("#invite-candidate")
    sign_in(candidate, server, "carl")
    candidate.goto(link)
    candidate.locator("main form [type=submit]").click()
    interviewer.wait_for_selector("#lobby-people >> text=carl")
    interviewer.get_by_role("button", name="Start the interview").click()
    interviewer.wait_for_url(f"**/sessions/{session_id}/room/")
    candidate.goto(f"{server.url}/sessions/{session_id}/room/")
    _wait_online(interviewer)
    _wait_online(candidate)

    _draw_lone_database(candidate)
    interviewer.wait_for_selector(f"#iv-insight [data-item='{FAILOVER}'][data-status=missing]")
    interviewer.wait_for_selector("#iv-insight .suggestions >> text=Links DB has one instance")
    assert candidate.locator("#shared-coverage").is_hidden()  # not shared: the candidate sees none

    candidate.click("#tab-deep_dive")
    candidate.fill("#notes-deep_dive", FAILOVER_TEXT)
    interviewer.wait_for_selector(
        f"#iv-insight [data-item='{FAILOVER}'][data-status=covered]", timeout=45_000
    )
    evidence = interviewer.locator(f"#iv-insight [data-item='{FAILOVER}'] .evidence").first
    assert "standbys" in evidence.inner_text()

    database = _node_id(interviewer, "Links DB")
    interviewer.fill("#drill-target", "Links DB")  # by its label
    interviewer.get_by_role("button", name="Start drill (2 min)").click()
    for page in (interviewer, candidate):
        page.wait_for_selector(f"#board .board-node.is-drill-failed[data-id='{database}']")
        page.wait_for_selector("#drill-banner:not([hidden]) >> text=left to respond")
    assert candidate.locator("#board .board-node.is-drill-failed").count() == 1
    screenshot(interviewer, "insight-interviewer")
    screenshot(candidate, "insight-candidate")


def test_the_solo_coach_reacts_and_the_outline_follows_the_session(live_asgi, new_page):
    server = live_asgi
    server.create_user("sol")
    page = new_page()
    sign_in(page, server, "sol")
    session_id = _create_session(page, server, "solo")
    _wait_online(page)
    page.get_by_role("button", name="Start the interview").click()
    page.wait_for_selector("#phase-bar [data-phase-index='0'][data-state=current]")

    _draw_lone_database(page)
    page.wait_for_selector("#coach-followups >> text=Links DB has one instance", timeout=45_000)
    asked = page.locator("#coach-followups li", has_text="Links DB has one instance").count()
    assert asked == 1

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="End", exact=True).click()
    page.wait_for_selector("#ended-dialog[open]")
    page.goto(f"{server.url}/sessions/{session_id}/report/")
    if "/scorecard/" in page.url:  # a solo candidate assesses themselves first
        page.get_by_role("button", name="Submit and see the report").click()
        page.goto(f"{server.url}/sessions/{session_id}/report/")
    page.wait_for_selector("text=Your design beside the reference outline")
    assert page.locator(".outline-compare .reference-outline").inner_text().strip()
    assert page.locator(".outline-compare .sa-present").count() >= 1
