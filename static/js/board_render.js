// Drawing components and arrows into the board's SVG, for BoardEditor (board.js). An element
// the store kept as the same object since the last draw is skipped: a redraw after each op
// touches only what changed.

import { KIND_LABELS } from "./board_model.js";
import { CYLINDERS, H, W, borderPoint, labelSpot, nodeDescription, truncate } from "./board_geometry.js";

export const SVG = "http://www.w3.org/2000/svg";

export const el = (name, attrs = {}, parent = null) => {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.append(node);
  return node;
};

export class ElementRenderer {
  /** `bindNode(g)` and `bindEdge(g)` give a new element its pointer and keyboard handlers. */
  constructor(editor, { nodeLayer, edgeLayer, bindNode, bindEdge }) {
    this.editor = editor;
    this.nodeLayer = nodeLayer;
    this.edgeLayer = edgeLayer;
    this.bindNode = bindNode;
    this.bindEdge = bindEdge;
    this.nodeEls = new Map();
    this.edgeEls = new Map();
    this.drawn = new Map();
    this.drawnEdges = new Map();
  }

  /** Remove what the board no longer has; `nodes` maps id to the node as displayed. */
  prune(board, nodes) {
    for (const [id, g] of this.nodeEls) if (!nodes.has(id)) { g.remove(); this.nodeEls.delete(id); this.drawn.delete(id); }
    const edges = new Set(board.edges.map((e) => e.id));
    for (const [id, g] of this.edgeEls) if (!edges.has(id)) { g.remove(); this.edgeEls.delete(id); this.drawnEdges.delete(id); }
  }

  renderNode(node) {
    const before = this.drawn.get(node.id);
    if (before === node && this.nodeEls.has(node.id)) return;
    this.drawn.set(node.id, node);
    let g = this.nodeEls.get(node.id);
    if (g && before && sameButPlace(before, node)) {
      // A move (a drag's every pointer move): the position is all that changed.
      g.setAttribute("transform", `translate(${node.x},${node.y})`);
      g.classList.toggle("is-selected", this.editor.isSelected("node", node.id));
      return;
    }
    if (!g) g = this.createNode(node);
    if (g.dataset.kind !== node.kind) {
      g.dataset.kind = node.kind;
      g.setAttribute("class", `board-node kind-${node.kind}`);
      g.querySelector(".node-shape").remove();
      drawShape(g, node.kind);
    }
    g.setAttribute("transform", `translate(${node.x},${node.y})`);
    // Cylinders carry their top ellipse where the kind line would be: text sits lower.
    const drum = CYLINDERS.has(node.kind);
    g.querySelector(".node-kind").setAttribute("y", drum ? "-2" : "-12");
    g.querySelector(".node-label").setAttribute("y", drum ? "16" : "8");
    // The trailing space keeps "SERVICE" and the label two words for assistive technology.
    g.querySelector(".node-kind").textContent = `${(KIND_LABELS[node.kind] || node.kind).toUpperCase()} `;
    g.querySelector(".node-label").textContent = truncate(node.label || "unnamed", 20);
    const badge = g.querySelector(".node-replicas");
    badge.style.display = node.replicas && node.replicas > 1 ? "" : "none";
    badge.querySelector("text").textContent = `×${node.replicas || 1}`;
    g.querySelector(".node-notes-mark").style.display = node.notes ? "" : "none";
    g.setAttribute("aria-label", nodeDescription(node) + (node.notes ? `. Notes: ${node.notes}` : ""));
    g.classList.toggle("is-selected", this.editor.isSelected("node", node.id));
  }

  createNode(node) {
    const g = el("g", { class: "board-node", tabindex: "0", role: "button", "data-id": node.id });
    drawShape(g, node.kind);
    el("text", { class: "node-kind", x: "0", y: "-12", "text-anchor": "middle" }, g);
    el("text", { class: "node-label", x: "0", y: "8", "text-anchor": "middle" }, g);
    const badge = el("g", { class: "node-replicas", "aria-hidden": "true" }, g); // in the name already
    el("rect", { x: String(W / 2 - 34), y: String(-H / 2 - 10), width: "40", height: "20", rx: "10" }, badge);
    el("text", { x: String(W / 2 - 14), y: String(-H / 2 + 4), "text-anchor": "middle" }, badge);
    const noteMark = el("text", { class: "node-notes-mark", x: String(-W / 2 + 10), y: String(H / 2 - 8), "aria-hidden": "true" }, g);
    noteMark.textContent = "✎";
    if (!this.editor.readOnly) {
      const handle = el("circle", { class: "node-handle", cx: String(W / 2), cy: "0", r: "7" }, g);
      el("title", {}, handle).textContent = "Drag to another component to connect";
    }
    this.bindNode(g);
    this.nodeLayer.append(g);
    this.nodeEls.set(node.id, g);
    return g;
  }

  renderEdge(edge, nodes) {
    const from = nodes.get(edge.from);
    const to = nodes.get(edge.to);
    if (!from || !to) return;
    const seen = this.drawnEdges.get(edge.id);
    if (seen && seen[0] === edge && seen[1] === from && seen[2] === to && this.edgeEls.has(edge.id)) {
      // The arrow is as drawn, but another component may have moved onto its label.
      const label = this.edgeEls.get(edge.id).querySelector(".edge-label");
      this.placeLabel(label, borderPoint(from, to.x, to.y), borderPoint(to, from.x, from.y), from, to);
      return;
    }
    this.drawnEdges.set(edge.id, [edge, from, to]);
    const g = this.edgeEls.get(edge.id) || this.createEdge(edge);
    const a = borderPoint(from, to.x, to.y);
    const b = borderPoint(to, from.x, from.y);
    for (const line of g.querySelectorAll("line")) {
      line.setAttribute("x1", a.x); line.setAttribute("y1", a.y);
      line.setAttribute("x2", b.x); line.setAttribute("y2", b.y);
    }
    const label = g.querySelector(".edge-label");
    if (seen && seen[0] === edge && sameButPlace(seen[1], from) && sameButPlace(seen[2], to)) {
      // Only an end moved: the line and its label's place change, not the texts.
      this.placeLabel(label, a, b, from, to);
      return;
    }
    this.markEdge(g, this.editor.isSelected("edge", edge.id));
    g.classList.toggle("is-async", edge.mode === "async");
    const labelText = [edge.label, edge.mode === "async" ? "async" : ""].filter(Boolean).join(" · ");
    label.style.display = labelText ? "" : "none";
    label.querySelector("text").textContent = labelText;
    const width = Math.max(24, labelText.length * 6.6 + 12);
    label.dataset.width = String(width);
    const rect = label.querySelector("rect");
    rect.setAttribute("x", String(-width / 2)); rect.setAttribute("y", "-10"); rect.setAttribute("width", String(width));
    this.placeLabel(label, a, b, from, to);
    g.setAttribute("aria-label", `Arrow from ${from.label || KIND_LABELS[from.kind]} to ${to.label || KIND_LABELS[to.kind]}, ${edge.mode}${edge.label ? `, ${edge.label}` : ""}`);
  }

  /** Beside the arrow rather than on it, and clear of every component (labelSpot): the
   * arrow's ends as drawn now (`from`, `to`: a drag shows them before the store has them). */
  placeLabel(label, a, b, from, to) {
    if (label.style.display === "none") return;
    const nodes = this.editor.store.view.nodes.map((n) => (n.id === from.id ? from : n.id === to.id ? to : n));
    const { x, y } = labelSpot(a, b, Number(label.dataset.width) || 24, nodes);
    const transform = `translate(${x},${y})`;
    if (label.getAttribute("transform") !== transform) label.setAttribute("transform", transform);
  }

  createEdge(edge) {
    const g = el("g", { class: "board-edge", tabindex: "0", role: "button", "data-id": edge.id });
    el("line", { class: "edge-hit" }, g);
    el("line", { class: "edge-line" }, g);
    const label = el("g", { class: "edge-label" }, g);
    el("rect", { rx: "4", height: "18" }, label);
    el("text", { "text-anchor": "middle", y: "4" }, label);
    this.bindEdge(g);
    this.edgeLayer.append(g);
    this.edgeEls.set(edge.id, g);
    return g;
  }

  markEdge(g, selected) {
    g.classList.toggle("is-selected", selected);
    g.querySelector(".edge-line").setAttribute("marker-end", `url(#${this.editor.root.id}-${selected ? "arrow-sel" : "arrow"})`);
  }

  /** Show the selection on every drawn component and arrow. */
  markSelection() {
    for (const [id, g] of this.nodeEls) g.classList.toggle("is-selected", this.editor.isSelected("node", id));
    for (const [id, g] of this.edgeEls) this.markEdge(g, this.editor.isSelected("edge", id));
  }
}

/** Two versions of a component that differ in position only. */
function sameButPlace(a, b) {
  return a.kind === b.kind && a.label === b.label && a.notes === b.notes && a.replicas === b.replicas;
}

function drawShape(g, kind) {
  const shape = el("g", { class: "node-shape" });
  g.prepend(shape);
  const box = (rx) => el("rect", { x: String(-W / 2), y: String(-H / 2), width: String(W), height: String(H), rx: String(rx), class: "shape-body" }, shape);
  if (CYLINDERS.has(kind)) {
    const rx = W / 2;
    const ry = 9;
    el("path", { d: `M${-rx},${-H / 2 + ry} v${H - 2 * ry} a${rx},${ry} 0 0 0 ${W},0 v${-(H - 2 * ry)}`, class: "shape-body" }, shape);
    el("ellipse", { cx: "0", cy: String(-H / 2 + ry), rx: String(rx), ry: String(ry), class: "shape-body shape-top" }, shape);
  } else if (kind === "queue") {
    box(6);
    for (const dx of [W / 2 - 10, W / 2 - 5]) el("line", { x1: String(dx), y1: String(-H / 2 + 8), x2: String(dx), y2: String(H / 2 - 8), class: "shape-stripe" }, shape);
  } else if (kind === "client" || kind === "external" || kind === "cdn") {
    box(H / 2);
  } else {
    box(8);
  }
}
