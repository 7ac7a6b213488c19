// The room's websocket: connects, resumes with ?since=<last seq>, reconnects with exponential
// backoff, and resends unacknowledged ops with their original op_id (the server applies a
// resent op_id once). Speaks docs/protocol.md; knows nothing about the widgets.

import { OpPacer } from "./socket_pacing.js";

const FATAL_CLOSE = {
  4401: "You are signed out. Sign in again to rejoin.",
  4403: "You are not a participant of this session.",
  4404: "This session does not exist.",
  4409: "This session is open in too many tabs or windows. Close one, then reload this page.",
};
const PING_EVERY_MS = 15000;
const PONG_TIMEOUT_MS = 8000;
const GAP_WAIT_MS = 1000;

export class RoomSocket extends EventTarget {
  /**
   * @param {string} url  ws(s)://host/ws/sessions/<id>/
   * @param {object} options  { minDelay, maxDelay, WebSocketImpl }
   */
  constructor(url, { minDelay = 500, maxDelay = 15000, WebSocketImpl = globalThis.WebSocket } = {}) {
    super();
    this.url = url;
    this.minDelay = minDelay;
    this.maxDelay = maxDelay;
    this.WebSocketImpl = WebSocketImpl;
    this.lastSeq = 0;
    this.attempt = 0;
    this.status = "connecting";
    this.pending = new Map(); // op_id -> message, in send order
    this.outbox = []; // chat and other non-op messages sent while offline
    this.clockOffset = 0; // server_now - Date.now(), refined by pings
    this.clientId = Math.random().toString(36).slice(2, 8);
    this.counter = 0;
    this.ws = null;
    this.closedForGood = false;
    this.synced = false; // true once the snapshot/replay of this connection arrived
    this.held = new Map(); // seq -> event that arrived ahead of a gap
    this.gapTimer = null;
    // Ops go out paced (a group action of many elements must not flood the server); an op
    // still waiting when the socket closes is resent by flush() after the reconnect.
    this.pacer = new OpPacer((message) => { if (this.pending.has(message.op_id)) this.rawSend(message); });
  }

  connect() {
    const url = this.lastSeq > 0 ? `${this.url}?since=${this.lastSeq}` : this.url;
    this.synced = false;
    this.setStatus(this.attempt === 0 && this.lastSeq === 0 ? "connecting" : "reconnecting");
    let ws;
    try {
      ws = new this.WebSocketImpl(url);
    } catch (err) {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.addEventListener("open", () => {
      this.attempt = 0;
      this.startHeartbeat();
    });
    ws.addEventListener("message", (event) => this.receive(event.data));
    ws.addEventListener("close", (event) => this.onClose(ws, event));
    ws.addEventListener("error", () => {}); // a close event always follows
  }

  /** Close for good (the page is leaving or the session ended). */
  close() {
    this.closedForGood = true;
    this.stopHeartbeat();
    clearTimeout(this.retryTimer);
    if (this.ws) this.ws.close(1000);
  }

  /** The current time on the server's clock, in ms since the epoch. */
  serverNow() {
    return Date.now() + this.clockOffset;
  }

  nextOpId() {
    this.counter += 1;
    return `${this.clientId}-${Date.now().toString(36)}-${this.counter}`;
  }

  /** Send a board op; it is kept until acknowledged or refused and resent after reconnects. */
  sendOp(op, baseVersion) {
    const message = { type: "op", op_id: this.nextOpId(), base_version: baseVersion, op };
    this.pending.set(message.op_id, message);
    if (this.synced) this.pacer.push(message);
    return message.op_id;
  }

  /** Send any other message; queued while offline when `queue` (chat), dropped otherwise. */
  send(message, { queue = false } = {}) {
    if (this.synced && this.rawSend(message)) return true;
    if (queue) this.outbox.push(message);
    return false;
  }

  rawSend(message) {
    if (!this.ws || this.ws.readyState !== 1) return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }

  receive(data) {
    let msg;
    try {
      msg = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof msg.server_now === "number") this.observeServerTime(msg.server_now);
    if (msg.type === "pong") {
      clearTimeout(this.pongTimer);
      const rtt = Date.now() - msg.t;
      if (rtt >= 0 && rtt < 10000) {
        this.clockOffset = msg.server_now - (msg.t + rtt / 2);
        this.hadPong = true;
      }
      return;
    }
    if (msg.type === "snapshot" || msg.type === "replay") return this.resynced(msg);
    if (msg.type === "resync") {
      // The server dropped events for this socket: ask for everything after our last seq.
      if (this.synced) this.rawSend({ type: "sync", since: this.lastSeq });
      return;
    }
    if (typeof msg.seq !== "number") return this.deliver(msg); // errors, replies without seq
    if (msg.seq <= this.lastSeq) {
      // Already applied. A resent op's ack repeats its original seq: still settle it.
      if (msg.type === "op.ack") this.deliver(msg);
      return;
    }
    if (msg.seq > this.lastSeq + 1) {
      // Events can arrive a little out of order across server processes: hold this one,
      // and ask for a replay if the gap is still open in a second.
      this.held.set(msg.seq, msg);
      if (!this.gapTimer) this.gapTimer = setTimeout(() => this.requestSync(), GAP_WAIT_MS);
      return;
    }
    this.lastSeq = msg.seq;
    this.deliver(msg);
    this.drainHeld();
  }

  resynced(msg) {
    if (msg.type === "replay") {
      // Only what we have not applied yet, in order; the replay's seq is the session's last.
      msg.events = (msg.events || []).filter((e) => typeof e.seq !== "number" || e.seq > this.lastSeq);
      for (const event of msg.events) this.settle(event);
      this.lastSeq = Math.max(this.lastSeq, msg.seq || 0);
    } else {
      this.lastSeq = msg.seq || 0;
    }
    const wasSynced = this.synced;
    this.emit("message", msg);
    this.synced = true;
    this.clearGap();
    this.drainHeld();
    if (!wasSynced) {
      this.setStatus("online");
      this.flush();
    }
  }

  deliver(msg) {
    this.settle(msg);
    this.emit("message", msg);
    if (msg.type === "ended") this.setStatus("ended");
  }

  drainHeld() {
    for (const seq of [...this.held.keys()].sort((a, b) => a - b)) {
      if (seq <= this.lastSeq) {
        this.held.delete(seq);
      } else if (seq === this.lastSeq + 1) {
        const msg = this.held.get(seq);
        this.held.delete(seq);
        this.lastSeq = seq;
        this.deliver(msg);
      } else {
        break;
      }
    }
    if (!this.held.size) this.clearGap();
  }

  requestSync() {
    this.gapTimer = null;
    if (this.held.size && this.synced) this.rawSend({ type: "sync", since: this.lastSeq });
  }

  clearGap() {
    clearTimeout(this.gapTimer);
    this.gapTimer = null;
    // Ops go out paced (a group action of many elements must not flood the server); an op
    // still waiting when the socket closes is resent by flush() after the reconnect.
    this.pacer = new OpPacer((message) => { if (this.pending.has(message.op_id)) this.rawSend(message); });
  }

  /** Forget pending ops the server has answered (directly, or inside a replay). */
  settle(msg) {
    if (msg.type === "op.ack" || (msg.type === "op" && msg.op_id && this.pending.has(msg.op_id))) {
      this.pending.delete(msg.op_id);
    } else if (msg.type === "error" && msg.op_id) {
      this.pending.delete(msg.op_id);
    }
  }

  flush() {
    this.pacer.clear();
    for (const message of this.pending.values()) this.pacer.push(message);
    const queued = this.outbox.splice(0);
    for (const message of queued) this.rawSend(message);
  }

  observeServerTime(serverNow) {
    // Without a ping yet, a one-way estimate is better than nothing.
    if (!this.hadPong) this.clockOffset = serverNow - Date.now();
  }

  startHeartbeat() {
    this.stopHeartbeat();
    const ping = () => {
      if (!this.rawSend({ type: "ping", t: Date.now() })) return;
      clearTimeout(this.pongTimer);
      // A socket that stops answering is dead even if the browser has not noticed yet.
      this.pongTimer = setTimeout(() => this.ws && this.ws.close(4000), PONG_TIMEOUT_MS);
    };
    this.pingTimer = setInterval(ping, PING_EVERY_MS);
    setTimeout(ping, 300);
  }

  stopHeartbeat() {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
  }

  onClose(ws, event) {
    if (ws !== this.ws) return;
    this.stopHeartbeat();
    this.synced = false;
    this.pacer.clear();
    this.clearGap(); // the replay on reconnect fills any gap; held events stay until then
    if (this.closedForGood || this.status === "ended") return;
    if (FATAL_CLOSE[event.code]) {
      this.closedForGood = true;
      this.setStatus("refused", FATAL_CLOSE[event.code]);
      return;
    }
    this.scheduleReconnect();
  }

  scheduleReconnect() {
    const base = Math.min(this.maxDelay, this.minDelay * 2 ** this.attempt);
    const delay = base / 2 + Math.random() * (base / 2);
    this.attempt += 1;
    this.setStatus("reconnecting");
    this.nextRetryAt = Date.now() + delay;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  /** Skip the wait (the "Retry now" button, or the browser coming back online). */
  retryNow() {
    if (this.closedForGood || this.status === "online") return;
    clearTimeout(this.retryTimer);
    this.connect();
  }

  setStatus(status, detail = "") {
    this.status = status;
    this.emit("status", { status, detail, pending: this.pending.size });
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

/** The websocket URL of a session, from the page's location. */
export function sessionSocketUrl(path, loc = globalThis.location) {
  const scheme = loc.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${loc.host}${path}`;
}
