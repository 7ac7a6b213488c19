"""Where a new component goes: the first free spot near where it was asked for.

Pure and deterministic, and mirrored by ``static/js/board_placement.js`` so that the browser's
guess is usually the server's answer. The server decides (``node.add`` with ``"place":
"free"``): two components added at the same moment from two browsers are placed one after
the other against the board as it then is, so they never land on the same spot.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

# The size of a component as drawn (static/js/board.js), and the clear space kept around it.
NODE_WIDTH = 150
NODE_HEIGHT = 62
GAP_X = 40
GAP_Y = 40
GRID = 10
MAX_RINGS = 30


def overlaps(x: float, y: float, nodes: Iterable[Mapping[str, Any]]) -> bool:
    """Whether a component centred on (x, y) would touch one of ``nodes`` (gaps included)."""
    return any(
        abs(node["x"] - x) < NODE_WIDTH + GAP_X and abs(node["y"] - y) < NODE_HEIGHT + GAP_Y
        for node in nodes
    )


def spiral(x: float, y: float, rings: int = MAX_RINGS) -> Iterable[tuple[float, float]]:
    """Candidate centres around (x, y), ring by ring; in each ring nearest first, then
    clockwise from the right, so the order never depends on anything but the start."""
    # Steps on the grid, so that snapping never pulls a candidate into its neighbour.
    step_x = math.ceil((NODE_WIDTH + GAP_X) / GRID) * GRID
    step_y = math.ceil((NODE_HEIGHT + GAP_Y) / GRID) * GRID
    yield _snap(x), _snap(y)
    for ring in range(1, rings + 1):
        cells = [
            (col, row)
            for col in range(-ring, ring + 1)
            for row in range(-ring, ring + 1)
            if max(abs(col), abs(row)) == ring
        ]
        cells.sort(key=lambda c: (math.hypot(c[0] * step_x, c[1] * step_y), _angle(c)))
        for col, row in cells:
            yield _snap(x + col * step_x), _snap(y + row * step_y)


def free_spot(nodes: list[Mapping[str, Any]], x: float, y: float) -> tuple[float, float]:
    """The first spot of the spiral around (x, y) that no component covers."""
    for cx, cy in spiral(x, y):
        if not overlaps(cx, cy, nodes):
            return cx, cy
    return _snap(x), _snap(y)  # a board this full has no free ring near: keep the request


def _angle(cell: tuple[int, int]) -> float:
    return math.atan2(cell[1], cell[0]) % (2 * math.pi)


def _snap(value: float) -> float:
    # Half up, as the browser's Math.round (Python's round() would go to even).
    return float(math.floor(value / GRID + 0.5) * GRID)
