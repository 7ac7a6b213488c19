// Which board elements are selected: none, one (the inspector edits it) or many (a group
// moves, aligns, copies and deletes together). Pure, besides the editor that shows it.

import { elementBox } from "./board_geometry.js";

const LISTS = { node: "nodes", edge: "edges", zone: "zones", text: "texts" };
const key = (item) => `${item.type}:${item.id}`;

export class Selection {
  constructor() {
    this.items = new Map(); // key -> {type, id}, in the order they were selected
  }

  get size() {
    return this.items.size;
  }

  /** The one selected element, or null when none or several are. */
  get only() {
    return this.items.size === 1 ? [...this.items.values()][0] : null;
  }

  has(type, id) {
    return this.items.has(`${type}:${id}`);
  }

  list() {
    return [...this.items.values()];
  }

  set(items) {
    this.items = new Map((items || []).filter(Boolean).map((item) => [key(item), { type: item.type, id: item.id }]));
  }

  /** Shift-click: add the element, or take it out if it was in. */
  toggle(item) {
    if (this.items.has(key(item))) this.items.delete(key(item));
    else this.items.set(key(item), { type: item.type, id: item.id });
  }

  /** Forget elements the board no longer has; true when something was dropped. */
  prune(board) {
    const before = this.items.size;
    for (const [k, item] of this.items) {
      if (!(board[LISTS[item.type]] || []).some((e) => e.id === item.id)) this.items.delete(k);
    }
    return this.items.size !== before;
  }
}

/** The elements a selected item names, as [{type, element}], skipping those gone. */
export function selectedElements(board, items) {
  const out = [];
  for (const item of items) {
    const element = (board[LISTS[item.type]] || []).find((e) => e.id === item.id);
    if (element) out.push({ type: item.type, element });
  }
  return out;
}

/** The rectangle dragged between two board points, as {left, top, right, bottom}. */
export function bandRect(a, b) {
  return { left: Math.min(a.x, b.x), top: Math.min(a.y, b.y), right: Math.max(a.x, b.x), bottom: Math.max(a.y, b.y) };
}

/** What a rubber band encloses: every component, zone and text whose whole box lies inside
 * `rect`, and every arrow whose two ends do. */
export function bandHits(board, rect) {
  const inside = (box) => box.left >= rect.left && box.right <= rect.right && box.top >= rect.top && box.bottom <= rect.bottom;
  const hits = [];
  for (const type of ["zone", "node", "text"]) {
    for (const element of board[LISTS[type]] || []) if (inside(elementBox(type, element))) hits.push({ type, id: element.id });
  }
  const nodes = new Set(hits.filter((h) => h.type === "node").map((h) => h.id));
  for (const edge of board.edges) if (nodes.has(edge.from) && nodes.has(edge.to)) hits.push({ type: "edge", id: edge.id });
  return hits;
}
