// Zones (region, availability zone, VPC, data centre) and free text / sticky notes on the
// board, drawn and edited for BoardEditor (board.js). A zone is a labelled rectangle behind
// the components, grabbed by its label tab or border and resized by its corner; its inside
// lets clicks through to the canvas. A text sits above the components. Moves and resizes
// are sent at most every 100 ms and once on release, like a component's drag.

const SVG = "http://www.w3.org/2000/svg";
const MOVE_EVERY_MS = 100;
const GRID = 10;
export const ZONE_KINDS = [
  ["region", "Region"],
  ["az", "Availability zone"],
  ["vpc", "VPC"],
  ["dc", "Data centre"],
];
export const ZONE_LABELS = Object.fromEntries(ZONE_KINDS);
export const ZONE_SIZE = { w: 440, h: 300 };
const TEXT_LINE = 18;
const STICKY_W = 180;

const snap = (v, grid = GRID) => Math.round(v / grid) * grid;
const el = (name, attrs = {}, parent = null) => {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.append(node);
  return node;
};

/** The lines a text shows: its own line breaks, long lines cut for a sticky note's width. */
export function textLines(text, style) {
  const width = style === "sticky" ? 24 : 60;
  const out = [];
  for (const line of String(text || "").split("\n")) {
    let rest = line;
    while (rest.length > width) {
      const cut = rest.lastIndexOf(" ", width) > 0 ? rest.lastIndexOf(" ", width) : width;
      out.push(rest.slice(0, cut));
      rest = rest.slice(cut).trimStart();
    }
    out.push(rest);
  }
  return out.slice(0, 30);
}

/** The default name of a new zone: "AZ 2" when one exists already. */
export function zoneDefaultLabel(zones, kind) {
  const short = { region: "Region", az: "AZ", vpc: "VPC", dc: "Data centre" }[kind] || kind;
  const same = zones.filter((z) => z.kind === kind).length;
  return same ? `${short} ${same + 1}` : short;
}

export class ShapeLayer {
  constructor(editor, { zoneLayer, textLayer }) {
    this.editor = editor;
    this.zoneLayer = zoneLayer;
    this.textLayer = textLayer;
    this.zoneEls = new Map();
    this.textEls = new Map();
    this.drag = null;
  }

  // ---- rendering ------------------------------------------------------------------------

  render(board) {
    this.sync(this.zoneEls, board.zones || [], (z) => this.renderZone(this.shown(z)));
    this.sync(this.textEls, board.texts || [], (t) => this.renderText(this.shown(t)));
  }

  sync(els, list, draw) {
    const ids = new Set(list.map((e) => e.id));
    for (const [id, g] of els) if (!ids.has(id)) { g.remove(); els.delete(id); }
    for (const element of list) draw(element);
  }

  shown(element) {
    const d = this.drag;
    if (d && d.id === element.id) return { ...element, ...d.now };
    const group = this.editor.dragging; // a group move that holds this element too
    if (group?.group && group.ids.has(element.id)) return { ...element, x: element.x + group.dx, y: element.y + group.dy };
    return element;
  }

  renderZone(zone) {
    let g = this.zoneEls.get(zone.id);
    if (!g) {
      g = el("g", { class: "board-zone", tabindex: "0", role: "button", "data-id": zone.id });
      el("rect", { class: "zone-body" }, g);
      el("rect", { class: "zone-hit" }, g);
      const tab = el("g", { class: "zone-tab" }, g);
      el("rect", { rx: "4", height: "20" }, tab);
      el("text", { x: "8", y: "14" }, tab);
      el("rect", { class: "zone-resize", width: "14", height: "14" }, g);
      this.bind(g, "zone");
      this.zoneLayer.append(g);
      this.zoneEls.set(zone.id, g);
    }
    g.setAttribute("class", `board-zone zone-${zone.kind}${this.editor.isSelected("zone", zone.id) ? " is-selected" : ""}`);
    g.setAttribute("transform", `translate(${zone.x},${zone.y})`);
    for (const rect of g.querySelectorAll(".zone-body, .zone-hit")) {
      rect.setAttribute("width", zone.w);
      rect.setAttribute("height", zone.h);
    }
    const title = `${ZONE_LABELS[zone.kind] || zone.kind}: ${zone.label || "unnamed"}`;
    const tab = g.querySelector(".zone-tab");
    tab.querySelector("text").textContent = title;
    tab.querySelector("rect").setAttribute("width", String(Math.min(zone.w, title.length * 6.6 + 16)));
    tab.setAttribute("transform", "translate(0,-21)");
    const corner = g.querySelector(".zone-resize");
    corner.setAttribute("x", String(zone.w - 14));
    corner.setAttribute("y", String(zone.h - 14));
    g.setAttribute("aria-label", `${title}. Arrow keys move it; Enter edits it.`);
  }

  renderText(text) {
    let g = this.textEls.get(text.id);
    if (!g) {
      g = el("g", { class: "board-text", tabindex: "0", role: "button", "data-id": text.id });
      el("rect", { class: "text-body", rx: "3" }, g);
      el("text", { class: "text-content" }, g);
      this.bind(g, "text");
      this.textLayer.append(g);
      this.textEls.set(text.id, g);
    }
    const sticky = text.style === "sticky";
    g.setAttribute("class", `board-text text-${sticky ? "sticky" : "plain"}${this.editor.isSelected("text", text.id) ? " is-selected" : ""}`);
    g.setAttribute("transform", `translate(${text.x},${text.y})`);
    const lines = textLines(text.text || "", text.style);
    const content = g.querySelector(".text-content");
    content.replaceChildren();
    lines.forEach((line, i) => {
      const span = el("tspan", { x: "10", y: String(22 + i * TEXT_LINE) }, content);
      span.textContent = line || " ";
    });
    const longest = Math.max(4, ...lines.map((l) => l.length));
    const body = g.querySelector(".text-body");
    body.setAttribute("width", String(sticky ? STICKY_W : longest * 7.6 + 20));
    body.setAttribute("height", String(Math.max(sticky ? 90 : 30, lines.length * TEXT_LINE + 14)));
    g.setAttribute("aria-label", `${sticky ? "Sticky note" : "Text"}: ${text.text || "empty"}`);
  }

  // ---- pointer & keyboard ---------------------------------------------------------------

  bind(g, type) {
    const id = g.dataset.id;
    const editor = this.editor;
    g.addEventListener("focus", () => editor.pointer.focused(type, id));
    g.addEventListener("dblclick", () => editor.select({ type, id }, { focusField: !editor.readOnly }));
    g.addEventListener("keydown", (event) => this.keydown(event, type, id));
    g.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      event.stopPropagation();
      editor.pointer.pressed = true;
      if (editor.pointer.press(event, type, id) || editor.readOnly) return;
      const element = this.find(type, id);
      if (!element) return;
      const start = editor.toBoard(event.clientX, event.clientY);
      const resize = event.target.classList.contains("zone-resize");
      this.drag = { type, id, resize, start, from: { ...element }, now: {}, lastSent: 0, moved: false };
      editor.svg.setPointerCapture(event.pointerId);
    });
  }

  keydown(event, type, id) {
    const editor = this.editor;
    if (editor.readOnly || event.target !== event.currentTarget) return;
    const step = event.shiftKey ? 50 : 10;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const element = this.find(type, id);
    if (moves[event.key] && element) {
      event.preventDefault();
      const [dx, dy] = moves[event.key];
      editor.op({ kind: `${type}.update`, id, changes: { x: element.x + dx, y: element.y + dy } });
    } else if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      editor.deleteSelected();
    } else if (event.key === "Enter" || event.key === "F2") {
      event.preventDefault();
      editor.select({ type, id }, { focusField: true });
    } else if (event.key === "Escape") {
      editor.select(null);
      editor.svg.focus();
    }
  }

  /** Pointer moves while a zone or text is held; true when this layer handled the move. */
  dragMove(event) {
    const d = this.drag;
    if (!d) return false;
    const p = this.editor.toBoard(event.clientX, event.clientY);
    const dx = p.x - d.start.x;
    const dy = p.y - d.start.y;
    const grid = this.editor.gridSize || 1;
    d.now = d.resize
      ? { w: Math.max(80, snap(d.from.w + dx, grid)), h: Math.max(60, snap(d.from.h + dy, grid)) }
      : { x: snap(d.from.x + dx, grid), y: snap(d.from.y + dy, grid) };
    d.moved = true;
    this.render(this.editor.store.view);
    const now = performance.now();
    if (now - d.lastSent >= MOVE_EVERY_MS) {
      d.lastSent = now;
      this.send(d);
    }
    return true;
  }

  dragEnd() {
    const d = this.drag;
    if (!d) return false;
    this.drag = null;
    if (d.moved) this.send(d);
    this.render(this.editor.store.view);
    return true;
  }

  send(d) {
    this.editor.op({ kind: `${d.type}.update`, id: d.id, changes: { ...d.now } });
  }

  find(type, id) {
    const board = this.editor.store.view;
    return (type === "zone" ? board.zones : board.texts)?.find((e) => e.id === id) || null;
  }

  elementFor(type, id) {
    return (type === "zone" ? this.zoneEls : this.textEls).get(id) || null;
  }
}
