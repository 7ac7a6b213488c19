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

// A minimal stand-in for the phase bar's markup: enough for PhaseBar.tick().
function fakeRoot() {
  const el = () => ({ textContent: "", dataset: {}, setAttribute() {}, removeAttribute() {}, classList: { toggle() {} }, querySelector: () => el() });
  const parts = { ".phase-clock": el(), ".phase-clock-label": el() };
  return { dataset: {}, querySelectorAll: () => [], querySelector: (sel) => parts[sel] || null };
}

const PHASES = [
  { slug: "a", name: "A", planned_seconds: 300 },
  { slug: "b", name: "B", planned_seconds: 300 },
];

test("solo: the client asks for the next phase once when its countdown hits zero", async () => {
  const { PhaseBar } = await import("../timer.js");
  const sent = [];
  let now = 1_000_000;
  const bar = new PhaseBar(fakeRoot(), {
    phases: PHASES,
    serverNow: () => now,
    send: (m) => sent.push(m),
    solo: true,
  });
  try {
    bar.timer = { phase: 0, started: true, running: true, paused: false, deadline: 1_060_000, auto_advance: true };
    bar.tick();
    assert.equal(sent.length, 0, "not before the deadline");
    now = 1_060_001;
    bar.tick();
    bar.tick();
    assert.deepEqual(sent, [{ type: "timer.next", expected_phase: 0 }], "exactly once");
  } finally {
    clearInterval(bar.interval);
  }
});

test("solo: no auto-advance when it is off, paused, or on the last phase", async () => {
  const { PhaseBar } = await import("../timer.js");
  const sent = [];
  const bar = new PhaseBar(fakeRoot(), { phases: PHASES, serverNow: () => 2_000_000, send: (m) => sent.push(m), solo: true });
  try {
    for (const timer of [
      { phase: 0, started: true, running: true, deadline: 1, auto_advance: false },
      { phase: 0, started: true, running: false, paused: true, remaining_ms: -5, auto_advance: true },
      { phase: 1, started: true, running: true, deadline: 1, auto_advance: true },
    ]) {
      bar.timer = timer;
      bar.autoSentFor = null;
      bar.tick();
    }
    assert.deepEqual(sent, []);
  } finally {
    clearInterval(bar.interval);
  }
});

test("the clock turns amber in the last minute and red, counting up, when over", async () => {
  const { PhaseBar } = await import("../timer.js");
  const root = fakeRoot();
  let now = 0;
  const bar = new PhaseBar(root, { phases: PHASES, serverNow: () => now, send: () => {} });
  try {
    bar.timer = { phase: 0, started: true, running: true, deadline: 100_000 };
    now = 10_000;
    bar.tick();
    assert.equal(root.dataset.clock, "ok");
    now = 50_000;
    bar.tick();
    assert.equal(root.dataset.clock, "warn");
    now = 165_000;
    bar.tick();
    assert.equal(root.dataset.clock, "over");
    assert.equal(root.querySelector(".phase-clock").textContent, "+1:05");
  } finally {
    clearInterval(bar.interval);
  }
});
