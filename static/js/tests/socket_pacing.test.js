// Board ops are paced under the server's flood limit: a burst goes at once, the rest at the
// pacer's rate, in order.
import assert from "node:assert/strict";
import { test } from "node:test";

import { OpPacer } from "../socket_pacing.js";

function clock() {
  let t = 0;
  const timers = [];
  return {
    now: () => t,
    schedule: (fn, ms) => { timers.push({ at: t + ms, fn }); return timers.length; },
    cancel: () => { timers.length = 0; },
    advance(ms) {
      t += ms;
      for (const timer of timers.splice(0).filter((x) => x.at <= t)) timer.fn();
    },
    timers,
  };
}

test("a group action of 100 ops goes out 40 at once, then 20 a second, in order", () => {
  const c = clock();
  const sent = [];
  const pacer = new OpPacer((m) => sent.push(m), { rate: 20, burst: 40, ...c });
  for (let i = 0; i < 100; i += 1) pacer.push(i);
  assert.equal(sent.length, 40);
  assert.equal(pacer.waiting, 60);
  for (let ms = 0; ms < 1000; ms += 50) c.advance(50);
  assert.ok(sent.length >= 59 && sent.length <= 61, `${sent.length} sent after one second`);
  for (let ms = 0; ms < 3000; ms += 50) c.advance(50);
  assert.equal(sent.length, 100);
  assert.deepEqual(sent, [...Array(100).keys()], "order is kept");
});

test("a few ops at human rates go out at once", () => {
  const c = clock();
  const sent = [];
  const pacer = new OpPacer((m) => sent.push(m), { ...c });
  pacer.push("a");
  pacer.push("b");
  assert.deepEqual(sent, ["a", "b"]);
  assert.equal(c.timers.length, 0, "nothing waits");
});

test("clear drops what waits (the socket closed; the ops stay pending for the resend)", () => {
  const c = clock();
  const sent = [];
  const pacer = new OpPacer((m) => sent.push(m), { rate: 10, burst: 1, ...c });
  pacer.push(1);
  pacer.push(2);
  pacer.clear();
  c.advance(1000);
  assert.deepEqual(sent, [1]);
});
