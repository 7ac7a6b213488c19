// The inspector of the selected component or arrow (zones and texts: board_shapes_ui.js),
// for BoardEditor (board.js). Typing is sent after a short pause, for the element that was
// selected while typing; selecting something else sends what is still waiting first.

import { KIND_LABELS, NODE_KINDS } from "./board_model.js";
import { bindCapacityInspector, renderCapacityInspector } from "./board_capacity.js";
import { FOCUS_FIELD, bindShapeInspector, renderShapeInspector } from "./board_shapes_ui.js";

const TYPING_PAUSE_MS = 350;

export class Inspector {
  constructor(editor, form, { editable = true } = {}) {
    this.editor = editor;
    this.form = form;
    if (!editable) return; // shown, never sent from (an observer's or an ended session's board)
    this.bind();
    bindShapeInspector(editor, form);
  }

  field(name) {
    return this.form.querySelector(`[name="${name}"]`);
  }

  bind() {
    const editor = this.editor;
    const form = this.form;
    const field = (name) => this.field(name);
    const kind = field("kind");
    if (kind && !kind.options.length) {
      for (const [value, label] of NODE_KINDS) kind.add(new Option(label, value));
    }
    const update = (type, changes) => {
      if (editor.selected?.type === type) editor.op({ kind: `${type}.update`, id: editor.selected.id, changes });
    };
    const debounced = (key, makeOp) => () => {
      const target = editor.selected;
      if (!target) return;
      const previous = editor.waiting.get(key);
      if (previous) clearTimeout(previous.timer);
      const op = makeOp(target.id); // the value as typed now, whatever re-renders meanwhile
      const entry = { send: () => { editor.waiting.delete(key); editor.op(op); } };
      entry.timer = setTimeout(entry.send, TYPING_PAUSE_MS);
      editor.waiting.set(key, entry);
    };
    const sendLabel = debounced("label", (id) => ({ kind: "node.update", id, changes: { label: field("label").value.slice(0, 80) } }));
    const sendNotes = debounced("notes", (id) => ({ kind: "node.update", id, changes: { notes: field("notes").value.slice(0, 2000) } }));
    const sendEdgeLabel = debounced("edge-label", (id) => ({ kind: "edge.update", id, changes: { label: field("edge-label").value.slice(0, 60) } }));
    field("label")?.addEventListener("input", sendLabel);
    field("notes")?.addEventListener("input", sendNotes);
    kind?.addEventListener("change", () => update("node", { kind: kind.value }));
    field("replicas")?.addEventListener("change", () => {
      const n = parseInt(field("replicas").value, 10);
      update("node", { replicas: Number.isFinite(n) && n >= 1 ? Math.min(n, 1000) : null });
    });
    bindCapacityInspector(form, (changes) => update("node", changes));
    field("edge-label")?.addEventListener("input", sendEdgeLabel);
    field("mode")?.addEventListener("change", () => update("edge", { mode: field("mode").value }));
    form.addEventListener("submit", (event) => event.preventDefault());
    form.addEventListener("keydown", (event) => {
      if (event.key === "Escape") editor.focusSelected();
      if (event.key === "Enter" && event.target.tagName === "INPUT") {
        event.preventDefault();
        event.target.dispatchEvent(new Event("change"));
        this.flush();
        editor.focusSelected();
      }
    });
    form.querySelector("[data-action=delete]")?.addEventListener("click", () => editor.deleteSelected());
    form.querySelector("[data-action=connect]")?.addEventListener("click", () => {
      const target = field("connect-to").value;
      if (target && editor.selected?.type === "node") editor.connect(editor.selected.id, target);
    });
  }

  /** Send the typing still waiting for its pause. */
  flush() {
    for (const entry of [...this.editor.waiting.values()]) {
      clearTimeout(entry.timer);
      entry.send();
    }
  }

  focusField(type) {
    const field = this.form.querySelector(FOCUS_FIELD[type] || FOCUS_FIELD.node);
    if (field) { field.focus(); field.select(); }
  }

  render(force = false) {
    const editor = this.editor;
    const form = this.form;
    const board = editor.store.view;
    const sel = editor.selected;
    const node = sel?.type === "node" ? board.nodes.find((n) => n.id === sel.id) : null;
    const edge = sel?.type === "edge" ? board.edges.find((e) => e.id === sel.id) : null;
    const setIfIdle = (name, value) => {
      const input = this.field(name);
      if (!input) return;
      // Never overwrite the field the user is typing in, nor an edit still waiting to be sent.
      if (editor.waiting.has(name)) return;
      if (force || document.activeElement !== input) input.value = value ?? "";
    };
    const shape = renderShapeInspector(editor, form, sel, board, setIfIdle);
    const many = editor.selection.size > 1;
    form.hidden = !node && !edge && !shape && !many;
    form.dataset.type = node ? "node" : edge ? "edge" : shape ? sel.type : many ? "many" : "";
    const count = form.querySelector(".selection-count");
    if (count) count.textContent = many ? `${editor.selection.size} elements selected` : "";
    for (const part of form.querySelectorAll("[data-for]")) part.hidden = part.dataset.for !== form.dataset.type;
    if (node) this.renderNode(node, board, setIfIdle, force);
    else if (edge) this.renderEdge(edge, board, setIfIdle);
  }

  renderNode(node, board, setIfIdle, force) {
    setIfIdle("label", node.label);
    setIfIdle("kind", node.kind);
    setIfIdle("replicas", node.replicas ?? "");
    renderCapacityInspector(setIfIdle, node);
    setIfIdle("notes", node.notes);
    const select = this.field("connect-to");
    if (!select) return;
    const keep = select.value;
    select.innerHTML = "";
    select.add(new Option("Choose a component…", ""));
    for (const other of board.nodes) {
      if (other.id !== node.id) select.add(new Option(`${other.label || "unnamed"} (${KIND_LABELS[other.kind]})`, other.id));
    }
    select.value = force ? "" : keep;
  }

  renderEdge(edge, board, setIfIdle) {
    setIfIdle("edge-label", edge.label);
    setIfIdle("mode", edge.mode || "sync");
    const from = board.nodes.find((n) => n.id === edge.from);
    const to = board.nodes.find((n) => n.id === edge.to);
    const title = this.form.querySelector(".edge-ends");
    if (title) title.textContent = `${from?.label || "?"} → ${to?.label || "?"}`;
  }
}
