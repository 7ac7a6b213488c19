"""End to end in a real browser: a peer interview and a solo practice session.

Marked e2e and slow: they start daphne and Chromium. Screenshots of the room for each role
land in artifacts/ (gitignored) for a human to look at.
"""

from __future__ import annotations

import re
import time

import pytest
import yaml
from django.conf import settings

from .conftest import screenshot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

QUESTION = "url-shortener"


def _question_secrets() -> tuple[str, str]:
    """A line of the reference outline and a follow-up: interviewer-only text."""
    path = settings.BASE_DIR / "content" / "packs" / "core" / "questions" / f"{QUESTION}.yaml"
    question = yaml.safe_load(path.read_text())["questions"][0]
    outline_line = next(
        line.strip()
        for line in question["reference_outline"].splitlines()
        if len(line.strip()) > 40
    )
    return outline_line, question["follow_ups"][0]["text"]


def _create_session(page, server, mode: str) -> str:
    page.goto(f"{server.url}/sessions/new/")
    page.fill("#filter-q", "shortener")
    page.wait_for_selector(f"#q-{QUESTION}")
    page.check(f"#q-{QUESTION}")
    page.check(f"input[name=mode][value={mode}]")
    page.get_by_role("button", name="Create the session").click()
    page.wait_for_url(re.compile(r"/sessions/[0-9a-f-]{36}/(lobby|room)/$"))
    return page.url.split("/sessions/")[1].split("/")[0]


def _wait_online(page) -> None:
    page.wait_for_selector("#connection[data-status=online]")


def _add_component(page, kind: str, label: str) -> None:
    before = page.locator("#board .board-node").count()
    page.click(f".palette-item[data-kind={kind}]")
    page.wait_for_function(
        f"() => document.querySelectorAll('#board .board-node').length === {before + 1}"
        " && document.activeElement.name === 'label'"
    )
    # The new component's name field is open: typing names it.
    field = page.locator("#board [name=label]")
    assert field.evaluate("el => el === document.activeElement")
    field.fill(label)
    page.keyboard.press("Enter")  # back to the board; the label is sent
    page.wait_for_selector(f"#board .board-node >> text={label}")


def _connect(page, source: str, target: str, protocol: str, mode: str = "sync") -> None:
    page.locator("#board .board-node", has_text=source).click()
    value = page.eval_on_selector(
        "#board [name=connect-to]",
        "(select, target) => [...select.options].find((o) => o.text.startsWith(target + ' ')).value",
        target,
    )
    page.select_option("#board [name=connect-to]", value)
    page.click("#board [data-action=connect]")
    page.fill("#board [name=edge-label]", protocol)
    page.select_option("#board [name=mode]", mode)
    page.keyboard.press("Escape")


def _board_counts(page) -> tuple[int, int]:
    return page.locator("#board .board-node").count(), page.locator("#board .board-edge").count()


def _current_phase(page) -> int:
    return int(page.locator("#phase-bar [data-state=current]").get_attribute("data-phase-index"))


def test_peer_interview_end_to_end(live_asgi, new_page):
    server = live_asgi
    outline_line, follow_up = _question_secrets()
    server.create_user("ivy")
    server.create_user("cody")
    interviewer = new_page()
    candidate = new_page()

    # The interviewer signs in, creates the session and copies the candidate's link.
    sign_in(interviewer, server, "ivy")
    session_id = _create_session(interviewer, server, "peer_interviewer")
    link = interviewer.input_value("#invite-candidate")
    assert "/sessions/invite/" in link

    # The candidate signs in, accepts, and finds the session under their sessions.
    sign_in(candidate, server, "cody")
    candidate.goto(link)
    candidate.locator("main form [type=submit]").click()
    candidate.goto(f"{server.url}/sessions/")
    candidate.locator(".session-item a", has_text="URL shortener").first.click()
    candidate.wait_for_url(f"**/sessions/{session_id}/lobby/")

    # The lobby shows the candidate; the interviewer starts; both land in the room.
    interviewer.wait_for_selector("#lobby-people >> text=cody")
    interviewer.get_by_role("button", name="Start the interview").click()
    interviewer.wait_for_url(f"**/sessions/{session_id}/room/")
    candidate.wait_for_url(f"**/sessions/{session_id}/room/", timeout=20_000)
    _wait_online(interviewer)
    _wait_online(candidate)
    assert outline_line not in candidate.content()
    assert follow_up not in candidate.content()

    # The candidate draws three components and two arrows and writes requirements.
    _add_component(candidate, "client", "Browser")
    _add_component(candidate, "load_balancer", "Edge LB")
    _add_component(candidate, "service", "Redirect API")
    _connect(candidate, "Browser", "Edge LB", "HTTPS")
    _connect(candidate, "Edge LB", "Redirect API", "gRPC", mode="async")
    candidate.click("#tab-requirements")
    candidate.fill("#notes-requirements", "- Shorten a long URL\n- Redirect in under 50 ms\n")

    # The interviewer sees all of it appear.
    interviewer.wait_for_function(
        "() => document.querySelectorAll('#board .board-node').length === 3"
        " && document.querySelectorAll('#board .board-edge').length === 2"
    )
    interviewer.wait_for_selector("#board .board-node >> text=Redirect API")
    interviewer.wait_for_selector("#board .board-edge.is-async >> text=gRPC")
    interviewer.wait_for_selector("#board .board-edge >> text=HTTPS")
    interviewer.wait_for_function(
        "() => document.querySelector('#notes-requirements').value.includes('Redirect in under 50 ms')"
    )

    # A hint is revealed to the candidate; the interviewer moves two phases on.
    interviewer.locator("summary", has_text="Hints to reveal").click()
    hint_text = interviewer.locator("#iv-hints li p").first.inner_text()
    interviewer.locator("#iv-hints button").first.click()
    candidate.wait_for_selector(f"#hints .hint-list >> text={hint_text[:30]}")
    interviewer.get_by_role("button", name="Next phase").click()
    candidate.wait_for_function(
        "() => document.querySelector('[data-phase-index=\"1\"]').dataset.state === 'current'"
    )
    # Requirements: the interviewer's panel now lists this phase's follow-ups; the candidate's never.
    interviewer.wait_for_selector(f"#iv-followups >> text={follow_up[:40]}")
    assert follow_up not in candidate.content()
    interviewer.get_by_role("button", name="Next phase").click()
    candidate.wait_for_function(
        "() => document.querySelector('[data-phase-index=\"2\"]').dataset.state === 'current'"
    )
    candidate.fill("#chat-text", "Should I go deeper on the cache?")
    candidate.keyboard.press("Enter")
    interviewer.wait_for_selector("#chat >> text=Should I go deeper on the cache?")

    # The candidate's connection drops: edits made meanwhile are kept, the indicator says so,
    # and after the reconnect (resumed with ?since=) they reach the interviewer exactly once.
    candidate.evaluate(
        "() => { const s = window.designroom.socket; s.realConnect = s.connect;"
        " s.connect = () => {}; s.ws.close(4000); }"
    )
    candidate.wait_for_selector("#connection[data-status=reconnecting]")
    _add_component(candidate, "cache", "Link cache")
    candidate.click("#tab-requirements")
    candidate.locator("#notes-requirements").press("End")
    candidate.locator("#notes-requirements").press("Control+End")
    candidate.keyboard.type("- Custom aliases\n")
    candidate.wait_for_selector("#connection >> text=kept until then")
    candidate.evaluate(
        "() => { const s = window.designroom.socket; s.connect = s.realConnect; s.retryNow(); }"
    )
    _wait_online(candidate)
    interviewer.wait_for_selector("#board .board-node >> text=Link cache")
    interviewer.wait_for_function(
        "() => document.querySelector('#notes-requirements').value.includes('Custom aliases')"
    )
    assert interviewer.locator("#board .board-node").count() == 4
    assert interviewer.input_value("#notes-requirements").count("Custom aliases") == 1

    # A quick score goes to the interviewer's scorecard.
    interviewer.locator("summary", has_text="Quick score").click()
    interviewer.locator("#quick-score .score-scale label").nth(2).click()
    interviewer.wait_for_selector("#quick-score .score-status >> text=Saved to your scorecard")

    screenshot(candidate, "room-peer-candidate")
    screenshot(interviewer, "room-peer-interviewer")

    # A reload of either page restores everything.
    for page in (candidate, interviewer):
        page.reload()
        _wait_online(page)
        page.wait_for_function("() => document.querySelectorAll('#board .board-node').length === 4")
        assert _board_counts(page) == (4, 2)
        page.wait_for_function(
            "() => document.querySelector('#notes-requirements').value.includes('Shorten a long URL')"
        )
        page.wait_for_selector(f"#hints .hint-list >> text={hint_text[:30]}")
        assert _current_phase(page) == 2
        assert page.locator("#chat .chat-log li").count() == 1
    assert outline_line not in candidate.content()
    assert follow_up not in candidate.content()
    assert "interviewer-panels" not in candidate.content()
    assert interviewer.locator("#quick-score input[value='3']").first.is_checked()

    # The interviewer ends the session; both are led to the summary, then the replay.
    interviewer.once("dialog", lambda dialog: dialog.accept())
    interviewer.get_by_role("button", name="End", exact=True).click()
    for page in (interviewer, candidate):
        page.wait_for_selector("#ended-dialog[open]")
    candidate.locator("#ended-dialog a").click()
    candidate.wait_for_url(f"**/sessions/{session_id}/summary/")
    candidate.get_by_role("link", name="Watch the replay").click()
    candidate.wait_for_function(
        "() => document.querySelectorAll('#replay-board .board-node').length === 4"
    )
    assert outline_line not in candidate.content()
    screenshot(candidate, "replay-candidate")
    # Scrubbing to the start empties the board; the end rebuilds it, notes and chat included.
    candidate.locator("#replay-scrubber").focus()
    candidate.keyboard.press("Home")
    candidate.wait_for_function(
        "() => document.querySelectorAll('#replay-board .board-node').length === 0"
    )
    assert candidate.input_value("#notes-requirements") == ""
    candidate.keyboard.press("End")
    candidate.wait_for_function(
        "() => document.querySelectorAll('#replay-board .board-node').length === 4"
    )
    assert "Custom aliases" in candidate.input_value("#notes-requirements")
    assert candidate.locator("#chat .chat-log li").count() == 1
    assert not candidate.errors, candidate.errors
    assert not interviewer.errors, interviewer.errors


def test_solo_practice_end_to_end(live_asgi, new_page):
    server = live_asgi
    outline_line, _ = _question_secrets()
    server.create_user("solveig")
    page = new_page()
    sign_in(page, server, "solveig")
    session_id = _create_session(page, server, "solo")
    assert page.url.endswith(f"/sessions/{session_id}/room/")
    _wait_online(page)

    # The candidate drives the clock; the room explains the phase.
    page.get_by_role("button", name="Start the interview").click()
    page.wait_for_selector("#phase-bar [data-phase-index='0'][data-state=current]")
    page.wait_for_function(
        "() => /\\d:\\d\\d/.test(document.querySelector('.phase-clock').textContent)"
    )
    assert page.locator("[data-phase-guidance='0']").is_visible()
    page.check("[name=auto_advance]")
    page.get_by_role("button", name="Next phase").click()
    page.wait_for_selector("#phase-bar [data-phase-index='1'][data-state=current]")
    assert page.locator("[data-phase-guidance='1']").is_visible()

    # Estimate, draw, reveal a hint.
    page.click("#tab-estimates")
    page.locator(".estimator-box summary").click()
    page.get_by_role("button", name="Insert into notes").click()
    page.wait_for_function(
        "() => document.querySelector('#notes-estimates').value.includes('req/s')"
    )
    _add_component(page, "cache", "Hot links")

    # Keyboard: the focused component moves with the arrow keys; Delete removes one.
    node = page.locator("#board .board-node", has_text="Hot links")
    node.focus()
    before = node.get_attribute("transform")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => ([sel, before]) => document.querySelector(sel).getAttribute('transform') !== before",
        arg=["#board .board-node:focus", before],
    )
    _add_component(page, "external", "Throwaway")
    page.keyboard.press("Delete")
    page.wait_for_function("() => document.querySelectorAll('#board .board-node').length === 1")

    # Dragging sends node.move at most every ~100 ms, plus once on drop.
    page.evaluate(
        "() => { const s = window.designroom.socket; s.moves = 0; const send = s.sendOp.bind(s);"
        " s.sendOp = (op, v) => { if (op.kind === 'node.move') s.moves += 1; return send(op, v); }; }"
    )
    box = node.bounding_box()
    page.mouse.move(box["x"] + 40, box["y"] + box["height"] / 2)
    page.mouse.down()
    started = time.monotonic()
    for step in range(30):
        page.mouse.move(box["x"] + 40 + step * 6, box["y"] + box["height"] / 2 + step * 3)
        page.wait_for_timeout(20)
    page.mouse.up()
    elapsed_ms = (time.monotonic() - started) * 1000
    moves = page.evaluate("window.designroom.socket.moves")
    # One per 100 ms window, the first immediately, plus the drop.
    assert 2 <= moves <= elapsed_ms / 100 + 3, f"{moves} node.move ops in {elapsed_ms:.0f} ms"
    assert moves < 30, "pointer moves were not coalesced"

    # Export: JSON with the board, SVG with the drawing.
    with page.expect_download() as download:
        page.get_by_role("button", name="Export JSON").click()
    exported = download.value.path().read_text()
    assert '"Hot links"' in exported
    assert '"notes"' in exported
    with page.expect_download() as download:
        page.get_by_role("button", name="Export SVG").click()
    assert "<svg" in download.value.path().read_text()

    page.click("#reveal-hint")
    page.wait_for_selector("#hints .hint-list li")
    screenshot(page, "room-solo-candidate")

    page.reload()
    _wait_online(page)
    page.wait_for_selector("#board .board-node >> text=Hot links")
    page.wait_for_function(
        "() => document.querySelector('#notes-estimates').value.includes('req/s')"
    )
    assert page.locator("[name=auto_advance]").is_checked()
    assert _current_phase(page) == 1
    assert outline_line not in page.content()

    # Finishing leads to the summary: self-assessment and report when scoring offers them.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="End", exact=True).click()
    page.wait_for_selector("#ended-dialog[open]")
    page.locator("#ended-dialog a").click()
    page.wait_for_url(f"**/sessions/{session_id}/summary/")
    assert page.get_by_role("link", name="Watch the replay").is_visible()
    assessment = page.get_by_role("link", name="Assess yourself")
    if assessment.count():  # present once the scoring app serves self-assessments
        assessment.click()
        page.wait_for_load_state("networkidle")
        assert page.url.endswith(f"/sessions/{session_id}/scorecard/self/")
    assert not page.errors, page.errors
