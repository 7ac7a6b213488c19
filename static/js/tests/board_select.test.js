// Multi-select on the board: the selection model, the rubber band's hit test, align and
// distribute, snapping, copy/paste with re-pointed arrows, and the pinch gesture's math.
import assert from "node:assert/strict";
import { test } from "node:test";

import { alignOps } from "../board_align.js";
import { copyOf, parseClipboard, pasteOps } from "../board_clipboard.js";
import { H, W, elementBox, shiftOp, snap } from "../board_geometry.js";
import { pinchView } from "../board_gesture.js";
import { clipboardIntent } from "../board_group.js";
import { applyOp } from "../board_model.js";
import { overlaps } from "../board_placement.js";
import { Selection, bandHits, bandRect, selectedElements } from "../board_selection.js";

const node = (id, x, y, extra = {}) => ({ id, kind: "service", label: id, x, y, notes: "", replicas: null, ...extra });
const board = (extra = {}) => ({
  version: 0,
  nodes: [node("a", 100, 100), node("b", 400, 100), node("c", 250, 300)],
  edges: [{ id: "ab", from: "a", to: "b", label: "gRPC", mode: "sync" }, { id: "bc", from: "b", to: "c", label: "", mode: "async" }],
  zones: [{ id: "z", kind: "az", label: "AZ a", x: 0, y: 0, w: 600, h: 420 }],
  texts: [{ id: "t", style: "sticky", text: "Note", x: 700, y: 50 }],
  notes: {},
  ...extra,
});
const apply = (b, ops) => ops.reduce(applyOp, b);

test("a selection holds one or many elements; toggle adds and removes; only is the single one", () => {
  const s = new Selection();
  assert.equal(s.only, null);
  s.set([{ type: "node", id: "a" }]);
  assert.deepEqual(s.only, { type: "node", id: "a" });
  s.toggle({ type: "node", id: "b" });
  assert.equal(s.size, 2);
  assert.equal(s.only, null, "several selected: no single element");
  assert.ok(s.has("node", "b") && !s.has("edge", "b"), "type and id both count");
  s.toggle({ type: "node", id: "a" });
  assert.deepEqual(s.list(), [{ type: "node", id: "b" }]);
  s.set([{ type: "node", id: "b" }, { type: "edge", id: "gone" }]);
  assert.equal(s.prune(board()), true, "an element the board lost is dropped");
  assert.deepEqual(s.list(), [{ type: "node", id: "b" }]);
  assert.equal(s.prune(board()), false);
});

test("the rubber band selects what lies wholly inside it, and arrows whose two ends do", () => {
  const b = board();
  const rect = bandRect({ x: 420 + W / 2, y: 50 }, { x: 20, y: 140 }); // dragged up-left
  assert.deepEqual(rect, { left: 20, top: 50, right: 420 + W / 2, bottom: 140 });
  const hits = bandHits(b, rect);
  assert.deepEqual(hits, [{ type: "node", id: "a" }, { type: "node", id: "b" }, { type: "edge", id: "ab" }]);
  // A component cut by the band's edge is not taken, nor is the zone around everything.
  assert.deepEqual(bandHits(b, { left: 20, top: 50, right: 400, bottom: 140 }), [{ type: "node", id: "a" }]);
  const all = bandHits(b, { left: -10, top: -30, right: 1000, bottom: 500 });
  assert.deepEqual(all.map((h) => h.id).sort(), ["a", "ab", "b", "bc", "c", "t", "z"]);
});

test("align left, centre and bottom line the boxes up; one already in place gets no op", () => {
  const b = board();
  const elements = selectedElements(b, [{ type: "node", id: "a" }, { type: "node", id: "b" }, { type: "node", id: "c" }, { type: "edge", id: "ab" }]);
  const left = apply(b, alignOps(elements, "left"));
  assert.deepEqual(left.nodes.map((n) => n.x), [100, 100, 100]);
  assert.deepEqual(left.nodes.map((n) => n.y), [100, 100, 300], "left alignment keeps y");
  assert.equal(alignOps(elements, "left").length, 2, "a is already on the left edge");
  const centre = apply(b, alignOps(elements, "centre"));
  assert.deepEqual(centre.nodes.map((n) => n.x), [250, 250, 250]);
  const bottom = apply(b, alignOps(elements, "bottom"));
  assert.deepEqual(bottom.nodes.map((n) => n.y), [300, 300, 300]);
  // Mixed kinds align by their boxes: a zone's top edge meets a component's top edge.
  const mixed = selectedElements(b, [{ type: "node", id: "c" }, { type: "zone", id: "z" }]);
  const top = apply(b, alignOps(mixed, "top"));
  assert.equal(elementBox("node", top.nodes[2]).top, elementBox("zone", top.zones[0]).top);
  assert.deepEqual(alignOps(selectedElements(b, [{ type: "node", id: "a" }]), "left"), [], "one element: nothing to align");
});

test("distribute spaces boxes evenly between the outermost two, which stay put", () => {
  const b = board({ nodes: [node("a", 100, 0), node("b", 700, 0), node("c", 250, 0), node("d", 300, 0)] });
  const elements = selectedElements(b, b.nodes.map((n) => ({ type: "node", id: n.id })));
  const spaced = apply(b, alignOps(elements, "distribute-x"));
  const xs = Object.fromEntries(spaced.nodes.map((n) => [n.id, n.x]));
  assert.equal(xs.a, 100);
  assert.equal(xs.b, 700);
  assert.deepEqual([xs.c, xs.d], [300, 500], "equal steps of 200 between the centres of equal boxes");
  assert.deepEqual(alignOps(elements.slice(0, 2), "distribute-x"), [], "two elements: nothing to distribute");
});

test("snap rounds to the grid; shifting keeps each element's own anchor", () => {
  assert.equal(snap(29, 20), 20);
  assert.equal(snap(31, 20), 40);
  assert.equal(snap(-31, 20), -40);
  assert.equal(snap(7, 1), 7, "a 1 px grid is no snapping");
  assert.deepEqual(shiftOp("node", node("a", 100, 100), 20, -40), { kind: "node.move", id: "a", x: 120, y: 60 });
  assert.deepEqual(shiftOp("zone", board().zones[0], 20, 20), { kind: "zone.update", id: "z", changes: { x: 20, y: 20 } });
});

test("paste gives new ids, re-points copied arrows at the copies, and lands in free space", () => {
  const b = board();
  const copy = copyOf(b, [{ type: "node", id: "a" }, { type: "node", id: "b" }, { type: "text", id: "t" }]);
  assert.deepEqual(copy.edges.map((e) => e.id), ["ab"], "only the arrow between two copied components comes along");
  let n = 0;
  const { ops, items } = pasteOps(b, copy, (prefix) => `${prefix}-new${(n += 1)}`);
  const after = apply(b, ops);
  assert.equal(after.nodes.length, 5);
  assert.equal(after.edges.length, 3);
  const pasted = after.edges.find((e) => e.id.startsWith("e-new"));
  const ids = new Set(items.map((i) => i.id));
  assert.ok(ids.has(pasted.from) && ids.has(pasted.to), "the arrow joins the copies");
  assert.equal(after.nodes.find((x) => x.id === pasted.from).label, "a");
  assert.equal(after.nodes.find((x) => x.id === pasted.to).label, "b");
  assert.equal(pasted.label, "gRPC");
  for (const copyNode of after.nodes.filter((x) => ids.has(x.id))) {
    assert.equal(overlaps(copyNode.x, copyNode.y, b.nodes), false, `${copyNode.id} lies on a component`);
  }
  const offset = after.nodes.find((x) => x.id === pasted.from).x - 100;
  assert.equal(after.texts.find((t) => ids.has(t.id)).x, 700 + offset, "everything shifts by one offset");
  assert.equal(copyOf(b, [{ type: "edge", id: "ab" }]), null, "an arrow alone is not a copy");
});

test("clipboard text is read back only when it is a well-formed Designroom copy", () => {
  const copy = copyOf(board(), [{ type: "node", id: "a" }, { type: "node", id: "b" }]);
  assert.deepEqual(parseClipboard(JSON.stringify(copy)), copy);
  assert.equal(parseClipboard("hello"), null);
  assert.equal(parseClipboard('{"format": "designroom-clipboard"'), null, "broken JSON");
  assert.equal(parseClipboard(`"designroom-clipboard"${" ".repeat(1_000_001)}`), null, "too long");
  const hostile = {
    format: "designroom-clipboard",
    nodes: [node("ok", 1, 2), { id: "bad", kind: "rocket", x: 0, y: 0 }, node("far", 1e9, 0), node("x".repeat(65), 0, 0)],
    edges: [{ id: "e", from: "ok", to: "bad" }, { id: "e2", from: "ok", to: "ok" }],
    zones: [{ id: "z", kind: "az", x: 0, y: 0, w: 1, h: 1 }],
    texts: [{ id: "t", text: 42, x: 0, y: 0, style: "<script>" }],
  };
  const read = parseClipboard(JSON.stringify(hostile));
  assert.deepEqual(read.nodes.map((x) => x.id), ["ok"]);
  assert.deepEqual(read.edges, [], "arrows to dropped or same components go");
  assert.deepEqual(read.zones, [], "a zone below the minimum size goes");
  assert.deepEqual(read.texts, [{ id: "t", style: "text", text: "", x: 0, y: 0 }]);
  const sized = { format: "designroom-clipboard", nodes: [
    { ...node("own", 0, 0), capacity: { value: 800, unit: "writes/s" } },
    { ...node("odd", 300, 0), capacity: { value: -1, unit: "furlongs" } },
  ] };
  const [own, odd] = parseClipboard(JSON.stringify(sized)).nodes;
  assert.deepEqual(own.capacity, { value: 800, unit: "writes/s" }, "a component's own capacity travels");
  assert.equal("capacity" in odd, false, "a capacity outside the bounds is dropped");
});

test("clipboard keys need Ctrl or Cmd, without Shift or Alt", () => {
  assert.equal(clipboardIntent({ ctrlKey: true, key: "c" }), "copy");
  assert.equal(clipboardIntent({ metaKey: true, key: "V" }), "paste");
  assert.equal(clipboardIntent({ ctrlKey: true, key: "d" }), "duplicate");
  assert.equal(clipboardIntent({ ctrlKey: true, key: "a" }), "all");
  assert.equal(clipboardIntent({ key: "c" }), null);
  assert.equal(clipboardIntent({ ctrlKey: true, shiftKey: true, key: "c" }), null);
  assert.equal(clipboardIntent({ ctrlKey: true, key: "z" }), null, "undo is board_keys.js's");
});

test("a pinch zooms by the fingers' spread and keeps the point between them under them", () => {
  const view = { x: 40, y: 30, k: 1 };
  const wider = pinchView(view, { x: 100, y: 100 }, { x: 200, y: 100 }, { x: 50, y: 100 }, { x: 250, y: 100 });
  assert.equal(wider.k, 2);
  // The board point under the fingers' midpoint (150, 100) stays under it.
  const before = { x: (150 - view.x) / view.k, y: (100 - view.y) / view.k };
  assert.deepEqual({ x: (150 - wider.x) / wider.k, y: (100 - wider.y) / wider.k }, before);
  // Moving both fingers together pans without zooming.
  const panned = pinchView(view, { x: 100, y: 100 }, { x: 200, y: 100 }, { x: 130, y: 140 }, { x: 230, y: 140 });
  assert.deepEqual(panned, { k: 1, x: 70, y: 70 });
  const tiny = pinchView(view, { x: 0, y: 0 }, { x: 1000, y: 0 }, { x: 0, y: 0 }, { x: 1, y: 0 });
  assert.equal(tiny.k, 0.25, "zoom stays within its limits");
});

test("a component's box is its centre plus and minus half its size", () => {
  assert.deepEqual(elementBox("node", node("a", 100, 100)), { left: 100 - W / 2, top: 100 - H / 2, right: 100 + W / 2, bottom: 100 + H / 2 });
});
