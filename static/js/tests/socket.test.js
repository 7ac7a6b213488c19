// The socket client against a fake WebSocket: seq ordering, gaps, resend after reconnect.
import assert from "node:assert/strict";
import { test } from "node:test";

import { RoomSocket } from "../socket.js";

class FakeWS {
  static last = null;
  constructor(url) {
    this.url = url;
    this.readyState = 1;
    this.sent = [];
    this.listeners = {};
    FakeWS.last = this;
  }
  addEventListener(type, fn) {
    (this.listeners[type] ||= []).push(fn);
  }
  send(data) {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000) {
    this.readyState = 3;
    for (const fn of this.listeners.close || []) fn({ code });
  }
  serverSends(msg) {
    for (const fn of this.listeners.message || []) fn({ data: JSON.stringify(msg) });
  }
}

function connected() {
  const socket = new RoomSocket("ws://x/ws/sessions/1/", { WebSocketImpl: FakeWS, minDelay: 1, maxDelay: 2 });
  const seen = [];
  socket.addEventListener("message", (e) => seen.push(e.detail));
  socket.connect();
  const ws = FakeWS.last;
  ws.serverSends({ type: "snapshot", seq: 10, server_now: Date.now() });
  return { socket, ws, seen };
}

test("events are applied in seq order; early ones wait for the gap to fill", () => {
  const { socket, ws, seen } = connected();
  try {
    ws.serverSends({ type: "chat", seq: 12, text: "second" });
    assert.equal(seen.length, 1, "seq 12 is held while 11 is missing");
    ws.serverSends({ type: "chat", seq: 11, text: "first" });
    assert.deepEqual(seen.slice(1).map((m) => m.seq), [11, 12]);
    ws.serverSends({ type: "chat", seq: 11, text: "dup" });
    assert.equal(seen.length, 3, "a seq already applied is ignored");
    assert.equal(socket.lastSeq, 12);
  } finally {
    socket.close();
  }
});

test("a gap still open after a second asks for a replay", async () => {
  const { socket, ws } = connected();
  try {
    ws.serverSends({ type: "hidden", seq: 13 });
    await new Promise((r) => setTimeout(r, 1100));
    assert.deepEqual(ws.sent.filter((m) => m.type === "sync"), [{ type: "sync", since: 10 }]);
    ws.serverSends({ type: "replay", since: 10, seq: 13, events: [{ type: "chat", seq: 11 }, { type: "chat", seq: 12 }, { type: "hidden", seq: 13 }] });
    assert.equal(socket.lastSeq, 13);
    assert.equal(socket.held.size, 0);
  } finally {
    socket.close();
  }
});

test("unacknowledged ops are resent with the same op_id after a reconnect", async () => {
  const { socket, ws } = connected();
  try {
    const opId = socket.sendOp({ kind: "node.move", id: "n", x: 1, y: 2 }, 3);
    assert.equal(ws.sent.at(-1).op_id, opId);
    ws.close(1006);
    await new Promise((r) => setTimeout(r, 20));
    const again = FakeWS.last;
    assert.notEqual(again, ws);
    assert.match(again.url, /\?since=10$/);
    again.serverSends({ type: "replay", since: 10, seq: 10, events: [] });
    assert.equal(again.sent.find((m) => m.type === "op").op_id, opId);
    again.serverSends({ type: "op.ack", op_id: opId, seq: 11, version: 4, op: {} });
    assert.equal(socket.pending.size, 0);
  } finally {
    socket.close();
  }
});

test("an op already applied before the drop is settled by the replay, not resent", async () => {
  const { socket, ws } = connected();
  try {
    const opId = socket.sendOp({ kind: "node.move", id: "n", x: 1, y: 2 }, 3);
    ws.close(1006);
    await new Promise((r) => setTimeout(r, 20));
    const again = FakeWS.last;
    again.serverSends({ type: "replay", since: 10, seq: 11, events: [{ type: "op", seq: 11, op_id: opId, op: {} }] });
    assert.equal(again.sent.filter((m) => m.type === "op").length, 0);
    assert.equal(socket.pending.size, 0);
  } finally {
    socket.close();
  }
});

test("a resync from the server asks for a replay from the last applied seq", () => {
  const { socket, ws } = connected();
  try {
    ws.serverSends({ type: "chat", seq: 11, text: "kept" });
    ws.serverSends({ type: "resync", server_now: Date.now() });
    assert.deepEqual(ws.sent.filter((m) => m.type === "sync"), [{ type: "sync", since: 11 }]);
    ws.serverSends({ type: "replay", since: 11, seq: 13, events: [{ type: "chat", seq: 12 }, { type: "chat", seq: 13 }] });
    assert.equal(socket.lastSeq, 13);
  } finally {
    socket.close();
  }
});

test("too many sockets (4409) is final: no reconnect loop, the reason is shown", async () => {
  const { socket, ws } = connected();
  const statuses = [];
  socket.addEventListener("status", (e) => statuses.push(e.detail));
  ws.close(4409);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(FakeWS.last, ws, "no new socket was opened");
  assert.equal(statuses.at(-1).status, "refused");
  assert.match(statuses.at(-1).detail, /too many tabs/);
});
