"""Two people typing in the same notes section at once, in two real browsers.

Both type into the Requirements section at its end, keystroke by keystroke, in turn; then
both replace the same word. Each sentence must arrive whole and contiguous on both sides,
in the stored text, in the replay and in the export. Typing latency (a keystroke on one
side until the other side's textarea holds it) is measured while both type, logged, and its
p95 held to a functional bound of 1 s (the speed figure comes from bench/live_relay.py).
"""

from __future__ import annotations

import json
import statistics

import pytest

from .conftest import sign_in
from .test_room import _create_session, _wait_online

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ALICE = "NFR: p99 under 50 ms for redirects."
BOB = "Reads are served from a Redis cache."
START = "Users shorten links. "

WATCH = """() => {
  const area = document.querySelector('#notes-requirements');
  window.__typed = []; window.__seen = [];
  area.addEventListener('input', () => window.__typed.push([Date.now(), area.value]));
  window.designroom.notes.notes.onChange((section) => {
    if (section === 'requirements') window.__seen.push([Date.now(), area.value]);
  });
}"""


def _latencies(sender, receiver, sentence: str) -> list[float]:
    """Per character of ``sentence``: when the receiver first showed it after the sender did."""
    typed = sender.evaluate("window.__typed")
    seen = receiver.evaluate("window.__seen")
    out = []
    for k in range(1, len(sentence) + 1):
        prefix = sentence[:k]
        sent_at = next(t for t, value in typed if prefix in value)
        shown_at = next((t for t, value in seen if prefix in value), None)
        assert shown_at is not None, f"the other side never showed {prefix!r}"
        out.append(max(0, shown_at - sent_at))
    return out


def _room(server, new_page, names):
    server.create_user(names[0])
    server.create_user(names[1])
    interviewer, candidate = new_page(), new_page()
    sign_in(interviewer, server, names[0])
    session_id = _create_session(interviewer, server, "peer_interviewer")
    link = interviewer.input_value("#invite-candidate")
    sign_in(candidate, server, names[1])
    candidate.goto(link)
    candidate.locator("main form [type=submit]").click()
    candidate.goto(f"{server.url}/sessions/{session_id}/lobby/")
    interviewer.wait_for_selector(f"#lobby-people >> text={names[1]}")
    interviewer.get_by_role("button", name="Start the interview").click()
    interviewer.wait_for_url(f"**/sessions/{session_id}/room/")
    candidate.wait_for_url(f"**/sessions/{session_id}/room/", timeout=20_000)
    for page in (interviewer, candidate):
        _wait_online(page)
        page.click("#tab-requirements")
    return session_id, interviewer, candidate


def test_two_browsers_typing_at_the_same_spot_keep_both_sentences_whole(live_asgi, new_page):
    server = live_asgi
    session_id, interviewer, candidate = _room(server, new_page, ("iv-crdt", "cand-crdt"))
    candidate.locator("#notes-requirements").fill(START)
    interviewer.wait_for_function(
        "(t) => document.querySelector('#notes-requirements').value === t", arg=START
    )
    for page in (interviewer, candidate):
        page.evaluate(WATCH)
        page.locator("#notes-requirements").press("Control+End")

    # Keystrokes in turn, one each, at the same spot: neither waits for the other.
    for i in range(max(len(ALICE), len(BOB))):
        if i < len(ALICE):
            interviewer.locator("#notes-requirements").press_sequentially(ALICE[i])
        if i < len(BOB):
            candidate.locator("#notes-requirements").press_sequentially(BOB[i])
    whole = (START + ALICE + BOB, START + BOB + ALICE)
    for page in (interviewer, candidate):
        page.wait_for_function(
            "([a, b]) => [a, b].includes(document.querySelector('#notes-requirements').value)",
            arg=list(whole),
        )
    text = interviewer.input_value("#notes-requirements")
    assert candidate.input_value("#notes-requirements") == text

    latencies = _latencies(interviewer, candidate, ALICE) + _latencies(candidate, interviewer, BOB)
    p50, worst = statistics.median(latencies), max(latencies)
    p95 = sorted(latencies)[int(0.95 * (len(latencies) - 1))]
    print(f"typing latency across browsers: p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {worst:.0f} ms")
    # A functional bound, not a speed test: the machine may be busy (the figure to read is
    # the bench's). p95, so one stall of a shared machine does not decide it.
    assert p95 <= 1000, f"keystrokes took {p95:.0f} ms (p95) to reach the other side"

    # Both replace the same word at once: both replacements survive whole, nothing garbles.
    for page in (interviewer, candidate):
        page.evaluate(
            "() => { const a = document.querySelector('#notes-requirements');"
            " const at = a.value.indexOf('shorten'); a.focus();"
            " a.setSelectionRange(at, at + 'shorten'.length); }"
        )
    for i in range(5):
        if i < 3:
            interviewer.keyboard.type("IVX"[i])
        candidate.keyboard.type("CANDY"[i])
    replaced = [text.replace("shorten", r) for r in ("IVXCANDY", "CANDYIVX")]
    for page in (interviewer, candidate):
        page.wait_for_function(
            "(texts) => texts.includes(document.querySelector('#notes-requirements').value)",
            arg=replaced,
        )
    final = interviewer.input_value("#notes-requirements")
    assert candidate.input_value("#notes-requirements") == final

    # The stored text, the export and the replay say the same.
    exported = interviewer.request.get(f"{server.url}/api/v1/sessions/{session_id}/export/")
    bundle = json.loads(exported.text())
    assert bundle["board"]["final"]["notes"]["requirements"] == final
    interviewer.once("dialog", lambda dialog: dialog.accept())
    interviewer.get_by_role("button", name="End", exact=True).click()
    interviewer.wait_for_selector("#ended-dialog[open]")
    interviewer.goto(f"{server.url}/sessions/{session_id}/replay/")
    interviewer.locator("#replay-scrubber").focus()
    interviewer.keyboard.press("End")
    interviewer.wait_for_function(
        "(text) => document.querySelector('#notes-requirements').value === text", arg=final
    )
    assert not interviewer.errors, interviewer.errors
    assert not candidate.errors, candidate.errors


def test_notes_undo_takes_back_only_ones_own_typing(live_asgi, new_page):
    server = live_asgi
    _, interviewer, candidate = _room(server, new_page, ("iv-undo", "cand-undo"))
    mine = candidate.locator("#notes-requirements")
    mine.press_sequentially("mine ")
    interviewer.wait_for_function(
        "(t) => document.querySelector('#notes-requirements').value === t", arg="mine "
    )
    interviewer.locator("#notes-requirements").press("Control+End")
    interviewer.locator("#notes-requirements").press_sequentially("theirs")
    candidate.wait_for_function(
        "(t) => document.querySelector('#notes-requirements').value === t", arg="mine theirs"
    )
    mine.press("Control+z")
    for page in (candidate, interviewer):
        page.wait_for_function(
            "(t) => document.querySelector('#notes-requirements').value === t", arg="theirs"
        )
    mine.press("Control+Shift+z")
    for page in (candidate, interviewer):
        page.wait_for_function(
            "(t) => document.querySelector('#notes-requirements').value === t", arg="mine theirs"
        )
