// The phase clock: derived from the server's deadline and clock, never counted locally.
import assert from "node:assert/strict";
import { test } from "node:test";

import { formatClock, remainingMs } from "../timer.js";

test("clock format", () => {
  assert.equal(formatClock(0), "0:00");
  assert.equal(formatClock(61_000), "1:01");
  assert.equal(formatClock(-5_000), "-0:05");
  assert.equal(formatClock(20 * 60_000), "20:00");
});

test("remaining time comes from the deadline and the server's now", () => {
  const timer = { started: true, running: true, paused: false, deadline: 1_000_000 };
  assert.equal(remainingMs(timer, 940_000), 60_000);
  assert.equal(remainingMs(timer, 1_030_000), -30_000, "negative once over: the bar counts up");
});

test("a paused timer shows the remaining time frozen at the pause", () => {
  const timer = { started: true, running: false, paused: true, deadline: 5, remaining_ms: 42_000 };
  assert.equal(remainingMs(timer, 10_000_000), 42_000);
});

test("no clock before the start", () => {
  assert.equal(remainingMs({ started: false }, 0), null);
  assert.equal(remainingMs(null, 0), null);
});
