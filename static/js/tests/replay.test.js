// Rebuilding the room from the event log at a moment.
import assert from "node:assert/strict";
import { test } from "node:test";

import * as Y from "../../vendor/yjs-13.6.33/yjs.js";
import { applyOp, emptyBoard } from "../board_model.js";
import { toBase64 } from "../notes_crdt.js";
import { phaseMarkers, stateAt, linkTarget, lineRange } from "../replay.js";

const node = (id, x = 0) => ({ id, kind: "service", label: id, x, y: 0, notes: "", replicas: null });
const events = [
  { type: "timer", seq: 1, logged_at: 1000, action: "start", timer: { phase: 0, started: true } },
  { type: "op", seq: 2, logged_at: 2000, version: 1, op: { kind: "node.add", node: node("a") } },
  { type: "op", seq: 3, logged_at: 3000, version: 2, op: { kind: "node.add", node: node("b") } },
  { type: "op", seq: 4, logged_at: 4000, version: 3, op: { kind: "edge.add", edge: { id: "e1", from: "a", to: "b", label: "HTTPS", mode: "sync" } } },
  { type: "chat", seq: 5, logged_at: 4500, text: "hello", from: { role: "candidate" } },
  { type: "timer", seq: 6, logged_at: 5000, action: "next", timer: { phase: 1, started: true } },
  { type: "op", seq: 7, logged_at: 6000, version: 4, op: { kind: "notes.patch", section: "api", patch: "…", text: "GET /x" } },
  { type: "op", seq: 8, logged_at: 7000, version: 5, op: { kind: "node.delete", id: "b", removed_edges: ["e1"] } },
  { type: "ended", seq: 9, logged_at: 8000, reason: "ended" },
];

test("the state at a moment includes exactly the events up to it", () => {
  const early = stateAt(events, 3500);
  assert.deepEqual(early.board.nodes.map((n) => n.id), ["a", "b"]);
  assert.equal(early.board.edges.length, 0);
  assert.equal(early.phase, 0);
  const mid = stateAt(events, 6500);
  assert.equal(mid.board.edges.length, 1);
  assert.equal(mid.board.notes.api, "GET /x");
  assert.equal(mid.chat.length, 1);
  assert.equal(mid.phase, 1);
  const end = stateAt(events, 9000);
  assert.deepEqual(end.board.nodes.map((n) => n.id), ["a"]);
  assert.equal(end.board.edges.length, 0, "a deleted node takes its arrows with it");
  assert.equal(end.ended, true);
});

test("phase markers sit where phases begin", () => {
  assert.deepEqual(phaseMarkers(events), [
    { at: 1000, phase: 0 },
    { at: 5000, phase: 1 },
    { at: 8000, phase: null, end: true },
  ]);
});

test("ops on missing elements leave the board unchanged", () => {
  const board = emptyBoard();
  assert.equal(applyOp(board, { kind: "node.move", id: "nope", x: 1, y: 2 }).nodes.length, 0);
  assert.equal(applyOp(board, { kind: "edge.add", edge: { id: "e", from: "x", to: "y" } }), board);
});

test("linkTarget reads the report's link: seq and what to highlight", () => {
  assert.deepEqual(linkTarget("?seq=42&highlight=node:n-mx4fz1"), { seq: 42, kind: "node", id: "n-mx4fz1" });
  assert.deepEqual(linkTarget("?seq=7&highlight=notes:deep_dive:3"), { seq: 7, kind: "notes", section: "deep_dive", line: 3 });
  assert.deepEqual(linkTarget("?seq=9&highlight=chat:9"), { seq: 9, kind: "chat", chatSeq: 9 });
  assert.equal(linkTarget("?highlight=node:x"), null);
  assert.equal(linkTarget("?seq=-3"), null);
});

test("lineRange finds a 1-based line's characters", () => {
  const text = "first\nsecond line\nthird";
  assert.deepEqual(lineRange(text, 2), [6, 17]);
  assert.equal(text.slice(...lineRange(text, 3)), "third");
  assert.equal(lineRange(text, 4), null);
});

test("notes typed as CRDT updates replay to the same text, after older patch events", () => {
  const doc = new Y.Doc();
  const updates = [];
  doc.on("update", (u) => updates.push(toBase64(u)));
  // A session from before the CRDT: its seed op holds the text the patches had reached.
  doc.getText("api").insert(0, "GET /x");
  doc.getText("api").insert(6, " → 200");
  doc.transact(() => {
    doc.getText("free").insert(0, "😀 fine");
    doc.getText("api").delete(0, 3);
  });
  const log = [
    { type: "op", seq: 1, logged_at: 1000, op: { kind: "notes.patch", section: "api", text: "GET /x" } },
    { type: "op", seq: 2, logged_at: 2000, op: { kind: "notes.update", update: updates[0], sections: ["api"], seed: true } },
    { type: "op", seq: 3, logged_at: 3000, op: { kind: "notes.update", update: updates[1], sections: ["api"] } },
    { type: "op", seq: 4, logged_at: 4000, op: { kind: "notes.update", update: updates[2], sections: ["free", "api"] } },
  ];
  assert.equal(stateAt(log, 1500).board.notes.api, "GET /x");
  assert.equal(stateAt(log, 2500).board.notes.api, "GET /x");
  assert.equal(stateAt(log, 3500).board.notes.api, "GET /x → 200");
  const end = stateAt(log, 9000).board.notes;
  assert.equal(end.api, " /x → 200");
  assert.equal(end.free, "😀 fine");
});
