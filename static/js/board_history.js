// Undo and redo of one's own board changes, as inverse ops sent on the normal op path: the
// other side sees an undo like any edit, and the event log stays the truth.
//
// Each change the user makes is recorded with its inverse, computed from the board as the
// user saw it just before. Consecutive moves of one element (a drag sends one every 100 ms)
// and consecutive edits of one field merge into one step. An undo whose element someone else
// has meanwhile deleted (or re-created) keeps only the ops that still apply.

const MERGE_WITHIN_MS = 1200;
export const HISTORY_LIMIT = 200;
const NODE_FIELDS = ["label", "kind", "notes", "replicas", "capacity"];
const NULLABLE = new Set(["replicas", "capacity"]);
const EDGE_FIELDS = ["label", "mode"];

import { SHAPE_OPS, applyOp } from "./board_model.js";

const pick = (element, keys) => Object.fromEntries(keys.map((k) => [k, element[k] ?? (NULLABLE.has(k) ? null : "")]));
const find = (list, id) => list.find((e) => e.id === id) || null;

/** The ops that undo `op` on `board` (the state before it), or null if it changes nothing. */
export function inverseOf(board, op) {
  const shape = SHAPE_OPS[op.kind];
  if (shape) return shapeInverse(board, op, shape);
  switch (op.kind) {
    case "node.add":
      return [{ kind: "node.delete", id: op.node.id }];
    case "edge.add":
      return [{ kind: "edge.delete", id: op.edge.id }];
    case "node.move": {
      const node = find(board.nodes, op.id);
      return node ? [{ kind: "node.move", id: op.id, x: node.x, y: node.y }] : null;
    }
    case "node.update": {
      const node = find(board.nodes, op.id);
      return node ? [{ kind: "node.update", id: op.id, changes: pick(node, Object.keys(op.changes).filter((k) => NODE_FIELDS.includes(k))) }] : null;
    }
    case "edge.update": {
      const edge = find(board.edges, op.id);
      return edge ? [{ kind: "edge.update", id: op.id, changes: pick(edge, Object.keys(op.changes).filter((k) => EDGE_FIELDS.includes(k))) }] : null;
    }
    case "node.delete": {
      const node = find(board.nodes, op.id);
      if (!node) return null;
      const edges = board.edges.filter((e) => e.from === op.id || e.to === op.id);
      return [{ kind: "node.add", node: { ...node } }, ...edges.map((e) => ({ kind: "edge.add", edge: { ...e } }))];
    }
    case "edge.delete": {
      const edge = find(board.edges, op.id);
      return edge ? [{ kind: "edge.add", edge: { ...edge } }] : null;
    }
    default:
      return null; // notes have their own undo (a Y.UndoManager); other ops are not the user's drawing
  }
}

function shapeInverse(board, op, shape) {
  const type = op.kind.split(".")[0];
  if (shape.verb === "add") return [{ kind: `${type}.delete`, id: op[shape.field].id }];
  const element = find(board[shape.key] || [], op.id);
  if (!element) return null;
  if (shape.verb === "delete") return [{ kind: `${type}.add`, [type]: { ...element } }];
  return [{ kind: op.kind, id: op.id, changes: pick(element, Object.keys(op.changes)) }];
}

/** Which consecutive changes are one step: the same kind of change to the same element and field. */
export function mergeKey(op) {
  if (op.kind === "node.move") return `move:${op.id}`;
  if (op.kind.endsWith(".update")) return `${op.kind}:${op.id}:${Object.keys(op.changes).sort().join(",")}`;
  return null;
}

/** Keep the ops that can apply to `board` in order (each one's element exists, or does not, as needed). */
export function applicableOps(board, ops) {
  const nodes = new Set(board.nodes.map((n) => n.id));
  const edges = new Set(board.edges.map((e) => e.id));
  const added = new Set();
  const removed = new Set();
  const out = [];
  for (const op of ops) {
    if (op.kind === "node.add") {
      if (nodes.has(op.node.id) || edges.has(op.node.id)) continue;
      nodes.add(op.node.id);
    } else if (op.kind === "edge.add") {
      if (edges.has(op.edge.id) || nodes.has(op.edge.id) || !nodes.has(op.edge.from) || !nodes.has(op.edge.to)) continue;
      edges.add(op.edge.id);
    } else if (SHAPE_OPS[op.kind]) {
      const shape = SHAPE_OPS[op.kind];
      const id = shape.verb === "add" ? op[shape.field].id : op.id;
      const present = (board[shape.key] || []).some((e) => e.id === id) || added.has(id);
      if (shape.verb === "add" ? present || nodes.has(id) || edges.has(id) : !present || removed.has(id)) continue;
      if (shape.verb === "add") added.add(id);
      if (shape.verb === "delete") removed.add(id);
    } else if (op.kind.startsWith("node.")) {
      if (!nodes.has(op.id)) continue;
      if (op.kind === "node.delete") {
        nodes.delete(op.id);
        for (const e of board.edges) if (e.from === op.id || e.to === op.id) edges.delete(e.id);
      }
    } else if (op.kind.startsWith("edge.")) {
      if (!edges.has(op.id)) continue;
      if (op.kind === "edge.delete") edges.delete(op.id);
    }
    out.push(op);
  }
  return out;
}

export class BoardHistory extends EventTarget {
  constructor({ now = () => Date.now(), limit = HISTORY_LIMIT } = {}) {
    super();
    this.now = now;
    this.limit = limit;
    this.done = []; // [{forward: [op], inverse: [op], key, at}]
    this.undone = [];
  }

  get canUndo() {
    return this.done.length > 0;
  }

  get canRedo() {
    return this.undone.length > 0;
  }

  /** Record one change the user made, given the board as it was just before it. */
  record(board, op) {
    const inverse = inverseOf(board, op);
    if (!inverse) return;
    const key = mergeKey(op);
    const at = this.now();
    const last = this.done[this.done.length - 1];
    if (key && last && last.key === key && at - last.at <= MERGE_WITHIN_MS) {
      last.forward = [op];
      last.at = at;
    } else {
      this.done.push({ forward: [op], inverse, key, at });
      if (this.done.length > this.limit) this.done.shift();
    }
    this.undone = [];
    this.changed();
  }

  /** A multi-element action (a group move, a paste): the ops and their inverses as one step. */
  recordMany(board, ops) {
    const inverses = [];
    let state = board;
    for (const op of ops) {
      const inverse = inverseOf(state, op);
      if (inverse) inverses.unshift(...inverse);
      state = applyOp(state, op);
    }
    if (!inverses.length) return;
    this.done.push({ forward: [...ops], inverse: inverses, key: null, at: this.now() });
    if (this.done.length > this.limit) this.done.shift();
    this.undone = [];
    this.changed();
  }

  /** The ops to send to undo the last step (empty when there is nothing to undo). */
  undo(board) {
    const step = this.done.pop();
    if (!step) return [];
    this.undone.push(step);
    this.changed();
    return applicableOps(board, step.inverse);
  }

  redo(board) {
    const step = this.undone.pop();
    if (!step) return [];
    step.key = null; // a redone step never merges with what follows
    this.done.push(step);
    this.changed();
    return applicableOps(board, step.forward);
  }

  changed() {
    this.dispatchEvent(new Event("change"));
  }
}
