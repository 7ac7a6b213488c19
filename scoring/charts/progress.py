"""Scores across sessions as a line chart (0-100), one line per series."""

from __future__ import annotations

from html import escape

W, H, PAD_L, PAD_B, PAD_T = 640, 240, 40, 36, 14
COLOURS = ["#1f5fbf", "#1e7a3c", "#8a5a00", "#b3261e", "#6b3fa0"]


def progress_svg(labels: list[str], series: dict[str, list[float | None]], *, title: str) -> str:
    """labels: one per session (x axis); series: name -> values 0-100 (None = no value)."""
    n = max(len(labels), 1)
    step = (W - PAD_L - 20) / max(n - 1, 1)

    def x(i: int) -> float:
        return PAD_L + i * step if n > 1 else PAD_L + (W - PAD_L) / 2

    def y(v: float) -> float:
        return PAD_T + (H - PAD_T - PAD_B) * (1 - v / 100)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="progress-chart" viewBox="0 0 {W} {H + 20 * len(series)}" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for tick in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{PAD_L}" x2="{W - 10}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#d9dce1"/>'
            f'<text x="{PAD_L - 6}" y="{y(tick) + 4:.1f}" font-size="10" text-anchor="end" fill="#545b66">{tick}</text>'
        )
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{x(i):.1f}" y="{H - PAD_B + 16}" font-size="10" text-anchor="middle" fill="#545b66">{escape(label)}</text>'
        )
    for k, (name, values) in enumerate(series.items()):
        colour = COLOURS[k % len(COLOURS)]
        points = [(x(i), y(v)) for i, v in enumerate(values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
        parts += [
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}"/>' for px, py in points
        ]
        ly = H + 6 + 20 * k
        parts.append(
            f'<rect x="{PAD_L}" y="{ly}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{PAD_L + 18}" y="{ly + 10}" font-size="12" fill="#1c1f24">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
