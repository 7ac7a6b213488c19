// The shared notes panel: a tab per section, each textarea bound to the section's CRDT text
// (notes_crdt.js), peers' carets drawn over it (notes_presence.js).
//
// Local edits leave as `notes.update` ops (a Yjs update in base64, at most 50 ms after the
// keystroke); the socket keeps each op until it is answered and resends it after a
// reconnect (a resent update changes nothing twice). A refusal is handled here: out_of_sync
// sends what the server lacks; any other refusal puts the section back on the server's
// document with the user's text re-applied once, and if that is refused too, the user's
// unsaved edits are dropped and the user is told why.

import { NotesBinding, NotesDoc, fromBase64, toBase64 } from "./notes_crdt.js";
import { NotesPresence, PresenceOverlay } from "./notes_presence.js";
import { ERROR_CODES } from "./errors.js";

export class NotesWidget {
  /**
   * `sendOp(op)` returns an op id; `sendAwareness(message)` sends an ephemeral message;
   * `onDropped(message)` tells the user that edits could not be saved.
   */
  constructor(root, { sendOp, sendAwareness, readOnly = false, onTabChange, onDropped } = {}) {
    this.root = root;
    this.readOnly = readOnly;
    this.onTabChange = onTabChange;
    this.onDropped = onDropped;
    this.areas = {};
    this.overlays = {};
    this.mine = new Map(); // op id → generation, for our notes ops in flight
    this.generation = 0; // one more per rebase: older ops' refusals are already handled
    this.refusals = 0; // refusals in a row since the last ack (a refused re-send drops edits)
    this.outOfSync = 0;
    for (const area of root.querySelectorAll("textarea[data-section]")) {
      this.areas[area.dataset.section] = area;
      if (readOnly) area.readOnly = true;
    }
    const sections = Object.keys(this.areas);
    this.notes = new NotesDoc({
      sections,
      send: (update) => {
        const opId = sendOp({ kind: "notes.update", update: toBase64(update) });
        this.mine.set(opId, this.generation);
      },
    });
    this.presence = new NotesPresence({ notes: this.notes, send: (m) => sendAwareness?.({ type: "notes.awareness", ...m }) });
    this.bindings = sections.map((section) => new NotesBinding(this.areas[section], this.notes, section));
    this.notes.onChange((section, change) => this.changed(section, change));
    for (const [section, area] of Object.entries(this.areas)) {
      this.overlays[section] = new PresenceOverlay(area);
      const caret = () => {
        if (!this.readOnly) this.presence.local(section, area.selectionStart, area.selectionEnd);
      };
      for (const name of ["keyup", "mouseup", "select", "input", "focus"]) area.addEventListener(name, caret);
      area.addEventListener("blur", () => {
        if (!this.readOnly) this.presence.local(null);
      });
      area.addEventListener("input", () => this.markChanged(section, false));
    }
    this.setupTabs();
    // Peers' carets expire without news: redraw now and then so stale ones disappear.
    this.sweeper = setInterval(() => this.drawPresence(this.current), 5000);
  }

  setupTabs() {
    const tabs = [...this.root.querySelectorAll('[role="tab"]')];
    this.current = tabs.find((t) => t.getAttribute("aria-selected") === "true")?.dataset.section;
    const select = (tab, focus = false) => {
      for (const t of tabs) {
        const on = t === tab;
        t.setAttribute("aria-selected", String(on));
        t.tabIndex = on ? 0 : -1;
        this.root.querySelector(`#${t.getAttribute("aria-controls")}`).hidden = !on;
      }
      this.current = tab.dataset.section;
      this.markChanged(this.current, false);
      this.drawPresence(this.current);
      if (focus) tab.focus();
      if (this.onTabChange) this.onTabChange(tab.dataset.section);
    };
    tabs.forEach((tab, i) => {
      tab.addEventListener("click", () => select(tab));
      tab.addEventListener("keydown", (event) => {
        const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
        if (step) {
          event.preventDefault();
          select(tabs[(i + step + tabs.length) % tabs.length], true);
        } else if (event.key === "Home" || event.key === "End") {
          event.preventDefault();
          select(tabs[event.key === "Home" ? 0 : tabs.length - 1], true);
        }
      });
    });
    this.selectTab = (section) => {
      const tab = tabs.find((t) => t.dataset.section === section);
      if (tab) select(tab);
    };
  }

  /** Every section's text as it is now. */
  texts() {
    return Object.fromEntries(Object.keys(this.areas).map((s) => [s, this.notes.text(s)]));
  }

  /** A snapshot's board: the notes document (base64) merges into ours. */
  load(board) {
    if (board?.notes_state) this.notes.load(fromBase64(board.notes_state));
  }

  /** A peer's notes.update op (live or in a replay after a reconnect). */
  remote(op) {
    if (op.update) this.notes.receive(fromBase64(op.update));
  }

  /** Our notes.update op was applied; `op` is what the server logged. */
  acked(opId, op) {
    this.mine.delete(opId);
    this.refusals = 0;
    this.outOfSync = 0;
    if (op?.update) this.notes.acked(fromBase64(op.update));
  }

  /** Our op was refused. Returns true if it was a notes op (then it is handled here). */
  refused(opId, code, message) {
    if (!this.mine.has(opId)) return false;
    const generation = this.mine.get(opId);
    this.mine.delete(opId);
    this.notes.settled();
    if (generation !== this.generation) return true; // sent before the last rebase
    if (code === ERROR_CODES.OUT_OF_SYNC && this.outOfSync < 5) {
      // An earlier update did not arrive (or was refused): send all the server lacks.
      this.outOfSync += 1;
      const missing = this.notes.missing();
      if (missing) this.notes.send(missing);
      return true;
    }
    this.refusals += 1;
    this.generation += 1;
    if (this.refusals > 1) {
      this.refusals = 0;
      this.notes.rebase({ keepText: false });
      if (this.onDropped) this.onDropped(`Your last notes edit could not be saved: ${message}`);
    } else {
      this.notes.rebase(); // the server's document, with the user's text re-applied once
      this.notes.flush();
    }
    return true;
  }

  /** A peer's caret, relayed by the server. */
  awareness(msg) {
    this.presence.receive(msg.peer, { name: msg.user?.name ?? "?", section: msg.section, anchor: msg.anchor, head: msg.head });
    this.drawPresence(this.current);
  }

  changed(section, change) {
    if (change.rebased) {
      for (const s of Object.keys(this.areas)) this.drawPresence(s);
      return;
    }
    const area = this.areas[section];
    if (!area) return;
    if (change.origin !== "local" && section !== this.current) this.markChanged(section, true);
    if (section === this.current) this.drawPresence(section);
  }

  drawPresence(section) {
    if (section && this.overlays[section]) this.overlays[section].render(this.presence.marks(section));
  }

  /** A dot on a background tab that changed under a peer's hands. */
  markChanged(section, changed) {
    const tab = this.root.querySelector(`[role="tab"][data-section="${section}"]`);
    if (!tab) return;
    if (changed && tab.getAttribute("aria-selected") !== "true") tab.classList.add("has-news");
    if (!changed) tab.classList.remove("has-news");
  }

  setReadOnly(flag) {
    this.readOnly = flag;
    for (const area of Object.values(this.areas)) area.readOnly = flag;
    this.root.classList.toggle("is-readonly", flag);
    if (flag) this.presence.local(null);
  }

  /** Insert text at the caret of a section (used by the estimator). */
  insert(section, text) {
    const area = this.areas[section];
    if (!area || this.readOnly) return;
    const at = area.selectionEnd ?? area.value.length;
    const prefix = area.value.slice(0, at);
    const glue = prefix && !prefix.endsWith("\n") ? "\n\n" : "";
    area.setRangeText(`${glue}${text}\n`, at, at, "end");
    this.notes.localEdit(section, area.value, area.selectionEnd);
    area.focus();
  }
}
