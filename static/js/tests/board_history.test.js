// Undo/redo: inverse ops computed from the board as the user saw it, merged per gesture.
import assert from "node:assert/strict";
import { test } from "node:test";

import { applyOp } from "../board_model.js";
import { BoardHistory, applicableOps, inverseOf, mergeKey } from "../board_history.js";

const node = (id, x = 0, y = 0, extra = {}) => ({ id, kind: "service", label: id, x, y, notes: "", replicas: null, ...extra });
const board = (nodes = [], edges = []) => ({ version: 0, nodes, edges, notes: {} });
const run = (state, ops) => ops.reduce((b, op) => applyOp(b, op), state);

test("every board op has an inverse that restores the board", () => {
  const start = board([node("a"), node("b", 300, 0)], [{ id: "e", from: "a", to: "b", label: "HTTPS", mode: "sync" }]);
  const ops = [
    { kind: "node.add", node: node("c", 0, 200) },
    { kind: "node.move", id: "a", x: 50, y: 60 },
    { kind: "node.update", id: "b", changes: { label: "DB", replicas: 3 } },
    { kind: "edge.update", id: "e", changes: { mode: "async" } },
    { kind: "edge.delete", id: "e" },
    { kind: "node.delete", id: "a" },
  ];
  for (const op of ops) {
    const after = applyOp(start, op);
    const back = run(after, inverseOf(start, op));
    assert.deepEqual(
      { nodes: [...back.nodes].sort((p, q) => p.id.localeCompare(q.id)), edges: back.edges },
      { nodes: [...start.nodes].sort((p, q) => p.id.localeCompare(q.id)), edges: start.edges },
      op.kind,
    );
  }
});

test("deleting a node is undone with its arrows, as one step", () => {
  const start = board([node("a"), node("b"), node("c")], [
    { id: "ab", from: "a", to: "b", label: "", mode: "sync" },
    { id: "ca", from: "c", to: "a", label: "", mode: "async" },
  ]);
  const inverse = inverseOf(start, { kind: "node.delete", id: "a" });
  assert.deepEqual(inverse.map((op) => op.kind), ["node.add", "edge.add", "edge.add"]);
});

test("a drag's many moves are one step back to where it started", () => {
  let t = 0;
  const history = new BoardHistory({ now: () => t });
  let state = board([node("a", 0, 0)]);
  for (let i = 1; i <= 10; i += 1) {
    const op = { kind: "node.move", id: "a", x: i * 10, y: 0 };
    history.record(state, op);
    state = applyOp(state, op);
    t += 100;
  }
  assert.equal(history.done.length, 1);
  assert.deepEqual(history.undo(state), [{ kind: "node.move", id: "a", x: 0, y: 0 }]);
  assert.deepEqual(history.redo(state), [{ kind: "node.move", id: "a", x: 100, y: 0 }]);
});

test("edits far apart in time, or of different fields, are separate steps", () => {
  let t = 0;
  const history = new BoardHistory({ now: () => t });
  const state = board([node("a")]);
  history.record(state, { kind: "node.update", id: "a", changes: { label: "x" } });
  t += 5000;
  history.record(state, { kind: "node.update", id: "a", changes: { label: "y" } });
  history.record(state, { kind: "node.update", id: "a", changes: { notes: "n" } });
  assert.equal(history.done.length, 3);
  assert.notEqual(mergeKey({ kind: "node.move", id: "a" }), mergeKey({ kind: "node.move", id: "b" }));
});

test("a new change clears redo; undo and redo report what they can do", () => {
  const history = new BoardHistory();
  let changes = 0;
  history.addEventListener("change", () => { changes += 1; });
  const state = board();
  assert.equal(history.canUndo, false);
  assert.deepEqual(history.undo(state), []);
  history.record(state, { kind: "node.add", node: node("a") });
  const after = applyOp(state, { kind: "node.add", node: node("a") });
  assert.deepEqual(history.undo(after), [{ kind: "node.delete", id: "a" }]);
  assert.equal(history.canRedo, true);
  history.record(state, { kind: "node.add", node: node("b") });
  assert.equal(history.canRedo, false);
  assert.ok(changes >= 3);
});

test("an undo skips what someone else already removed", () => {
  const history = new BoardHistory();
  const state = board([node("a")]);
  history.record(state, { kind: "node.update", id: "a", changes: { label: "renamed" } });
  assert.deepEqual(history.undo(board()), [], "the peer deleted 'a' meanwhile");
  assert.deepEqual(
    applicableOps(board([node("a")]), [
      { kind: "node.add", node: node("a") },
      { kind: "edge.add", edge: { id: "e", from: "a", to: "gone" } },
      { kind: "node.add", node: node("b") },
      { kind: "edge.add", edge: { id: "e2", from: "a", to: "b" } },
    ]).map((op) => op.node?.id || op.edge?.id),
    ["b", "e2"],
  );
});

test("a multi-element action is one step, undone in reverse order", () => {
  const history = new BoardHistory();
  const state = board([node("a", 0, 0), node("b", 100, 0)]);
  history.recordMany(state, [
    { kind: "node.move", id: "a", x: 10, y: 10 },
    { kind: "node.move", id: "b", x: 110, y: 10 },
  ]);
  assert.equal(history.done.length, 1);
  const moved = run(state, history.done[0].forward);
  assert.deepEqual(history.undo(moved), [
    { kind: "node.move", id: "b", x: 100, y: 0 },
    { kind: "node.move", id: "a", x: 0, y: 0 },
  ]);
});

test("the history keeps a bounded number of steps", () => {
  const history = new BoardHistory({ limit: 3 });
  for (let i = 0; i < 5; i += 1) history.record(board(), { kind: "node.add", node: node(`n${i}`) });
  assert.equal(history.done.length, 3);
  assert.deepEqual(history.done.map((s) => s.forward[0].node.id), ["n2", "n3", "n4"]);
});
