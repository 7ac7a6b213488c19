// Unit tests for where an arrow's label goes: run with `node --test static/js/tests/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { H, W, labelSpot } from "../board_geometry.js";

const box = (n) => [n.x - W / 2, n.y - H / 2, n.x + W / 2, n.y + H / 2];
const overlaps = (spot, width, n) => {
  const [l, t, r, b] = box(n);
  return spot.x - width / 2 < r && l < spot.x + width / 2 && spot.y - 10 < b && t < spot.y + 8;
};

test("with nothing in the way the label sits just above the arrow's middle", () => {
  const spot = labelSpot({ x: 0, y: 0 }, { x: 400, y: 0 }, 60, []);
  assert.deepEqual(spot, { x: 200, y: -12 });
});

test("a component over the middle pushes the label along the arrow, clear of every box", () => {
  const a = { x: 0, y: 0 };
  const b = { x: 600, y: 0 };
  const inTheWay = { id: "c", x: 300, y: 0 };
  const spot = labelSpot(a, b, 60, [inTheWay]);
  assert.equal(overlaps(spot, 60, inTheWay), false);
  assert.notEqual(spot.x, 300);
  assert.ok(spot.x > 0 && spot.x < 600, "still beside its own arrow");
});

test("when every spot is taken the label falls back to the middle", () => {
  const a = { x: 0, y: 0 };
  const b = { x: 100, y: 0 };
  const crowd = [-60, 0, 60, 120, 180].flatMap((x) => [-60, 0, 60].map((y) => ({ id: `${x},${y}`, x, y })));
  assert.deepEqual(labelSpot(a, b, 60, crowd), { x: 50, y: -12 });
});
