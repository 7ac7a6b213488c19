"""A component's own capacity, typed in the inspector, reaches the other side's board."""

from __future__ import annotations

import pytest

from .test_notes_crdt import _room
from .test_room import _add_component

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

OWN = "() => window.designroom.store.view.nodes.find((n) => n.label === 'Orders API')?.capacity"


def test_a_components_capacity_is_edited_in_the_inspector_and_shared(live_asgi, new_page):
    _, interviewer, candidate = _room(live_asgi, new_page, ("cato", "cyra"))
    _add_component(candidate, "service", "Orders API")
    candidate.select_option("#board [name=capacity-unit]", "ops/s")
    candidate.fill("#board [name=capacity]", "3000")
    candidate.keyboard.press("Enter")
    interviewer.wait_for_function(f"() => ({OWN})()?.value === 3000 && ({OWN})()?.unit === 'ops/s'")
    # Out of bounds: refused in the browser, nothing sent.
    candidate.fill("#board [name=capacity]", "-5")
    candidate.keyboard.press("Enter")
    assert candidate.evaluate(f"() => ({OWN})().value") == 3000
    # Emptied: the kind's default applies again, on both sides.
    candidate.fill("#board [name=capacity]", "")
    candidate.keyboard.press("Enter")
    interviewer.wait_for_function(f"() => ({OWN})() === null")
