"""The board's diagram as SVG, with critique findings marked on the components they name.

Edge labels are drawn last, above the boxes, each at the first spot along its arrow (the
middle first, then further towards either end, on the line or just beside it) where it
overlaps no box and no label placed before it; a label that fits nowhere stays in the
middle. Components are named by their label, or by their kind: an id is internal.
"""

from __future__ import annotations

from collections import defaultdict, deque
from html import escape
from typing import Any

from .diagram_shapes import shapes_extent, starter_ids, starter_legend, texts_svg, zones_svg

NODE_W, NODE_H = 150, 54
GAP_X, GAP_Y = 70, 40
MARGIN = 30
KIND_FILL = {
    "client": "#e8eefc",
    "load_balancer": "#e3f4ec",
    "api_gateway": "#e3f4ec",
    "cdn": "#e3f4ec",
    "service": "#ffffff",
    "worker": "#ffffff",
    "database": "#fdf0dc",
    "cache": "#fde6e4",
    "queue": "#efe6fb",
    "object_store": "#fdf0dc",
    "search": "#fdf0dc",
    "external": "#eeeeee",
}
KIND_LABEL = {
    "load_balancer": "load balancer",
    "api_gateway": "API gateway",
    "object_store": "object store",
}


def _auto_layout(nodes: list[dict], edges: list[dict]) -> dict[str, tuple[float, float]]:
    """Columns by distance from the clients (or from any source), for boards without positions."""
    ids = [n["id"] for n in nodes]
    out = defaultdict(list)
    indegree = dict.fromkeys(ids, 0)
    for e in edges:
        if e.get("from") in indegree and e.get("to") in indegree:
            out[e["from"]].append(e["to"])
            indegree[e["to"]] += 1
    starts = (
        [n["id"] for n in nodes if n.get("kind") == "client"]
        or [i for i in ids if indegree[i] == 0]
        or ids[:1]
    )
    depth = dict.fromkeys(starts, 0)
    queue = deque(starts)
    while queue:
        current = queue.popleft()
        for nxt in out[current]:
            if nxt not in depth:
                depth[nxt] = depth[current] + 1
                queue.append(nxt)
    columns: dict[int, list[str]] = defaultdict(list)
    for node_id in ids:
        columns[depth.get(node_id, max(depth.values(), default=0) + 1)].append(node_id)
    return {
        node_id: (MARGIN + col * (NODE_W + GAP_X), MARGIN + row * (NODE_H + GAP_Y))
        for col, members in columns.items()
        for row, node_id in enumerate(members)
    }


def _positions(
    nodes: list[dict], edges: list[dict], board: dict[str, Any] | None = None
) -> tuple[dict[str, tuple[float, float]], tuple[float, float] | None]:
    """Each node's top-left corner, and the shift from board space to the drawing (None
    when the board has no usable positions and is laid out by depth instead)."""
    placed = [(n.get("x"), n.get("y")) for n in nodes]
    has_positions = all(
        isinstance(x, int | float) and isinstance(y, int | float) for x, y in placed
    )
    # Boards made outside the editor (imports, the API) may stack every node on one spot.
    if nodes and has_positions and len(set(placed)) == len(placed):
        # The editor's x, y is a component's centre; zones and texts use top-left corners.
        extent = shapes_extent(board or {})
        min_x = min([n["x"] for n in nodes] + [b[0] - NODE_W / 2 for b in extent])
        min_y = min([n["y"] for n in nodes] + [b[1] - NODE_H / 2 for b in extent])
        shift = (MARGIN + NODE_W / 2 - min_x, MARGIN + NODE_H / 2 - min_y)
        pos = {n["id"]: (n["x"] - min_x + MARGIN, n["y"] - min_y + MARGIN) for n in nodes}
        return pos, shift
    return _auto_layout(nodes, edges), None


def diagram_svg(
    board: dict[str, Any], findings: list[dict] | None = None, *, title: str = "System diagram"
) -> str:
    """Render nodes, edges (async dashed) and numbered finding markers as one SVG element."""
    nodes = [n for n in board.get("nodes", []) if n.get("id")]
    edges = [e for e in board.get("edges", []) if e.get("from") and e.get("to")]
    pos, shift = _positions(nodes, edges, board)
    flagged: dict[str, list[int]] = defaultdict(list)
    for number, finding in enumerate(findings or [], start=1):
        for node_id in finding.get("nodes", []):
            flagged[node_id].append(number)
    extent = [(b[2] + shift[0], b[3] + shift[1]) for b in shapes_extent(board)] if shift else []
    width = max([x + NODE_W for x, _ in pos.values()] + [x for x, _ in extent], default=0)
    height = max([y + NODE_H for _, y in pos.values()] + [y for _, y in extent], default=0)
    width, height = width + MARGIN, height + MARGIN
    starter = starter_ids(board)
    from_starter = [n for n in nodes if str(n["id"]) in starter]
    if from_starter:
        height += 18  # room for the legend
        width = max(width, 560)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="diagram" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#545b66"/></marker></defs>',
    ]
    drawn = [e for e in edges if e["from"] in pos and e["to"] in pos]
    parts += zones_svg(board, shift) if shift else []
    parts += [_edge(e, pos) for e in drawn]
    parts += [
        _node(n, pos[n["id"]], flagged.get(n["id"], []), str(n["id"]) in starter) for n in nodes
    ]
    parts += edge_labels(drawn, pos, (width, height))
    parts += texts_svg(board, shift) if shift else []
    if from_starter:
        imported = (board.get("starter") or {}).get("source") == "import"
        parts.append(starter_legend(len(from_starter), (MARGIN / 2, height - 8), imported=imported))
    if not nodes:
        parts.append(
            f'<text x="{MARGIN}" y="{MARGIN + 20}" fill="#545b66">The diagram is empty.</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _segment(edge: dict, pos: dict[str, tuple[float, float]]) -> tuple[float, float, float, float]:
    """From the source box's centre to the target box's border."""
    (x1, y1), (x2, y2) = pos[edge["from"]], pos[edge["to"]]
    ax, ay = x1 + NODE_W / 2, y1 + NODE_H / 2
    bx, by = x2 + NODE_W / 2, y2 + NODE_H / 2
    dx, dy = bx - ax, by - ay
    scale = min(
        (NODE_W / 2) / abs(dx) if dx else float("inf"),
        (NODE_H / 2) / abs(dy) if dy else float("inf"),
    )
    if scale != float("inf"):
        bx, by = bx - dx * scale, by - dy * scale
    return ax, ay, bx, by


def _edge(edge: dict, pos: dict[str, tuple[float, float]]) -> str:
    ax, ay, bx, by = _segment(edge, pos)
    dash = ' stroke-dasharray="6 4"' if edge.get("mode") == "async" else ""
    return (
        f'<g class="edge"><line x1="{ax:.1f}" y1="{ay:.1f}" x2="{bx:.1f}" y2="{by:.1f}" stroke="#545b66" '
        f'stroke-width="1.5"{dash} marker-end="url(#arrow)"/></g>'
    )


LABEL_FONT = 11
LABEL_CHAR_W = 6.4  # a generous average glyph width at 11 px
LABEL_H = 14
_ALONG = (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8)
_ASIDE = (0.0, -12.0, 12.0, -24.0, 24.0, -36.0, 36.0, -48.0, 48.0, -60.0, 60.0)

Box = tuple[float, float, float, float]  # left, top, right, bottom


def label_box(x: float, y: float, text: str) -> Box:
    """The area a centred label with its baseline at y covers."""
    half = len(text) * LABEL_CHAR_W / 2 + 3
    return (x - half, y - LABEL_H + 3, x + half, y + 4)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def edge_labels(
    edges: list[dict], pos: dict[str, tuple[float, float]], canvas: tuple[float, float]
) -> list[str]:
    """One <text> per labelled edge, placed clear of every box and earlier label, inside
    the canvas."""
    boxes: list[Box] = [(x - 2, y - 2, x + NODE_W + 2, y + NODE_H + 2) for x, y in pos.values()]
    placed: list[Box] = []
    parts = []
    for edge in edges:
        text = str(edge.get("label") or "")[:40]
        if not text:
            continue
        x, y = _label_spot(_segment(edge, pos), text, boxes + placed, canvas)
        placed.append(label_box(x, y, text))
        parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" class="edge-label" text-anchor="middle" '
            f'font-size="{LABEL_FONT}" fill="#545b66" stroke="#fff" stroke-width="3" '
            f'paint-order="stroke">{escape(text)}</text>'
        )
    return parts


def _label_spot(
    segment: tuple[float, float, float, float],
    text: str,
    taken: list[Box],
    canvas: tuple[float, float],
) -> tuple[float, float]:
    ax, ay, bx, by = segment
    length = max(1.0, ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5)
    nx, ny = -(by - ay) / length, (bx - ax) / length  # unit normal to the arrow
    for t in _ALONG:
        for aside in _ASIDE:
            x = ax + (bx - ax) * t + nx * aside
            y = ay + (by - ay) * t + ny * aside + 4
            box = label_box(x, y, text)
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= canvas[0] and box[3] <= canvas[1]
            if inside and not any(_overlaps(box, other) for other in taken):
                return x, y
    return (ax + bx) / 2, (ay + by) / 2 - 4


def _node(node: dict, at: tuple[float, float], numbers: list[int], starter: bool = False) -> str:
    x, y = at
    kind = str(node.get("kind") or "service")
    fill = KIND_FILL.get(kind, "#ffffff")
    stroke = "#b3261e" if numbers else "#8a919c"
    replicas = node.get("replicas")
    badge = f" ×{int(replicas)}" if isinstance(replicas, int) and replicas > 1 else ""
    name = str(node.get("label") or "").strip() or KIND_LABEL.get(kind, kind.replace("_", " "))
    label = escape(name[:28])
    marker = ""
    if numbers:
        marker = (
            f'<circle cx="{x + NODE_W - 4:.1f}" cy="{y + 4:.1f}" r="10" fill="#b3261e"/>'
            f'<text x="{x + NODE_W - 4:.1f}" y="{y + 8:.1f}" text-anchor="middle" font-size="11" fill="#fff">'
            f"{escape(','.join(str(n) for n in numbers[:3]))}</text>"
        )
    classes = (
        f"node node-{escape(kind)}{' flagged' if numbers else ''}{' starter' if starter else ''}"
    )
    dash = ' stroke-dasharray="5 3"' if starter and not numbers else ""
    return (
        f'<g class="{classes}" data-id="{escape(str(node["id"]))}">'
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{NODE_W}" height="{NODE_H}" rx="8" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="{2.5 if numbers else 1.2}"{dash}/>'
        f'<text x="{x + 10:.1f}" y="{y + 22:.1f}" font-size="13" font-weight="600" fill="#1c1f24">{label}</text>'
        f'<text x="{x + 10:.1f}" y="{y + 40:.1f}" font-size="11" fill="#545b66">'
        f"{escape(KIND_LABEL.get(kind, kind.replace('_', ' ')))}{badge}</text>{marker}</g>"
    )
