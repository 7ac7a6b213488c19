// A component's own capacity in the inspector: what it sends and what it shows.
import assert from "node:assert/strict";
import { test } from "node:test";

import { applyOp } from "../board_model.js";
import { inverseOf } from "../board_history.js";
import { MAX_CAPACITY, capacityChanges, capacityFields, renderCapacityInspector } from "../board_capacity.js";

test("a figure and a unit become the node's capacity", () => {
  assert.deepEqual(capacityChanges("3000", "requests/s"), { capacity: { value: 3000, unit: "requests/s" } });
  assert.deepEqual(capacityChanges(" 2.5e4 ", "writes/s"), { capacity: { value: 25000, unit: "writes/s" } });
});

test("an empty figure clears the capacity: the kind's default applies again", () => {
  assert.deepEqual(capacityChanges("", "ops/s"), { capacity: null });
  assert.deepEqual(capacityChanges("   ", "ops/s"), { capacity: null });
});

test("figures out of bounds, non-numbers and unknown units send nothing", () => {
  for (const [text, unit] of [["0", "requests/s"], ["-5", "requests/s"], ["abc", "ops/s"],
    [String(MAX_CAPACITY * 10), "ops/s"], ["Infinity", "ops/s"], ["100", "GB/day"]]) {
    assert.equal(capacityChanges(text, unit), null, `${text} ${unit}`);
  }
});

test("the inspector shows a node's own capacity, or nothing and the default unit", () => {
  assert.deepEqual(capacityFields({ capacity: { value: 500, unit: "messages/s" } }), { value: "500", unit: "messages/s" });
  assert.deepEqual(capacityFields({ capacity: null }), { value: "", unit: "requests/s" });
  assert.deepEqual(capacityFields({}), { value: "", unit: "requests/s" });
});

test("undoing a capacity change takes the node back to no capacity of its own", () => {
  const start = { version: 0, nodes: [{ id: "a", kind: "service", label: "API", x: 0, y: 0, notes: "", replicas: 2 }], edges: [], notes: {} };
  const op = { kind: "node.update", id: "a", changes: capacityChanges("9000", "requests/s") };
  const after = applyOp(start, op);
  assert.equal(after.nodes[0].capacity.value, 9000);
  const [undo] = inverseOf(start, op);
  assert.deepEqual(undo.changes, { capacity: null });
  assert.equal(capacityFields(applyOp(after, undo).nodes[0]).value, "");
});

test("a re-render keeps the unit chosen for a node without a capacity yet", () => {
  const set = new Map();
  const setIfIdle = (name, value) => set.set(name, value);
  renderCapacityInspector(setIfIdle, { capacity: null });
  assert.deepEqual([...set.keys()], ["capacity"]);
  renderCapacityInspector(setIfIdle, { capacity: { value: 9, unit: "ops/s" } });
  assert.equal(set.get("capacity-unit"), "ops/s");
});
