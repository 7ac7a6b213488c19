"""Horizontal bar charts and stacked score distributions, as server-side SVG."""

from __future__ import annotations

from html import escape

W, ROW, LABEL_W, PAD = 640, 22, 220, 8
SCORE_COLOURS = {1: "#b3261e", 2: "#d08a1e", 3: "#4f8f3a", 4: "#1e5c2f"}


def bars_svg(rows: list[tuple[str, float]], *, title: str, maximum: float | None = None,
             unit: str = "") -> str:  # fmt: skip
    """One bar per (label, value), longest scaled to the chart (or to ``maximum``)."""
    top = maximum or max((v for _, v in rows), default=1) or 1
    height = PAD * 2 + ROW * max(len(rows), 1)
    parts = [_open(title, height)]
    span = W - LABEL_W - 60
    for i, (label, value) in enumerate(rows):
        y = PAD + i * ROW
        width = span * value / top
        parts.append(
            f'<text x="{LABEL_W - 6}" y="{y + 15}" font-size="11" text-anchor="end" '
            f'fill="#1c1f24">{escape(label)}</text>'
            f'<rect x="{LABEL_W}" y="{y + 4}" width="{width:.1f}" height="{ROW - 8}" fill="#1f5fbf"/>'
            f'<text x="{LABEL_W + width + 4:.1f}" y="{y + 15}" font-size="11" '
            f'fill="#545b66">{_number(value)}{escape(unit)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def distribution_svg(rows: list[tuple[str, dict[int, int]]], *, title: str) -> str:
    """One stacked bar per criterion: the share of scores 1, 2, 3 and 4 (counts in the tip)."""
    height = PAD * 2 + ROW * max(len(rows), 1) + 24
    parts = [_open(title, height)]
    span = W - LABEL_W - 20
    for i, (label, counts) in enumerate(rows):
        y = PAD + i * ROW
        total = sum(counts.values()) or 1
        x = float(LABEL_W)
        parts.append(
            f'<text x="{LABEL_W - 6}" y="{y + 15}" font-size="11" text-anchor="end" '
            f'fill="#1c1f24">{escape(label)}</text>'
        )
        for score in (1, 2, 3, 4):
            width = span * counts.get(score, 0) / total
            if width:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y + 4}" width="{width:.1f}" height="{ROW - 8}" '
                    f'fill="{SCORE_COLOURS[score]}"><title>{score}: {counts.get(score, 0)}</title></rect>'
                )
            x += width
    legend_y = PAD + ROW * max(len(rows), 1) + 6
    for k, score in enumerate((1, 2, 3, 4)):
        lx = LABEL_W + 70 * k
        parts.append(
            f'<rect x="{lx}" y="{legend_y}" width="12" height="12" fill="{SCORE_COLOURS[score]}"/>'
            f'<text x="{lx + 16}" y="{legend_y + 10}" font-size="11" fill="#1c1f24">score {score}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _open(title: str, height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" viewBox="0 0 {W} {height}" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    )


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"
