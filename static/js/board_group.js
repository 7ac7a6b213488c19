// What the board does with a selection of several elements, for BoardEditor (board.js):
// copy, paste and duplicate (Ctrl/Cmd+C, V, D), select all (Ctrl/Cmd+A), Escape to clear,
// the align and distribute buttons (shown for two or more), and the snap-to-grid toggle.
// Keys act only while the board (not a text field) has focus. Every action that changes
// several elements goes out through editor.opsAsOne: one undo step.

import { ALIGNMENTS, alignOps } from "./board_align.js";
import { copyOf, parseClipboard, pasteOps } from "./board_clipboard.js";
import { selectedElements } from "./board_selection.js";
import { isTyping } from "./room_layout.js";

export const SNAP_GRID = 20;
const SNAP_KEY = "designroom.board.snap";
const ARROWS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/** "copy", "paste", "duplicate", "all" or null for a keydown event (Mac: Cmd; elsewhere: Ctrl). */
export function clipboardIntent(event) {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return null;
  return { c: "copy", v: "paste", d: "duplicate", a: "all" }[String(event.key || "").toLowerCase()] || null;
}

export class GroupActions {
  constructor(editor, { storage = globalThis.localStorage } = {}) {
    this.editor = editor;
    this.storage = storage;
    this.clipboard = null; // the in-page copy
    this.uidCounter = 0;
    editor.gridSize = this.readSnap() ? SNAP_GRID : 0;
    this.bindKeys();
    this.bindToolbar();
  }

  readSnap() {
    try {
      return this.storage?.getItem(SNAP_KEY) !== "off";
    } catch {
      return true;
    }
  }

  bindKeys() {
    const editor = this.editor;
    editor.root.addEventListener("keydown", (event) => {
      if (isTyping(event.target) || editor.readOnly) return;
      const intent = clipboardIntent(event);
      // With nothing copied in this page, Ctrl+V is left to the browser: its paste event
      // brings a copy made in another tab (below).
      if (intent === "paste" && !this.clipboard) return;
      if (intent) {
        event.preventDefault();
        this[intent]();
      } else if (event.key === "Escape" && editor.selection.size > 1) {
        editor.select(null);
        editor.svg.focus();
      } else if ((event.key === "Delete" || event.key === "Backspace") && event.target === editor.svg) {
        event.preventDefault();
        editor.deleteSelected();
      } else if (ARROWS[event.key] && event.target === editor.svg && editor.selection.size > 1) {
        event.preventDefault(); // a focused component moves the group itself (board_pointer.js)
        const [dx, dy] = ARROWS[event.key];
        const step = event.shiftKey ? 50 : 10;
        editor.moveSelectionBy(dx * step, dy * step);
      }
    });
    // A Designroom copy pasted from another tab arrives as the system clipboard's text.
    document.addEventListener("paste", (event) => {
      if (editor.readOnly || isTyping(event.target) || !editor.root.contains(document.activeElement)) return;
      const copy = parseClipboard(event.clipboardData?.getData("text/plain"));
      if (copy) {
        event.preventDefault();
        this.pasteCopy(copy);
      }
    });
  }

  bindToolbar() {
    const root = this.editor.root;
    for (const how of ALIGNMENTS) {
      root.querySelector(`[data-board-align="${how}"]`)?.addEventListener("click", () => this.align(how));
    }
    this.snapButton = root.querySelector("[data-board-action=snap]");
    this.snapButton?.addEventListener("click", () => this.toggleSnap());
    this.showSnap();
  }

  toggleSnap() {
    const editor = this.editor;
    editor.gridSize = editor.gridSize ? 0 : SNAP_GRID;
    try {
      this.storage?.setItem(SNAP_KEY, editor.gridSize ? "on" : "off");
    } catch {
      // a private window may refuse storage: the toggle still holds for this page
    }
    this.showSnap();
    editor.announce(editor.gridSize ? `Snapping to a ${SNAP_GRID} px grid.` : "Snapping off.");
  }

  showSnap() {
    this.snapButton?.setAttribute("aria-pressed", String(Boolean(this.editor.gridSize)));
  }

  /** Show the align buttons while two or more movable elements are selected. */
  selectionChanged() {
    const many = this.editor.selection.list().filter((i) => i.type !== "edge").length;
    const tools = this.editor.root.querySelector(".board-align");
    if (tools) tools.hidden = many < 2 || this.editor.readOnly;
    for (const button of this.editor.root.querySelectorAll("[data-board-align^=distribute]")) button.disabled = many < 3;
  }

  align(how) {
    const editor = this.editor;
    const ops = alignOps(selectedElements(editor.store.view, editor.selection.list()), how);
    if (ops.length) editor.opsAsOne(ops);
    editor.announce(ops.length ? `Aligned ${how.replace("distribute-", "spaced ")}.` : "Already aligned.");
  }

  all() {
    const board = this.editor.store.view;
    this.editor.selectMany([
      ...board.zones.map((z) => ({ type: "zone", id: z.id })),
      ...board.nodes.map((n) => ({ type: "node", id: n.id })),
      ...board.edges.map((e) => ({ type: "edge", id: e.id })),
      ...board.texts.map((t) => ({ type: "text", id: t.id })),
    ]);
  }

  copy() {
    const editor = this.editor;
    const copy = copyOf(editor.store.view, editor.selection.list());
    if (!copy) return editor.announce("Select something to copy first.");
    this.clipboard = copy;
    // Also on the system clipboard, where the browser permits it, for another tab or session.
    globalThis.navigator?.clipboard?.writeText?.(JSON.stringify(copy)).catch(() => {});
    const count = copy.nodes.length + copy.zones.length + copy.texts.length;
    editor.announce(`Copied ${count} element${count === 1 ? "" : "s"}.`);
  }

  paste() {
    if (this.clipboard) this.pasteCopy(this.clipboard);
  }

  duplicate() {
    const copy = copyOf(this.editor.store.view, this.editor.selection.list());
    if (copy) this.pasteCopy(copy);
  }

  pasteCopy(copy) {
    const editor = this.editor;
    const stamp = Date.now().toString(36);
    const { ops, items } = pasteOps(editor.store.view, copy, (prefix) => {
      this.uidCounter += 1;
      return `${prefix}-${stamp}${this.uidCounter.toString(36)}${Math.random().toString(36).slice(2, 5)}`;
    });
    if (!ops.length) return;
    editor.opsAsOne(ops);
    editor.selectMany(items);
    editor.svg.focus({ preventScroll: true });
    editor.announce(`Pasted ${items.length} element${items.length === 1 ? "" : "s"}.`);
  }
}
