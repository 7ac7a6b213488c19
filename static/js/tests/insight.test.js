// The interviewer panel's wording of a unit finding: the message, then the lines it cites.
import assert from "node:assert/strict";
import { test } from "node:test";

import { unitText } from "../insight.js";

test("a unit finding cites every line it read", () => {
  const finding = {
    message: "Storage is stated as a request rate.",
    lines: [{ section: "estimates", line: 2, text: "Storage: 10k writes/s" }, { section: "estimates", line: 4, text: "500 bytes each" }],
  };
  assert.equal(unitText(finding), "Storage is stated as a request rate. (estimates, line 2: “Storage: 10k writes/s”; estimates, line 4: “500 bytes each”)");
});

test("a finding without lines is its message", () => {
  assert.equal(unitText({ message: "Off by 8×." }), "Off by 8×.");
});
