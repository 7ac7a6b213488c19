import assert from "node:assert/strict";
import { test } from "node:test";

import { ChunkUploader } from "../call_uploader.js";

function blob(size) {
  return { size };
}

function response(status, body = {}) {
  return { status, ok: status >= 200 && status < 300, json: async () => body };
}

test("chunks go up one at a time, in order, at their index", async () => {
  const calls = [];
  const uploader = new ChunkUploader({
    url: (i) => `/chunks/${i}/`,
    fetchImpl: async (url, init) => {
      calls.push([url, init.headers["X-Chunk-Duration-Ms"], init.headers["Content-Type"]]);
      return response(201);
    },
    wait: async () => {},
  });
  uploader.enqueue(blob(10), 3000.4);
  uploader.enqueue(blob(10), 2999.6);
  uploader.enqueue(blob(0), 3000); // an empty chunk is skipped
  await uploader.flush();
  assert.deepEqual(calls, [["/chunks/0/", "3000", "audio/webm"], ["/chunks/1/", "3000", "audio/webm"]]);
  assert.equal(uploader.uploaded, 2);
});

test("a network error and a 503 are retried with the same index", async () => {
  const answers = [new Error("offline"), response(503), response(200)];
  const seen = [];
  const waits = [];
  const uploader = new ChunkUploader({
    url: (i) => `/chunks/${i}/`,
    fetchImpl: async (url) => {
      seen.push(url);
      const next = answers.shift();
      if (next instanceof Error) throw next;
      return next;
    },
    wait: async (ms) => waits.push(ms),
  });
  uploader.enqueue(blob(5), 3000);
  await uploader.flush();
  assert.deepEqual(seen, ["/chunks/0/", "/chunks/0/", "/chunks/0/"]);
  assert.deepEqual(waits, [500, 1000]);
  assert.equal(uploader.uploaded, 1);
});

test("a refusal stops the uploader for good and says why", async () => {
  let reason = null;
  let puts = 0;
  const uploader = new ChunkUploader({
    url: (i) => `/chunks/${i}/`,
    fetchImpl: async () => {
      puts += 1;
      return response(409, { error: { code: "not_recording" } });
    },
    onStopped: (why) => { reason = why; },
    wait: async () => {},
  });
  uploader.enqueue(blob(5), 3000);
  uploader.enqueue(blob(5), 3000);
  await uploader.flush();
  uploader.enqueue(blob(5), 3000);
  await uploader.flush();
  assert.equal(reason, "not_recording");
  assert.equal(puts, 1);
  assert.equal(uploader.stopped, true);
});
