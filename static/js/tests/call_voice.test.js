import assert from "node:assert/strict";
import { test } from "node:test";

import { VoiceActivity, meterValue, rmsLevel } from "../call_voice.js";

test("rms of a full-scale square wave is 1, of silence 0", () => {
  assert.equal(rmsLevel(new Float32Array([1, -1, 1, -1])), 1);
  assert.equal(rmsLevel(new Float32Array(128)), 0);
  assert.equal(rmsLevel(new Float32Array([])), 0);
});

test("the meter is logarithmic between -60 dBFS and 0 dBFS", () => {
  assert.equal(meterValue(0), 0);
  assert.equal(meterValue(1), 1);
  assert.ok(Math.abs(meterValue(0.001) - 0) < 1e-9); // -60 dB
  assert.ok(Math.abs(meterValue(0.0316) - 0.5) < 0.01); // -30 dB
});

test("speaking starts only after a run of voice and stops after a longer quiet", () => {
  const vad = new VoiceActivity({ threshold: 0.1, onMs: 200, offMs: 800 });
  assert.equal(vad.update(0.5, 0), null);
  assert.equal(vad.update(0.5, 100), null);
  assert.equal(vad.update(0.5, 200), true);
  assert.equal(vad.update(0.0, 300), null); // a pause between words
  assert.equal(vad.update(0.5, 500), null); // voice again: the quiet run starts over
  assert.equal(vad.update(0.0, 600), null);
  assert.equal(vad.update(0.0, 1300), null);
  assert.equal(vad.update(0.0, 1400), false);
  assert.equal(vad.speaking, false);
});

test("a click shorter than the onset never counts as speech", () => {
  const vad = new VoiceActivity({ threshold: 0.1, onMs: 200, offMs: 800 });
  vad.update(0.9, 0);
  vad.update(0.0, 50);
  assert.equal(vad.update(0.9, 240), null);
  assert.equal(vad.speaking, false);
});

test("muting silences at once, and only reports a change", () => {
  const vad = new VoiceActivity({ threshold: 0.1, onMs: 0, offMs: 800 });
  assert.equal(vad.silence(), null);
  vad.update(0.5, 0);
  vad.update(0.5, 1);
  assert.equal(vad.speaking, true);
  assert.equal(vad.silence(), false);
});
