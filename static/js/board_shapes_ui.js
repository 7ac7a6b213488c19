// The palette entries and inspector fields of zones and texts (board_shapes.js draws them).

import { ZONE_KINDS, ZONE_SIZE, zoneDefaultLabel } from "./board_shapes.js";

const uid = (prefix) => `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const snap = (v) => Math.round(v / 10) * 10;

export function buildShapePalette(list, editor) {
  const heading = document.createElement("li");
  heading.className = "palette-title";
  heading.textContent = "Zones & notes";
  list.append(heading);
  const entries = [
    ...ZONE_KINDS.map(([kind, label]) => ({ label, title: `Add a ${label.toLowerCase()} zone`, add: () => addZone(editor, kind), data: { zone: kind } })),
    { label: "Text", title: "Add free text", add: () => addText(editor, "text"), data: { text: "text" } },
    { label: "Sticky note", title: "Add a sticky note", add: () => addText(editor, "sticky"), data: { text: "sticky" } },
  ];
  for (const entry of entries) {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "palette-item palette-shape";
    Object.assign(button.dataset, entry.data);
    button.textContent = entry.label;
    button.title = entry.title;
    button.addEventListener("click", entry.add);
    li.append(button);
    list.append(li);
  }
}

function viewCentre(editor) {
  const rect = editor.svg.getBoundingClientRect();
  return editor.toBoard(rect.left + rect.width / 2, rect.top + rect.height / 2);
}

export function addZone(editor, kind) {
  const c = viewCentre(editor);
  const zones = editor.store.view.zones || [];
  const zone = { id: uid("z"), kind, label: zoneDefaultLabel(zones, kind), x: snap(c.x - ZONE_SIZE.w / 2), y: snap(c.y - ZONE_SIZE.h / 2), ...ZONE_SIZE };
  editor.op({ kind: "zone.add", zone });
  editor.select({ type: "zone", id: zone.id }, { focusField: true });
  editor.announce(`${zone.label} added. Drag its label to move it, its corner to resize it.`);
  return zone.id;
}

export function addText(editor, style) {
  const c = viewCentre(editor);
  const text = { id: uid("t"), style, text: style === "sticky" ? "Note" : "Text", x: snap(c.x - 60), y: snap(c.y - 20) };
  editor.op({ kind: "text.add", text });
  editor.select({ type: "text", id: text.id }, { focusField: true });
  editor.announce(`${style === "sticky" ? "Sticky note" : "Text"} added. Type it, then Escape.`);
  return text.id;
}

/** The inspector's zone and text fields: typing is sent after a short pause. */
export function bindShapeInspector(editor, form) {
  const field = (name) => form.querySelector(`[name="${name}"]`);
  const kind = field("zone-kind");
  if (kind && !kind.options.length) for (const [value, label] of ZONE_KINDS) kind.add(new Option(label, value));
  const send = (type, changes) => {
    if (editor.selected?.type === type) editor.op({ kind: `${type}.update`, id: editor.selected.id, changes });
  };
  // Typing waits a moment, in the editor's queue of unsent edits: selecting something else
  // sends it first (Inspector.flush in board_inspector.js), to the element it was typed for.
  const later = (type, name, key, max) => () => {
    const target = editor.selected;
    if (target?.type !== type) return;
    const previous = editor.waiting.get(name);
    if (previous) clearTimeout(previous.timer);
    const op = { kind: `${type}.update`, id: target.id, changes: { [key]: field(name).value.slice(0, max) } };
    const entry = { send: () => { editor.waiting.delete(name); editor.op(op); } };
    entry.timer = setTimeout(entry.send, 350);
    editor.waiting.set(name, entry);
  };
  field("zone-label")?.addEventListener("input", later("zone", "zone-label", "label", 80));
  field("text-text")?.addEventListener("input", later("text", "text-text", "text", 2000));
  kind?.addEventListener("change", () => send("zone", { kind: kind.value }));
  field("text-style")?.addEventListener("change", () => send("text", { style: field("text-style").value }));
}

/** Fill the inspector for a selected zone or text; false when the selection is neither. */
export function renderShapeInspector(editor, form, selection, board, setIfIdle) {
  if (selection?.type === "zone") {
    const zone = board.zones?.find((z) => z.id === selection.id);
    if (!zone) return false;
    setIfIdle("zone-label", zone.label);
    setIfIdle("zone-kind", zone.kind);
    const inside = form.querySelector(".zone-members");
    if (inside) {
      const names = board.nodes.filter((n) => n.x >= zone.x && n.x <= zone.x + zone.w && n.y >= zone.y && n.y <= zone.y + zone.h).map((n) => n.label || n.kind);
      inside.textContent = names.length ? `Inside: ${names.join(", ")}` : "No component inside yet: drag components into it.";
    }
    return true;
  }
  if (selection?.type === "text") {
    const text = board.texts?.find((t) => t.id === selection.id);
    if (!text) return false;
    setIfIdle("text-text", text.text);
    setIfIdle("text-style", text.style);
    return true;
  }
  return false;
}

export const FOCUS_FIELD = { node: "[name=label]", edge: "[name=edge-label]", zone: "[name=zone-label]", text: "[name=text-text]" };
