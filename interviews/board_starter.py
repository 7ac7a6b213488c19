"""A session's first board: empty, or the question's starter board.

The starter's elements go on the board as they are, and a copy of them stays under the
state's ``starter`` key, which no op changes: the replay starts from it (the event log holds
only what people did), and the report tells the starter's elements from the candidate's by
their ids.
"""

from __future__ import annotations

from typing import Any

from content.starter_boards import starter_board_normalised

from .board import Board, board_empty

STARTER_PARTS = ("nodes", "edges", "zones", "texts")


def board_from_starter(starter: dict[str, Any] | None) -> Board:
    state = board_empty()
    if not starter:
        return state
    elements = starter_board_normalised(starter)
    for part in STARTER_PARTS:
        state[part] = [dict(e) for e in elements[part]]
    state["starter"] = elements
    return state


def starter_ids(state: Board) -> set[str]:
    """The ids of the elements that came with the starter board (whether still there or not)."""
    starter = state.get("starter") or {}
    return {e["id"] for part in STARTER_PARTS for e in starter.get(part, []) if "id" in e}
