// The diagram as text: the rows it shows and the ops its edits send.
import assert from "node:assert/strict";
import { test } from "node:test";

import { applyOp } from "../board_model.js";
import { describeBoard, edgeAdd, nodeAdd, nodeChange, zonesOf } from "../board_text.js";

const node = (id, x = 0, y = 0, extra = {}) => ({ id, kind: "service", label: id, x, y, notes: "", replicas: null, ...extra });
const board = (nodes = [], edges = [], zones = []) => ({ version: 0, nodes, edges, zones, texts: [], notes: {} });
const overlapping = (nodes) => nodes.some((a, i) => nodes.slice(i + 1).some((b) => Math.abs(a.x - b.x) < 150 && Math.abs(a.y - b.y) < 62));

test("components carry kind, replicas and every zone holding their centre", () => {
  const region = { id: "r", kind: "region", label: "eu-west-1", x: 0, y: 0, w: 1000, h: 1000 };
  const az = { id: "a", kind: "az", label: "", x: 0, y: 0, w: 300, h: 300 };
  const b = board([node("api", 100, 100, { replicas: 3 }), node("db", 600, 600, { kind: "database" }), node("cdn", 2000, 0)], [], [region, az]);
  const text = describeBoard(b);
  assert.deepEqual(text.components.map((c) => [c.id, c.kindLabel, c.replicas, c.zones]), [
    ["api", "Service", 3, ["eu-west-1", "Availability zone"]],
    ["db", "Database", null, ["eu-west-1"]],
    ["cdn", "Service", null, []],
  ]);
  assert.deepEqual(text.zones.map((z) => [z.label || z.kindLabel, z.members]), [["eu-west-1", ["api", "db"]], ["Availability zone", ["api"]]]);
  assert.deepEqual(zonesOf(node("x", 300, 300), [az]).map((z) => z.id), ["a"], "the border counts as inside");
});

test("arrows name their ends and say sync or async; a dangling arrow is not listed", () => {
  const b = board([node("web"), node("api", 300)], [
    { id: "e1", from: "web", to: "api", label: "HTTPS", mode: "sync" },
    { id: "e2", from: "api", to: "gone", label: "", mode: "async" },
  ]);
  assert.deepEqual(describeBoard(b).arrows, [{ id: "e1", from: "web", to: "api", fromLabel: "web", toLabel: "api", label: "HTTPS", mode: "sync" }]);
});

test("a field change is one node.update op, checked like the inspector's", () => {
  const n = node("api", 0, 0, { replicas: 2 });
  assert.deepEqual(nodeChange(n, "label", "  Upload API "), { op: { kind: "node.update", id: "api", changes: { label: "Upload API" } } });
  assert.deepEqual(nodeChange(n, "kind", "cache").op.changes, { kind: "cache" });
  assert.deepEqual(nodeChange(n, "replicas", "5").op.changes, { replicas: 5 });
  assert.deepEqual(nodeChange(n, "replicas", "").op.changes, { replicas: null });
  assert.equal(nodeChange(n, "replicas", "2"), null, "no op when nothing changes");
  for (const bad of ["0", "1.5", "1001", "many"]) assert.match(nodeChange(n, "replicas", bad).error, /whole number/);
  assert.match(nodeChange(n, "kind", "spaceship").error, /kind/);
  assert.match(nodeChange(n, "label", "x".repeat(81)).error, /80/);
});

test("added components land in free space, never on another one", () => {
  let b = board([node("a", 200, 150)]);
  for (let i = 0; i < 6; i += 1) {
    const { op } = nodeAdd(b, { kind: "cache", label: "" }, `n${i}`);
    assert.equal(op.place, "free");
    assert.equal(op.node.label, "Cache", "an empty label takes the kind's name");
    b = applyOp(b, op);
  }
  assert.equal(b.nodes.length, 7);
  assert.equal(overlapping(b.nodes), false);
  assert.match(nodeAdd(b, { kind: "nope" }).error, /kind/);
});

test("connecting follows the canvas's rules and names what is wrong", () => {
  const b = board([node("a"), node("b", 300)], [{ id: "ab", from: "a", to: "b", label: "", mode: "sync" }]);
  assert.deepEqual(edgeAdd(b, { from: "b", to: "a", label: " gRPC ", mode: "async" }, "ba").op,
    { kind: "edge.add", edge: { id: "ba", from: "b", to: "a", label: "gRPC", mode: "async" } });
  assert.match(edgeAdd(b, { from: "a", to: "b" }).error, /already connected/);
  assert.match(edgeAdd(b, { from: "a", to: "a" }).error, /different/);
  assert.match(edgeAdd(b, { from: "a", to: "zzz" }).error, /two components/);
});
