"""Dragging a component on a 150-element board, in Chromium: the cost of one pointer move.

The room's board (the real _board.html markup, room.css and the ES modules of static/js)
is served to Playwright from this checkout by request interception, with no Django server:
the bench measures the editor, not the network. A store is filled with 100 components and
50 arrows (150 elements), and one component is dragged through 60 pointer moves. For each
move the page times the pointermove handler plus the style and layout it causes (a forced
layout right after the event) and, separately, the interval between animation frames while
the drag runs (Playwright's mouse, one move at a time). The baseline, measured in the same
run and the same page, drags a component on a board of 2 elements. A third round per run
drags a group: 30 of the 150 elements selected, moved together. One warm-up round, then
ROUNDS rounds; medians, spread, and the machine's load average are printed, the summary
line last.

    .venv/bin/python bench/board_drag.py [ROUNDS]
"""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

import django

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.template.loader import render_to_string  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

ORIGIN = "http://bench.designroom.test"
MOVES = 60
GROUP = 30
CHROMIUM = "/usr/bin/chromium"

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/static/css/base.css"><link rel="stylesheet" href="/static/css/room.css">
<link rel="stylesheet" href="/static/css/room_layout.css"></head>
<body class="room-page live-room"><main><div class="room"><div class="room-grid"><section class="room-main">
{board}</section></div></div></main>
<script type="module" src="/static/bench/board_drag_page.js"></script></body></html>"""

SCRIPT = """
import { BoardEditor } from "/static/js/board.js";
import { BoardStore } from "/static/js/board_model.js";

function board(count) {
  const nodes = [], edges = [];
  const kinds = ["service", "database", "cache", "queue", "client", "worker"];
  const components = Math.max(1, Math.round(count * 2 / 3));
  for (let i = 0; i < components; i += 1) {
    nodes.push({ id: `n${i}`, kind: kinds[i % kinds.length], label: `Component ${i}`, x: 120 + (i % 10) * 200, y: 80 + Math.floor(i / 10) * 120, notes: "", replicas: i % 3 ? null : 3 });
  }
  for (let i = 0; edges.length < count - components; i += 1) {
    edges.push({ id: `e${i}`, from: `n${i % components}`, to: `n${(i * 7 + 1) % components}`, label: i % 2 ? "gRPC" : "", mode: i % 4 ? "sync" : "async" });
  }
  return { version: 0, nodes, edges: edges.filter((e) => e.from !== e.to), zones: [], texts: [], notes: {} };
}

window.benchSetup = async (count, group = 0) => {
  const root = document.getElementById("board");
  const store = new BoardStore(board(count));
  let n = 0;
  const sendOp = (op) => { const id = `b${n++}`; store.addPending(id, op); setTimeout(() => store.acknowledge(id, op), 5); return id; };
  const editor = new BoardEditor(root, { store, sendOp });
  editor.fit();
  // A group drag: the first `group` components selected, n0 among them (one step on drop).
  if (group) editor.selectMany(store.view.nodes.slice(0, group).map((n) => ({ type: "node", id: n.id })));
  await new Promise((r) => requestAnimationFrame(r));
  // Per move: from the first listener (window, capture) to after the board's handler and
  // the style and layout it caused (window, bubble, forced layout).
  window.bench = { costs: [], frames: [], store };
  let t0 = 0;
  window.addEventListener("pointermove", () => { t0 = performance.now(); }, { capture: true });
  window.addEventListener("pointermove", () => {
    document.body.offsetHeight;
    if (editor.dragging) window.bench.costs.push(performance.now() - t0);
  });
  let last = performance.now();
  const tick = (t) => { if (editor.dragging) window.bench.frames.push(t - last); last = t; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  const box = editor.nodeEls.get("n0").getBoundingClientRect();
  return { x: box.left + 40, y: box.top + box.height / 2, elements: store.view.nodes.length + store.view.edges.length };
};
window.benchReady = true;
"""


def _serve(route) -> None:
    path = route.request.url.removeprefix(ORIGIN)
    if path in ("/", "/index.html"):
        board = render_to_string(
            "interviews/room/_board.html",
            {"board_id": "board", "readonly": False, "question": {"slug": "bench"}},
        )
        return route.fulfill(body=PAGE.format(board=board), content_type="text/html")
    if path == "/static/bench/board_drag_page.js":
        return route.fulfill(body=SCRIPT, content_type="text/javascript")
    file = BASE / path.lstrip("/")
    if path.startswith("/static/") and file.is_file():
        kind = "text/css" if file.suffix == ".css" else "text/javascript"
        return route.fulfill(body=file.read_bytes(), content_type=kind)
    return route.fulfill(status=404, body="")


def _round(page, count: int, group: int = 0) -> tuple[float, float, int]:
    page.goto(f"{ORIGIN}/")
    page.wait_for_function("window.benchReady === true")
    start = page.evaluate("([c, g]) => window.benchSetup(c, g)", [count, group])
    page.mouse.move(start["x"], start["y"])
    page.mouse.down()
    for i in range(1, MOVES + 1):
        page.mouse.move(start["x"] + i * 4, start["y"] + i * 2)
    page.mouse.up()
    result = page.evaluate(
        "() => ({costs: bench.costs, frames: bench.frames,"
        " x: bench.store.view.nodes.find((n) => n.id === 'n0').x})"
    )
    assert len(result["costs"]) >= MOVES - 1, f"{len(result['costs'])} moves seen"
    assert result["x"] > 120 + 100, f"the component did not follow the drag (x = {result['x']})"
    frames = result["frames"] or [0.0]
    return statistics.median(result["costs"]), statistics.median(frames), start["elements"]


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    load = os.getloadavg()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.route(f"{ORIGIN}/**", _serve)
        _round(page, 150)  # warm-up: JIT, styles, fonts
        _round(page, 2)
        big, small, grouped = [], [], []
        for _ in range(rounds):
            big.append(_round(page, 150))
            small.append(_round(page, 2))
            grouped.append(_round(page, 150, GROUP))
        browser.close()
    cost = [b[0] for b in big]
    base = [s[0] for s in small]
    frames = [b[1] for b in big]
    group_cost = [g[0] for g in grouped]
    group_frames = [g[1] for g in grouped]
    print(f"machine load average (1, 5, 15 min): {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"elements on the board: {big[0][2]} (baseline {small[0][2]}); {MOVES} moves per round")
    for i, (b, s) in enumerate(zip(big, small, strict=True), start=1):
        print(
            f"round {i}: per move {b[0]:.2f} ms (baseline {s[0]:.2f} ms), frame interval {b[1]:.1f} ms;"
            f" group of {GROUP}: per move {grouped[i - 1][0]:.2f} ms, frame interval {grouped[i - 1][1]:.1f} ms"
        )
    print(
        f"group drag ({GROUP} selected of 150): median per-move cost {statistics.median(group_cost):.2f} ms"
        f" (spread {min(group_cost):.2f}-{max(group_cost):.2f}), median frame interval"
        f" {statistics.median(group_frames):.1f} ms"
    )
    ratio = statistics.median(cost) / max(statistics.median(base), 1e-6)
    print(
        f"SUMMARY board_drag: median per-move cost {statistics.median(cost):.2f} ms "
        f"(spread {min(cost):.2f}-{max(cost):.2f}) on 150 elements vs {statistics.median(base):.2f} ms "
        f"on 2 ({ratio:.1f}x); median frame interval {statistics.median(frames):.1f} ms "
        f"(target <= 16 ms); {rounds} rounds"
    )


if __name__ == "__main__":
    main()
