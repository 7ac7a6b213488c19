"""A starter board at the session's start, seen by both people; PNG and .excalidraw exports."""

from __future__ import annotations

import json
import re
import struct

import pytest

from .conftest import sign_in
from .test_room import _wait_online

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

COMMON = {"id", "type", "x", "y", "width", "height", "angle", "strokeColor", "backgroundColor",
          "fillStyle", "strokeWidth", "strokeStyle", "roughness", "opacity", "groupIds",
          "frameId", "roundness", "seed", "version", "versionNonce", "isDeleted",
          "boundElements", "updated", "link", "locked"}  # fmt: skip
BY_TYPE = {
    "rectangle": set(),
    "ellipse": set(),
    "text": {"text", "originalText", "fontSize", "fontFamily", "textAlign", "verticalAlign",
             "containerId", "lineHeight"},
    "arrow": {"points", "startBinding", "endBinding", "startArrowhead", "endArrowhead"},
}  # fmt: skip


def excalidraw_problems(scene: dict) -> list[str]:
    """Excalidraw's scene format (type, version 2, elements with the fields its restore
    reads; bound text and arrows pointing at elements that point back)."""
    problems = []
    if scene.get("type") != "excalidraw" or scene.get("version") != 2:
        problems.append("not an excalidraw v2 scene")
    by_id = {e["id"]: e for e in scene["elements"]}
    for e in scene["elements"]:
        missing = (COMMON | BY_TYPE.get(e["type"], {"?"})) - set(e)
        if missing:
            problems.append(f"{e['id']}: missing {sorted(missing)}")
        for bound in e.get("boundElements") or []:
            other = by_id.get(bound["id"])
            if other is None or other["type"] != bound["type"]:
                problems.append(f"{e['id']}: bound {bound['id']} missing")
        if e["type"] == "text" and e.get("containerId"):
            container = by_id.get(e["containerId"], {})
            if not any(b["id"] == e["id"] for b in container.get("boundElements") or []):
                problems.append(f"{e['id']}: its container does not list it")
        if e["type"] == "arrow":
            for end in ("startBinding", "endBinding"):
                if (e.get(end) or {}).get("elementId") not in by_id:
                    problems.append(f"{e['id']}: {end} binds to nothing")
    return problems


def _peer_room_on(server, new_page, names, slug: str, search: str):
    for name in names:
        server.create_user(name)
    interviewer, candidate = new_page(), new_page()
    sign_in(interviewer, server, names[0])
    interviewer.goto(f"{server.url}/sessions/new/?q={search.replace(' ', '+')}")
    interviewer.wait_for_selector(f"#q-{slug}")
    interviewer.check(f"#q-{slug}")
    interviewer.check("input[name=mode][value=peer_interviewer]")
    interviewer.get_by_role("button", name="Create the session").click()
    interviewer.wait_for_url(re.compile(r"/sessions/[0-9a-f-]{36}/lobby/$"))
    session_id = interviewer.url.split("/sessions/")[1].split("/")[0]
    link = interviewer.input_value("#invite-candidate")
    sign_in(candidate, server, names[1])
    candidate.goto(link)
    candidate.locator("main form [type=submit]").click()
    candidate.goto(f"{server.url}/sessions/{session_id}/lobby/")
    interviewer.wait_for_selector(f"#lobby-people >> text={names[1]}")
    interviewer.get_by_role("button", name="Start the interview").click()
    for page in (interviewer, candidate):
        page.wait_for_url(f"**/sessions/{session_id}/room/", timeout=20_000)
        _wait_online(page)
    return interviewer, candidate


def test_a_starter_board_is_there_at_the_start_and_exports_as_png_and_excalidraw(
    live_asgi, new_page
):
    interviewer, candidate = _peer_room_on(
        live_asgi, new_page, ("stella", "stan"), "rate-limiter", "distributed rate limiter"
    )
    for page in (interviewer, candidate):
        page.wait_for_selector("#board .board-node >> text=Public API gateway")
        assert page.locator("#board .board-node").count() == 3
        assert page.locator("#board .board-edge").count() == 2
        page.wait_for_selector("#board .board-text >> text=per API key")

    with candidate.expect_download() as download:
        candidate.get_by_role("button", name="PNG").click()
    png = download.value.path().read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width > 400
    assert height > 200
    assert len(png) > 5_000, "an image with the diagram drawn in it, not a blank"

    with candidate.expect_download() as download:
        candidate.get_by_role("button", name=".excalidraw").click()
    assert download.value.suggested_filename.endswith(".excalidraw")
    scene = json.loads(download.value.path().read_text())
    assert excalidraw_problems(scene) == []
    texts = [e["text"] for e in scene["elements"] if e["type"] == "text"]
    assert any("Product API" in t for t in texts)
    assert any("per API key" in t for t in texts)
    arrows = [e for e in scene["elements"] if e["type"] == "arrow"]
    assert len(arrows) == 2
