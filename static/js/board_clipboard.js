// Copy, paste and duplicate of board elements, pure. A copy holds the selected components,
// zones and texts, and the arrows between copied components (selected or not). A paste gives
// every element a new id, re-points the copied arrows at the copies, and shifts the lot
// diagonally until no pasted component overlaps one already on the board.
//
// The system clipboard carries a copy as JSON ({"format": "designroom-clipboard", ...});
// text from there is read with parseClipboard, which keeps only well-formed elements, within
// the board's own limits (docs/protocol.md).

import { CAPACITY_UNITS, MAX_CAPACITY } from "./board_capacity.js";
import { NODE_KINDS } from "./board_model.js";
import { overlaps } from "./board_placement.js";
import { ZONE_KINDS } from "./board_shapes.js";

export const CLIPBOARD_FORMAT = "designroom-clipboard";
export const MAX_CLIPBOARD_CHARS = 1_000_000;
const LIMITS = { nodes: 300, edges: 600, zones: 60, texts: 200 };
const STEP = 40;
const TRIES = 40;

/** The copy of `items` ([{type, id}]) from `board`, or null when nothing copyable is selected. */
export function copyOf(board, items) {
  const ids = new Set(items.map((i) => i.id));
  const nodes = board.nodes.filter((n) => ids.has(n.id));
  const zones = (board.zones || []).filter((z) => ids.has(z.id));
  const texts = (board.texts || []).filter((t) => ids.has(t.id));
  if (!nodes.length && !zones.length && !texts.length) return null;
  const copied = new Set(nodes.map((n) => n.id));
  const edges = board.edges.filter((e) => copied.has(e.from) && copied.has(e.to));
  const clone = (list) => list.map((e) => ({ ...e }));
  return { format: CLIPBOARD_FORMAT, version: 1, nodes: clone(nodes), edges: clone(edges), zones: clone(zones), texts: clone(texts) };
}

/** The offset (a multiple of STEP on the diagonal, at least one step) at which none of the
 * copy's components overlaps a component of `board`. */
export function pasteOffset(board, copy) {
  for (let i = 1; i <= TRIES; i += 1) {
    const d = i * STEP;
    if (!copy.nodes.some((n) => overlaps(n.x + d, n.y + d, board.nodes))) return d;
  }
  return STEP;
}

/** The ops that paste `copy` into `board`, and the pasted elements as [{type, id}]. */
export function pasteOps(board, copy, makeId) {
  const d = pasteOffset(board, copy);
  const ids = new Map();
  const fresh = (old, prefix) => {
    const id = makeId(prefix);
    ids.set(old, id);
    return id;
  };
  const ops = [];
  const items = [];
  for (const zone of copy.zones) {
    const id = fresh(zone.id, "z");
    ops.push({ kind: "zone.add", zone: { ...zone, id, x: zone.x + d, y: zone.y + d } });
    items.push({ type: "zone", id });
  }
  for (const node of copy.nodes) {
    const id = fresh(node.id, "n");
    ops.push({ kind: "node.add", node: { ...node, id, x: node.x + d, y: node.y + d } });
    items.push({ type: "node", id });
  }
  for (const edge of copy.edges) {
    if (!ids.has(edge.from) || !ids.has(edge.to)) continue;
    const id = fresh(edge.id, "e");
    ops.push({ kind: "edge.add", edge: { ...edge, id, from: ids.get(edge.from), to: ids.get(edge.to) } });
    items.push({ type: "edge", id });
  }
  for (const text of copy.texts) {
    const id = fresh(text.id, "t");
    ops.push({ kind: "text.add", text: { ...text, id, x: text.x + d, y: text.y + d } });
    items.push({ type: "text", id });
  }
  return { ops, items };
}

const NODE_KIND_SET = new Set(NODE_KINDS.map(([k]) => k));
const ZONE_KIND_SET = new Set(ZONE_KINDS.map(([k]) => k));
const isId = (v) => typeof v === "string" && v.length >= 1 && v.length <= 64;
const isCoord = (v) => typeof v === "number" && Number.isFinite(v) && Math.abs(v) <= 100000;
const text = (v, max) => (typeof v === "string" ? v.slice(0, max) : "");
const capacity = (c) => (c && typeof c.value === "number" && c.value > 0 && c.value <= MAX_CAPACITY && CAPACITY_UNITS.includes(c.unit)
  ? { value: c.value, unit: c.unit } : null);

/** A copy read back from clipboard text, or null when the text is not one. */
export function parseClipboard(raw) {
  if (typeof raw !== "string" || raw.length > MAX_CLIPBOARD_CHARS || !raw.includes(CLIPBOARD_FORMAT)) return null;
  let data;
  try {
    data = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!data || data.format !== CLIPBOARD_FORMAT) return null;
  const list = (name) => (Array.isArray(data[name]) ? data[name].slice(0, LIMITS[name]) : []);
  const nodes = list("nodes").filter((n) => n && isId(n.id) && NODE_KIND_SET.has(n.kind) && isCoord(n.x) && isCoord(n.y)).map((n) => ({
    id: n.id, kind: n.kind, label: text(n.label, 200), x: n.x, y: n.y, notes: text(n.notes, 2000),
    replicas: Number.isInteger(n.replicas) && n.replicas >= 1 && n.replicas <= 10000 ? n.replicas : null,
    ...(capacity(n.capacity) ? { capacity: capacity(n.capacity) } : {}),
  }));
  const zones = list("zones").filter((z) => z && isId(z.id) && ZONE_KIND_SET.has(z.kind) && isCoord(z.x) && isCoord(z.y)
    && typeof z.w === "number" && z.w >= 40 && z.w <= 40000 && typeof z.h === "number" && z.h >= 40 && z.h <= 40000)
    .map((z) => ({ id: z.id, kind: z.kind, label: text(z.label, 200), x: z.x, y: z.y, w: z.w, h: z.h }));
  const texts = list("texts").filter((t) => t && isId(t.id) && isCoord(t.x) && isCoord(t.y))
    .map((t) => ({ id: t.id, style: t.style === "sticky" ? "sticky" : "text", text: text(t.text, 2000), x: t.x, y: t.y }));
  const nodeIds = new Set(nodes.map((n) => n.id));
  const edges = list("edges").filter((e) => e && isId(e.id) && nodeIds.has(e.from) && nodeIds.has(e.to) && e.from !== e.to)
    .map((e) => ({ id: e.id, from: e.from, to: e.to, label: text(e.label, 200), mode: e.mode === "async" ? "async" : "sync" }));
  if (!nodes.length && !zones.length && !texts.length) return null;
  return { format: CLIPBOARD_FORMAT, version: 1, nodes, edges, zones, texts };
}
