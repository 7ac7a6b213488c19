// The diagram board: a small SVG editor over BoardStore.
//
// Place components from the palette, drag them, connect them with arrows (label = protocol,
// async drawn dashed), edit label/kind/replicas/notes in the inspector, pan (drag the
// background) and zoom (wheel or buttons), export SVG and JSON. Keyboard: Tab reaches every
// component and arrow; arrow keys move (Shift = further), Enter edits, Delete removes,
// Escape deselects. Drags send node.move at most every 100 ms and once more on drop.

import { KIND_LABELS, NODE_KINDS } from "./board_model.js";
import { svgToPng, toExcalidraw } from "./board_export.js";
import { freeSpot } from "./board_placement.js";
import { ShapeLayer } from "./board_shapes.js";
import { FOCUS_FIELD, bindShapeInspector, buildShapePalette, renderShapeInspector } from "./board_shapes_ui.js";
import { bindCapacityInspector, renderCapacityInspector } from "./board_capacity.js";

const SVG = "http://www.w3.org/2000/svg";
const W = 150;
const H = 62;
const MOVE_EVERY_MS = 100;
const GRID = 10;
const CYLINDERS = new Set(["database", "cache", "object_store"]);
// Shorter default labels where the kind's name is long.
const DEFAULT_LABELS = { queue: "Queue", object_store: "Object store", load_balancer: "Load balancer" };

const el = (name, attrs = {}, parent = null) => {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.append(node);
  return node;
};
const uid = (prefix) => `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
const snap = (v) => Math.round(v / GRID) * GRID;

/** Where the segment from the centre of a node towards (tx, ty) leaves the node's box. */
function borderPoint(node, tx, ty) {
  const dx = tx - node.x;
  const dy = ty - node.y;
  if (dx === 0 && dy === 0) return { x: node.x, y: node.y };
  const scale = 1 / Math.max(Math.abs(dx) / (W / 2 + 4), Math.abs(dy) / (H / 2 + 4));
  return { x: node.x + dx * scale, y: node.y + dy * scale };
}

function nodeDescription(node) {
  const kind = KIND_LABELS[node.kind] || node.kind;
  const replicas = node.replicas ? `, ${node.replicas} replicas` : "";
  return `${kind}: ${node.label || "unnamed"}${replicas}`;
}

export class BoardEditor {
  constructor(root, { store, sendOp, readOnly = false, announce = () => {} }) {
    this.root = root;
    this.store = store;
    this.sendOp = sendOp;
    this.readOnly = readOnly;
    this.announce = announce;
    this.view = { x: 40, y: 30, k: 1 };
    this.selected = null; // {type: "node"|"edge", id}
    this.dragging = null;
    this.connecting = null;
    this.nodeEls = new Map();
    this.edgeEls = new Map();
    this.build();
    store.addEventListener("change", () => this.render());
    this.render();
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
      "aria-label": "Diagram board. Tab to components and arrows; arrow keys move, Enter edits, Delete removes.",
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
    this.viewport = el("g", { class: "board-viewport" }, this.svg);
    this.viewport.append(this.bg);
    const zoneLayer = el("g", { class: "board-zones" }, this.viewport);
    this.edgeLayer = el("g", { class: "board-edges" }, this.viewport);
    this.ghost = el("line", { class: "board-ghost", visibility: "hidden" }, this.viewport);
    this.nodeLayer = el("g", { class: "board-nodes" }, this.viewport);
    this.shapes = new ShapeLayer(this, { zoneLayer, textLayer: el("g", { class: "board-texts" }, this.viewport) });
    this.empty = root.querySelector(".board-empty");
    this.inspector = root.querySelector(".board-inspector");
    this.bindStage();
    this.bindToolbar();
    if (this.inspector && !this.readOnly) {
      this.bindInspector();
      bindShapeInspector(this, this.inspector);
    }
    this.applyView();
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
    const on = (action, fn) => {
      const button = this.root.querySelector(`[data-board-action="${action}"]`);
      if (button) button.addEventListener("click", fn);
    };
    on("zoom-in", () => this.zoomBy(1.2));
    on("zoom-out", () => this.zoomBy(1 / 1.2));
    on("fit", () => this.fit());
    on("export-svg", () => download(`${this.filename()}.svg`, "image/svg+xml", this.exportSvg()));
    on("export-json", () => download(`${this.filename()}.json`, "application/json", this.exportJson()));
    on("export-png", () => svgToPng(this.exportSvg()).then(
      (blob) => download(`${this.filename()}.png`, "image/png", blob),
      (error) => this.announce(`PNG export failed: ${error.message}.`),
    ));
    on("export-excalidraw", () => download(
      `${this.filename()}.excalidraw`, "application/json", JSON.stringify(toExcalidraw(this.store.view), null, 2),
    ));
  }

  filename() {
    return (this.root.dataset.filename || "design").replace(/[^a-z0-9-]+/gi, "-").toLowerCase();
  }

  // ---- rendering ------------------------------------------------------------------------

  render() {
    const board = this.store.view;
    const nodes = new Map(board.nodes.map((n) => [n.id, this.displayed(n)]));
    for (const [id, g] of this.nodeEls) if (!nodes.has(id)) { g.remove(); this.nodeEls.delete(id); }
    for (const [id, g] of this.edgeEls) {
      if (!board.edges.some((e) => e.id === id)) { g.remove(); this.edgeEls.delete(id); }
    }
    for (const node of nodes.values()) this.renderNode(node);
    for (const edge of board.edges) this.renderEdge(edge, nodes);
    this.shapes.render(board);
    if (this.selected && !this.elementOf(this.selected, board, nodes)) this.select(null);
    if (this.empty) this.empty.hidden = board.nodes.length > 0 || board.zones.length > 0 || board.texts.length > 0;
    this.renderInspector();
  }

  displayed(node) {
    if (this.dragging && this.dragging.id === node.id) {
      return { ...node, x: this.dragging.x, y: this.dragging.y };
    }
    return node;
  }

  renderNode(node) {
    // The store keeps unchanged elements as the same objects: those need no redraw.
    if (this.drawn?.get(node.id) === node && this.nodeEls.has(node.id)) return;
    (this.drawn ??= new Map()).set(node.id, node);
    let g = this.nodeEls.get(node.id);
    if (!g) {
      g = el("g", { class: "board-node", tabindex: "0", role: "button", "data-id": node.id });
      this.drawShape(g, node.kind);
      el("text", { class: "node-kind", x: "0", y: "-12", "text-anchor": "middle" }, g);
      el("text", { class: "node-label", x: "0", y: "8", "text-anchor": "middle" }, g);
      const badge = el("g", { class: "node-replicas" }, g);
      el("rect", { x: String(W / 2 - 34), y: String(-H / 2 - 10), width: "40", height: "20", rx: "10" }, badge);
      el("text", { x: String(W / 2 - 14), y: String(-H / 2 + 4), "text-anchor": "middle" }, badge);
      const noteMark = el("text", { class: "node-notes-mark", x: String(-W / 2 + 10), y: String(H / 2 - 8) }, g);
      noteMark.textContent = "✎";
      if (!this.readOnly) {
        const handle = el("circle", { class: "node-handle", cx: String(W / 2), cy: "0", r: "7" }, g);
        el("title", {}, handle).textContent = "Drag to another component to connect";
      }
      this.bindNode(g);
      this.nodeLayer.append(g);
      this.nodeEls.set(node.id, g);
    }
    if (g.dataset.kind !== node.kind) {
      g.dataset.kind = node.kind;
      g.setAttribute("class", `board-node kind-${node.kind}`);
      g.querySelector(".node-shape").remove();
      this.drawShape(g, node.kind);
    }
    g.setAttribute("transform", `translate(${node.x},${node.y})`);
    // Cylinders carry their top ellipse where the kind line would be: text sits lower.
    const drum = CYLINDERS.has(node.kind);
    g.querySelector(".node-kind").setAttribute("y", drum ? "-2" : "-12");
    g.querySelector(".node-label").setAttribute("y", drum ? "16" : "8");
    g.querySelector(".node-kind").textContent = (KIND_LABELS[node.kind] || node.kind).toUpperCase();
    g.querySelector(".node-label").textContent = truncate(node.label || "unnamed", 20);
    const badge = g.querySelector(".node-replicas");
    badge.style.display = node.replicas && node.replicas > 1 ? "" : "none";
    badge.querySelector("text").textContent = `×${node.replicas || 1}`;
    g.querySelector(".node-notes-mark").style.display = node.notes ? "" : "none";
    g.setAttribute("aria-label", nodeDescription(node) + (node.notes ? `. Notes: ${node.notes}` : ""));
    g.classList.toggle("is-selected", this.isSelected("node", node.id));
  }

  drawShape(g, kind) {
    const shape = el("g", { class: "node-shape" });
    g.prepend(shape);
    if (CYLINDERS.has(kind)) {
      const rx = W / 2;
      const ry = 9;
      el("path", { d: `M${-rx},${-H / 2 + ry} v${H - 2 * ry} a${rx},${ry} 0 0 0 ${W},0 v${-(H - 2 * ry)}`, class: "shape-body" }, shape);
      el("ellipse", { cx: "0", cy: String(-H / 2 + ry), rx: String(rx), ry: String(ry), class: "shape-body shape-top" }, shape);
    } else if (kind === "queue") {
      el("rect", { x: String(-W / 2), y: String(-H / 2), width: String(W), height: String(H), rx: "6", class: "shape-body" }, shape);
      for (const dx of [W / 2 - 10, W / 2 - 5]) el("line", { x1: String(dx), y1: String(-H / 2 + 8), x2: String(dx), y2: String(H / 2 - 8), class: "shape-stripe" }, shape);
    } else if (kind === "client" || kind === "external" || kind === "cdn") {
      el("rect", { x: String(-W / 2), y: String(-H / 2), width: String(W), height: String(H), rx: String(H / 2), class: "shape-body" }, shape);
    } else {
      el("rect", { x: String(-W / 2), y: String(-H / 2), width: String(W), height: String(H), rx: "8", class: "shape-body" }, shape);
    }
  }

  renderEdge(edge, nodes) {
    const from = nodes.get(edge.from);
    const to = nodes.get(edge.to);
    if (!from || !to) return;
    const seen = this.drawnEdges?.get(edge.id);
    if (seen && seen[0] === edge && seen[1] === from && seen[2] === to && this.edgeEls.has(edge.id)) return;
    (this.drawnEdges ??= new Map()).set(edge.id, [edge, from, to]);
    let g = this.edgeEls.get(edge.id);
    if (!g) {
      g = el("g", { class: "board-edge", tabindex: "0", role: "button", "data-id": edge.id });
      el("line", { class: "edge-hit" }, g);
      el("line", { class: "edge-line" }, g);
      const label = el("g", { class: "edge-label" }, g);
      el("rect", { rx: "4", height: "18" }, label);
      el("text", { "text-anchor": "middle", y: "4" }, label);
      this.bindEdge(g);
      this.edgeLayer.append(g);
      this.edgeEls.set(edge.id, g);
    }
    const a = borderPoint(from, to.x, to.y);
    const b = borderPoint(to, from.x, from.y);
    for (const line of g.querySelectorAll("line")) {
      line.setAttribute("x1", a.x); line.setAttribute("y1", a.y);
      line.setAttribute("x2", b.x); line.setAttribute("y2", b.y);
    }
    const selected = this.isSelected("edge", edge.id);
    const line = g.querySelector(".edge-line");
    line.setAttribute("marker-end", `url(#${this.root.id}-${selected ? "arrow-sel" : "arrow"})`);
    g.classList.toggle("is-async", edge.mode === "async");
    g.classList.toggle("is-selected", selected);
    const labelText = [edge.label, edge.mode === "async" ? "async" : ""].filter(Boolean).join(" · ");
    const label = g.querySelector(".edge-label");
    label.style.display = labelText ? "" : "none";
    // Beside the arrow rather than on it, so a short arrow stays visible under its label.
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    let nx = -(b.y - a.y) / len;
    let ny = (b.x - a.x) / len;
    if (ny > 0) { nx = -nx; ny = -ny; } // always the upper side
    label.setAttribute("transform", `translate(${(a.x + b.x) / 2 + nx * 12},${(a.y + b.y) / 2 + ny * 12})`);
    label.querySelector("text").textContent = labelText;
    const width = Math.max(24, labelText.length * 6.6 + 12);
    const rect = label.querySelector("rect");
    rect.setAttribute("x", String(-width / 2)); rect.setAttribute("y", "-10"); rect.setAttribute("width", String(width));
    g.setAttribute("aria-label", `Arrow from ${from.label || KIND_LABELS[from.kind]} to ${to.label || KIND_LABELS[to.kind]}, ${edge.mode}${edge.label ? `, ${edge.label}` : ""}`);
  }

  elementOf(sel, board, nodes) {
    if (sel.type === "node") return nodes.get(sel.id);
    const list = { edge: board.edges, zone: board.zones, text: board.texts }[sel.type] || [];
    return list.find((e) => e.id === sel.id);
  }

  isSelected(type, id) {
    return !!this.selected && this.selected.type === type && this.selected.id === id;
  }

  // ---- selection & inspector ------------------------------------------------------------

  select(selection, { focusField = false } = {}) {
    this.flushWaiting();
    this.selected = selection;
    for (const [id, g] of this.nodeEls) g.classList.toggle("is-selected", this.isSelected("node", id));
    for (const [id, g] of this.edgeEls) {
      const on = this.isSelected("edge", id);
      g.classList.toggle("is-selected", on);
      g.querySelector(".edge-line").setAttribute("marker-end", `url(#${this.root.id}-${on ? "arrow-sel" : "arrow"})`);
    }
    this.shapes.render(this.store.view);
    this.renderInspector(true);
    if (focusField && this.inspector) {
      const field = this.inspector.querySelector(FOCUS_FIELD[selection?.type] || FOCUS_FIELD.node);
      if (field) { field.focus(); field.select(); }
    }
  }

  bindInspector() {
    const form = this.inspector;
    const field = (name) => form.querySelector(`[name="${name}"]`);
    const kind = field("kind");
    if (kind && !kind.options.length) {
      for (const [value, label] of NODE_KINDS) kind.add(new Option(label, value));
    }
    const update = (changes) => {
      if (this.selected?.type === "node") this.op({ kind: "node.update", id: this.selected.id, changes });
    };
    const updateEdge = (changes) => {
      if (this.selected?.type === "edge") this.op({ kind: "edge.update", id: this.selected.id, changes });
    };
    // Typing is sent after a short pause, for the element that was selected while typing;
    // selecting something else sends what is still waiting first.
    this.waiting = new Map();
    const debounced = (key, makeOp) => () => {
      const target = this.selected;
      if (!target) return;
      const previous = this.waiting.get(key);
      if (previous) clearTimeout(previous.timer);
      const op = makeOp(target.id); // the value as typed now, whatever re-renders meanwhile
      const entry = { send: () => { this.waiting.delete(key); this.op(op); } };
      entry.timer = setTimeout(entry.send, 350);
      this.waiting.set(key, entry);
    };
    const sendLabel = debounced("label", (id) => ({ kind: "node.update", id, changes: { label: field("label").value.slice(0, 80) } }));
    const sendNotes = debounced("notes", (id) => ({ kind: "node.update", id, changes: { notes: field("notes").value.slice(0, 2000) } }));
    const sendEdgeLabel = debounced("edge-label", (id) => ({ kind: "edge.update", id, changes: { label: field("edge-label").value.slice(0, 60) } }));
    field("label")?.addEventListener("input", sendLabel);
    field("notes")?.addEventListener("input", sendNotes);
    kind?.addEventListener("change", () => update({ kind: kind.value }));
    field("replicas")?.addEventListener("change", () => {
      const n = parseInt(field("replicas").value, 10);
      update({ replicas: Number.isFinite(n) && n >= 1 ? Math.min(n, 1000) : null });
    });
    bindCapacityInspector(form, update);
    field("edge-label")?.addEventListener("input", sendEdgeLabel);
    field("mode")?.addEventListener("change", () => updateEdge({ mode: field("mode").value }));
    form.addEventListener("submit", (event) => event.preventDefault());
    form.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.focusSelected();
      if (event.key === "Enter" && event.target.tagName === "INPUT") {
        event.preventDefault();
        event.target.dispatchEvent(new Event("change"));
        this.flushWaiting();
        this.focusSelected();
      }
    });
    form.querySelector("[data-action=delete]")?.addEventListener("click", () => this.deleteSelected());
    form.querySelector("[data-action=connect]")?.addEventListener("click", () => {
      const target = field("connect-to").value;
      if (target && this.selected?.type === "node") this.connect(this.selected.id, target);
    });
  }

  renderInspector(force = false) {
    if (!this.inspector) return;
    const board = this.store.view;
    const sel = this.selected;
    const node = sel?.type === "node" ? board.nodes.find((n) => n.id === sel.id) : null;
    const edge = sel?.type === "edge" ? board.edges.find((e) => e.id === sel.id) : null;
    const setIfIdle = (name, value) => {
      const input = this.inspector.querySelector(`[name="${name}"]`);
      if (!input) return;
      // Never overwrite the field the user is typing in, nor an edit still waiting to be sent.
      if (this.waiting?.has(name)) return;
      if (force || document.activeElement !== input) input.value = value ?? "";
    };
    const shape = renderShapeInspector(this, this.inspector, sel, board, setIfIdle);
    this.inspector.hidden = !node && !edge && !shape;
    this.inspector.dataset.type = node ? "node" : edge ? "edge" : shape ? sel.type : "";
    for (const part of this.inspector.querySelectorAll("[data-for]")) {
      part.hidden = part.dataset.for !== this.inspector.dataset.type;
    }
    if (node) {
      setIfIdle("label", node.label);
      setIfIdle("kind", node.kind);
      setIfIdle("replicas", node.replicas ?? "");
      renderCapacityInspector(setIfIdle, node);
      setIfIdle("notes", node.notes);
      const select = this.inspector.querySelector("[name=connect-to]");
      if (select) {
        const keep = select.value;
        select.innerHTML = "";
        select.add(new Option("Choose a component…", ""));
        for (const other of board.nodes) {
          if (other.id !== node.id) select.add(new Option(`${other.label || "unnamed"} (${KIND_LABELS[other.kind]})`, other.id));
        }
        select.value = force ? "" : keep;
      }
    } else if (edge) {
      setIfIdle("edge-label", edge.label);
      setIfIdle("mode", edge.mode || "sync");
      const from = board.nodes.find((n) => n.id === edge.from);
      const to = board.nodes.find((n) => n.id === edge.to);
      const title = this.inspector.querySelector(".edge-ends");
      if (title) title.textContent = `${from?.label || "?"} → ${to?.label || "?"}`;
    }
  }

  flushWaiting() {
    if (!this.waiting) return;
    for (const entry of [...this.waiting.values()]) {
      clearTimeout(entry.timer);
      entry.send();
    }
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
    const opId = this.sendOp(op);
    return opId;
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
    const sel = this.selected;
    if (!sel || this.readOnly) return;
    this.op({ kind: `${sel.type}.delete`, id: sel.id });
    this.select(null);
    this.announce({ node: "Component deleted.", edge: "Arrow deleted.", zone: "Zone deleted.", text: "Text deleted." }[sel.type]);
    this.svg.focus();
  }

  moveBy(id, dx, dy) {
    const node = this.store.view.nodes.find((n) => n.id === id);
    if (!node) return;
    this.op({ kind: "node.move", id, x: clamp(node.x + dx, -50000, 50000), y: clamp(node.y + dy, -50000, 50000) });
  }

  // ---- pointer & keyboard ---------------------------------------------------------------

  bindNode(g) {
    const id = g.dataset.id;
    g.addEventListener("focus", () => { if (!this.isSelected("node", id)) this.select({ type: "node", id }); });
    g.addEventListener("dblclick", () => this.select({ type: "node", id }, { focusField: !this.readOnly }));
    g.addEventListener("keydown", (event) => {
      if (this.readOnly) return;
      const step = event.shiftKey ? 50 : 10;
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (moves[event.key]) {
        event.preventDefault();
        this.moveBy(id, ...moves[event.key]);
      } else if (event.key === "Delete" || event.key === "Backspace") {
        event.preventDefault();
        this.deleteSelected();
      } else if (event.key === "Enter" || event.key === "F2") {
        event.preventDefault();
        this.select({ type: "node", id }, { focusField: true });
      } else if (event.key === "Escape") {
        this.select(null);
        this.svg.focus();
      }
    });
    g.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      event.stopPropagation();
      this.select({ type: "node", id });
      if (this.readOnly) return;
      const node = this.store.view.nodes.find((n) => n.id === id);
      if (!node) return;
      const start = this.toBoard(event.clientX, event.clientY);
      if (event.target.classList.contains("node-handle")) {
        this.connecting = { from: id, pointerId: event.pointerId };
        this.svg.setPointerCapture(event.pointerId);
        this.showGhost(node, start);
        return;
      }
      this.dragging = { id, dx: start.x - node.x, dy: start.y - node.y, x: node.x, y: node.y, lastSent: 0, moved: false, pointerId: event.pointerId };
      this.svg.setPointerCapture(event.pointerId);
    });
  }

  bindEdge(g) {
    const id = g.dataset.id;
    g.addEventListener("focus", () => { if (!this.isSelected("edge", id)) this.select({ type: "edge", id }); });
    g.addEventListener("pointerdown", (event) => {
      event.stopPropagation();
      this.select({ type: "edge", id });
    });
    g.addEventListener("dblclick", () => this.select({ type: "edge", id }, { focusField: !this.readOnly }));
    g.addEventListener("keydown", (event) => {
      if (this.readOnly) return;
      if (event.key === "Delete" || event.key === "Backspace") { event.preventDefault(); this.deleteSelected(); }
      if (event.key === "Enter" || event.key === "F2") { event.preventDefault(); this.select({ type: "edge", id }, { focusField: true }); }
      if (event.key === "Escape") { this.select(null); this.svg.focus(); }
    });
  }

  bindStage() {
    const svg = this.svg;
    svg.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      this.select(null);
      this.panning = { x: event.clientX, y: event.clientY, vx: this.view.x, vy: this.view.y };
      svg.setPointerCapture(event.pointerId);
      svg.classList.add("is-panning");
    });
    svg.addEventListener("pointermove", (event) => {
      if (this.shapes.dragMove(event)) return;
      if (this.dragging) return this.dragMove(event);
      if (this.connecting) return this.connectMove(event);
      if (this.panning) {
        this.view.x = this.panning.vx + (event.clientX - this.panning.x);
        this.view.y = this.panning.vy + (event.clientY - this.panning.y);
        this.applyView();
      }
    });
    const end = (event) => {
      this.shapes.dragEnd();
      if (this.dragging) this.dragEnd();
      if (this.connecting) this.connectEnd(event);
      this.panning = null;
      svg.classList.remove("is-panning");
    };
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointercancel", end);
    svg.addEventListener("wheel", (event) => {
      event.preventDefault();
      this.zoomBy(Math.exp(-event.deltaY * 0.0015), event.clientX, event.clientY);
    }, { passive: false });
    svg.addEventListener("keydown", (event) => {
      if (event.target !== svg) return;
      if (event.key === "+" || event.key === "=") this.zoomBy(1.2);
      if (event.key === "-") this.zoomBy(1 / 1.2);
    });
  }

  /** A drag redraws only the dragged component and its arrows (a full render per pointer
   * move costs hundreds of milliseconds on a large board; bench/board_drag.py). */
  renderDragged(id) {
    const board = this.store.view;
    const node = board.nodes.find((n) => n.id === id);
    if (!node) return this.render();
    const shown = this.displayed(node);
    this.renderNode(shown);
    const touching = board.edges.filter((e) => e.from === id || e.to === id);
    const ends = new Map([[id, shown]]);
    for (const e of touching) {
      for (const end of [e.from, e.to]) {
        if (!ends.has(end)) ends.set(end, this.displayed(board.nodes.find((n) => n.id === end) || {}));
      }
    }
    for (const e of touching) this.renderEdge(e, ends);
  }

  dragMove(event) {
    const d = this.dragging;
    const p = this.toBoard(event.clientX, event.clientY);
    d.x = snap(p.x - d.dx);
    d.y = snap(p.y - d.dy);
    d.moved = true;
    this.renderDragged(d.id);
    const now = performance.now();
    if (now - d.lastSent >= MOVE_EVERY_MS) {
      d.lastSent = now;
      this.op({ kind: "node.move", id: d.id, x: d.x, y: d.y });
    } else {
      clearTimeout(d.timer);
      d.timer = setTimeout(() => {
        if (this.dragging === d) { d.lastSent = performance.now(); this.op({ kind: "node.move", id: d.id, x: d.x, y: d.y }); }
      }, MOVE_EVERY_MS - (now - d.lastSent));
    }
  }

  dragEnd() {
    const d = this.dragging;
    clearTimeout(d.timer);
    this.dragging = null;
    if (d.moved) this.op({ kind: "node.move", id: d.id, x: d.x, y: d.y });
    this.render();
  }

  showGhost(node, p) {
    this.ghost.setAttribute("x1", node.x); this.ghost.setAttribute("y1", node.y);
    this.ghost.setAttribute("x2", p.x); this.ghost.setAttribute("y2", p.y);
    this.ghost.setAttribute("visibility", "visible");
  }

  connectMove(event) {
    const node = this.store.view.nodes.find((n) => n.id === this.connecting.from);
    if (node) this.showGhost(node, this.toBoard(event.clientX, event.clientY));
  }

  connectEnd(event) {
    this.ghost.setAttribute("visibility", "hidden");
    const from = this.connecting.from;
    this.connecting = null;
    const p = this.toBoard(event.clientX, event.clientY);
    const target = this.store.view.nodes.find((n) => Math.abs(n.x - p.x) <= W / 2 && Math.abs(n.y - p.y) <= H / 2 && n.id !== from);
    if (target) this.connect(from, target.id);
  }

  // ---- view -----------------------------------------------------------------------------

  toBoard(clientX, clientY) {
    const rect = this.svg.getBoundingClientRect();
    return { x: (clientX - rect.left - this.view.x) / this.view.k, y: (clientY - rect.top - this.view.y) / this.view.k };
  }

  applyView() {
    this.viewport.setAttribute("transform", `translate(${this.view.x},${this.view.y}) scale(${this.view.k})`);
    const zoom = this.root.querySelector(".board-zoom-level");
    if (zoom) zoom.textContent = `${Math.round(this.view.k * 100)}%`;
  }

  zoomBy(factor, clientX, clientY) {
    const rect = this.svg.getBoundingClientRect();
    const cx = clientX ?? rect.left + rect.width / 2;
    const cy = clientY ?? rect.top + rect.height / 2;
    const before = this.toBoard(cx, cy);
    this.view.k = clamp(this.view.k * factor, 0.25, 3);
    this.view.x = cx - rect.left - before.x * this.view.k;
    this.view.y = cy - rect.top - before.y * this.view.k;
    this.applyView();
  }

  /** Zoom and pan so every component is visible. */
  fit() {
    const { nodes, zones, texts } = this.store.view;
    const rect = this.svg.getBoundingClientRect();
    if (!(nodes.length || zones.length || texts.length) || !rect.width) {
      this.view = { x: 40, y: 30, k: 1 };
      return this.applyView();
    }
    const box = bounds(nodes, zones, texts);
    const k = clamp(Math.min(rect.width / (box.w + 80), rect.height / (box.h + 80)), 0.25, 1.5);
    this.view = { k, x: rect.width / 2 - (box.x + box.w / 2) * k, y: rect.height / 2 - (box.y + box.h / 2) * k };
    this.applyView();
  }

  // ---- export ---------------------------------------------------------------------------

  exportJson() {
    const { nodes, edges, zones, texts, notes } = this.store.view;
    return JSON.stringify({ format: "designroom-board", version: 1, nodes, edges, zones, texts, notes }, null, 2);
  }

  exportSvg() {
    const { nodes, zones, texts } = this.store.view;
    const box = nodes.length || zones.length || texts.length ? bounds(nodes, zones, texts) : { x: 0, y: 0, w: 400, h: 200 };
    const pad = 30;
    const clone = this.svg.cloneNode(true);
    clone.setAttribute("xmlns", SVG);
    clone.setAttribute("viewBox", `${box.x - pad} ${box.y - pad} ${box.w + 2 * pad} ${box.h + 2 * pad}`);
    clone.setAttribute("width", String(Math.round(box.w + 2 * pad)));
    clone.setAttribute("height", String(Math.round(box.h + 2 * pad)));
    for (const attr of ["tabindex", "role", "aria-label", "class"]) clone.removeAttribute(attr);
    clone.querySelector(".board-viewport").removeAttribute("transform");
    clone.querySelector(".board-bg")?.setAttribute("fill", "#ffffff");
    clone.querySelectorAll(".node-handle, .board-ghost, .edge-hit, .zone-hit, .zone-resize").forEach((n) => n.remove());
    const style = document.createElementNS(SVG, "style");
    style.textContent = EXPORT_CSS;
    clone.prepend(style);
    return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
  }
}

/** The box around every component, zone (with its label tab) and text. */
function bounds(nodes, zones = [], texts = []) {
  const boxes = [
    ...nodes.map((n) => [n.x - W / 2 - 12, n.y - H / 2 - 14, n.x + W / 2 + 12, n.y + H / 2 + 4]),
    ...zones.map((z) => [z.x - 4, z.y - 26, z.x + z.w + 4, z.y + z.h + 4]),
    ...texts.map((t) => [t.x - 4, t.y - 4, t.x + 200, t.y + 100]),
  ];
  const x = Math.min(...boxes.map((b) => b[0]));
  const y = Math.min(...boxes.map((b) => b[1]));
  return { x, y, w: Math.max(...boxes.map((b) => b[2])) - x, h: Math.max(...boxes.map((b) => b[3])) - y };
}

function truncate(text, n) {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

function download(name, type, content) {
  const url = URL.createObjectURL(content instanceof Blob ? content : new Blob([content], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// The exported SVG carries its own styles (the page's stylesheet does not travel with it).
const EXPORT_CSS = `
text { font-family: system-ui, sans-serif; fill: #1c1f24; }
.shape-body { fill: #ffffff; stroke: #3b4350; stroke-width: 1.5; }
.shape-stripe { stroke: #3b4350; stroke-width: 1.5; }
.node-kind { font-size: 9px; letter-spacing: .06em; fill: #545b66; }
.node-label { font-size: 14px; font-weight: 600; }
.node-replicas rect { fill: #1c1f24; } .node-replicas text { fill: #fff; font-size: 11px; font-weight: 700; }
.node-notes-mark { font-size: 11px; fill: #545b66; }
.edge-line { stroke: #3b4350; stroke-width: 1.6; fill: none; }
.is-async .edge-line { stroke-dasharray: 6 5; }
.edge-label rect { fill: #ffffff; stroke: #d9dce1; } .edge-label text { font-size: 11px; }
.zone-body { fill: none; stroke: #545b66; stroke-width: 1.5; stroke-dasharray: 8 5; }
.zone-region .zone-body { stroke: #1f5fbf; } .zone-az .zone-body { stroke: #1e7a3c; }
.zone-vpc .zone-body { stroke: #6b3fa0; } .zone-dc .zone-body { stroke: #8a5a00; }
.zone-hit, .zone-resize { display: none; } .zone-tab rect { fill: #f1f3f5; } .zone-tab text { font-size: 12px; font-weight: 600; }
.text-plain .text-body { fill: none; } .text-sticky .text-body { fill: #fff3b0; stroke: #d8c25a; }
.text-content { font-size: 14px; }
`;
