// Shared notes: six sections edited by both sides at once, merged with diff-match-patch.
//
// Per section we keep a shadow (the server's text, with its seq) and the local text. An edit
// is sent as patch_toText(shadow → local); one patch per section is in flight at a time. On
// the ack the shadow becomes the server's merged text and edits typed since are re-applied on
// top; someone else's edit is patched into the local text the same way. The caret is mapped
// through every change, so a peer's typing never moves yours.

import DiffMatchPatch from "../vendor/diff-match-patch-1.0.5/diff_match_patch.js";

const dmp = new DiffMatchPatch();
dmp.Patch_DeleteThreshold = 0.5;
dmp.Match_Threshold = 0.5;

/** Re-apply the change from→to onto `base` (fuzzy, context-matched). */
export function rebase(from, to, base) {
  if (from === to) return base;
  if (from === base) return to;
  const [text] = dmp.patch_apply(dmp.patch_make(from, to), base);
  return text;
}

/** Where a caret at `index` in `before` lands in `after`. */
export function mapIndex(before, after, index) {
  if (before === after) return index;
  return dmp.diff_xIndex(dmp.diff_main(before, after), index);
}

export class SectionSync {
  constructor(text = "", seq = 0) {
    this.shadow = text; // last server text we know
    this.seq = seq; // the seq that produced it
    this.local = text; // what the user sees, shadow plus unacknowledged edits
    this.inflight = null; // {opId, sentLocal}
    this.buffered = []; // peers' texts that arrived while our patch was in flight
    this.failures = 0;
  }

  get dirty() {
    return this.local !== this.shadow;
  }

  edit(text) {
    this.local = text;
  }

  /** The patch to send now, or null when nothing is pending or a patch is in flight. */
  takePatch() {
    if (this.inflight || this.local === this.shadow) return null;
    return dmp.patch_toText(dmp.patch_make(this.shadow, this.local));
  }

  sent(opId) {
    this.inflight = { opId, sentLocal: this.local };
  }

  /** Our patch was applied; `text` is the section after it. Returns the new local text. */
  acked(text, seq) {
    if (!this.inflight) return this.remote(text, seq);
    // After a snapshot the shadow may already include our patch (a resent op_id is answered
    // with its original ack): then the newer shadow is the base, not the ack's older text.
    const base = typeof seq === "number" && seq <= this.seq ? this.shadow : text;
    if (!(typeof seq === "number" && seq <= this.seq)) {
      this.shadow = text;
      this.seq = seq ?? this.seq;
    }
    this.local = rebase(this.inflight.sentLocal, this.local, base);
    this.inflight = null;
    this.failures = 0;
    return this.drain();
  }

  /** The server refused our patch (merge_conflict): keep the edits, try again from the shadow. */
  refused() {
    this.inflight = null;
    this.failures += 1;
    return this.drain();
  }

  /** Someone else changed the section to `text` at `seq`. Returns the new local text. */
  remote(text, seq) {
    if (this.inflight) {
      // Their edit may be ordered before or after ours; the ack tells. Wait for it.
      this.buffered.push({ text, seq });
      return this.local;
    }
    if (typeof seq === "number" && seq <= this.seq) return this.local; // already included
    this.local = rebase(this.shadow, this.local, text);
    this.shadow = text;
    if (typeof seq === "number") this.seq = seq;
    return this.local;
  }

  /** A fresh snapshot of the section (after a long disconnection). */
  snapshot(text, seq) {
    this.buffered = [];
    if (this.inflight) {
      // Unknown whether our in-flight patch is in this text: the resent op's ack will say.
      this.shadow = text;
      this.seq = seq;
      return this.local;
    }
    this.local = rebase(this.shadow, this.local, text);
    this.shadow = text;
    this.seq = seq;
    return this.local;
  }

  drain() {
    const waiting = this.buffered.sort((a, b) => a.seq - b.seq);
    this.buffered = [];
    for (const { text, seq } of waiting) this.remote(text, seq);
    return this.local;
  }
}

/**
 * The notes widget: a tab per section, each a textarea kept in sync through `send`.
 * `send(op)` returns an op_id (the socket keeps and resends it until answered).
 */
export class NotesWidget {
  constructor(root, { send, readOnly = false, onTabChange } = {}) {
    this.root = root;
    this.send = send;
    this.readOnly = readOnly;
    this.onTabChange = onTabChange;
    this.syncs = {};
    this.areas = {};
    this.timers = {};
    this.byOpId = new Map();
    for (const area of root.querySelectorAll("textarea[data-section]")) {
      const section = area.dataset.section;
      this.areas[section] = area;
      this.syncs[section] = new SectionSync(area.value);
      if (readOnly) area.readOnly = true;
      area.addEventListener("input", () => this.onInput(section));
    }
    this.setupTabs();
  }

  setupTabs() {
    const tabs = [...this.root.querySelectorAll('[role="tab"]')];
    const select = (tab, focus = false) => {
      for (const t of tabs) {
        const on = t === tab;
        t.setAttribute("aria-selected", String(on));
        t.tabIndex = on ? 0 : -1;
        this.root.querySelector(`#${t.getAttribute("aria-controls")}`).hidden = !on;
      }
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

  onInput(section) {
    this.syncs[section].edit(this.areas[section].value);
    this.markChanged(section, false);
    clearTimeout(this.timers[section]);
    this.timers[section] = setTimeout(() => this.flush(section), 200);
  }

  flush(section) {
    const sync = this.syncs[section];
    const patch = sync.takePatch();
    if (!patch) return;
    const opId = this.send({ kind: "notes.patch", section, patch });
    sync.sent(opId);
    this.byOpId.set(opId, section);
  }

  /** Load every section from a snapshot. */
  load(notes, seq) {
    for (const [section, sync] of Object.entries(this.syncs)) {
      this.show(section, sync.snapshot(notes?.[section] ?? "", seq));
      this.schedule(section);
    }
  }

  /** Our notes.patch op was acknowledged. */
  acked(opId, op, seq) {
    const section = this.byOpId.get(opId) || op.section;
    this.byOpId.delete(opId);
    if (!this.syncs[section]) return;
    this.show(section, this.syncs[section].acked(op.text, seq));
    this.schedule(section);
  }

  /** Our op was refused (merge_conflict, too_large…). Returns true if it was a notes op. */
  refused(opId) {
    const section = this.byOpId.get(opId);
    if (!section) return false;
    this.byOpId.delete(opId);
    const sync = this.syncs[section];
    this.show(section, sync.refused());
    if (sync.failures < 3) this.schedule(section);
    return true;
  }

  /** A peer's notes.patch, as broadcast (with the merged text). */
  remote(op, seq) {
    const sync = this.syncs[op.section];
    if (!sync) return;
    const before = sync.local;
    this.show(op.section, sync.remote(op.text, seq));
    if (sync.local !== before) this.markChanged(op.section, true);
  }

  schedule(section) {
    if (this.syncs[section].dirty) {
      clearTimeout(this.timers[section]);
      this.timers[section] = setTimeout(() => this.flush(section), 50);
    }
  }

  /** Put `text` in the textarea, keeping the caret and selection where the user had them. */
  show(section, text) {
    const area = this.areas[section];
    if (!area || area.value === text) return;
    const before = area.value;
    const focused = area.ownerDocument.activeElement === area;
    const { selectionStart: start, selectionEnd: end, scrollTop } = area;
    area.value = text;
    if (focused) {
      area.setSelectionRange(mapIndex(before, text, start), mapIndex(before, text, end));
      area.scrollTop = scrollTop;
    }
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
  }

  /** Insert text at the caret of a section (used by the estimator). */
  insert(section, text) {
    const area = this.areas[section];
    if (!area || this.readOnly) return;
    const at = area.selectionEnd ?? area.value.length;
    const prefix = area.value.slice(0, at);
    const glue = prefix && !prefix.endsWith("\n") ? "\n\n" : "";
    area.setRangeText(`${glue}${text}\n`, at, at, "end");
    this.onInput(section);
    area.focus();
  }
}
