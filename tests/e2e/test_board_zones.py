"""Zones and sticky notes in two real browsers, and the analysis reading them."""

from __future__ import annotations

import json

import pytest

from .conftest import _manage
from .test_notes_crdt import _room
from .test_room import _add_component

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ANALYSE = """
import json
from scoring.analysis import analyse
from scoring.analysis.zones import zone_membership
from scoring.selectors.analysis_input import analysis_input_build
from interviews.selectors.history import board_final_get
data = analysis_input_build(session_id={session_id!r})
print(json.dumps({{"rules": [f["rule"] for f in analyse(data)["critique"]],
                  "members": zone_membership(board_final_get(session_id={session_id!r}))}}))
"""


def _analysis(server, session_id: str) -> dict:
    out = _manage(server.env, "shell", "-c", ANALYSE.format(session_id=session_id))
    return json.loads(out.strip().splitlines()[-1])


def test_zones_and_sticky_notes_are_shared_and_change_the_analysis(live_asgi, new_page):
    session_id, interviewer, candidate = _room(live_asgi, new_page, ("zeno", "zara"))
    _add_component(candidate, "database", "Links DB")
    candidate.fill("#board [name=replicas]", "3")
    candidate.keyboard.press("Enter")
    for name in ("AZ a", "AZ b"):
        candidate.click(".palette-item[data-zone=az]")
        candidate.wait_for_function("() => document.activeElement?.name === 'zone-label'")
        candidate.keyboard.press("Control+a")
        candidate.keyboard.type(name)
        candidate.keyboard.press("Escape")
    interviewer.wait_for_function(
        "() => document.querySelectorAll('#board .board-zone').length === 2"
        " && document.querySelector('#board .board-zone:last-of-type')?.textContent.includes('AZ b')"
    )
    # Move AZ b off to the right with the keyboard: the database stays in AZ a alone.
    zone_b = candidate.locator("#board .board-zone", has_text="AZ b")
    zone_b.focus()
    for _ in range(12):
        candidate.keyboard.press("Shift+ArrowRight")
    interviewer.wait_for_function(
        "() => window.designroom.store.view.zones.some((z) => z.label === 'AZ b' && z.x > 300)"
    )
    result = _analysis(live_asgi, session_id)
    db = candidate.evaluate(
        "() => window.designroom.store.view.nodes.find((n) => n.label === 'Links DB').id"
    )
    assert len(result["members"][db]) == 1
    assert "replicas_in_one_zone" in result["rules"]

    # A sticky note, typed on one side, read on the other.
    candidate.click(".palette-item[data-text=sticky]")
    candidate.wait_for_function("() => document.activeElement?.name === 'text-text'")
    candidate.keyboard.press("Control+a")
    candidate.keyboard.type("Replicate links to a second AZ")
    candidate.keyboard.press("Tab")
    interviewer.wait_for_selector("#board .board-text >> text=second AZ")

    # Deleting the zones clears the finding; undo brings the last one back.
    for name in ("AZ a", "AZ b"):
        candidate.locator("#board .board-zone", has_text=name).focus()
        candidate.keyboard.press("Delete")
    interviewer.wait_for_function("() => !document.querySelector('#board .board-zone')")
    assert "replicas_in_one_zone" not in _analysis(live_asgi, session_id)["rules"]
    candidate.locator("#board .board-svg").focus()
    candidate.keyboard.press("Control+z")  # brings AZ b back, on both pages
    interviewer.wait_for_selector("#board .board-zone >> text=AZ b")
