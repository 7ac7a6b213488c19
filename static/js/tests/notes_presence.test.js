// Awareness in the notes (notes_presence.js): positions that follow the text, throttling,
// expiry, and marks in text order.
import assert from "node:assert/strict";
import { test } from "node:test";

import * as Y from "../../vendor/yjs-13.6.33/yjs.js";
import { NotesDoc } from "../notes_crdt.js";
import { NotesPresence, decodePosition, encodePosition } from "../notes_presence.js";

const SECTIONS = ["requirements", "api"];

function pair(text) {
  const seed = new Y.Doc();
  seed.getText("api").insert(0, text);
  const state = Y.encodeStateAsUpdate(seed);
  const make = () => {
    const notes = new NotesDoc({ sections: SECTIONS, send: () => {}, coalesceMs: 0 });
    notes.load(state);
    return notes;
  };
  return [make(), make()];
}

test("a caret stays on its character while a peer types before it", () => {
  const [mine, theirs] = pair("GET /feed");
  const position = encodePosition(mine.texts.api, 4); // before "/feed"
  assert.equal(decodePosition(theirs.doc, "api", position), 4);
  theirs.doc.transact(() => theirs.texts.api.insert(0, "POST "));
  assert.equal(decodePosition(theirs.doc, "api", position), 9);
  assert.equal(decodePosition(theirs.doc, "api", encodePosition(mine.texts.api, 0)), 0);
  assert.equal(decodePosition(theirs.doc, "api", [123456, 7]), null, "unknown item");
});

test("local positions go out at most every 100 ms, the latest one last", () => {
  let now = 0;
  const timers = [];
  const realSetTimeout = globalThis.setTimeout;
  globalThis.setTimeout = (fn, ms) => timers.push({ fn, at: now + ms });
  try {
    const sent = [];
    const [notes] = pair("abcdef");
    const presence = new NotesPresence({ notes, send: (m) => sent.push(m), now: () => now });
    presence.local(null);
    assert.equal(sent.length, 0, "leaving the notes without having been in them says nothing");
    presence.local("api", 1);
    assert.equal(sent.length, 1, "the first goes at once");
    now = 10;
    presence.local("api", 2);
    now = 20;
    presence.local("api", 3, 5);
    assert.equal(sent.length, 1);
    assert.equal(timers.length, 1, "one trailing send, not one per move");
    now = timers[0].at;
    timers[0].fn();
    assert.equal(sent.length, 2);
    assert.equal(decodePosition(notes.doc, "api", sent[1].anchor), 3);
    assert.equal(decodePosition(notes.doc, "api", sent[1].head), 5);
    now = 500;
    presence.local("api", 3, 5);
    assert.equal(sent.length, 2, "an unchanged position is not sent again");
    presence.local(null);
    assert.deepEqual(sent[2], { section: null, anchor: null, head: null });
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
});

test("peers' marks resolve against the text, sort, and expire", () => {
  let now = 0;
  const [mine, theirs] = pair("alpha bravo charlie");
  const presence = new NotesPresence({ notes: mine, send: () => {}, now: () => now, ttlMs: 1000 });
  const at = (i) => encodePosition(theirs.texts.api, i);
  presence.receive("u2", { name: "Bo", section: "api", anchor: at(11), head: at(6) });
  presence.receive("u3", { name: "Cy", section: "api", anchor: at(0), head: at(0) });
  presence.receive("u4", { name: "Di", section: "requirements", anchor: null, head: null });
  assert.deepEqual(
    presence.marks("api").map((m) => [m.name, m.start, m.end]),
    [
      ["Cy", 0, 0],
      ["Bo", 6, 11],
    ],
  );
  now = 1001;
  presence.receive("u3", { name: "Cy", section: "api", anchor: at(5), head: at(5) });
  assert.deepEqual(
    presence.marks("api").map((m) => m.name),
    ["Cy"],
    "Bo said nothing for longer than the ttl",
  );
  presence.receive("u3", { name: "Cy", section: null });
  assert.deepEqual(presence.marks("api"), []);
});
