// The board's state and how ops change it: the client twin of interviews/board.py.
//
// The server is authoritative. BoardStore keeps the last confirmed board (what the server
// acknowledged or broadcast) plus this client's pending ops; what the user sees is the
// pending ops replayed over the confirmed board, so a refused op simply disappears.

export const NODE_KINDS = [
  ["client", "Client"],
  ["load_balancer", "Load balancer"],
  ["api_gateway", "API gateway"],
  ["service", "Service"],
  ["database", "Database"],
  ["cache", "Cache"],
  ["queue", "Queue / stream"],
  ["object_store", "Object store"],
  ["cdn", "CDN"],
  ["search", "Search index"],
  ["worker", "Worker"],
  ["external", "External"],
];
export const KIND_LABELS = Object.fromEntries(NODE_KINDS);

// Notes sections are not listed here: the server's board carries every section, and the
// page renders one tab per section from the server's list (interviews/board.py).
export function emptyBoard() {
  return { version: 0, nodes: [], edges: [], zones: [], texts: [], notes: {} };
}

export function normalizeBoard(board) {
  const empty = emptyBoard();
  return {
    version: board?.version ?? 0,
    nodes: (board?.nodes || []).map((n) => ({ ...n })),
    edges: (board?.edges || []).map((e) => ({ ...e })),
    zones: (board?.zones || []).map((z) => ({ ...z })),
    texts: (board?.texts || []).map((t) => ({ ...t })),
    notes: { ...empty.notes, ...(board?.notes || {}) },
  };
}

/**
 * Apply one op and return a new board. Ops on missing elements are ignored (returning the
 * board unchanged), which is what a display wants; the server refuses them for real.
 */
export function applyOp(board, op) {
  const next = { ...board, nodes: board.nodes, edges: board.edges, notes: board.notes };
  const hasNode = (id) => board.nodes.some((n) => n.id === id);
  const exists = (id) => hasNode(id) || board.edges.some((e) => e.id === id)
    || (board.zones || []).some((z) => z.id === id) || (board.texts || []).some((t) => t.id === id);
  const shape = SHAPE_OPS[op.kind];
  if (shape) {
    const list = board[shape.key] || [];
    if (shape.verb === "add") {
      if (exists(op[shape.field].id)) return board;
      next[shape.key] = [...list, { ...op[shape.field] }];
    } else if (shape.verb === "update") {
      next[shape.key] = list.map((e) => (e.id === op.id ? { ...e, ...op.changes } : e));
    } else {
      next[shape.key] = list.filter((e) => e.id !== op.id);
    }
    return next;
  }
  switch (op.kind) {
    case "node.add":
      if (exists(op.node.id)) return board;
      next.nodes = [...board.nodes, { ...op.node }];
      break;
    case "node.move":
      next.nodes = board.nodes.map((n) => (n.id === op.id ? { ...n, x: op.x, y: op.y } : n));
      break;
    case "node.update":
      next.nodes = board.nodes.map((n) => (n.id === op.id ? { ...n, ...op.changes } : n));
      break;
    case "node.delete": {
      const removed = new Set(op.removed_edges || []);
      next.nodes = board.nodes.filter((n) => n.id !== op.id);
      next.edges = board.edges.filter(
        (e) => !removed.has(e.id) && e.from !== op.id && e.to !== op.id,
      );
      break;
    }
    case "edge.add":
      if (exists(op.edge.id) || !hasNode(op.edge.from) || !hasNode(op.edge.to)) return board;
      next.edges = [...board.edges, { ...op.edge }];
      break;
    case "edge.update":
      next.edges = board.edges.map((e) => (e.id === op.id ? { ...e, ...op.changes } : e));
      break;
    case "edge.delete":
      next.edges = board.edges.filter((e) => e.id !== op.id);
      break;
    case "notes.patch":
      // The server sends the merged text; a pending local patch is shown by the notes widget.
      if (typeof op.text === "string") next.notes = { ...board.notes, [op.section]: op.text };
      break;
    default:
      return board;
  }
  return next;
}

// Zones and free texts (interviews/board_shapes.py): add, update, delete, nothing more.
export const SHAPE_OPS = {
  "zone.add": { key: "zones", field: "zone", verb: "add" },
  "zone.update": { key: "zones", verb: "update" },
  "zone.delete": { key: "zones", verb: "delete" },
  "text.add": { key: "texts", field: "text", verb: "add" },
  "text.update": { key: "texts", verb: "update" },
  "text.delete": { key: "texts", verb: "delete" },
};

export class BoardStore extends EventTarget {
  constructor(board = emptyBoard()) {
    super();
    this.confirmed = normalizeBoard(board);
    this.pending = []; // [{op_id, op}]
    this.cached = null;
  }

  /** The notes' text as the CRDT document has it now (the notes widget keeps it current;
   * notes.update ops carry no text). */
  notesSet(notes) {
    this.confirmed = { ...this.confirmed, notes: { ...this.confirmed.notes, ...notes } };
    this.cached = null;
  }

  /** The board as the user should see it: confirmed state plus this client's pending ops. */
  get view() {
    if (!this.cached) {
      this.cached = this.pending.reduce(
        (board, p) => (p.op.kind === "notes.patch" ? board : applyOp(board, p.op)),
        this.confirmed,
      );
    }
    return this.cached;
  }

  get version() {
    return this.confirmed.version;
  }

  reset(board) {
    this.confirmed = normalizeBoard(board);
    this.changed({ kind: "reset" });
  }

  addPending(opId, op) {
    this.pending.push({ op_id: opId, op });
    this.changed(op, { local: true });
  }

  /** The server applied our op: fold it into the confirmed board. */
  acknowledge(opId, appliedOp, version) {
    this.pending = this.pending.filter((p) => p.op_id !== opId);
    this.confirmed = applyOp(this.confirmed, appliedOp);
    if (typeof version === "number") this.confirmed.version = version;
    this.changed(appliedOp, { ack: true, opId });
  }

  /** The server refused our op: drop it, and the view falls back to the confirmed state. */
  refuse(opId) {
    const before = this.pending.length;
    this.pending = this.pending.filter((p) => p.op_id !== opId);
    if (this.pending.length !== before) this.changed({ kind: "refused" }, { opId });
  }

  /** Someone else's op (or our own seen in a replay). */
  remote(appliedOp, version, opId) {
    if (opId) this.pending = this.pending.filter((p) => p.op_id !== opId);
    this.confirmed = applyOp(this.confirmed, appliedOp);
    if (typeof version === "number") this.confirmed.version = version;
    this.changed(appliedOp, { remote: true, opId });
  }

  changed(op, info = {}) {
    this.cached = null;
    this.dispatchEvent(new CustomEvent("change", { detail: { op, ...info } }));
  }
}
