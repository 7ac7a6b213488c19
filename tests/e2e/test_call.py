"""The call in a real browser: two Chromium contexts with fake media join the call, hear
each other (inbound audio bytes grow), mute (outbound audio bytes stop), rejoin after a
reload, record with both consents, and the replay plays both tracks in step with the
scrubber. Marked e2e and slow: daphne plus Chromium with fake devices."""

from __future__ import annotations

import time

import pytest

from .conftest import CHROMIUM_ARGS, screenshot, sign_in
from .test_room import _create_session, _wait_online

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

MEDIA_ARGS = [
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
]

# Test-only instrumentation: keep every RTCPeerConnection the page makes, for getStats().
COLLECT_PEER_CONNECTIONS = """
(() => {
  const Original = window.RTCPeerConnection;
  window.__pcs = [];
  window.RTCPeerConnection = function (...args) {
    const pc = new Original(...args);
    window.__pcs.push(pc);
    return pc;
  };
  window.RTCPeerConnection.prototype = Original.prototype;
})();
"""

AUDIO_BYTES = """
async () => {
  let inbound = 0, outbound = 0;
  for (const pc of window.__pcs) {
    if (pc.connectionState !== "connected") continue;
    (await pc.getStats()).forEach((r) => {
      if (r.type === "inbound-rtp" && r.kind === "audio") inbound += r.bytesReceived || 0;
      if (r.type === "outbound-rtp" && r.kind === "audio") outbound += r.bytesSent || 0;
    });
  }
  return [inbound, outbound];
}
"""


@pytest.fixture(scope="module")
def browser(chromium_path):
    """Chromium with a fake microphone and camera that need no permission prompt."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS + MEDIA_ARGS)
        yield browser
        browser.close()


def _page(new_page):
    page = new_page()
    page.context.grant_permissions(["microphone", "camera"])
    page.context.add_init_script(COLLECT_PEER_CONNECTIONS)
    return page


def _connected(page, timeout=30_000) -> None:
    page.wait_for_function(
        "() => (window.__pcs || []).some((pc) => pc.connectionState === 'connected')",
        timeout=timeout,
    )


def _bytes(page) -> tuple[int, int]:
    inbound, outbound = page.evaluate(AUDIO_BYTES)
    return inbound, outbound


def _grows(page, which: int, seconds: float = 1.5) -> bool:
    before = _bytes(page)[which]
    time.sleep(seconds)
    return _bytes(page)[which] > before


def _peer_session(server, interviewer, candidate) -> str:
    sign_in(interviewer, server, "vera")
    session_id = _create_session(interviewer, server, "peer_interviewer")
    link = interviewer.input_value("#invite-candidate")
    sign_in(candidate, server, "colm")
    candidate.goto(link)
    candidate.locator("main form [type=submit]").click()
    interviewer.wait_for_selector("#lobby-people >> text=colm")
    interviewer.get_by_role("button", name="Start the interview").click()
    interviewer.wait_for_url(f"**/sessions/{session_id}/room/")
    candidate.goto(f"{server.url}/sessions/{session_id}/room/")
    _wait_online(interviewer)
    _wait_online(candidate)
    return session_id


def test_two_people_talk_mute_rejoin_record_and_replay(live_asgi, new_page):
    server = live_asgi
    server.create_user("vera")
    server.create_user("colm")
    interviewer = _page(new_page)
    candidate = _page(new_page)
    session_id = _peer_session(server, interviewer, candidate)

    # One click each; both connections reach "connected" and audio flows both ways.
    interviewer.click("#call [data-call=join]")
    candidate.click("#call [data-call=join]")
    _connected(interviewer)
    _connected(candidate)
    assert _grows(interviewer, 0), "the interviewer receives no audio"
    assert _grows(candidate, 0), "the candidate receives no audio"
    interviewer.wait_for_selector("#call .call-person[data-state=connected]")
    screenshot(candidate, "call-candidate")

    # M mutes: no audio leaves the candidate's browser any more; M again unmutes.
    candidate.locator("body").click(position={"x": 5, "y": 5})
    candidate.keyboard.press("m")
    candidate.wait_for_selector("#call [data-call=mute][aria-pressed=true]")
    time.sleep(1.0)  # packets in flight settle
    assert not _grows(candidate, 1), "outbound audio bytes still grow while muted"
    interviewer.wait_for_selector("#call .call-person[data-muted=true]")
    candidate.keyboard.press("m")
    candidate.wait_for_selector("#call [data-call=mute][aria-pressed=false]")
    assert _grows(candidate, 1)

    # The camera: a small tile on both pages, gone from one's own tile when turned off.
    interviewer.click("#call [data-call=camera]")
    interviewer.wait_for_selector("#call [data-call=camera][aria-pressed=true]")
    candidate.wait_for_function(
        "() => [...document.querySelectorAll('#call .call-person video')]"
        ".some((v) => v.srcObject && v.srcObject.getVideoTracks().length > 0)",
        timeout=15_000,
    )
    own = "#call .call-person:not([hidden]) video"
    assert interviewer.locator(own).count() == 1, "the interviewer's own camera tile"
    interviewer.click("#call [data-call=camera]")
    interviewer.wait_for_selector("#call [data-call=camera][aria-pressed=false]")
    interviewer.wait_for_function(f"() => !document.querySelector('{own}')")

    # A reload rejoins by itself, and audio flows again.
    candidate.reload()
    _wait_online(candidate)
    _connected(candidate)
    assert _grows(candidate, 0), "no audio after the reload"

    # Recording: the interviewer asks, the candidate agrees, both see the indicator.
    interviewer.click("#call [data-rec=ask]")
    interviewer.wait_for_selector("#call [data-rec=waiting]:not([hidden])")
    candidate.wait_for_selector("#call [data-rec=prompt]:not([hidden])")
    candidate.click("#call [data-rec=allow]")
    for page in (interviewer, candidate):
        page.wait_for_selector("#call [data-rec=indicator]:not([hidden])")
        page.wait_for_function(
            "() => /Uploaded [1-9]/.test(document.querySelector('#call [data-rec=note]').textContent)",
            timeout=20_000,
        )
    # A reload during the recording resumes it (a new segment; what was uploaded stays).
    candidate.reload()
    _wait_online(candidate)
    candidate.wait_for_selector("#call [data-rec=indicator]:not([hidden])")
    candidate.wait_for_function(
        "() => /Uploaded [1-9]/.test(document.querySelector('#call [data-rec=note]').textContent)",
        timeout=20_000,
    )
    candidate.click("#call [data-rec=stop]")
    for page in (interviewer, candidate):
        page.wait_for_selector("#call [data-rec=indicator][hidden]", state="attached")
    time.sleep(1.0)  # the last chunks

    # The replay: both people's audio, with a length, played where the scrubber is.
    interviewer.once("dialog", lambda dialog: dialog.accept())
    interviewer.get_by_role("button", name="End", exact=True).click()
    interviewer.wait_for_selector("#ended-dialog[open]")
    interviewer.goto(f"{server.url}/sessions/{session_id}/replay/")
    interviewer.wait_for_selector("#replay-audio audio", state="attached")
    interviewer.wait_for_function(
        "() => [...document.querySelectorAll('#replay-audio audio')].length >= 3"
        " && [...document.querySelectorAll('#replay-audio audio')]"
        ".every((a) => Number.isFinite(a.duration) && a.duration > 0)",
        timeout=20_000,
    )
    users = interviewer.eval_on_selector_all(
        "#replay-audio [data-track-user]",
        "els => [...new Set(els.map((e) => e.dataset.trackUser))]",
    )
    assert len(users) == 2, users
    screenshot(interviewer, "replay-audio")
    # Put the scrubber at the start of the first segment and play at 1x: the audio plays,
    # at the scrubber's position.
    start = interviewer.evaluate("() => window.designroomCallReplay.firstOffsetMs()")
    interviewer.select_option("#replay-speed", "1")
    interviewer.eval_on_selector(
        "#replay-scrubber",
        "(el, s) => { el.value = String(Math.ceil(s / 1000)); el.dispatchEvent(new Event('input')); }",
        start,
    )
    interviewer.click("#replay-play")
    interviewer.wait_for_function(
        "() => [...document.querySelectorAll('#replay-audio audio')].some((a) => !a.paused && a.currentTime > 0.5)",
        timeout=10_000,
    )
    # Once playing, the audio follows the scrubber's clock (a seek settles within a moment).
    interviewer.wait_for_function(
        "() => { const r = window.designroomCallReplay;"
        " return r.playingCount() > 0 && r.maxDriftMs() < 400; }",
        timeout=10_000,
    )
    interviewer.click("#replay-play")  # pause: the audio stops with the timeline
    interviewer.wait_for_function(
        "() => [...document.querySelectorAll('#replay-audio audio')].every((a) => a.paused)"
    )
