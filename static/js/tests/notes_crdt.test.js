// The CRDT notes client (notes_crdt.js): textarea diffs, caret mapping, coalescing, undo,
// rebase, and two users typing at the same spot through a relaying server.
import assert from "node:assert/strict";
import { mock, test } from "node:test";

import * as Y from "../../vendor/yjs-13.6.33/yjs.js";
import {
  NotesBinding,
  NotesDoc,
  mapThroughDelta,
  textDiff,
} from "../notes_crdt.js";

const SECTIONS = ["requirements", "api"];

/** Enough of a textarea for NotesBinding: value, selection, events, focus. */
export class FakeArea {
  constructor() {
    this._value = "";
    this.selectionStart = 0;
    this.selectionEnd = 0;
    this.readOnly = false;
    this.scrollTop = 0;
    this.listeners = {};
    this.ownerDocument = { activeElement: null }; // typing does not need focus here
  }
  addEventListener(name, fn) {
    (this.listeners[name] ??= []).push(fn);
  }
  removeEventListener(name, fn) {
    this.listeners[name] = (this.listeners[name] ?? []).filter((f) => f !== fn);
  }
  dispatch(name, event = {}) {
    event.preventDefault = () => {
      event.defaultPrevented = true;
    };
    for (const fn of this.listeners[name] ?? []) fn(event);
    return event;
  }
  setSelectionRange(start, end) {
    this.selectionStart = start;
    this.selectionEnd = end;
  }
  set value(text) {
    // As in a browser: a new value puts the caret at its end.
    this._value = text;
    this.selectionStart = this.selectionEnd = text.length;
  }
  get value() {
    return this._value;
  }
  select(start, end = start) {
    this.setSelectionRange(start, end);
  }
  /** Type `chars` one keystroke at a time, replacing the selection first (as a browser does). */
  type(chars) {
    for (const char of chars) {
      const { selectionStart: s, selectionEnd: e, value } = this;
      this.value = value.slice(0, s) + char + value.slice(e);
      this.select(s + char.length);
      this.dispatch("input");
    }
  }
  backspace() {
    const { selectionStart: s, selectionEnd: e, value } = this;
    const from = s === e ? Math.max(0, s - 1) : s;
    this.value = value.slice(0, from) + value.slice(e);
    this.select(from);
    this.dispatch("input");
  }
}

/** A server that applies updates in arrival order and relays each to the other clients. */
class RelayServer {
  constructor(text = {}) {
    this.doc = new Y.Doc();
    for (const [section, value] of Object.entries(text)) this.doc.getText(section).insert(0, value);
    this.clients = [];
  }
  state() {
    return Y.encodeStateAsUpdate(this.doc);
  }
  connect() {
    const client = { queue: [] };
    client.notes = new NotesDoc({
      sections: SECTIONS,
      send: (update) => client.queue.push(update),
      coalesceMs: 0,
    });
    client.notes.load(this.state());
    this.clients.push(client);
    return client;
  }
  /** Deliver what `client` has sent so far. */
  deliver(client) {
    client.notes.flush();
    for (const update of client.queue.splice(0)) {
      Y.applyUpdate(this.doc, update);
      client.notes.acked(update);
      for (const other of this.clients) if (other !== client) other.notes.receive(update);
    }
  }
  text(section) {
    return this.doc.getText(section).toString();
  }
}

test("textDiff: one minimal edit, placed by the caret, never half an emoji", () => {
  assert.deepEqual(textDiff("abc", "abXc", 3), { index: 2, remove: 0, insert: "X" });
  // "aa" → "aaa": where the caret is says which a is new.
  assert.deepEqual(textDiff("aa", "aaa", 1), { index: 0, remove: 0, insert: "a" });
  assert.deepEqual(textDiff("aa", "aaa", 3), { index: 2, remove: 0, insert: "a" });
  assert.deepEqual(textDiff("abcd", "ad", 1), { index: 1, remove: 2, insert: "" });
  assert.deepEqual(textDiff("alpha bravo", "alpha IV", 8), { index: 6, remove: 5, insert: "IV" });
  // 😀 and 😁 share their high surrogate: the pair is replaced whole.
  assert.deepEqual(textDiff("a😀b", "a😁b", 3), { index: 1, remove: 2, insert: "😁" });
  assert.deepEqual(textDiff("x😀", "x", 1), { index: 1, remove: 2, insert: "" });
});

test("mapThroughDelta: text before the caret moves it, text at the caret lands after it", () => {
  assert.equal(mapThroughDelta([{ retain: 2 }, { insert: "xyz" }], 5), 8);
  assert.equal(mapThroughDelta([{ retain: 5 }, { insert: "xyz" }], 5), 5);
  assert.equal(mapThroughDelta([{ retain: 6 }, { insert: "xyz" }], 5), 5);
  assert.equal(mapThroughDelta([{ retain: 1 }, { delete: 2 }], 5), 3);
  assert.equal(mapThroughDelta([{ retain: 3 }, { delete: 4 }], 5), 3);
});

test("keystrokes within 50 ms go out as one update; the next burst as another", () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    const sent = [];
    const notes = new NotesDoc({ sections: SECTIONS, send: (u) => sent.push(u) });
    const area = new FakeArea();
    new NotesBinding(area, notes, "api");
    area.type("GET");
    mock.timers.tick(49);
    assert.equal(sent.length, 0);
    mock.timers.tick(1);
    assert.equal(sent.length, 1);
    notes.acked(sent[0]);
    area.type(" /x");
    mock.timers.tick(50);
    assert.equal(sent.length, 2);
    const server = new Y.Doc();
    for (const update of sent) Y.applyUpdate(server, update);
    assert.equal(server.getText("api").toString(), "GET /x");
  } finally {
    mock.timers.reset();
  }
});

test("one update in flight: what is typed meanwhile follows its answer, at most 1 s later", () => {
  mock.timers.enable({ apis: ["setTimeout", "Date"] });
  try {
    const sent = [];
    const notes = new NotesDoc({ sections: SECTIONS, send: (u) => sent.push(u) });
    const area = new FakeArea();
    new NotesBinding(area, notes, "api");
    area.type("a");
    mock.timers.tick(50);
    assert.equal(sent.length, 1);
    area.type("bc");
    mock.timers.tick(200);
    assert.equal(sent.length, 1, "held while the first awaits its answer");
    notes.acked(sent[0]);
    assert.equal(sent.length, 2, "sent as soon as the answer came");
    area.type("d");
    mock.timers.tick(999);
    assert.equal(sent.length, 2);
    mock.timers.tick(1);
    assert.equal(sent.length, 3, "an answer that never comes holds nothing longer than 1 s");
    const server = new Y.Doc();
    for (const update of sent) Y.applyUpdate(server, update);
    assert.equal(server.getText("api").toString(), "abcd");
  } finally {
    mock.timers.reset();
  }
});

test("two users typing at the same spot at the same time keep their sentences whole", () => {
  const server = new RelayServer({ requirements: "Users upload photos. " });
  const alice = server.connect();
  const bob = server.connect();
  const areas = [alice, bob].map((client) => {
    const area = new FakeArea();
    new NotesBinding(area, client.notes, "requirements");
    area.select(area.value.length);
    return area;
  });
  const sentences = ["NFR: p99 under 50 ms.", "Reads are cached in Redis."];
  for (let i = 0; i < 30; i += 1) {
    areas.forEach((area, who) => {
      const chunk = sentences[who].slice(i * 2, i * 2 + 2);
      if (chunk) area.type(chunk);
    });
    server.deliver(alice);
    server.deliver(bob);
  }
  const text = server.text("requirements");
  assert.ok(
    [
      `Users upload photos. ${sentences[0]}${sentences[1]}`,
      `Users upload photos. ${sentences[1]}${sentences[0]}`,
    ].includes(text),
    text,
  );
  assert.equal(areas[0].value, text);
  assert.equal(areas[1].value, text);
});

test("replacing the same words from both sides never garbles", () => {
  const server = new RelayServer({ api: "alpha bravo charlie" });
  const [iv, cand] = [server.connect(), server.connect()];
  const [a, b] = [iv, cand].map((client) => {
    const area = new FakeArea();
    new NotesBinding(area, client.notes, "api");
    area.select(6, 11); // "bravo"
    return area;
  });
  a.type("IV");
  b.type("CAND");
  server.deliver(iv);
  server.deliver(cand);
  assert.ok(["alpha IVCAND charlie", "alpha CANDIV charlie"].includes(server.text("api")));
  assert.equal(a.value, server.text("api"));
  assert.equal(b.value, server.text("api"));
});

test("a peer's edit keeps the local caret on the same character", () => {
  const server = new RelayServer({ api: "GET /feed" });
  const [me, peer] = [server.connect(), server.connect()];
  const area = new FakeArea();
  new NotesBinding(area, me.notes, "api");
  area.select(4, 9); // "/feed" selected
  peer.notes.localEdit("api", "POST GET /feed");
  server.deliver(peer);
  assert.equal(area.value, "POST GET /feed");
  assert.equal(area.value.slice(area.selectionStart, area.selectionEnd), "/feed");
});

test("Ctrl+Z undoes only this user's typing, and the browser's own undo never runs", () => {
  const server = new RelayServer({ api: "" });
  const [me, peer] = [server.connect(), server.connect()];
  me.notes.captureMs = 0;
  const area = new FakeArea();
  new NotesBinding(area, me.notes, "api");
  area.type("mine");
  server.deliver(me);
  peer.notes.localEdit("api", "mine theirs");
  server.deliver(peer);
  assert.equal(area.value, "mine theirs");
  const key = area.dispatch("keydown", { key: "z", ctrlKey: true });
  assert.equal(key.defaultPrevented, true);
  assert.equal(area.value, " theirs");
  server.deliver(me);
  assert.equal(server.text("api"), " theirs");
  const menu = area.dispatch("beforeinput", { inputType: "historyRedo" });
  assert.equal(menu.defaultPrevented, true);
  assert.equal(area.value, "mine theirs");
  server.deliver(me);
  assert.equal(peer.notes.text("api"), "mine theirs");
});

test("after a refusal, rebase keeps the user's text and the next update applies", () => {
  const server = new RelayServer({ api: "v1" });
  const me = server.connect();
  const area = new FakeArea();
  new NotesBinding(area, me.notes, "api");
  area.select(2);
  area.type(" refused");
  me.notes.flush();
  me.queue.splice(0); // the server refused it: never applied
  const before = me.notes.doc.clientID;
  me.notes.rebase();
  assert.notEqual(me.notes.doc.clientID, before);
  assert.equal(area.value, "v1 refused");
  server.deliver(me);
  assert.equal(server.text("api"), "v1 refused");
});

test("missing() answers out_of_sync with exactly what the server lacks", () => {
  const server = new RelayServer({ api: "x" });
  const me = server.connect();
  me.notes.localEdit("api", "xy");
  me.notes.flush();
  me.queue.splice(0); // refused on the way
  me.notes.settled();
  me.notes.localEdit("api", "xyz");
  me.notes.flush();
  const next = me.queue.splice(0)[0];
  const probe = new Y.Doc();
  Y.applyUpdate(probe, server.state());
  Y.applyUpdate(probe, next);
  assert.equal(probe.getText("api").toString(), "x", "the later update waits on the lost one");
  const missing = me.notes.missing();
  Y.applyUpdate(server.doc, missing);
  me.notes.acked(missing);
  assert.equal(server.text("api"), "xyz");
  assert.equal(me.notes.missing(), null, "nothing left to send");
});

test("rebase without keeping the text drops the refused edits", () => {
  const server = new RelayServer({ api: "v1" });
  const me = server.connect();
  const area = new FakeArea();
  new NotesBinding(area, me.notes, "api");
  area.select(2);
  area.type(" too much");
  me.notes.flush();
  me.queue.splice(0);
  me.notes.rebase({ keepText: false });
  assert.equal(area.value, "v1");
  assert.equal(me.notes.missing(), null);
});
