// The board's undo keys and buttons. Ctrl/Cmd+Z undoes, Ctrl/Cmd+Shift+Z and Ctrl+Y redo,
// wherever focus is except in a text field: there the field's own undo applies (the notes
// have a Y.UndoManager of the user's edits). Outside a field the browser's native undo is
// always prevented, so it never reaches into a text field edited earlier.

import { isTyping } from "./room_layout.js";

/** "undo", "redo" or null for a keydown event (Mac: Cmd; elsewhere: Ctrl). */
export function undoIntent(event) {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  const key = String(event.key || "").toLowerCase();
  if (key === "z") return event.shiftKey ? "redo" : "undo";
  if (key === "y" && !event.shiftKey) return "redo";
  return null;
}

export function mountUndo(root, { history, undo, redo }) {
  const undoButton = root.querySelector("[data-board-action=undo]");
  const redoButton = root.querySelector("[data-board-action=redo]");
  const refresh = () => {
    if (undoButton) undoButton.disabled = !history.canUndo;
    if (redoButton) redoButton.disabled = !history.canRedo;
  };
  history.addEventListener("change", refresh);
  undoButton?.addEventListener("click", undo);
  redoButton?.addEventListener("click", redo);
  document.addEventListener("keydown", (event) => {
    const intent = undoIntent(event);
    if (!intent || isTyping(event.target)) return;
    event.preventDefault();
    if (intent === "undo") undo();
    else redo();
  });
  refresh();
}
