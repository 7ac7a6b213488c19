// The board's geometry, pure: component size, the grid, where an arrow leaves a box, the box
// around a drawing. No DOM here, so the unit tests read it directly.

import { KIND_LABELS } from "./board_model.js";

export const W = 150;
export const H = 62;
export const GRID = 10;
export const CYLINDERS = new Set(["database", "cache", "object_store"]);

export const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
export const snap = (v, grid = GRID) => Math.round(v / grid) * grid;

/** Where the segment from the centre of a node towards (tx, ty) leaves the node's box. */
export function borderPoint(node, tx, ty) {
  const dx = tx - node.x;
  const dy = ty - node.y;
  if (dx === 0 && dy === 0) return { x: node.x, y: node.y };
  const scale = 1 / Math.max(Math.abs(dx) / (W / 2 + 4), Math.abs(dy) / (H / 2 + 4));
  return { x: node.x + dx * scale, y: node.y + dy * scale };
}

// Where along an arrow (share of its length) and how far beside it a label may sit, in the
// order tried: the middle first, then outwards, the upper side before the lower.
const LABEL_ALONG = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8];
const LABEL_ASIDE = [12, -12, 26, -26];

/** Where an arrow's label goes (its centre): beside the arrow from `a` to `b`, at the first
 * spot where the label's box (`width` × 18) overlaps no component of `nodes`; beside the
 * middle when every spot is taken. The report's diagram places its labels the same way. */
export function labelSpot(a, b, width, nodes) {
  const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  let nx = -(b.y - a.y) / len;
  let ny = (b.x - a.x) / len;
  if (ny > 0) { nx = -nx; ny = -ny; } // "aside" > 0 is the upper side
  const boxes = nodes.map((n) => [n.x - W / 2 - 2, n.y - H / 2 - 2, n.x + W / 2 + 2, n.y + H / 2 + 2]);
  for (const t of LABEL_ALONG) {
    for (const aside of LABEL_ASIDE) {
      const x = a.x + (b.x - a.x) * t + nx * aside;
      const y = a.y + (b.y - a.y) * t + ny * aside;
      const box = [x - width / 2, y - 10, x + width / 2, y + 8];
      if (!boxes.some((o) => box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3])) return { x, y };
    }
  }
  return { x: (a.x + b.x) / 2 + nx * 12, y: (a.y + b.y) / 2 + ny * 12 };
}

/** The box around every component, zone (with its label tab) and text. */
export function bounds(nodes, zones = [], texts = []) {
  const boxes = [
    ...nodes.map((n) => [n.x - W / 2 - 12, n.y - H / 2 - 14, n.x + W / 2 + 12, n.y + H / 2 + 4]),
    ...zones.map((z) => [z.x - 4, z.y - 26, z.x + z.w + 4, z.y + z.h + 4]),
    ...texts.map((t) => [t.x - 4, t.y - 4, t.x + 200, t.y + 100]),
  ];
  const x = Math.min(...boxes.map((b) => b[0]));
  const y = Math.min(...boxes.map((b) => b[1]));
  return { x, y, w: Math.max(...boxes.map((b) => b[2])) - x, h: Math.max(...boxes.map((b) => b[3])) - y };
}

export function truncate(text, n) {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

export function nodeDescription(node) {
  const kind = KIND_LABELS[node.kind] || node.kind;
  const replicas = node.replicas ? `, ${node.replicas} replicas` : "";
  return `${kind}: ${node.label || "unnamed"}${replicas}`;
}

/** The rectangle an element covers: {left, top, right, bottom}. A component's x, y is its
 * centre; a zone's and a text's is its top-left corner (a text's size follows its lines,
 * as board_shapes.js draws it). */
export function elementBox(type, element) {
  if (type === "node") return { left: element.x - W / 2, top: element.y - H / 2, right: element.x + W / 2, bottom: element.y + H / 2 };
  if (type === "zone") return { left: element.x, top: element.y, right: element.x + element.w, bottom: element.y + element.h };
  const sticky = element.style === "sticky";
  const lines = String(element.text || "").split("\n").slice(0, 30);
  const longest = Math.max(4, ...lines.map((l) => Math.min(l.length, sticky ? 24 : 60)));
  const w = sticky ? 180 : longest * 7.6 + 20;
  const h = Math.max(sticky ? 90 : 30, lines.length * 18 + 14);
  return { left: element.x, top: element.y, right: element.x + w, bottom: element.y + h };
}

/** The op that puts an element's box at (left, top). */
export function moveOp(type, element, left, top) {
  if (type === "node") return { kind: "node.move", id: element.id, x: left + W / 2, y: top + H / 2 };
  return { kind: `${type}.update`, id: element.id, changes: { x: left, y: top } };
}

/** The op that shifts an element by (dx, dy). */
export function shiftOp(type, element, dx, dy) {
  const box = elementBox(type, element);
  return moveOp(type, element, box.left + dx, box.top + dy);
}
