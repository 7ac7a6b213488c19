// Pointer and keyboard handling of the board's components, arrows and canvas, for
// BoardEditor (board.js).
//
// - Click selects; Shift+click adds an element to the selection or takes it out.
// - Dragging a component moves it (a move is sent at most every 100 ms and once more on
//   drop); dragging one element of a multi-selection moves them all, sent on drop as one
//   undo step. Moves snap to the editor's grid while snapping is on.
// - Dragging from a component's round handle to another draws an arrow.
// - Dragging on empty canvas draws a rubber band that selects what it encloses; the middle
//   button, or Space held, pans instead (and any drag does on a read-only board).
// - Touch: a finger on a component drags it; on empty canvas one finger pans and two pinch
//   (board_gesture.js). The wheel zooms.
// The drag in progress is `editor.dragging` (the bench reads it).

import { H, W, shiftOp, snap } from "./board_geometry.js";
import { TouchGestures } from "./board_gesture.js";
import { el } from "./board_render.js";
import { bandHits, bandRect, selectedElements } from "./board_selection.js";

const MOVE_EVERY_MS = 100;
const CLICK_SLOP_PX = 4;

export class BoardPointer {
  constructor(editor) {
    this.editor = editor;
    this.panning = null;
    this.band = null;
    this.spaceHeld = false;
    this.pressed = false; // a pointer is down: focus events that follow a click select nothing
    this.gestures = new TouchGestures(editor.viewport);
  }

  /** A press on an element: Shift toggles it in the selection, a press on a member of a
   * multi-selection starts a group move; true when one of those happened. */
  press(event, type, id, { movable = true } = {}) {
    const editor = this.editor;
    if (event.shiftKey && !editor.readOnly) {
      editor.toggleSelect({ type, id });
      return true;
    }
    if (movable && !editor.readOnly && editor.selection.size > 1 && editor.isSelected(type, id)) {
      this.startGroup(event, id);
      return true;
    }
    editor.select({ type, id });
    return false;
  }

  focused(type, id) {
    if (!this.pressed && !this.editor.isSelected(type, id)) this.editor.select({ type, id });
  }

  bindNode(g) {
    const editor = this.editor;
    const id = g.dataset.id;
    g.addEventListener("focus", () => this.focused("node", id));
    g.addEventListener("dblclick", () => editor.select({ type: "node", id }, { focusField: !editor.readOnly }));
    g.addEventListener("keydown", (event) => this.nodeKey(event, id));
    g.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      event.stopPropagation();
      this.pressed = true;
      if (this.press(event, "node", id) || editor.readOnly) return;
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
      if (editor.selection.size > 1) editor.moveSelectionBy(...moves[event.key]);
      else editor.moveBy(id, ...moves[event.key]);
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
    g.addEventListener("focus", () => this.focused("edge", id));
    g.addEventListener("pointerdown", (event) => {
      event.stopPropagation();
      this.pressed = true;
      this.press(event, "edge", id, { movable: false });
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
    this.bandEl = el("rect", { class: "board-band", visibility: "hidden" }, editor.overlay);
    svg.addEventListener("pointerdown", (event) => this.stageDown(event));
    svg.addEventListener("pointermove", (event) => this.stageMove(event));
    const end = (event) => {
      this.pressed = false;
      if (this.gestures.up(event)) return;
      editor.shapes.dragEnd();
      if (editor.dragging) (editor.dragging.group ? this.groupEnd() : this.dragEnd());
      if (editor.connecting) this.connectEnd(event);
      if (this.band) this.bandEnd(event);
      this.panning = null;
      svg.classList.remove("is-panning");
    };
    document.addEventListener("pointerup", () => { this.pressed = false; });
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
    const space = (down) => (event) => { if (event.key === " " && (event.target === svg || !down)) this.spaceHeld = down; };
    editor.root.addEventListener("keydown", space(true));
    editor.root.addEventListener("keyup", space(false));
  }

  stageDown(event) {
    const editor = this.editor;
    if (event.pointerType === "touch") {
      if (editor.dragging || editor.connecting) return;
      if (!this.gestures.active) editor.select(null);
      this.gestures.down(event);
      editor.svg.setPointerCapture(event.pointerId);
      return;
    }
    const pan = event.button === 1 || (event.button === 0 && (this.spaceHeld || editor.readOnly));
    if (!pan && event.button !== 0) return;
    if (event.button === 1) event.preventDefault(); // no autoscroll
    if (!event.shiftKey) editor.select(null);
    if (pan) {
      this.panning = { x: event.clientX, y: event.clientY, vx: editor.view.x, vy: editor.view.y };
      editor.svg.classList.add("is-panning");
    } else {
      this.band = { start: editor.toBoard(event.clientX, event.clientY), x: event.clientX, y: event.clientY, add: event.shiftKey };
    }
    editor.svg.setPointerCapture(event.pointerId);
  }

  stageMove(event) {
    const editor = this.editor;
    if (editor.listeners.get("pointer")?.size) editor.emit("pointer", editor.toBoard(event.clientX, event.clientY));
    if (this.gestures.move(event)) return;
    if (editor.shapes.dragMove(event)) return;
    if (editor.dragging) return editor.dragging.group ? this.groupMove(event) : this.dragMove(event);
    if (editor.connecting) return this.connectMove(event);
    if (this.band) return this.bandMove(event);
    if (this.panning) {
      editor.viewport.panTo(this.panning.vx + (event.clientX - this.panning.x), this.panning.vy + (event.clientY - this.panning.y));
    }
  }

  // ---- rubber band ----------------------------------------------------------------------

  bandMove(event) {
    const r = bandRect(this.band.start, this.editor.toBoard(event.clientX, event.clientY));
    const attrs = { x: r.left, y: r.top, width: r.right - r.left, height: r.bottom - r.top, visibility: "visible" };
    for (const [k, v] of Object.entries(attrs)) this.bandEl.setAttribute(k, v);
  }

  bandEnd(event) {
    const editor = this.editor;
    const band = this.band;
    this.band = null;
    this.bandEl.setAttribute("visibility", "hidden");
    if (Math.hypot(event.clientX - band.x, event.clientY - band.y) < CLICK_SLOP_PX) return;
    const hits = bandHits(editor.store.view, bandRect(band.start, editor.toBoard(event.clientX, event.clientY)));
    editor.selectMany(band.add ? [...editor.selection.list(), ...hits] : hits);
    editor.svg.focus({ preventScroll: true });
    if (hits.length) editor.announce(`${editor.selection.size} selected.`);
  }

  // ---- dragging -------------------------------------------------------------------------

  /** A drag redraws only the dragged components and their arrows (a full render per pointer
   * move costs hundreds of milliseconds on a large board; bench/board_drag.py). */
  renderDragged(ids) {
    const editor = this.editor;
    const board = editor.store.view;
    const moving = new Set(ids);
    const shown = new Map();
    const display = (id) => {
      if (!shown.has(id)) shown.set(id, editor.displayed(board.nodes.find((n) => n.id === id) || {}));
      return shown.get(id);
    };
    for (const id of moving) if (display(id).id) editor.renderer.renderNode(display(id));
    for (const e of board.edges) if (moving.has(e.from) || moving.has(e.to)) editor.renderer.renderEdge(e, new Map([[e.from, display(e.from)], [e.to, display(e.to)]]));
  }

  dragMove(event) {
    const editor = this.editor;
    const d = editor.dragging;
    const p = editor.toBoard(event.clientX, event.clientY);
    d.x = snap(p.x - d.dx, editor.gridSize || 1);
    d.y = snap(p.y - d.dy, editor.gridSize || 1);
    d.moved = true;
    this.renderDragged([d.id]);
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

  startGroup(event, id) {
    const editor = this.editor;
    const items = selectedElements(editor.store.view, editor.selection.list()).filter((e) => e.type !== "edge");
    const anchor = items.find((e) => e.element.id === id);
    if (!anchor) return;
    editor.dragging = {
      group: true, id, items, ids: new Set(items.map((e) => e.element.id)), anchor: anchor.element,
      start: editor.toBoard(event.clientX, event.clientY), dx: 0, dy: 0, moved: false,
    };
    editor.svg.setPointerCapture(event.pointerId);
  }

  /** The whole group follows the grabbed element, whose position snaps to the grid. */
  groupMove(event) {
    const editor = this.editor;
    const d = editor.dragging;
    const p = editor.toBoard(event.clientX, event.clientY);
    const grid = editor.gridSize || 1;
    d.dx = snap(d.anchor.x + p.x - d.start.x, grid) - d.anchor.x;
    d.dy = snap(d.anchor.y + p.y - d.start.y, grid) - d.anchor.y;
    d.moved = true;
    this.renderDragged(d.items.filter((e) => e.type === "node").map((e) => e.element.id));
    editor.shapes.render(editor.store.view);
  }

  groupEnd() {
    const editor = this.editor;
    const d = editor.dragging;
    editor.dragging = null;
    if (!d.moved) {
      editor.select({ type: d.items.find((e) => e.element.id === d.id).type, id: d.id }); // a click on one member
    } else if (d.dx || d.dy) {
      editor.opsAsOne(d.items.map((e) => shiftOp(e.type, e.element, d.dx, d.dy)));
    }
    editor.render();
  }

  // ---- arrows ---------------------------------------------------------------------------

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
