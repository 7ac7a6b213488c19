"""Zones and free text in the report's diagram (diagram.py draws the components).

Zones go behind the components, texts above them, both placed by the shift that diagram.py
applies to the board's coordinates. A board laid out automatically (no positions) has no
place for them, so it shows none.
"""

from __future__ import annotations

from html import escape
from typing import Any

ZONE_STROKE = {"region": "#1f5fbf", "az": "#1e7a3c", "vpc": "#6b3fa0", "dc": "#8a5a00"}
ZONE_NAME = {"region": "Region", "az": "AZ", "vpc": "VPC", "dc": "Data centre"}
TAB_H = 22
TEXT_LINE = 16
TEXT_W = 190


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def zones_of(board: dict[str, Any]) -> list[dict]:
    return [
        z
        for z in board.get("zones") or []
        if isinstance(z, dict) and all(_number(z.get(k)) for k in ("x", "y", "w", "h"))
    ]


def texts_of(board: dict[str, Any]) -> list[dict]:
    return [
        t
        for t in board.get("texts") or []
        if isinstance(t, dict) and _number(t.get("x")) and _number(t.get("y"))
    ]


def shapes_extent(board: dict[str, Any]) -> list[tuple[float, float, float, float]]:
    """Board-space boxes (left, top, right, bottom) the zones and texts cover."""
    boxes = [(z["x"], z["y"] - TAB_H, z["x"] + z["w"], z["y"] + z["h"]) for z in zones_of(board)]
    for t in texts_of(board):
        lines = str(t.get("text") or "").splitlines()[:12] or [""]
        boxes.append((t["x"], t["y"], t["x"] + TEXT_W, t["y"] + 12 + TEXT_LINE * len(lines)))
    return boxes


def zones_svg(board: dict[str, Any], shift: tuple[float, float]) -> list[str]:
    sx, sy = shift
    parts = []
    for z in sorted(zones_of(board), key=lambda z: -(z["w"] * z["h"])):  # big ones first
        kind = str(z.get("kind") or "")
        stroke = ZONE_STROKE.get(kind, "#545b66")
        x, y = z["x"] + sx, z["y"] + sy
        title = f"{ZONE_NAME.get(kind, kind)}: {str(z.get('label') or '').strip() or 'unnamed'}"
        parts.append(
            f'<g class="zone zone-{escape(kind)}" data-zone="{escape(str(z.get("id", "")))}">'
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{z["w"]:.1f}" height="{z["h"]:.1f}" fill="none" '
            f'stroke="{stroke}" stroke-width="1.4" stroke-dasharray="8 5" rx="4"/>'
            f'<text x="{x + 6:.1f}" y="{y - 6:.1f}" font-size="12" font-weight="600" '
            f'fill="{stroke}">{escape(title[:60])}</text></g>'
        )
    return parts


def texts_svg(board: dict[str, Any], shift: tuple[float, float]) -> list[str]:
    sx, sy = shift
    parts = []
    for t in texts_of(board):
        x, y = t["x"] + sx, t["y"] + sy
        lines = [line[:32] for line in str(t.get("text") or "").splitlines()[:12]] or [""]
        sticky = t.get("style") == "sticky"
        height = 12 + TEXT_LINE * len(lines)
        body = (
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{TEXT_W}" height="{height}" rx="3" '
            'fill="#fff3b0" stroke="#d8c25a"/>'
            if sticky
            else ""
        )
        spans = "".join(
            f'<tspan x="{x + 8:.1f}" y="{y + 18 + i * TEXT_LINE:.1f}">{escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        parts.append(
            f'<g class="board-text{" sticky" if sticky else ""}">{body}'
            f'<text font-size="12" fill="#1c1f24">{spans}</text></g>'
        )
    return parts


def starter_ids(board: dict[str, Any]) -> set[str]:
    """Ids of the elements the question's starter board put there (not the candidate's)."""
    starter = board.get("starter") or {}
    return {
        str(e.get("id"))
        for part in ("nodes", "edges", "zones", "texts")
        for e in starter.get(part) or []
        if isinstance(e, dict)
    }


def starter_legend(count: int, at: tuple[float, float], *, imported: bool = False) -> str:
    x, y = at
    plural = "component" if count == 1 else "components"
    origin = (
        "the board the session was started from" if imported else "the question's starter board"
    )
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="11" fill="#545b66" class="starter-legend">'
        f"Grey dashed: {count} {plural} from {origin}; "
        "the rest is the candidate's.</text>"
    )
