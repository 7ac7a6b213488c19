// The diagram board: a small SVG editor over BoardStore.
//
// Place components from the palette, drag them, connect them with arrows (label = protocol,
// async drawn dashed), edit label/kind/replicas/notes in the inspector, pan (drag the
// background with Space held or the middle button, one finger on touch) and zoom (wheel,
// buttons, pinch), select several (Shift+click, rubber band) to move, align, copy or delete
// them together, export SVG and JSON. Keyboard: Tab reaches every component and arrow; arrow
// keys move (Shift = further), Enter edits, Delete removes, Escape deselects.
//
// The editor is assembled from one module per concern: board_render.js draws components and
// arrows, board_shapes.js zones and texts, board_pointer.js handles pointer and keys
// (board_gesture.js touch), board_viewport.js pans and zooms, board_inspector.js edits the
// selection, board_group.js acts on several elements, board_files.js exports. Other widgets
// hook in through a small interface:
//   editor.on("viewport", ({x, y, k, rect}) => …)   the view moved or zoomed; rect is the
//                                                   visible board area {x, y, w, h}
//   editor.on("selection", (items) => …)           items: [{type, id}] now selected
//   editor.on("pointer", ({x, y}) => …)            the pointer moved over the board (board
//                                                   coordinates; null when it left)
//   editor.setViewport(rect)                       show the board area {x, y, w, h}
//   editor.visibleRect()                           the board area on screen
//   editor.setView({x, y, k})                      show a followed peer's view ("viewport"
//                                                   then says local: false, else true)
//   editor.selectedIds()                           ids of the selected elements
// `on` returns a function that removes the listener.

import { KIND_LABELS, NODE_KINDS } from "./board_model.js";
import { bindExports, exportJson, exportSvg } from "./board_files.js";
import { clamp, shiftOp, snap } from "./board_geometry.js";
import { GroupActions } from "./board_group.js";
import { Inspector } from "./board_inspector.js";
import { freeSpot } from "./board_placement.js";
import { BoardPointer } from "./board_pointer.js";
import { ElementRenderer, el } from "./board_render.js";
import { Selection, selectedElements } from "./board_selection.js";
import { ShapeLayer } from "./board_shapes.js";
import { buildShapePalette } from "./board_shapes_ui.js";
import { Viewport } from "./board_viewport.js";

// Shorter default labels where the kind's name is long.
const DEFAULT_LABELS = { queue: "Queue", object_store: "Object store", load_balancer: "Load balancer" };

const uid = (prefix) => `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export class BoardEditor {
  /** `sendOp(op)` sends one op; `sendOps(ops)`, when given, sends ops that are one user
   * action (a group move, a paste, an align) as one undo step. */
  constructor(root, { store, sendOp, sendOps = null, readOnly = false, announce = () => {} }) {
    this.root = root;
    this.store = store;
    this.sendOp = sendOp;
    this.sendOps = sendOps;
    this.readOnly = readOnly;
    this.announce = announce;
    this.selection = new Selection(); // of {type: "node"|"edge"|"zone"|"text", id}
    this.gridSize = 0; // moves snap to it; GroupActions sets it from the user's toggle
    this.dragging = null;
    this.connecting = null;
    this.waiting = new Map(); // typing not sent yet (board_inspector.js)
    this.listeners = new Map();
    this.build();
    store.addEventListener("change", () => this.render());
    this.render();
  }

  // ---- hooks ----------------------------------------------------------------------------

  on(name, fn) {
    if (!this.listeners.has(name)) this.listeners.set(name, new Set());
    this.listeners.get(name).add(fn);
    return () => this.listeners.get(name).delete(fn);
  }

  emit(name, detail) {
    for (const fn of this.listeners.get(name) || []) fn(detail);
  }

  // ---- DOM ------------------------------------------------------------------------------

  build() {
    const root = this.root;
    root.classList.add("board");
    if (this.readOnly) root.classList.add("is-readonly");
    this.palette = root.querySelector(".board-palette");
    if (this.palette && !this.readOnly) this.buildPalette();
    const stage = root.querySelector(".board-stage");
    this.svg = el("svg", {
      class: "board-svg",
      role: "application",
      "aria-label": "Diagram board. Tab to components and arrows; arrow keys move, Enter edits, Delete removes. Shift+click or drag on empty canvas selects several; Ctrl+C, Ctrl+V and Ctrl+D copy, paste and duplicate.",
      tabindex: "-1",
    });
    stage.prepend(this.svg);
    const defs = el("defs", {}, this.svg);
    for (const [id, color] of [["arrow", "#3b4350"], ["arrow-sel", "#1f5fbf"]]) {
      const marker = el("marker", { id: `${root.id}-${id}`, viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "8", markerHeight: "8", orient: "auto-start-reverse" }, defs);
      el("path", { d: "M0,0 L10,5 L0,10 z", fill: color }, marker);
    }
    const grid = el("pattern", { id: `${root.id}-grid`, width: "20", height: "20", patternUnits: "userSpaceOnUse" }, defs);
    el("path", { d: "M20 0 L0 0 0 20", fill: "none", stroke: "#e6e8ec", "stroke-width": "1" }, grid);
    this.bg = el("rect", { class: "board-bg", x: "-5000", y: "-5000", width: "10000", height: "10000", fill: `url(#${root.id}-grid)` });
    const group = el("g", { class: "board-viewport" }, this.svg);
    group.append(this.bg);
    const zoneLayer = el("g", { class: "board-zones" }, group);
    const edgeLayer = el("g", { class: "board-edges" }, group);
    this.ghost = el("line", { class: "board-ghost", visibility: "hidden" }, group);
    const nodeLayer = el("g", { class: "board-nodes" }, group);
    this.shapes = new ShapeLayer(this, { zoneLayer, textLayer: el("g", { class: "board-texts" }, group) });
    this.overlay = el("g", { class: "board-overlay" }, group);
    this.viewport = new Viewport(this.svg, group, {
      zoomLabel: root.querySelector(".board-zoom-level"),
      // local: the user's own pan or zoom, not a followed peer's view (board_cursors.js).
      onChange: (view) => this.emit("viewport", { ...view, rect: this.viewport.visibleRect(), local: !this.showingPeerView }),
    });
    this.pointer = new BoardPointer(this);
    this.renderer = new ElementRenderer(this, {
      nodeLayer, edgeLayer, bindNode: (g) => this.pointer.bindNode(g), bindEdge: (g) => this.pointer.bindEdge(g),
    });
    this.empty = root.querySelector(".board-empty");
    this.inspectorForm = root.querySelector(".board-inspector");
    this.pointer.bindStage();
    this.bindToolbar();
    this.group = new GroupActions(this);
    if (this.inspectorForm) this.inspector = new Inspector(this, this.inspectorForm, { editable: !this.readOnly });
    this.viewport.apply();
  }

  buildPalette() {
    const list = this.palette.querySelector("ul");
    for (const [kind, label] of NODE_KINDS) {
      const li = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = `palette-item kind-${kind}`;
      button.dataset.kind = kind;
      button.draggable = true;
      button.innerHTML = `<span class="swatch" aria-hidden="true"></span><span></span>`;
      button.lastChild.textContent = label;
      button.title = `Add a ${label.toLowerCase()} (or drag it onto the board)`;
      button.addEventListener("click", () => this.addNode(kind));
      button.addEventListener("dragstart", (event) => {
        event.dataTransfer.setData("application/x-designroom-kind", kind);
        event.dataTransfer.effectAllowed = "copy";
      });
      li.append(button);
      list.append(li);
    }
    buildShapePalette(list, this);
    const stage = this.root.querySelector(".board-stage");
    stage.addEventListener("dragover", (event) => {
      if (event.dataTransfer.types.includes("application/x-designroom-kind")) event.preventDefault();
    });
    stage.addEventListener("drop", (event) => {
      const kind = event.dataTransfer.getData("application/x-designroom-kind");
      if (!kind) return;
      event.preventDefault();
      const p = this.toBoard(event.clientX, event.clientY);
      this.addNode(kind, p.x, p.y);
    });
  }

  bindToolbar() {
    const on = (action, fn) => this.root.querySelector(`[data-board-action="${action}"]`)?.addEventListener("click", fn);
    on("zoom-in", () => this.zoomBy(1.2));
    on("zoom-out", () => this.zoomBy(1 / 1.2));
    on("fit", () => this.fit());
    bindExports(this);
  }

  // ---- rendering ------------------------------------------------------------------------

  get nodeEls() {
    return this.renderer.nodeEls;
  }

  get edgeEls() {
    return this.renderer.edgeEls;
  }

  render() {
    const board = this.store.view;
    const nodes = new Map(board.nodes.map((n) => [n.id, this.displayed(n)]));
    this.renderer.prune(board, nodes);
    for (const node of nodes.values()) this.renderer.renderNode(node);
    for (const edge of board.edges) this.renderer.renderEdge(edge, nodes);
    this.shapes.render(board);
    if (this.selection.prune(board)) this.selectMany(this.selection.list());
    if (this.empty) this.empty.hidden = board.nodes.length > 0 || board.zones.length > 0 || board.texts.length > 0;
    this.inspector?.render();
  }

  /** A node as shown now: where a drag holds it, if it is being dragged. */
  displayed(node) {
    const d = this.dragging;
    if (!d) return node;
    if (d.group) return d.ids.has(node.id) ? { ...node, x: node.x + d.dx, y: node.y + d.dy } : node;
    return d.id === node.id ? { ...node, x: d.x, y: d.y } : node;
  }

  // ---- selection ------------------------------------------------------------------------

  /** The one selected element ({type, id}), or null when none or several are selected. */
  get selected() {
    return this.selection.only;
  }

  isSelected(type, id) {
    return this.selection.has(type, id);
  }

  select(selection, { focusField = false } = {}) {
    this.selectMany(selection ? [selection] : [], { focusField });
  }

  selectMany(items, { focusField = false } = {}) {
    this.inspector?.flush();
    this.selection.set(items);
    this.selectionChanged();
    if (focusField && this.inspector && this.selected) this.inspector.focusField(this.selected.type);
  }

  /** Shift+click: the element joins the selection, or leaves it. */
  toggleSelect(item) {
    this.inspector?.flush();
    this.selection.toggle(item);
    this.selectionChanged();
  }

  selectionChanged() {
    this.renderer.markSelection();
    this.shapes.render(this.store.view);
    this.inspector?.render(true);
    this.group.selectionChanged();
    this.emit("selection", this.selection.list());
  }

  focusSelected() {
    if (!this.selected) return;
    const { type, id } = this.selected;
    const g = type === "node" || type === "edge" ? (type === "node" ? this.nodeEls : this.edgeEls).get(id) : this.shapes.elementFor(type, id);
    if (g) g.focus();
  }

  // ---- ops ------------------------------------------------------------------------------

  op(op) {
    if (this.readOnly) return null;
    return this.sendOp(op);
  }

  /** Send ops that are one action of the user's: one undo step when the room records them. */
  opsAsOne(ops) {
    if (this.readOnly || !ops.length) return;
    if (this.sendOps) this.sendOps(ops);
    else for (const op of ops) this.sendOp(op);
  }

  /** Place a component: at (x, y) when dropped there, else in free space near the view's
   * centre (the server has the last word on that spot, so simultaneous adds never overlap).
   * Its name field opens with the default name selected: typing renames it, and Backspace
   * edits the name rather than deleting the component. */
  addNode(kind, x, y) {
    const board = this.store.view;
    const dropped = x !== undefined;
    if (!dropped) {
      const rect = this.svg.getBoundingClientRect();
      const centre = this.toBoard(rect.left + rect.width / 2, rect.top + rect.height / 2);
      ({ x, y } = freeSpot(board.nodes, centre.x, centre.y));
    }
    const sameKind = board.nodes.filter((node) => node.kind === kind).length;
    const label = `${DEFAULT_LABELS[kind] || KIND_LABELS[kind]}${sameKind ? ` ${sameKind + 1}` : ""}`;
    const node = { id: uid("n"), kind, label, x: snap(x), y: snap(y), notes: "", replicas: null };
    this.op(dropped ? { kind: "node.add", node } : { kind: "node.add", node, place: "free" });
    this.select({ type: "node", id: node.id }, { focusField: Boolean(this.inspector) });
    this.announce(`${label} added. Type its name, then Enter.`);
    if (!this.inspector) requestAnimationFrame(() => this.focusSelected());
    return node.id;
  }

  connect(fromId, toId, mode = "sync") {
    if (fromId === toId) return null;
    const board = this.store.view;
    if (board.edges.some((e) => e.from === fromId && e.to === toId)) {
      this.announce("These components are already connected.");
      return null;
    }
    const edge = { id: uid("e"), from: fromId, to: toId, label: "", mode };
    this.op({ kind: "edge.add", edge });
    this.select({ type: "edge", id: edge.id });
    this.announce("Arrow added. Type its protocol in the inspector.");
    return edge.id;
  }

  deleteSelected() {
    if (this.readOnly || !this.selection.size) return;
    const sel = this.selected;
    if (sel) {
      this.op({ kind: `${sel.type}.delete`, id: sel.id });
      this.announce({ node: "Component deleted.", edge: "Arrow deleted.", zone: "Zone deleted.", text: "Text deleted." }[sel.type]);
    } else {
      // A component's delete takes its arrows along (a second delete of one would be
      // refused): only the other arrows are deleted, and before the rest.
      const order = { edge: 0, text: 1, zone: 2, node: 3 };
      const items = this.selection.list().sort((a, b) => order[a.type] - order[b.type]);
      const board = this.store.view;
      const nodes = new Set(items.filter((i) => i.type === "node").map((i) => i.id));
      const ops = items
        .filter((i) => i.type !== "edge" || !board.edges.some((e) => e.id === i.id && (nodes.has(e.from) || nodes.has(e.to))))
        .map((i) => ({ kind: `${i.type}.delete`, id: i.id }));
      this.opsAsOne(ops);
      this.announce(`${items.length} elements deleted. Ctrl+Z brings them back.`);
    }
    this.select(null);
    this.svg.focus();
  }

  /** Arrow keys on a multi-selection: move every element of it, as one step. */
  moveSelectionBy(dx, dy) {
    const elements = selectedElements(this.store.view, this.selection.list()).filter((e) => e.type !== "edge");
    this.opsAsOne(elements.map((e) => shiftOp(e.type, e.element, dx, dy)));
  }

  moveBy(id, dx, dy) {
    const node = this.store.view.nodes.find((n) => n.id === id);
    if (!node) return;
    this.op({ kind: "node.move", id, x: clamp(node.x + dx, -50000, 50000), y: clamp(node.y + dy, -50000, 50000) });
  }

  // ---- view -----------------------------------------------------------------------------

  get view() {
    return this.viewport.view;
  }

  toBoard(clientX, clientY) {
    return this.viewport.toBoard(clientX, clientY);
  }

  zoomBy(factor, clientX, clientY) {
    this.viewport.zoomBy(factor, clientX, clientY);
  }

  /** Zoom and pan so every element is visible. */
  fit() {
    this.viewport.fit(this.store.view);
  }

  setViewport(rect) {
    this.viewport.show(rect, { pad: 0 });
  }

  visibleRect() {
    return this.viewport.visibleRect();
  }

  /** Show the view {x, y, k} of a followed peer: its "viewport" event says local: false. */
  setView(view) {
    this.showingPeerView = true;
    try {
      this.viewport.view = { x: view.x, y: view.y, k: view.k };
      this.viewport.apply();
    } finally {
      this.showingPeerView = false;
    }
  }

  /** The ids of the selected elements (what peers see outlined). */
  selectedIds() {
    return this.selection.list().map((item) => item.id);
  }

  // ---- export ---------------------------------------------------------------------------

  exportJson() {
    return exportJson(this.store.view);
  }

  exportSvg() {
    return exportSvg(this.svg, this.store.view);
  }
}
