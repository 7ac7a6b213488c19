// Live cursors (board_cursors_state.js): the sender's throttle and change check, peers'
// cursors and their expiry, and follow mode.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  CursorSender,
  Follow,
  PeerCursors,
  cursorMessage,
  viewFor,
  viewportOf,
} from "../board_cursors_state.js";

/** A clock and timers under the test's control. */
function fakeTime() {
  const clock = { now: 0, pending: [] };
  let id = 0;
  clock.timers = {
    setTimeout: (fn, ms) => {
      id += 1;
      clock.pending.push({ id, fn, at: clock.now + ms });
      return id;
    },
    clearTimeout: (handle) => {
      clock.pending = clock.pending.filter((t) => t.id !== handle);
    },
  };
  clock.advance = (ms) => {
    const end = clock.now + ms;
    for (;;) {
      clock.pending.sort((a, b) => a.at - b.at);
      const next = clock.pending[0];
      if (!next || next.at > end) break;
      clock.pending.shift();
      clock.now = next.at;
      next.fn();
    }
    clock.now = end;
  };
  return clock;
}

function sender(clock, state) {
  const sent = [];
  let reads = 0;
  const s = new CursorSender({
    read: () => { reads += 1; return state.current; },
    send: (message) => sent.push({ at: clock.now, message }),
    now: () => clock.now,
    timers: clock.timers,
  });
  return { s, sent, reads: () => reads };
}

const VIEW = { x: 0, y: 0, w: 800, h: 500 };

test("pointer moves go out at most every 50 ms, the latest position last", () => {
  const clock = fakeTime();
  const state = { current: { pointer: { x: 0, y: 0 }, viewport: VIEW } };
  const { s, sent, reads } = sender(clock, state);
  for (let i = 1; i <= 100; i += 1) {
    state.current = { pointer: { x: i, y: i }, viewport: VIEW };
    s.touch();
    clock.advance(5); // a move every 5 ms for half a second
  }
  clock.advance(100);
  const gaps = sent.slice(1).map((m, i) => m.at - sent[i].at);
  assert.ok(gaps.every((g) => g >= 50), `gaps ${gaps}`);
  assert.ok(sent.length <= 11 && sent.length >= 9, `${sent.length} sent in 500 ms`);
  assert.deepEqual(sent.at(-1).message.pointer, { x: 100, y: 100 });
  assert.equal(reads(), sent.length, "the cursor is read once per message, not per move");
});

test("nothing is sent when nothing changed, not even a sub-pixel jitter", () => {
  const clock = fakeTime();
  const state = { current: { pointer: { x: 10, y: 10 }, selection: ["a"], viewport: VIEW } };
  const { s, sent } = sender(clock, state);
  s.touch();
  clock.advance(60);
  state.current = { pointer: { x: 10.01, y: 9.99 }, selection: ["a"], viewport: VIEW };
  s.touch();
  clock.advance(60);
  assert.equal(sent.length, 1);
  state.current = { pointer: { x: 10, y: 10 }, selection: ["a", "b"], viewport: VIEW };
  s.touch();
  clock.advance(60);
  assert.deepEqual(sent.map((m) => m.message.selection), [["a"], ["a", "b"]]);
});

test("a first move goes out at once, and being nowhere at the start sends nothing", () => {
  const clock = fakeTime();
  const state = { current: { pointer: null, selection: [], viewport: null } };
  const { s, sent } = sender(clock, state);
  s.touch();
  clock.advance(0);
  assert.equal(sent.length, 0);
  state.current = { pointer: { x: 1, y: 2 } };
  s.touch();
  clock.advance(0);
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0].message, { type: "board.cursor", pointer: { x: 1, y: 2 }, selection: [], viewport: null });
});

test("a shown cursor is repeated every 15 s, a gone one is not", () => {
  const clock = fakeTime();
  const state = { current: { pointer: { x: 1, y: 1 } } };
  const { s, sent } = sender(clock, state);
  s.touch();
  clock.advance(31_000);
  assert.deepEqual(sent.map((m) => m.at), [0, 15_000, 30_000]);
  state.current = {};
  s.touch();
  clock.advance(60_000);
  assert.equal(sent.length, 4);
  assert.equal(sent[3].message.pointer, null);
});

test("after a reconnect the same cursor is sent again", () => {
  const clock = fakeTime();
  const state = { current: { pointer: { x: 5, y: 5 } } };
  const { s, sent } = sender(clock, state);
  s.touch();
  clock.advance(100);
  s.resend();
  clock.advance(0);
  assert.equal(sent.length, 2);
  assert.deepEqual(sent[1].message, sent[0].message);
  s.stop();
  clock.advance(60_000);
  assert.equal(sent.length, 2, "stopped: no keepalive");
});

test("a message keeps at most 200 ids and no empty viewport", () => {
  const ids = Array.from({ length: 250 }, (_, i) => `n${i}`);
  const message = cursorMessage({ selection: ids, viewport: { x: 0, y: 0, w: 0, h: 10 } });
  assert.equal(message.selection.length, 200);
  assert.equal(message.viewport, null);
});

const relayed = (peer, fields, user = { id: 7, name: "cleo" }) => ({
  type: "board.cursor", peer, user, role: "candidate", pointer: null, selection: [], viewport: null, ...fields,
});

test("peers' cursors are kept per socket, dropped on farewell, offline and after 45 s", () => {
  let now = 0;
  const peers = new PeerCursors({ now: () => now });
  assert.equal(peers.receive(relayed("p1", { pointer: { x: 1, y: 1 } })), true);
  peers.receive(relayed("p2", { selection: ["api"] }));
  peers.receive(relayed("p3", { viewport: VIEW }, { id: 8, name: "curt" }));
  assert.deepEqual(peers.list().map((c) => c.peer), ["p1", "p2", "p3"]);
  assert.equal(peers.receive(relayed("p1", {})), false, "the farewell");
  assert.deepEqual(peers.list().map((c) => c.peer), ["p2", "p3"]);
  peers.forgetUser(7);
  assert.deepEqual(peers.list().map((c) => c.peer), ["p3"]);
  now = 45_001;
  assert.deepEqual(peers.list(), []);
});

test("the viewport sent and the view that shows it agree", () => {
  const view = { x: 120, y: -40, k: 0.5 };
  const vp = viewportOf(view, 1000, 600);
  assert.deepEqual(vp, { x: -240, y: 80, w: 2000, h: 1200 });
  assert.deepEqual(viewFor(vp, 1000, 600), view);
  // A smaller stage shows all of it, centred, at a smaller zoom.
  const small = viewFor(vp, 500, 600);
  assert.equal(small.k, 0.25);
  assert.equal(small.x + (vp.x + vp.w / 2) * small.k, 250);
  assert.equal(viewFor({ x: 0, y: 0, w: 10, h: 10 }, 1000, 600).k, 3, "zoom stays within 25–300 %");
});

function following() {
  const peers = new PeerCursors();
  const views = [];
  const changes = [];
  const follow = new Follow({
    peers,
    setView: (v) => views.push(v),
    stageSize: () => ({ width: 1000, height: 600 }),
    onChange: (peer, why) => changes.push([peer, why]),
  });
  return { peers, follow, views, changes };
}

test("following tracks the peer's viewport until a local pan or zoom", () => {
  const { peers, follow, views, changes } = following();
  peers.receive(relayed("p1", { viewport: { x: 0, y: 0, w: 1000, h: 600 } }));
  assert.equal(follow.start("p1"), true);
  assert.deepEqual(views, [{ k: 1, x: 0, y: 0 }]);
  peers.receive(relayed("p1", { viewport: { x: 300, y: 100, w: 1000, h: 600 } }));
  follow.peerChanged("p1");
  assert.deepEqual(views.at(-1), { k: 1, x: -300, y: -100 });
  follow.viewChanged({ local: false }); // our own setView: still following
  assert.equal(follow.peer, "p1");
  follow.viewChanged({ local: true });
  assert.equal(follow.peer, null);
  peers.receive(relayed("p1", { viewport: { x: 900, y: 900, w: 1000, h: 600 } }));
  follow.peerChanged("p1");
  assert.equal(views.length, 2, "no longer tracked");
  assert.deepEqual(changes, [["p1", "start"], [null, "local"]]);
});

test("following stops when the peer leaves, and cannot start on an unknown peer", () => {
  const { peers, follow, changes } = following();
  assert.equal(follow.start("nobody"), false);
  peers.receive(relayed("p1", { viewport: VIEW }));
  follow.toggle("p1");
  peers.receive(relayed("p1", {}));
  follow.peerChanged("p1");
  assert.equal(follow.peer, null);
  assert.deepEqual(changes, [["p1", "start"], [null, "gone"]]);
});

test("a peer's cursor without a viewport moves nothing, and toggling twice stops", () => {
  const { peers, follow, views } = following();
  peers.receive(relayed("p1", { pointer: { x: 1, y: 1 } }));
  follow.toggle("p1");
  follow.peerChanged("p1");
  assert.deepEqual(views, []);
  follow.toggle("p1");
  assert.equal(follow.peer, null);
});
