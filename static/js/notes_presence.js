// Who is where in the notes: remote carets and selections (ephemeral awareness).
//
// A caret is sent as a Yjs relative position: the id [client, clock] of the character on
// its left (null at the start of the section), so it stays on the same character while
// others type around it. This user's position goes out at most every `throttleMs`; peers'
// positions are kept in memory only, dropped after `ttlMs` without news, and never logged.

import * as Y from "../vendor/yjs-13.6.33/yjs.js";

/** [client, clock] of the character left of `index` in `text`, or null at the start. */
export function encodePosition(text, index) {
  const rpos = Y.createRelativePositionFromTypeIndex(text, index, -1);
  return rpos.item ? [rpos.item.client, rpos.item.clock] : null;
}

/** The index a position from `encodePosition` points at now (null if unknown here yet). */
export function decodePosition(doc, section, position) {
  const item = position ? { client: position[0], clock: position[1] } : null;
  const rpos = Y.createRelativePositionFromJSON({ tname: section, item, assoc: -1 });
  const absolute = Y.createAbsolutePositionFromRelativePosition(rpos, doc);
  return absolute ? absolute.index : null;
}

export class NotesPresence {
  constructor({ notes, send, throttleMs = 100, ttlMs = 30_000, now = () => Date.now() }) {
    this.notes = notes;
    this.send = send;
    this.throttleMs = throttleMs;
    this.ttlMs = ttlMs;
    this.now = now;
    this.peers = new Map(); // peer id → {name, section, anchor, head, seen}
    this.pending = null; // the latest local position not yet sent
    this.lastSent = -Infinity;
    this.timer = null;
    // As if "nowhere" had been sent: leaving the notes without having been in them is quiet.
    this.lastKey = JSON.stringify({ section: null, anchor: null, head: null });
  }

  /** This user's caret or selection in `section` (null: not in the notes). */
  local(section, start = 0, end = start) {
    let message = { section: null, anchor: null, head: null };
    if (section) {
      const text = this.notes.texts[section];
      message = { section, anchor: encodePosition(text, start), head: encodePosition(text, end) };
    }
    const key = JSON.stringify(message);
    if (key === this.lastKey && !this.pending) return;
    this.pending = message;
    const wait = this.lastSent + this.throttleMs - this.now();
    if (wait <= 0) this.flush();
    else if (this.timer === null) this.timer = setTimeout(() => this.flush(), wait);
  }

  flush() {
    clearTimeout(this.timer);
    this.timer = null;
    if (!this.pending) return;
    const message = this.pending;
    this.pending = null;
    this.lastKey = JSON.stringify(message);
    this.lastSent = this.now();
    this.send(message);
  }

  /** A peer's position, as relayed by the server (`name` from the server, not the peer). */
  receive(peer, { name, section, anchor, head }) {
    if (!section) this.peers.delete(peer);
    else this.peers.set(peer, { name, section, anchor, head, seen: this.now() });
  }

  /** A peer left the room. */
  forget(peer) {
    this.peers.delete(peer);
  }

  /** Peers in `section` now: [{peer, name, start, end}], start ≤ end, in text order. */
  marks(section) {
    const out = [];
    const now = this.now();
    for (const [peer, state] of this.peers) {
      if (now - state.seen > this.ttlMs) {
        this.peers.delete(peer);
        continue;
      }
      if (state.section !== section) continue;
      const anchor = decodePosition(this.notes.doc, section, state.anchor);
      const head = decodePosition(this.notes.doc, section, state.head);
      if (anchor === null || head === null) continue;
      out.push({
        peer,
        name: state.name,
        start: Math.min(anchor, head),
        end: Math.max(anchor, head),
      });
    }
    return out.sort((a, b) => a.start - b.start || a.end - b.end);
  }
}

/**
 * Draws peers' marks over a textarea: a mirror element with the same font and box shows the
 * same text invisibly, with peers' selections highlighted and their carets as coloured bars
 * labelled with their names. It scrolls with the textarea and never takes the pointer.
 */
export class PresenceOverlay {
  constructor(area) {
    this.area = area;
    const doc = area.ownerDocument;
    this.mirror = doc.createElement("div");
    this.mirror.className = "notes-presence";
    this.mirror.setAttribute("aria-hidden", "true");
    area.parentNode.insertBefore(this.mirror, area);
    area.addEventListener("scroll", () => this.sync());
  }

  sync() {
    const { area, mirror } = this;
    const style = area.ownerDocument.defaultView.getComputedStyle(area);
    for (const prop of ["font", "lineHeight", "padding", "border", "letterSpacing", "tabSize"]) {
      mirror.style[prop] = style[prop];
    }
    mirror.style.width = `${area.clientWidth}px`;
    mirror.style.height = `${area.clientHeight}px`;
    mirror.style.top = `${area.offsetTop}px`;
    mirror.style.left = `${area.offsetLeft}px`;
    mirror.scrollTop = area.scrollTop;
  }

  /** Show `marks` (from NotesPresence.marks) over the textarea's current text. */
  render(marks) {
    const doc = this.area.ownerDocument;
    const text = this.area.value;
    this.mirror.replaceChildren();
    let at = 0;
    marks.forEach((mark, n) => {
      const start = Math.max(mark.start, at);
      this.mirror.append(doc.createTextNode(text.slice(at, start)));
      const caret = doc.createElement("span");
      caret.className = `notes-presence-caret peer-${n % 6}`;
      caret.dataset.name = mark.name;
      this.mirror.append(caret);
      if (mark.end > start) {
        const selection = doc.createElement("mark");
        selection.className = `peer-${n % 6}`;
        selection.textContent = text.slice(start, mark.end);
        this.mirror.append(selection);
      }
      at = Math.max(at, mark.end);
    });
    this.mirror.append(doc.createTextNode(`${text.slice(at)}\u200b`));
    this.sync();
  }
}
