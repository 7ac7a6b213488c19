// Placement, the room's remembered layout, the toast stack and the undo keys.
import assert from "node:assert/strict";
import { test } from "node:test";

import { undoIntent } from "../board_keys.js";
import { freeSpot, overlaps, spiral } from "../board_placement.js";
import { clampDockWidth, isTyping, layoutDefaults, layoutLoad, layoutSave } from "../room_layout.js";
import { MAX_VISIBLE, toastPush } from "../toasts.js";

const memory = () => {
  const data = new Map();
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => data.set(k, String(v)), data };
};

test("a new component lands on the centre when it is free, else on the nearest free spot", () => {
  assert.deepEqual(freeSpot([], 103, 47), { x: 100, y: 50 });
  const taken = [{ x: 100, y: 50 }];
  const spot = freeSpot(taken, 100, 50);
  assert.equal(overlaps(spot.x, spot.y, taken), false);
  assert.deepEqual(spot, { x: 100, y: 160 }, "the nearest ring cell: below, a row down");
  // Deterministic: the same board and view give the same spot, and ten adds never overlap.
  const nodes = [];
  for (let i = 0; i < 10; i += 1) {
    const p = freeSpot(nodes, 0, 0);
    assert.equal(overlaps(p.x, p.y, nodes), false);
    nodes.push(p);
  }
  assert.deepEqual(freeSpot(nodes.slice(0, 3), 0, 0), nodes[3]);
});

test("the spiral visits each ring nearest first", () => {
  const first = [...spiral(0, 0, 1)];
  assert.equal(first.length, 9);
  assert.deepEqual(first.slice(0, 4), [[0, 0], [0, 110], [0, -110], [190, 0]]);
});

test("the layout defaults fold the dock on narrow windows", () => {
  assert.equal(layoutDefaults(1440).folded, false);
  assert.equal(layoutDefaults(800).folded, true);
  assert.equal(clampDockWidth(9999, 1440), 640);
  assert.equal(clampDockWidth(10, 1440), 240);
  assert.equal(clampDockWidth("junk", 1440), 240);
  assert.equal(clampDockWidth(500, 800), 360, "never more than 45 % of the window");
});

test("the layout is remembered per user and bad stored data falls back to defaults", () => {
  const storage = memory();
  layoutSave(storage, 7, { ...layoutDefaults(1440), folded: true, dockWidth: 400 });
  assert.equal(layoutLoad(storage, 7, 1440).folded, true);
  assert.equal(layoutLoad(storage, 7, 1440).dockWidth, 400);
  assert.equal(layoutLoad(storage, 8, 1440).folded, false, "another user has their own");
  storage.setItem("designroom:room-layout:9", "{not json");
  assert.deepEqual(layoutLoad(storage, 9, 1440), layoutDefaults(1440));
  storage.setItem("designroom:room-layout:9", JSON.stringify({ v: 1, folded: "yes", dockWidth: -5 }));
  assert.equal(layoutLoad(storage, 9, 1440).folded, false);
  assert.equal(layoutLoad(storage, 9, 1440).dockWidth, 240);
  assert.doesNotThrow(() => layoutSave({ setItem() { throw new Error("quota"); } }, 1, {}));
});

test("text fields keep their keys", () => {
  assert.equal(isTyping({ tagName: "TEXTAREA" }), true);
  assert.equal(isTyping({ tagName: "INPUT" }), true);
  assert.equal(isTyping({ tagName: "DIV", isContentEditable: true }), true);
  assert.equal(isTyping({ tagName: "svg" }), false);
  assert.equal(isTyping(null), false);
});

test("undo keys: Ctrl or Cmd with Z, Shift for redo, and Ctrl+Y", () => {
  assert.equal(undoIntent({ ctrlKey: true, key: "z" }), "undo");
  assert.equal(undoIntent({ metaKey: true, key: "z" }), "undo");
  assert.equal(undoIntent({ ctrlKey: true, shiftKey: true, key: "Z" }), "redo");
  assert.equal(undoIntent({ ctrlKey: true, key: "y" }), "redo");
  assert.equal(undoIntent({ key: "z" }), null);
  assert.equal(undoIntent({ ctrlKey: true, altKey: true, key: "z" }), null);
});

test("the toast stack shows a few, oldest out first, and folds repeats into a count", () => {
  let items = [];
  let id = 1;
  const push = (text, kind = "info", action = null) => {
    const out = toastPush(items, { text, kind, action }, 0, id++);
    items = out.items;
    return out;
  };
  push("Phase: Deep dive");
  push("Phase: Deep dive");
  assert.equal(items.length, 1);
  assert.equal(items[0].count, 2);
  for (const text of ["a", "b", "c"]) push(text);
  assert.equal(items.length, MAX_VISIBLE);
  assert.deepEqual(items.map((t) => t.text), ["a", "b", "c"]);
  const undo = { label: "Undo", run() {} };
  push("deleted", "info", undo);
  push("deleted", "info", undo);
  assert.equal(items.filter((t) => t.text === "deleted").length, 2, "each action toast stands alone");
});
