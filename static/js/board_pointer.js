// Pointer and keyboard handling of the board's components, arrows and canvas, for
// BoardEditor (board.js): select, drag a component (a move is sent at most every 100 ms and
// once more on drop), draw an arrow from a component's handle, pan by dragging the canvas,
// zoom with the wheel. The drag in progress is `editor.dragging` (the bench reads it).

import { H, W, snap } from "./board_geometry.js";

const MOVE_EVERY_MS = 100;

export class BoardPointer {
  constructor(editor) {
    this.editor = editor;
    this.panning = null;
  }

  bindNode(g) {
    const editor = this.editor;
    const id = g.dataset.id;
    g.addEventListener("focus", () => { if (!editor.isSelected("node", id)) editor.select({ type: "node", id }); });
    g.addEventListener("dblclick", () => editor.select({ type: "node", id }, { focusField: !editor.readOnly }));
    g.addEventListener("keydown", (event) => this.nodeKey(event, id));
    g.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      event.stopPropagation();
      editor.select({ type: "node", id });
      if (editor.readOnly) return;
      const node = editor.store.view.nodes.find((n) => n.id === id);
      if (!node) return;
      const start = editor.toBoard(event.clientX, event.clientY);
      if (event.target.classList.contains("node-handle")) {
        editor.connecting = { from: id, pointerId: event.pointerId };
        editor.svg.setPointerCapture(event.pointerId);
        this.showGhost(node, start);
        return;
      }
      editor.dragging = { id, dx: start.x - node.x, dy: start.y - node.y, x: node.x, y: node.y, lastSent: 0, moved: false, pointerId: event.pointerId };
      editor.svg.setPointerCapture(event.pointerId);
    });
  }

  nodeKey(event, id) {
    const editor = this.editor;
    if (editor.readOnly) return;
    const step = event.shiftKey ? 50 : 10;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (moves[event.key]) {
      event.preventDefault();
      editor.moveBy(id, ...moves[event.key]);
    } else if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      editor.deleteSelected();
    } else if (event.key === "Enter" || event.key === "F2") {
      event.preventDefault();
      editor.select({ type: "node", id }, { focusField: true });
    } else if (event.key === "Escape") {
      editor.select(null);
      editor.svg.focus();
    }
  }

  bindEdge(g) {
    const editor = this.editor;
    const id = g.dataset.id;
    g.addEventListener("focus", () => { if (!editor.isSelected("edge", id)) editor.select({ type: "edge", id }); });
    g.addEventListener("pointerdown", (event) => {
      event.stopPropagation();
      editor.select({ type: "edge", id });
    });
    g.addEventListener("dblclick", () => editor.select({ type: "edge", id }, { focusField: !editor.readOnly }));
    g.addEventListener("keydown", (event) => {
      if (editor.readOnly) return;
      if (event.key === "Delete" || event.key === "Backspace") { event.preventDefault(); editor.deleteSelected(); }
      if (event.key === "Enter" || event.key === "F2") { event.preventDefault(); editor.select({ type: "edge", id }, { focusField: true }); }
      if (event.key === "Escape") { editor.select(null); editor.svg.focus(); }
    });
  }

  bindStage() {
    const editor = this.editor;
    const svg = editor.svg;
    svg.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      editor.select(null);
      this.panning = { x: event.clientX, y: event.clientY, vx: editor.view.x, vy: editor.view.y };
      svg.setPointerCapture(event.pointerId);
      svg.classList.add("is-panning");
    });
    svg.addEventListener("pointermove", (event) => {
      if (editor.listeners.get("pointer")?.size) editor.emit("pointer", editor.toBoard(event.clientX, event.clientY));
      if (editor.shapes.dragMove(event)) return;
      if (editor.dragging) return this.dragMove(event);
      if (editor.connecting) return this.connectMove(event);
      if (this.panning) {
        editor.viewport.panTo(this.panning.vx + (event.clientX - this.panning.x), this.panning.vy + (event.clientY - this.panning.y));
      }
    });
    const end = (event) => {
      editor.shapes.dragEnd();
      if (editor.dragging) this.dragEnd();
      if (editor.connecting) this.connectEnd(event);
      this.panning = null;
      svg.classList.remove("is-panning");
    };
    svg.addEventListener("pointerleave", () => editor.emit("pointer", null));
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointercancel", end);
    svg.addEventListener("wheel", (event) => {
      event.preventDefault();
      editor.zoomBy(Math.exp(-event.deltaY * 0.0015), event.clientX, event.clientY);
    }, { passive: false });
    svg.addEventListener("keydown", (event) => {
      if (event.target !== svg) return;
      if (event.key === "+" || event.key === "=") editor.zoomBy(1.2);
      if (event.key === "-") editor.zoomBy(1 / 1.2);
    });
  }

  /** A drag redraws only the dragged component and its arrows (a full render per pointer
   * move costs hundreds of milliseconds on a large board; bench/board_drag.py). */
  renderDragged(id) {
    const editor = this.editor;
    const board = editor.store.view;
    const node = board.nodes.find((n) => n.id === id);
    if (!node) return editor.render();
    const shown = editor.displayed(node);
    editor.renderer.renderNode(shown);
    const touching = board.edges.filter((e) => e.from === id || e.to === id);
    const ends = new Map([[id, shown]]);
    for (const e of touching) {
      for (const end of [e.from, e.to]) {
        if (!ends.has(end)) ends.set(end, editor.displayed(board.nodes.find((n) => n.id === end) || {}));
      }
    }
    for (const e of touching) editor.renderer.renderEdge(e, ends);
  }

  dragMove(event) {
    const editor = this.editor;
    const d = editor.dragging;
    const p = editor.toBoard(event.clientX, event.clientY);
    d.x = snap(p.x - d.dx);
    d.y = snap(p.y - d.dy);
    d.moved = true;
    this.renderDragged(d.id);
    const now = performance.now();
    if (now - d.lastSent >= MOVE_EVERY_MS) {
      d.lastSent = now;
      editor.op({ kind: "node.move", id: d.id, x: d.x, y: d.y });
    } else {
      clearTimeout(d.timer);
      d.timer = setTimeout(() => {
        if (editor.dragging === d) { d.lastSent = performance.now(); editor.op({ kind: "node.move", id: d.id, x: d.x, y: d.y }); }
      }, MOVE_EVERY_MS - (now - d.lastSent));
    }
  }

  dragEnd() {
    const editor = this.editor;
    const d = editor.dragging;
    clearTimeout(d.timer);
    editor.dragging = null;
    if (d.moved) editor.op({ kind: "node.move", id: d.id, x: d.x, y: d.y });
    editor.render();
  }

  showGhost(node, p) {
    const ghost = this.editor.ghost;
    ghost.setAttribute("x1", node.x); ghost.setAttribute("y1", node.y);
    ghost.setAttribute("x2", p.x); ghost.setAttribute("y2", p.y);
    ghost.setAttribute("visibility", "visible");
  }

  connectMove(event) {
    const editor = this.editor;
    const node = editor.store.view.nodes.find((n) => n.id === editor.connecting.from);
    if (node) this.showGhost(node, editor.toBoard(event.clientX, event.clientY));
  }

  connectEnd(event) {
    const editor = this.editor;
    editor.ghost.setAttribute("visibility", "hidden");
    const from = editor.connecting.from;
    editor.connecting = null;
    const p = editor.toBoard(event.clientX, event.clientY);
    const target = editor.store.view.nodes.find((n) => Math.abs(n.x - p.x) <= W / 2 && Math.abs(n.y - p.y) <= H / 2 && n.id !== from);
    if (target) editor.connect(from, target.id);
  }
}
