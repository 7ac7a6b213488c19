// Live cursors on the board: the other participants' pointers (name and role colour) and
// selection outlines drawn on the board's SVG, this user's cursor sent (throttled, only on
// change), and "Follow <name>": the local view tracks a peer's view until the user pans or
// zooms. Ephemeral: nothing here is stored, logged or exported.
//
// The editor (board.js) is used through a small interface only: `svg`, `viewport.group`
// (the panned and zoomed group), `view`, `toBoard(clientX, clientY)`, `selectedIds()`,
// `setView(view)`, and its "viewport" ({local}) and "selection" hooks (`editor.on`).

import { CursorSender, Follow, PeerCursors, viewportOf } from "./board_cursors_state.js";

const SVG = "http://www.w3.org/2000/svg";
// An arrow pointer, its tip at (0, 0), in screen pixels (drawn at 1 / zoom).
const POINTER_PATH = "M0,0 L0,16 L4.5,12 L7.5,19 L10,18 L7,11 L12.5,11 Z";

const el = (name, attrs = {}, parent = null) => {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.append(node);
  return node;
};

/** The box of a drawn element in board coordinates (null when it is not drawn). */
function boardBox(element, viewport) {
  try {
    const box = element.getBBox();
    const m = viewport.getCTM().inverse().multiply(element.getCTM());
    const corners = [[box.x, box.y], [box.x + box.width, box.y], [box.x, box.y + box.height], [box.x + box.width, box.y + box.height]]
      .map(([x, y]) => ({ x: m.a * x + m.c * y + m.e, y: m.b * x + m.d * y + m.f }));
    const xs = corners.map((p) => p.x);
    const ys = corners.map((p) => p.y);
    return { x: Math.min(...xs), y: Math.min(...ys), w: Math.max(...xs) - Math.min(...xs), h: Math.max(...ys) - Math.min(...ys) };
  } catch {
    return null; // not rendered (hidden, or gone since)
  }
}

export class BoardCursors {
  /**
   * `send(message)` sends on the socket (dropped offline); `canSend` is false for observers;
   * `announce(text)` speaks to screen readers; `toolbar` holds the follow buttons.
   */
  constructor(editor, { send, canSend = true, announce = () => {}, toolbar = null }) {
    this.editor = editor;
    this.announce = announce;
    this.peers = new PeerCursors();
    this.pointer = null;
    this.layer = el("g", { class: "board-cursors", "aria-hidden": "true" }, editor.viewport.group);
    this.follow = new Follow({
      peers: this.peers,
      setView: (view) => editor.setView(view),
      stageSize: () => this.stageSize(),
      onChange: (peer, why) => this.followChanged(peer, why),
    });
    this.buildToolbar(toolbar);
    if (canSend) {
      this.sender = new CursorSender({ read: () => this.local(), send });
      this.bindLocal();
    }
    editor.on("viewport", ({ local }) => {
      this.follow.viewChanged({ local });
      this.sender?.touch();
      this.render();
    });
    editor.store?.addEventListener("change", () => this.render()); // outlines follow the elements
    if (typeof ResizeObserver === "function") {
      new ResizeObserver(() => {
        this.sender?.touch();
        if (this.follow.peer !== null) this.follow.track();
      }).observe(editor.svg);
    }
    this.expiry = setInterval(() => this.expire(), 5_000);
  }

  // ---- this user -------------------------------------------------------------------------

  bindLocal() {
    const svg = this.editor.svg;
    svg.addEventListener("pointermove", (event) => {
      this.pointer = { clientX: event.clientX, clientY: event.clientY };
      this.sender.touch();
    });
    svg.addEventListener("pointerleave", () => {
      this.pointer = null;
      this.sender.touch();
    });
    this.editor.on("selection", () => this.sender.touch());
  }

  /** This user's cursor now (read by the sender only when one may go out). */
  local() {
    const { width, height } = this.stageSize();
    const p = this.pointer && this.editor.toBoard(this.pointer.clientX, this.pointer.clientY);
    return {
      pointer: p,
      selection: this.editor.selectedIds(),
      viewport: width > 0 && height > 0 ? viewportOf(this.editor.view, width, height) : null,
    };
  }

  stageSize() {
    const rect = this.editor.svg.getBoundingClientRect();
    return { width: rect.width, height: rect.height };
  }

  /** The socket is (back) online: peers were told we left, so say where we are. */
  online() {
    this.sender?.resend();
  }

  /** A snapshot's participants: the pages of those offline are gone. */
  participants(list) {
    for (const p of list) if (!p.online) this.forgetUser(p.user?.id ?? p.user);
  }

  // ---- peers -----------------------------------------------------------------------------

  /** A relayed `board.cursor`. */
  receive(msg) {
    this.peers.receive(msg);
    this.follow.peerChanged(msg.peer);
    this.render();
  }

  forgetUser(userId) {
    this.peers.forgetUser(userId);
    if (this.follow.peer !== null) this.follow.peerChanged(this.follow.peer);
    this.render();
  }

  expire() {
    const before = this.peers.peers.size;
    if (this.follow.peer !== null) this.follow.peerChanged(this.follow.peer);
    if (this.peers.list().length !== before) this.render();
  }

  // ---- drawing ---------------------------------------------------------------------------

  render() {
    // Keep the layer above whatever the editor drew since.
    const group = this.editor.viewport.group;
    if (this.layer.nextSibling) group.append(this.layer);
    const scale = 1 / (this.editor.view.k || 1);
    const drawn = [];
    for (const cursor of this.peers.list()) {
      const role = cursor.role === "interviewer" ? "interviewer" : "candidate";
      for (const id of cursor.selection) {
        const target = group.querySelector(`:scope > :not(.board-cursors) [data-id="${CSS.escape(id)}"]`);
        const box = target && boardBox(target, group);
        if (box) drawn.push(this.outline(box, role, scale, cursor.peer));
      }
      if (cursor.pointer) drawn.push(this.pointerMark(cursor, role, scale));
    }
    this.layer.replaceChildren(...drawn);
    this.renderToolbar();
  }

  outline(box, role, scale, peer) {
    const pad = 5 * scale;
    return el("rect", {
      class: `cursor-selection cursor-role-${role}`,
      "data-peer": peer,
      x: box.x - pad, y: box.y - pad, width: box.w + 2 * pad, height: box.h + 2 * pad,
      rx: 6 * scale, "stroke-width": 2 * scale,
    });
  }

  pointerMark(cursor, role, scale) {
    const g = el("g", {
      class: `cursor-pointer cursor-role-${role}`,
      "data-peer": cursor.peer,
      "data-name": cursor.name,
      transform: `translate(${cursor.pointer.x},${cursor.pointer.y}) scale(${scale})`,
    });
    el("path", { class: "cursor-arrow", d: POINTER_PATH }, g);
    const label = el("g", { class: "cursor-label", transform: "translate(12,20)" }, g);
    const text = `${cursor.name} · ${cursor.role}`;
    el("rect", { x: 0, y: 0, rx: 4, height: 18, width: 12 + text.length * 6.6 }, label);
    el("text", { x: 6, y: 13 }, label).textContent = text;
    return g;
  }

  // ---- follow ----------------------------------------------------------------------------

  buildToolbar(toolbar) {
    this.toolbar = null;
    if (!toolbar) return;
    this.toolbar = document.createElement("span");
    this.toolbar.className = "board-follow";
    this.toolbar.setAttribute("role", "group");
    this.toolbar.setAttribute("aria-label", "Follow someone's view");
    toolbar.prepend(this.toolbar);
  }

  /** One "Follow <name>" toggle per peer who shows their view. */
  renderToolbar() {
    if (!this.toolbar) return;
    const followable = this.peers.list().filter((c) => c.viewport || c.peer === this.follow.peer);
    const key = JSON.stringify([this.follow.peer, followable.map((c) => [c.peer, c.name])]);
    if (key === this.toolbarKey) return;
    this.toolbarKey = key;
    const buttons = followable.map((cursor) => {
      const on = cursor.peer === this.follow.peer;
      const button = document.createElement("button");
      button.type = "button";
      button.className = `button-small secondary follow-toggle cursor-role-${cursor.role}`;
      button.dataset.peer = cursor.peer;
      button.setAttribute("aria-pressed", String(on));
      button.textContent = on ? `Following ${cursor.name}` : `Follow ${cursor.name}`;
      button.title = on ? "Stop following (or pan or zoom yourself)" : `Your view tracks ${cursor.name}'s view until you pan or zoom`;
      button.addEventListener("click", () => this.follow.toggle(cursor.peer));
      return button;
    });
    this.toolbar.replaceChildren(...buttons);
    this.toolbar.hidden = buttons.length === 0;
  }

  followChanged(peer, why) {
    if (peer !== null) {
      this.followedName = this.peers.get(peer)?.name || "them";
      this.announce(`Following ${this.followedName}'s view. Pan or zoom to stop.`);
    } else {
      const stopped = why === "gone" ? `${this.followedName} left the board: following stopped.` : `Stopped following ${this.followedName}.`;
      this.announce(stopped);
    }
    this.editor.root.classList.toggle("is-following", peer !== null);
    this.renderToolbar();
  }

  stop() {
    this.sender?.stop();
    clearInterval(this.expiry);
  }
}
