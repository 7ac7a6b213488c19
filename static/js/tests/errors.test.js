// The client's error codes are exactly the server's: tests/golden/error_codes.json is written
// from interviews/errors.py (and checked against it by tests/interviews/test_vocabulary.py).
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";

import { ERROR_CODES, ERROR_TEXT } from "../errors.js";

const here = new URL(".", import.meta.url);
const golden = JSON.parse(readFileSync(new URL("../../../tests/golden/error_codes.json", here), "utf8"));
const serverCodes = Object.keys(golden.error_codes);

test("the client knows exactly the server's error codes, in its order", () => {
  assert.deepEqual(Object.values(ERROR_CODES), serverCodes);
  for (const [name, code] of Object.entries(ERROR_CODES)) assert.equal(name, code.toUpperCase());
});

test("every text the client shows belongs to a code the server sends", () => {
  for (const code of Object.keys(ERROR_TEXT)) assert.ok(serverCodes.includes(code), code);
});

test("no script compares an error code to a string of its own", () => {
  const scripts = new URL("../", here);
  for (const name of readdirSync(scripts).filter((n) => n.endsWith(".js") && n !== "errors.js")) {
    const source = readFileSync(new URL(name, scripts), "utf8");
    const literals = [...source.matchAll(/\.code\s*[!=]==?\s*["'`]([^"'`]+)["'`]/g)].map((m) => m[1]);
    assert.deepEqual(literals, [], `${name} spells codes out instead of using ERROR_CODES`);
  }
});
