// What live cursors need besides drawing: the throttled sender, the peers' last known
// cursors, and follow mode. No DOM here (static/js/tests/board_cursors.test.js).
//
// A cursor is {pointer: {x, y} | null, selection: [ids], viewport: {x, y, w, h} | null},
// all in board coordinates (the server relays it as `board.cursor`, docs/protocol.md).

export const SEND_EVERY_MS = 50; // ≤ 20 a second: the server relays no more than that
export const KEEPALIVE_MS = 15_000; // peers forget a cursor after PEER_TTL_MS without news
export const PEER_TTL_MS = 45_000;
export const MIN_ZOOM = 0.25;
export const MAX_ZOOM = 3;

const round = (v) => Math.round(v * 10) / 10;
const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

/** A cursor as sent: coordinates to a tenth of a unit, so a sub-pixel jitter is no change. */
export function cursorMessage({ pointer = null, selection = [], viewport = null }) {
  return {
    type: "board.cursor",
    pointer: pointer ? { x: round(pointer.x), y: round(pointer.y) } : null,
    selection: [...selection].slice(0, 200),
    viewport: viewport && viewport.w > 0 && viewport.h > 0
      ? { x: round(viewport.x), y: round(viewport.y), w: round(viewport.w), h: round(viewport.h) }
      : null,
  };
}

/** True when a cursor says nothing: the peer left the board (or the room). */
export function isGone(cursor) {
  return !cursor.pointer && !(cursor.selection || []).length && !cursor.viewport;
}

/** The part of the board a view {x, y, k} shows in a `width` × `height` stage. */
export function viewportOf(view, width, height) {
  return { x: -view.x / view.k, y: -view.y / view.k, w: width / view.k, h: height / view.k };
}

/** The view {x, y, k} that shows `viewport` whole and centred in a `width` × `height` stage. */
export function viewFor(viewport, width, height) {
  const k = clamp(Math.min(width / viewport.w, height / viewport.h), MIN_ZOOM, MAX_ZOOM);
  return {
    k,
    x: width / 2 - (viewport.x + viewport.w / 2) * k,
    y: height / 2 - (viewport.y + viewport.h / 2) * k,
  };
}

/**
 * Sends this user's cursor at most every `everyMs`, and only when it changed. `touch()` says
 * "something may have changed"; `read()` is asked for the cursor only when one may go out (so
 * a pointer move costs no layout), and the last one is repeated every `keepaliveMs` while it
 * shows something.
 */
export class CursorSender {
  constructor({ read, send, everyMs = SEND_EVERY_MS, keepaliveMs = KEEPALIVE_MS, now = () => Date.now(), timers = globalThis }) {
    this.read = read;
    this.send = send;
    this.everyMs = everyMs;
    this.keepaliveMs = keepaliveMs;
    this.now = now;
    this.timers = timers;
    this.lastSent = -Infinity;
    this.lastKey = JSON.stringify(cursorMessage({})); // as if "nowhere" had been sent
    this.last = null;
    this.timer = null;
    this.keepalive = null;
  }

  touch() {
    if (this.timer !== null) return;
    const wait = Math.max(0, this.lastSent + this.everyMs - this.now());
    this.timer = this.timers.setTimeout(() => this.flush(), wait);
  }

  flush() {
    this.timers.clearTimeout(this.timer);
    this.timer = null;
    const message = cursorMessage(this.read());
    const key = JSON.stringify(message);
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.emit(message);
  }

  /** The server told the peers this socket left (a reconnect): say where we are again. */
  resend() {
    this.lastKey = null;
    this.lastSent = -Infinity;
    this.touch();
  }

  emit(message) {
    this.last = message;
    this.lastSent = this.now();
    this.send(message);
    this.timers.clearTimeout(this.keepalive);
    this.keepalive = isGone(message) ? null : this.timers.setTimeout(() => this.emit(this.last), this.keepaliveMs);
  }

  stop() {
    this.timers.clearTimeout(this.timer);
    this.timers.clearTimeout(this.keepalive);
    this.timer = this.keepalive = null;
  }
}

/** The other participants' cursors, one per socket (`peer`), as the server relayed them. */
export class PeerCursors {
  constructor({ ttlMs = PEER_TTL_MS, now = () => Date.now() } = {}) {
    this.ttlMs = ttlMs;
    this.now = now;
    this.peers = new Map();
  }

  /** Keep (or drop, when it shows nothing) a relayed cursor; true if it is still shown. */
  receive(msg) {
    if (!msg.peer) return false;
    if (isGone(msg)) {
      this.peers.delete(msg.peer);
      return false;
    }
    this.peers.set(msg.peer, {
      peer: msg.peer,
      userId: msg.user?.id,
      name: msg.user?.name || "someone",
      role: msg.role,
      pointer: msg.pointer || null,
      selection: msg.selection || [],
      viewport: msg.viewport || null,
      seen: this.now(),
    });
    return true;
  }

  /** A user went offline: every page of theirs is gone. */
  forgetUser(userId) {
    for (const [peer, cursor] of this.peers) if (cursor.userId === userId) this.peers.delete(peer);
  }

  clear() {
    this.peers.clear();
  }

  get(peer) {
    this.prune();
    return this.peers.get(peer) || null;
  }

  /** The cursors still fresh, oldest peer first. */
  list() {
    this.prune();
    return [...this.peers.values()];
  }

  prune() {
    const now = this.now();
    for (const [peer, cursor] of this.peers) if (now - cursor.seen > this.ttlMs) this.peers.delete(peer);
  }
}

/**
 * Follow mode: while on, the local view tracks one peer's viewport; any local pan or zoom,
 * or the peer leaving, turns it off. `onChange(peer | null, why)` hears every change.
 */
export class Follow {
  constructor({ peers, setView, stageSize, onChange = () => {} }) {
    this.peers = peers;
    this.setView = setView;
    this.stageSize = stageSize;
    this.onChange = onChange;
    this.peer = null;
  }

  start(peer) {
    if (!this.peers.get(peer)) return false;
    this.peer = peer;
    this.onChange(peer, "start");
    this.track();
    return true;
  }

  stop(why = "stop") {
    if (this.peer === null) return;
    this.peer = null;
    this.onChange(null, why);
  }

  toggle(peer) {
    if (this.peer === peer) this.stop();
    else this.start(peer);
  }

  /** A relayed cursor arrived (after PeerCursors took it). */
  peerChanged(peer) {
    if (this.peer !== peer) return;
    if (!this.peers.get(peer)) return this.stop("gone");
    this.track();
  }

  /** The view changed; `local` when the user panned or zoomed (not when we set it). */
  viewChanged({ local }) {
    if (local) this.stop("local");
  }

  track() {
    const cursor = this.peers.get(this.peer);
    if (!cursor) return this.stop("gone");
    const { width, height } = this.stageSize();
    if (cursor.viewport && width > 0 && height > 0) this.setView(viewFor(cursor.viewport, width, height));
  }
}
