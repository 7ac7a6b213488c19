// Unit tests for a call link's connection watch: run with `node --test static/js/tests/`.
import assert from "node:assert/strict";
import { mock, test } from "node:test";

globalThis.MediaStream ??= class { addTrack() {} removeTrack() {} };

const { CONNECT_RETRIES, CONNECT_WATCH_MS, PeerLink } = await import("../call_peer.js");

class FakePeerConnection {
  constructor() {
    this.connectionState = "new";
    this.signalingState = "have-local-offer"; // our offer went out; no answer came back
    this.calls = [];
  }
  addTrack() { return { replaceTrack() {} }; }
  addTransceiver() {}
  async setLocalDescription(description) {
    this.calls.push(["setLocalDescription", description?.type]);
    if (description?.type === "rollback") this.signalingState = "stable";
  }
  restartIce() { this.calls.push(["restartIce"]); }
  close() {}
  async getStats() { return new Map(); }
}

function link() {
  return new PeerLink({
    selfPeer: "a", remote: { user: { id: 2 }, peer: "b", role: "candidate" }, send: () => {},
    RTCPeerConnectionImpl: FakePeerConnection,
  });
}

test("a link still connecting after the watch period rolls back its offer and negotiates again", async () => {
  mock.timers.enable({ apis: ["setTimeout", "setInterval"] });
  try {
    const peer = link();
    mock.timers.tick(CONNECT_WATCH_MS);
    await Promise.resolve();
    await Promise.resolve();
    assert.deepEqual(peer.pc.calls, [["setLocalDescription", "rollback"], ["restartIce"]]);
    for (let i = 1; i < CONNECT_RETRIES; i += 1) mock.timers.tick(CONNECT_WATCH_MS);
    await Promise.resolve();
    assert.equal(peer.pc.calls.filter(([name]) => name === "restartIce").length, CONNECT_RETRIES);
    mock.timers.tick(CONNECT_WATCH_MS);
    assert.equal(peer.state, "failed", "after the last try it says so");
    peer.close();
  } finally {
    mock.timers.reset();
  }
});

test("a connected link is left alone, and a closed one stops watching", () => {
  mock.timers.enable({ apis: ["setTimeout", "setInterval"] });
  try {
    const connected = link();
    connected.pc.connectionState = "connected";
    const closed = link();
    closed.close();
    mock.timers.tick(CONNECT_WATCH_MS * (CONNECT_RETRIES + 1));
    assert.deepEqual(connected.pc.calls, []);
    assert.deepEqual(closed.pc.calls, []);
    connected.close();
  } finally {
    mock.timers.reset();
  }
});
