"""Planned vs actual minutes per phase as a horizontal bar chart."""

from __future__ import annotations

from html import escape

ROW_H, BAR_H, LABEL_W, CHART_W = 34, 11, 170, 420


def timeline_svg(phases: list[dict]) -> str:
    """phases: [{"name", "planned_minutes", "actual_minutes"}]; overruns are drawn in red."""
    longest = max(
        [p["planned_minutes"] for p in phases]
        + [p.get("actual_minutes") or 0 for p in phases]
        + [1]
    )
    scale = CHART_W / longest
    height = ROW_H * len(phases) + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline-chart" viewBox="0 0 {LABEL_W + CHART_W + 90} {height}" '
        'role="img" aria-label="Planned and actual minutes per phase"><title>Planned and actual minutes per phase</title>'
    ]
    for i, phase in enumerate(phases):
        y = 10 + i * ROW_H
        planned, actual = phase["planned_minutes"], phase.get("actual_minutes") or 0
        over = actual > planned + 0.5
        parts.append(
            f'<text x="0" y="{y + 14}" font-size="12" fill="#1c1f24">{escape(phase["name"])}</text>'
            f'<rect x="{LABEL_W}" y="{y}" width="{planned * scale:.1f}" height="{BAR_H}" fill="#c9d6ee"/>'
            f'<rect x="{LABEL_W}" y="{y + BAR_H + 2}" width="{actual * scale:.1f}" height="{BAR_H}" '
            f'fill="{"#b3261e" if over else "#1f5fbf"}"/>'
            f'<text x="{LABEL_W + max(planned, actual) * scale + 6:.1f}" y="{y + 16}" font-size="11" fill="#545b66">'
            f"{actual:.1f} / {planned:g} min</text>"
        )
    y = height - 14
    parts.append(
        f'<rect x="{LABEL_W}" y="{y - 9}" width="12" height="9" fill="#c9d6ee"/>'
        f'<text x="{LABEL_W + 16}" y="{y}" font-size="11" fill="#545b66">planned</text>'
        f'<rect x="{LABEL_W + 80}" y="{y - 9}" width="12" height="9" fill="#1f5fbf"/>'
        f'<text x="{LABEL_W + 96}" y="{y}" font-size="11" fill="#545b66">actual</text>'
        f'<rect x="{LABEL_W + 150}" y="{y - 9}" width="12" height="9" fill="#b3261e"/>'
        f'<text x="{LABEL_W + 166}" y="{y}" font-size="11" fill="#545b66">over plan</text></svg>'
    )
    return "".join(parts)
