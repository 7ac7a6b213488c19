// Replay: rebuild the board, notes, chat and hints from the event log at any moment, with a
// timeline of phase markers and a scrubber. Read-only; the server sends only the events the
// viewer's role may see (never interviewer-only events to a candidate).

import * as Y from "../vendor/yjs-13.6.33/yjs.js";
import { BoardEditor } from "./board.js";
import { BoardStore, applyOp, normalizeBoard } from "./board_model.js";
import { ChatPanel } from "./chat.js";
import { fromBase64 } from "./notes_crdt.js";
import { formatClock } from "./timer.js";

/**
 * The room as it was after the events with logged_at ≤ `t` (ms since the epoch), starting
 * from the session's starter board (the log holds only what people did).
 * Notes: `notes.update` ops carry Yjs updates, applied in log order to one document (the
 * text is read once, at the end); `notes.patch` ops, from before the CRDT, carry the text.
 */
export function stateAt(events, t, starter = null) {
  let board = normalizeBoard(starter); // the question's starter board, or empty
  let notes = null; // the Y.Doc, once an update is seen
  const fromDoc = new Set(); // sections whose latest text is the document's
  const chat = [];
  const hints = [];
  let phase = null;
  let started = false;
  let ended = false;
  for (const e of events) {
    if (e.logged_at > t) break;
    switch (e.type) {
      case "op":
        if (e.op.kind === "notes.update") {
          notes ??= new Y.Doc();
          Y.applyUpdate(notes, fromBase64(e.op.update));
          for (const section of e.op.sections ?? []) fromDoc.add(section);
        } else {
          board = applyOp(board, e.op);
          if (e.op.kind === "notes.patch") fromDoc.delete(e.op.section);
        }
        if (typeof e.version === "number") board.version = e.version;
        break;
      case "chat":
        chat.push(e);
        break;
      case "hint":
        hints.push(e);
        break;
      case "timer":
        if (e.timer) {
          phase = e.timer.phase;
          started = e.timer.started ?? true;
        }
        break;
      case "ended":
        ended = true;
        break;
      default:
        break;
    }
  }
  if (notes && fromDoc.size) {
    const texts = Object.fromEntries([...fromDoc].map((s) => [s, notes.getText(s).toString()]));
    board = { ...board, notes: { ...board.notes, ...texts } };
  }
  return { board, chat, hints, phase, started, ended };
}

/**
 * What a link from the report asks for: `?seq=N&highlight=node:ID|edge:ID|notes:SECTION:LINE|chat:SEQ`.
 * Returns null without a usable seq.
 */
export function linkTarget(search) {
  const params = new URLSearchParams(search);
  const seq = Number(params.get("seq"));
  if (!Number.isInteger(seq) || seq <= 0) return null;
  const [kind, ...rest] = (params.get("highlight") || "").split(":");
  if (kind === "notes") return { seq, kind, section: rest[0], line: Number(rest[1]) };
  if (kind === "node" || kind === "edge") return { seq, kind, id: rest.join(":") };
  if (kind === "chat") return { seq, kind, chatSeq: Number(rest[0]) };
  return { seq, kind: null };
}

/** Character offsets of a 1-based line in a text, or null when there is no such line. */
export function lineRange(text, line) {
  const lines = text.split("\n");
  if (!Number.isInteger(line) || line < 1 || line > lines.length) return null;
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  return [start, start + lines[line - 1].length];
}

/** Phase markers for the timeline: where each phase began, as [{at, phase}]. */
export function phaseMarkers(events) {
  const markers = [];
  let current = null;
  for (const e of events) {
    if (e.type === "timer" && e.timer && e.timer.phase !== current) {
      current = e.timer.phase;
      markers.push({ at: e.logged_at, phase: current });
    }
    if (e.type === "ended") markers.push({ at: e.logged_at, phase: null, end: true });
  }
  return markers;
}

class Replay {
  constructor(config) {
    this.config = config;
    this.phases = config.phases;
    this.store = new BoardStore();
    this.board = new BoardEditor(document.getElementById("replay-board"), { store: this.store, sendOp: () => null, readOnly: true });
    this.chat = new ChatPanel(document.getElementById("chat"), { send: () => {}, me: null, readOnly: true });
    this.notes = Object.fromEntries([...document.querySelectorAll("#notes textarea[data-section]")].map((a) => [a.dataset.section, a]));
    this.bindTabs();
    this.scrubber = document.getElementById("replay-scrubber");
    this.moment = document.getElementById("replay-moment");
    this.status = document.getElementById("replay-status");
    this.playButton = document.getElementById("replay-play");
    this.speed = document.getElementById("replay-speed");
    // The scrubber counts seconds, so arrow keys step one second and Page keys ten.
    this.scrubber.addEventListener("input", () => this.show(Number(this.scrubber.value) * 1000));
    this.playButton.addEventListener("click", () => (this.timer ? this.pause() : this.play()));
    this.load();
  }

  async load() {
    // The log comes a page at a time (by seq); follow `next` until the last page.
    this.events = [];
    let url = this.config.events_url;
    while (url) {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) {
        this.status.textContent = "The session log could not be loaded. Reload the page to try again.";
        return;
      }
      const data = await response.json();
      this.events.push(...data.events);
      url = data.next;
      if (url) this.status.textContent = `Loading the session log… ${this.events.length} events so far.`;
    }
    if (!this.events.length) {
      this.status.textContent = "Nothing happened in this session yet.";
      return;
    }
    const first = this.events.find((e) => e.type === "timer") || this.events[0];
    this.start = first.logged_at;
    this.end = this.events[this.events.length - 1].logged_at;
    this.scrubber.max = String(Math.ceil(Math.max(0, this.end - this.start) / 1000));
    this.scrubber.step = "1";
    this.drawMarkers();
    this.status.textContent = `${this.events.length} events. Drag the slider or press Play; arrow keys step through time.`;
    this.target = linkTarget(window.location.search);
    const at = this.target && this.events.find((e) => e.seq >= this.target.seq);
    const offset = at ? Math.max(0, at.logged_at - this.start) : Number(this.scrubber.max) * 1000;
    this.scrubber.value = String(Math.ceil(offset / 1000));
    this.show(at ? offset : Number(this.scrubber.max) * 1000);
    requestAnimationFrame(() => {
      this.board.fit();
      this.highlight(true);
    });
  }

  /** Mark what the report linked to (and bring it into view the first time). */
  highlight(reveal = false) {
    const target = this.target;
    if (!target || !target.kind) return;
    document.querySelectorAll(".is-highlighted").forEach((el) => el.classList.remove("is-highlighted"));
    let el = null;
    if (target.kind === "node" || target.kind === "edge") {
      const cls = target.kind === "node" ? ".board-node" : ".board-edge";
      el = [...document.querySelectorAll(`#replay-board ${cls}`)].find((g) => g.dataset.id === target.id) || null;
    } else if (target.kind === "chat") {
      el = document.querySelector(`#chat .chat-message[data-seq="${target.chatSeq}"]`);
    } else if (target.kind === "notes") {
      el = this.notes[target.section] || null;
      if (el && reveal) {
        document.getElementById(`tab-${target.section}`)?.click();
        const range = lineRange(el.value, target.line);
        if (range) el.setSelectionRange(range[0], range[1]);
        el.dataset.highlightLine = String(target.line);
      }
    }
    if (!el) return;
    el.classList.add("is-highlighted");
    if (reveal) el.scrollIntoView({ block: "center", behavior: "auto" });
  }

  drawMarkers() {
    const box = document.getElementById("timeline-markers");
    const span = Math.max(1, this.end - this.start);
    box.innerHTML = "";
    let lastLabelled = -Infinity;
    for (const m of phaseMarkers(this.events)) {
      const mark = document.createElement("button");
      const left = (100 * Math.max(0, m.at - this.start)) / span;
      const name = m.end ? "End" : this.phases[m.phase]?.name || `Phase ${m.phase + 1}`;
      mark.type = "button";
      mark.className = `timeline-marker${m.end ? " is-end" : ""}`;
      mark.style.left = `${left}%`;
      mark.title = name;
      mark.setAttribute("aria-label", `Jump to ${m.end ? "the end" : `the start of ${name}`}`);
      mark.addEventListener("click", () => {
        this.pause();
        this.scrubber.value = String(Math.ceil((m.at - this.start) / 1000));
        this.show(m.at - this.start);
      });
      // Phases only seconds apart would print over each other: label the first only.
      if (left - lastLabelled >= 9) {
        mark.textContent = name;
        lastLabelled = left;
      }
      box.append(mark);
    }
  }

  show(offset) {
    const t = this.start + offset;
    const s = stateAt(this.events, t, this.config.starter);
    this.store.reset(s.board);
    for (const [section, area] of Object.entries(this.notes)) area.value = s.board.notes[section] || "";
    this.chat.reset(s.chat);
    const hintList = document.getElementById("replay-hints");
    hintList.innerHTML = "";
    for (const h of s.hints) {
      const li = document.createElement("li");
      li.textContent = h.text;
      hintList.append(li);
    }
    const phaseName = s.ended ? "Ended" : s.phase === null ? "Not started" : this.phases[s.phase]?.name;
    document.getElementById("replay-phase").textContent = phaseName;
    this.moment.textContent = formatClock(offset);
    this.scrubber.setAttribute("aria-valuetext", `${formatClock(offset)}, ${phaseName}`);
    this.highlight();
  }

  play() {
    if (Number(this.scrubber.value) >= Number(this.scrubber.max)) this.scrubber.value = "0";
    this.position = Number(this.scrubber.value) * 1000;
    this.playButton.textContent = "❚❚ Pause";
    this.playButton.setAttribute("aria-label", "Pause");
    let last = performance.now();
    const step = (now) => {
      this.position = Math.min(
        (this.position ?? Number(this.scrubber.value) * 1000) + (now - last) * Number(this.speed.value),
        Number(this.scrubber.max) * 1000,
      );
      last = now;
      this.scrubber.value = String(Math.floor(this.position / 1000));
      this.show(this.position);
      if (this.position >= Number(this.scrubber.max) * 1000) return this.pause();
      this.timer = requestAnimationFrame(step);
    };
    this.timer = requestAnimationFrame(step);
  }

  pause() {
    this.position = null;
    cancelAnimationFrame(this.timer);
    this.timer = null;
    this.playButton.textContent = "▶ Play";
    this.playButton.setAttribute("aria-label", "Play");
  }

  bindTabs() {
    const tabs = [...document.querySelectorAll('#notes [role="tab"]')];
    const select = (tab) => {
      for (const t of tabs) {
        const on = t === tab;
        t.setAttribute("aria-selected", String(on));
        t.tabIndex = on ? 0 : -1;
        document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
      }
    };
    tabs.forEach((tab, i) => {
      tab.addEventListener("click", () => select(tab));
      tab.addEventListener("keydown", (event) => {
        const d = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
        if (!d) return;
        const next = tabs[(i + d + tabs.length) % tabs.length];
        select(next);
        next.focus();
      });
    });
  }
}

if (typeof document !== "undefined" && document.getElementById("replay-config")) {
  window.designroomReplay = new Replay(JSON.parse(document.getElementById("replay-config").textContent));
}
