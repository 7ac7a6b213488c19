// The diagram as text: the board's components, arrows and zones as tables and forms, usable
// with the keyboard alone and by a screen reader. Every edit is an ordinary board op sent
// through the room's sendOp (the same door the canvas uses), so the other side sees it and
// undo covers it. Read-only whenever the canvas is (observers, before the start, after the end).

import { KIND_LABELS, NODE_KINDS } from "./board_model.js";
import { freeSpot } from "./board_placement.js";
import { ZONE_LABELS } from "./board_shapes.js";

const LABEL_MAX = 80;
const EDGE_LABEL_MAX = 60;
const REPLICAS_MAX = 1000;

const uid = (prefix) => `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const nameOf = (node) => node?.label || KIND_LABELS[node?.kind] || "unnamed";

/** The zones whose rectangle holds the component's centre (nested zones all count). */
export function zonesOf(node, zones = []) {
  return zones.filter((z) => node.x >= z.x && node.x <= z.x + z.w && node.y >= z.y && node.y <= z.y + z.h);
}

/** The board as plain rows: what the tables show. */
export function describeBoard(board) {
  const zones = board.zones || [];
  const byId = new Map(board.nodes.map((n) => [n.id, n]));
  return {
    components: board.nodes.map((n) => ({
      id: n.id, label: n.label || "", kind: n.kind, kindLabel: KIND_LABELS[n.kind] || n.kind,
      replicas: n.replicas ?? null, zones: zonesOf(n, zones).map((z) => z.label || ZONE_LABELS[z.kind] || z.kind),
    })),
    arrows: board.edges.filter((e) => byId.has(e.from) && byId.has(e.to)).map((e) => ({
      id: e.id, from: e.from, to: e.to, fromLabel: nameOf(byId.get(e.from)), toLabel: nameOf(byId.get(e.to)),
      label: e.label || "", mode: e.mode === "async" ? "async" : "sync",
    })),
    zones: zones.map((z) => ({
      id: z.id, label: z.label || "", kindLabel: ZONE_LABELS[z.kind] || z.kind,
      members: board.nodes.filter((n) => zonesOf(n, [z]).length).map(nameOf),
    })),
  };
}

/** The op that changes one field of a component, or {error} naming what is wrong, or null
 * when the value is what the component already has. */
export function nodeChange(node, field, raw) {
  let value;
  if (field === "label") {
    value = String(raw).trim();
    if (value.length > LABEL_MAX) return { error: `A label has at most ${LABEL_MAX} characters.` };
  } else if (field === "kind") {
    if (!(raw in KIND_LABELS)) return { error: "Choose a kind from the list." };
    value = raw;
  } else if (field === "replicas") {
    const text = String(raw).trim();
    value = text === "" ? null : Number(text);
    if (value !== null && !(Number.isInteger(value) && value >= 1 && value <= REPLICAS_MAX)) {
      return { error: `Replicas must be a whole number from 1 to ${REPLICAS_MAX}, or empty.` };
    }
  } else {
    return { error: `Unknown field ${field}.` };
  }
  if ((node[field] ?? null) === value) return null;
  return { op: { kind: "node.update", id: node.id, changes: { [field]: value } } };
}

/** The op that adds a component, placed in free space right of the board's centre of mass. */
export function nodeAdd(board, { kind, label }, id = uid("n")) {
  if (!(kind in KIND_LABELS)) return { error: "Choose a kind from the list." };
  const name = String(label || "").trim() || KIND_LABELS[kind];
  if (name.length > LABEL_MAX) return { error: `A label has at most ${LABEL_MAX} characters.` };
  const n = board.nodes.length;
  const cx = n ? board.nodes.reduce((s, node) => s + node.x, 0) / n : 200;
  const cy = n ? board.nodes.reduce((s, node) => s + node.y, 0) / n : 150;
  const { x, y } = freeSpot(board.nodes, cx, cy);
  return { op: { kind: "node.add", node: { id, kind, label: name, x, y, notes: "", replicas: null }, place: "free" } };
}

/** The op that draws an arrow, or {error}: the canvas's rules (two distinct components, one
 * arrow per direction). */
export function edgeAdd(board, { from, to, label = "", mode = "sync" }, id = uid("e")) {
  const ids = new Set(board.nodes.map((n) => n.id));
  if (!ids.has(from) || !ids.has(to)) return { error: "Choose two components." };
  if (from === to) return { error: "An arrow joins two different components." };
  if (board.edges.some((e) => e.from === from && e.to === to)) return { error: "These components are already connected." };
  const text = String(label).trim();
  if (text.length > EDGE_LABEL_MAX) return { error: `A protocol has at most ${EDGE_LABEL_MAX} characters.` };
  return { op: { kind: "edge.add", edge: { id, from, to, label: text, mode: mode === "async" ? "async" : "sync" } } };
}

export class BoardTextView {
  constructor(root, { store, sendOp, boardRoot = null, readOnly = false, announce = () => {} }) {
    this.root = root;
    this.store = store;
    this.sendOp = sendOp;
    this.announce = announce;
    this.fixedReadOnly = readOnly;
    this.boardRoot = boardRoot;
    this.tables = {
      components: root.querySelector("[data-text-table=components] tbody"),
      arrows: root.querySelector("[data-text-table=arrows] tbody"),
      zones: root.querySelector("[data-text-table=zones] tbody"),
    };
    this.status = root.querySelector(".board-text-status");
    this.rows = new Map(); // element id -> its <tr>
    this.bindForms();
    // Folded away, the tables are not kept current: opening them renders once.
    this.details = root.querySelector("details");
    this.details?.addEventListener("toggle", () => this.render());
    store.addEventListener("change", () => this.render());
    // The room flips the canvas between editable and read-only (start, end): follow it.
    if (boardRoot && typeof MutationObserver !== "undefined") {
      new MutationObserver(() => this.render()).observe(boardRoot, { attributes: true, attributeFilter: ["class"] });
    }
    this.render();
  }

  get readOnly() {
    return this.fixedReadOnly || Boolean(this.boardRoot?.classList.contains("is-readonly"));
  }

  send(result, done) {
    if (!result) return false;
    if (result.error) {
      this.say(result.error, true);
      this.render(); // a refused value goes back to what the board has (unless still focused)
      return false;
    }
    if (this.readOnly) { this.say("The board is read-only now.", true); return false; }
    this.sendOp(result.op);
    if (done) this.say(done);
    return true;
  }

  say(text, isError = false) {
    if (this.status) {
      this.status.textContent = text;
      this.status.classList.toggle("is-error", isError);
    }
    this.announce(text);
  }

  bindForms() {
    const add = this.root.querySelector("form[data-text-form=add]");
    if (add) {
      fillOptions(add.elements.kind, NODE_KINDS, "service");
      add.addEventListener("submit", (event) => {
        event.preventDefault();
        const kind = add.elements.kind.value;
        const label = add.elements.label.value;
        if (this.send(nodeAdd(this.store.view, { kind, label }), `${label.trim() || KIND_LABELS[kind]} added.`)) add.elements.label.value = "";
      });
    }
    const connect = this.root.querySelector("form[data-text-form=connect]");
    if (connect) {
      connect.addEventListener("submit", (event) => {
        event.preventDefault();
        const f = connect.elements;
        const spec = { from: f.from.value, to: f.to.value, label: f.label.value, mode: f.mode.value };
        if (this.send(edgeAdd(this.store.view, spec), "Arrow added.")) f.label.value = "";
      });
    }
    this.root.addEventListener("change", (event) => this.fieldChanged(event.target));
    this.root.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-delete]");
      if (!button) return;
      const [type, id] = button.dataset.delete.split(":");
      this.send({ op: { kind: `${type}.delete`, id } }, type === "node" ? "Component deleted." : "Arrow deleted.");
      this.root.querySelector("form[data-text-form=add] [name=label]")?.focus();
    });
  }

  fieldChanged(input) {
    const row = input.closest("tr[data-id]");
    if (!row || !input.dataset.field) return;
    const board = this.store.view;
    if (row.dataset.type === "node") {
      const node = board.nodes.find((n) => n.id === row.dataset.id);
      if (node) this.send(nodeChange(node, input.dataset.field, input.value), "Saved.");
    } else if (row.dataset.type === "edge") {
      const edge = board.edges.find((e) => e.id === row.dataset.id);
      if (!edge) return;
      const field = input.dataset.field;
      const value = field === "mode" ? (input.value === "async" ? "async" : "sync") : input.value.trim().slice(0, EDGE_LABEL_MAX);
      if ((edge[field] || "") !== value) this.send({ op: { kind: "edge.update", id: edge.id, changes: { [field]: value } } }, "Saved.");
    }
  }

  // ---- rendering: rows are kept by id, and a field being edited is never overwritten ------

  render() {
    if (this.details && !this.details.open) return;
    const text = describeBoard(this.store.view);
    const readOnly = this.readOnly;
    this.root.classList.toggle("is-readonly", readOnly);
    for (const form of this.root.querySelectorAll("form[data-text-form]")) form.hidden = readOnly;
    this.renderRows(this.tables.components, text.components, "node", readOnly, componentCells);
    this.renderRows(this.tables.arrows, text.arrows, "edge", readOnly, arrowCells);
    this.renderRows(this.tables.zones, text.zones, "zone", true, zoneCells);
    const connect = this.root.querySelector("form[data-text-form=connect]");
    if (connect) {
      const choices = text.components.map((c) => [c.id, c.label || c.kindLabel]);
      const { from, to } = connect.elements;
      fillOptions(from, choices);
      fillOptions(to, choices);
      // Two different ends by default: an arrow from a component to itself is refused.
      if (to.value === from.value) to.value = choices.find(([id]) => id !== from.value)?.[0] ?? to.value;
    }
    for (const [name, rows] of Object.entries(text)) {
      const empty = this.root.querySelector(`[data-text-empty=${name}]`);
      if (empty) empty.hidden = rows.length > 0;
    }
  }

  renderRows(tbody, rows, type, readOnly, cells) {
    if (!tbody) return;
    const keep = new Set(rows.map((r) => r.id));
    for (const tr of [...tbody.children]) {
      if (!keep.has(tr.dataset.id)) { tr.remove(); this.rows.delete(`${type}:${tr.dataset.id}`); }
    }
    rows.forEach((row, index) => {
      const key = `${type}:${row.id}`;
      let tr = this.rows.get(key);
      const mode = readOnly ? "read" : "edit";
      if (tr && (tr.dataset.mode !== mode || tr.parentNode !== tbody)) { tr.remove(); tr = null; }
      if (!tr) {
        tr = document.createElement("tr");
        tr.dataset.id = row.id;
        tr.dataset.type = type;
        tr.dataset.mode = mode;
        this.rows.set(key, tr);
      }
      if (tbody.children[index] !== tr) tbody.insertBefore(tr, tbody.children[index] || null);
      cells(tr, row, readOnly);
    });
  }
}

// ---- cells -----------------------------------------------------------------------------------

function cell(tr, index, tag = "td") {
  let c = tr.children[index];
  if (!c) {
    c = document.createElement(tag);
    if (tag === "th") c.scope = "row";
    tr.append(c);
  }
  return c;
}

/** A cell holding one control (created once), whose value is set unless it is being edited. */
function control(td, make, value, name) {
  let input = td.firstElementChild;
  if (!input) { input = make(); td.append(input); }
  input.setAttribute("aria-label", name);
  if (document.activeElement !== input && input.value !== String(value ?? "")) input.value = value ?? "";
  return input;
}

const input = (field, attrs = {}) => () => {
  const i = document.createElement("input");
  i.dataset.field = field;
  i.autocomplete = "off";
  for (const [k, v] of Object.entries(attrs)) i.setAttribute(k, v);
  return i;
};
const select = (field, options) => () => {
  const s = document.createElement("select");
  s.dataset.field = field;
  fillOptions(s, options);
  return s;
};

function deleteButton(td, type, id, name) {
  let b = td.querySelector("button");
  if (!b) {
    b = document.createElement("button");
    b.type = "button";
    b.className = "button-small danger";
    b.textContent = "Delete";
    td.append(b);
  }
  b.dataset.delete = `${type}:${id}`;
  b.setAttribute("aria-label", `Delete ${name}`);
}

function componentCells(tr, c, readOnly) {
  const name = c.label || c.kindLabel;
  if (readOnly) {
    cell(tr, 0, "th").textContent = name;
    cell(tr, 1).textContent = c.kindLabel;
    cell(tr, 2).textContent = c.replicas ?? "1";
  } else {
    control(cell(tr, 0, "th"), input("label", { maxlength: String(LABEL_MAX) }), c.label, `Label of ${name}`);
    control(cell(tr, 1), select("kind", NODE_KINDS), c.kind, `Kind of ${name}`);
    control(cell(tr, 2), input("replicas", { type: "number", min: "1", max: String(REPLICAS_MAX), inputmode: "numeric", placeholder: "1" }), c.replicas, `Replicas of ${name}`);
  }
  cell(tr, 3).textContent = c.zones.join(", ") || "—";
  if (!readOnly) deleteButton(cell(tr, 4), "node", c.id, name);
}

function arrowCells(tr, a, readOnly) {
  const name = `arrow from ${a.fromLabel} to ${a.toLabel}`;
  cell(tr, 0, "th").textContent = a.fromLabel;
  cell(tr, 1).textContent = a.toLabel;
  if (readOnly) {
    cell(tr, 2).textContent = a.label || "—";
    cell(tr, 3).textContent = a.mode === "async" ? "Asynchronous" : "Synchronous";
    return;
  }
  control(cell(tr, 2), input("label", { maxlength: String(EDGE_LABEL_MAX) }), a.label, `Protocol of ${name}`);
  control(cell(tr, 3), select("mode", [["sync", "Synchronous"], ["async", "Asynchronous"]]), a.mode, `Call of ${name}`);
  deleteButton(cell(tr, 4), "edge", a.id, name);
}

function zoneCells(tr, z) {
  cell(tr, 0, "th").textContent = z.label || z.kindLabel;
  cell(tr, 1).textContent = z.kindLabel;
  cell(tr, 2).textContent = z.members.join(", ") || "—";
}

/** Set a select's options, keeping the current choice when it is still offered. */
function fillOptions(selectEl, options, fallback) {
  if (!selectEl) return;
  const current = selectEl.value;
  const same = selectEl.options.length === options.length
    && options.every(([value, label], i) => selectEl.options[i].value === value && selectEl.options[i].text === label);
  if (!same) {
    selectEl.replaceChildren(...options.map(([value, label]) => new Option(label, value)));
  }
  const values = options.map(([value]) => value);
  if (values.includes(current)) selectEl.value = current;
  else if (fallback !== undefined && values.includes(fallback)) selectEl.value = fallback;
}
