// Unit tests for the call's media helpers: run with `node --test static/js/tests/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { audioConstraints, deviceOptions } from "../call_media.js";

test("the microphone keeps the speech filters, with or without a chosen device", () => {
  const filters = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };
  assert.deepEqual(audioConstraints(""), filters);
  assert.deepEqual(audioConstraints("mic-2"), { ...filters, deviceId: { exact: "mic-2" } });
});

test("a device picker lists Default, then the devices of its kind, unnamed ones numbered", () => {
  const devices = [
    { kind: "audioinput", deviceId: "default", label: "Default - Built-in" },
    { kind: "audioinput", deviceId: "a1", label: "Headset" },
    { kind: "audiooutput", deviceId: "o1", label: "Speakers" },
    { kind: "audioinput", deviceId: "a2", label: "" },
    { kind: "videoinput", deviceId: "v1", label: "Camera" },
    { kind: "audioinput", deviceId: "", label: "hidden before permission" },
  ];
  assert.deepEqual(deviceOptions(devices, "audioinput"), [
    { label: "Default", value: "" },
    { label: "Headset", value: "a1" },
    { label: "audioinput 2", value: "a2" },
  ]);
  assert.deepEqual(deviceOptions(devices, "audiooutput").map((o) => o.value), ["", "o1"]);
});
