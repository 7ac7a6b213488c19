// Shared notes as CRDT text: one Yjs document, one Y.Text per section, bound to textareas.
//
// Every keystroke becomes a minimal insert/delete on the section's Y.Text; the updates Yjs
// emits for local changes are coalesced for at most `coalesceMs` (50 ms) and handed to
// `send` as one update (one at a time: what is typed while it awaits its answer follows it). Updates from the server are applied with the REMOTE origin; a
// textarea shows them without moving its caret (a peer's text typed exactly at the caret
// lands after it, so one's own next keystroke still follows one's last). Undo and redo
// (Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y, the Edit menu) use a Y.UndoManager per section that tracks
// only this user's own edits, never the browser's native undo.

import * as Y from "../vendor/yjs-13.6.33/yjs.js";

export const LOCAL = "local"; // this user's typing (tracked by undo)
export const REMOTE = "remote"; // applied from the server (never sent back)
export const RESYNC = "resync"; // re-applying this user's text after a rebase (not undoable)

/** Updates travel as base64 in JSON frames. */
export const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
export function toBase64(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

const isHigh = (code) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code) => code >= 0xdc00 && code <= 0xdfff;

/**
 * The one edit turning `before` into `after`: {index, remove, insert} in UTF-16 units.
 * `caret` (where the caret is after the edit) settles ambiguous runs ("aa" → "aaa"): an
 * insertion ends at the caret, a deletion starts there. Never splits a surrogate pair, so
 * an emoji is replaced whole (Yjs and Yrs disagree about half pairs).
 */
export function textDiff(before, after, caret = null) {
  const growth = after.length - before.length;
  let limit = Math.min(before.length, after.length);
  if (caret !== null) limit = Math.max(0, Math.min(limit, caret - Math.max(growth, 0)));
  let start = 0;
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start += 1;
  if (start > 0 && isHigh(before.charCodeAt(start - 1))) start -= 1;
  let tail = 0;
  const tailLimit = Math.min(before.length, after.length) - start;
  while (
    tail < tailLimit &&
    before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)
  ) {
    tail += 1;
  }
  if (tail > 0 && isLow(before.charCodeAt(before.length - tail))) tail -= 1;
  return {
    index: start,
    remove: before.length - start - tail,
    insert: after.slice(start, after.length - tail),
  };
}

/** Where `index` is after a Y.Text delta; text inserted exactly at `index` lands after it. */
export function mapThroughDelta(delta, index) {
  let position = 0;
  let mapped = index;
  for (const op of delta) {
    if (position > index) break;
    if (op.retain !== undefined) position += op.retain;
    else if (op.insert !== undefined) {
      const size = typeof op.insert === "string" ? op.insert.length : 1;
      if (position < index) mapped += size;
    } else if (op.delete !== undefined) {
      mapped -= Math.max(0, Math.min(op.delete, index - position));
      position += op.delete;
    }
  }
  return Math.max(0, mapped);
}

/**
 * The session's notes document and its traffic. `send(update: Uint8Array)` hands one
 * coalesced update to the socket; listeners added with `onChange` hear every change to a
 * section as (section, {delta, origin}).
 */
export class NotesDoc {
  constructor({ sections, send, coalesceMs = 50, captureMs = 500, maxWaitMs = 1000 } = {}) {
    this.sections = [...sections];
    this.send = send;
    this.coalesceMs = coalesceMs;
    this.captureMs = captureMs;
    this.maxWaitMs = maxWaitMs;
    this.listeners = new Set();
    this.outbox = [];
    this.timer = null;
    // One update in flight at a time: keystrokes made meanwhile go out together when it is
    // answered, so a slow server gets fewer, larger updates instead of a growing queue
    // (never held longer than maxWaitMs, in case an answer is lost).
    this.inflight = 0;
    this.sentAt = 0;
    // What the server holds, as far as this client knows: its snapshot, every peer's change
    // and every change of ours it acknowledged. What we must (re)send is the difference.
    this.server = new Y.Doc();
    this.setup(new Y.Doc());
  }

  setup(doc) {
    if (this.doc) this.doc.destroy();
    this.doc = doc;
    this.texts = {};
    this.undo = {};
    for (const section of this.sections) {
      const text = doc.getText(section);
      this.texts[section] = text;
      this.undo[section] = new Y.UndoManager(text, {
        trackedOrigins: new Set([LOCAL]),
        captureTimeout: this.captureMs,
      });
      text.observe((event) => {
        for (const listener of this.listeners) {
          listener(section, { delta: event.delta, origin: event.transaction.origin });
        }
      });
    }
    doc.on("update", (update, origin) => {
      if (origin !== REMOTE) this.queue(update);
    });
  }

  onChange(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  text(section) {
    return this.texts[section].toString();
  }

  /** The server's document (a snapshot): merged into ours, which may hold unsent edits. */
  load(state) {
    Y.applyUpdate(this.server, state);
    Y.applyUpdate(this.doc, state, REMOTE);
  }

  /** A peer's change, relayed by the server. */
  receive(update) {
    Y.applyUpdate(this.server, update);
    Y.applyUpdate(this.doc, update, REMOTE);
  }

  /** The server applied a change of ours: `update` is what it logged (the ack's op). */
  acked(update) {
    Y.applyUpdate(this.server, update);
    this.settled();
  }

  /** An update of ours was answered (applied or refused): send what waited for it. */
  settled() {
    this.inflight = Math.max(0, this.inflight - 1);
    if (this.outbox.length && this.inflight === 0) this.flush();
  }

  /** What the server lacks of ours (sent after `out_of_sync`); null when it lacks nothing.
   * Computed on a copy of the server's document, so it holds only new items and deletions. */
  missing() {
    const probe = new Y.Doc();
    Y.applyUpdate(probe, Y.encodeStateAsUpdate(this.server));
    const parts = [];
    probe.on("update", (update) => parts.push(update));
    Y.applyUpdate(probe, Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(this.server)));
    probe.destroy();
    return parts.length ? Y.mergeUpdates(parts) : null;
  }

  /**
   * Start over from the server's document (after a refused update), keeping what the user
   * sees unless `keepText` is false: each section's text is re-applied as one minimal edit.
   * A new Y.Doc means a new client id, so refused changes can never come back.
   */
  rebase({ keepText = true } = {}) {
    const shown = Object.fromEntries(this.sections.map((s) => [s, this.text(s)]));
    clearTimeout(this.timer);
    this.timer = null;
    this.outbox = [];
    this.inflight = 0;
    this.setup(new Y.Doc());
    Y.applyUpdate(this.doc, Y.encodeStateAsUpdate(this.server), REMOTE);
    if (keepText) {
      this.doc.transact(() => {
        for (const section of this.sections) this.replace(section, shown[section]);
      }, RESYNC);
    }
    for (const listener of this.listeners) listener(null, { rebased: true });
  }

  replace(section, value, caret = null) {
    const text = this.texts[section];
    const { index, remove, insert } = textDiff(text.toString(), value, caret);
    if (remove) text.delete(index, remove);
    if (insert) text.insert(index, insert);
  }

  /** The textarea of `section` now shows `value` (caret at `caret`): apply the difference. */
  localEdit(section, value, caret = null) {
    if (this.text(section) === value) return;
    this.doc.transact(() => this.replace(section, value, caret), LOCAL);
  }

  undoLast(section) {
    this.undo[section].undo();
  }

  redoLast(section) {
    this.undo[section].redo();
  }

  queue(update) {
    this.outbox.push(update);
    if (this.timer === null) this.timer = setTimeout(() => this.flush(), this.coalesceMs);
  }

  /** Send what is queued, as one update, unless an earlier one awaits its answer. */
  flush() {
    clearTimeout(this.timer);
    this.timer = null;
    if (!this.outbox.length) return;
    const waited = Date.now() - this.sentAt;
    if (this.inflight > 0 && waited < this.maxWaitMs) {
      this.timer = setTimeout(() => this.flush(), this.maxWaitMs - waited);
      return;
    }
    const update = this.outbox.length === 1 ? this.outbox[0] : Y.mergeUpdates(this.outbox);
    this.outbox = [];
    this.inflight += 1;
    this.sentAt = Date.now();
    this.send(update);
  }

  destroy() {
    clearTimeout(this.timer);
    this.doc.destroy();
  }
}

const UNDO_KEYS = { z: "undo", y: "redo" };

/** Keeps one textarea and one section of a NotesDoc showing the same text. */
export class NotesBinding {
  constructor(area, notes, section) {
    this.area = area;
    this.notes = notes;
    this.section = section;
    this.area.value = notes.text(section);
    this.unlisten = notes.onChange((changed, change) => this.changed(changed, change));
    this.handlers = {
      input: () => notes.localEdit(section, area.value, area.selectionEnd),
      keydown: (event) => this.keydown(event),
      beforeinput: (event) => this.beforeinput(event),
    };
    for (const [name, handler] of Object.entries(this.handlers)) {
      area.addEventListener(name, handler);
    }
  }

  keydown(event) {
    if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
    let action = UNDO_KEYS[event.key.toLowerCase()];
    if (!action) return;
    if (action === "undo" && event.shiftKey) action = "redo";
    event.preventDefault();
    this.history(action);
  }

  beforeinput(event) {
    // The Edit menu and the context menu undo through the browser: route them here too.
    if (event.inputType === "historyUndo" || event.inputType === "historyRedo") {
      event.preventDefault();
      this.history(event.inputType === "historyUndo" ? "undo" : "redo");
    }
  }

  history(action) {
    if (this.area.readOnly) return;
    if (action === "undo") this.notes.undoLast(this.section);
    else this.notes.redoLast(this.section);
  }

  changed(section, change) {
    if (change.rebased) {
      this.show(this.notes.text(this.section), (index) => index);
      return;
    }
    if (section !== this.section || change.origin === LOCAL || change.origin === RESYNC) return;
    const mine = change.origin instanceof Y.UndoManager;
    // Undo puts the caret where the change was; a peer's change leaves it where it was.
    const map = mine ? () => changeEnd(change.delta) : (i) => mapThroughDelta(change.delta, i);
    this.show(this.notes.text(this.section), map);
  }

  show(text, map) {
    const area = this.area;
    if (area.value === text) return;
    const { selectionStart: start, selectionEnd: end, selectionDirection, scrollTop } = area;
    area.value = text;
    // Setting the value puts the caret at the end; put it back even when the textarea is not
    // focused, or the user's next keystroke there would land at the end of the section.
    area.setSelectionRange(map(start), map(end), selectionDirection);
    area.scrollTop = scrollTop;
  }

  destroy() {
    this.unlisten();
    for (const [name, handler] of Object.entries(this.handlers)) {
      this.area.removeEventListener(name, handler);
    }
  }
}

/** The index just after the last insertion (or at the last deletion) of a delta. */
function changeEnd(delta) {
  let position = 0;
  let end = 0;
  for (const op of delta) {
    if (op.retain !== undefined) position += op.retain;
    else if (op.insert !== undefined) {
      position += typeof op.insert === "string" ? op.insert.length : 1;
      end = position;
    } else if (op.delete !== undefined) end = position;
  }
  return end;
}
