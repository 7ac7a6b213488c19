// The notes merge (SectionSync) against a fake server that merges like interviews/board.py.
import assert from "node:assert/strict";
import { test } from "node:test";

import DiffMatchPatch from "../../vendor/diff-match-patch-1.0.5/diff_match_patch.js";
import { SectionSync, mapIndex, rebase } from "../notes.js";

const dmp = new DiffMatchPatch();

class FakeServer {
  constructor(text = "") {
    this.text = text;
    this.seq = 0;
  }
  apply(patchText) {
    const [text, results] = dmp.patch_apply(dmp.patch_fromText(patchText), this.text);
    if (!results.every(Boolean)) throw new Error("merge_conflict");
    this.text = text;
    this.seq += 1;
    return { text, seq: this.seq };
  }
}

test("a patch is made against the shadow and the ack settles it", () => {
  const server = new FakeServer("hello world");
  const a = new SectionSync(server.text);
  a.edit("hello brave world");
  const patch = a.takePatch();
  a.sent("op-1");
  assert.equal(a.takePatch(), null, "one patch in flight at a time");
  const { text, seq } = server.apply(patch);
  assert.equal(a.acked(text, seq), "hello brave world");
  assert.equal(a.dirty, false);
});

test("concurrent edits to different places both survive and converge", () => {
  const server = new FakeServer("Requirements:\n- shorten\n- redirect\n");
  const a = new SectionSync(server.text);
  const b = new SectionSync(server.text);
  a.edit(server.text.replace("- shorten", "- shorten URLs"));
  b.edit(`${server.text}- analytics\n`);
  const pa = a.takePatch();
  a.sent("a1");
  const pb = b.takePatch();
  b.sent("b1");
  const ra = server.apply(pa);
  const rb = server.apply(pb);
  // a hears its ack, then b's broadcast; b hears a's broadcast before its own ack.
  a.acked(ra.text, ra.seq);
  a.remote(rb.text, rb.seq);
  b.remote(ra.text, ra.seq);
  b.acked(rb.text, rb.seq);
  assert.equal(a.local, server.text);
  assert.equal(b.local, server.text);
  assert.match(server.text, /shorten URLs/);
  assert.match(server.text, /analytics/);
});

test("typing while a patch is in flight is kept and sent next", () => {
  const server = new FakeServer("abc");
  const a = new SectionSync(server.text);
  a.edit("abcd");
  const p1 = a.takePatch();
  a.sent("a1");
  a.edit("abcde");
  const r1 = server.apply(p1);
  assert.equal(a.acked(r1.text, r1.seq), "abcde");
  const p2 = a.takePatch();
  assert.ok(p2);
  a.sent("a2");
  const r2 = server.apply(p2);
  assert.equal(a.acked(r2.text, r2.seq), "abcde");
  assert.equal(server.text, "abcde");
});

test("a peer's edit arriving before our ack is not applied twice", () => {
  const server = new FakeServer("one two three");
  const a = new SectionSync(server.text);
  const b = new SectionSync(server.text);
  a.edit("one 2 two three");
  const pa = a.takePatch();
  a.sent("a1");
  b.edit("one two three four");
  const pb = b.takePatch();
  b.sent("b1");
  const rb = server.apply(pb); // b commits first
  const ra = server.apply(pa);
  a.remote(rb.text, rb.seq); // buffered: a's patch is in flight
  a.acked(ra.text, ra.seq);
  b.acked(rb.text, rb.seq);
  b.remote(ra.text, ra.seq);
  assert.equal(a.local, "one 2 two three four");
  assert.equal(b.local, a.local);
});

test("after a snapshot, a resent op already applied is not duplicated", () => {
  const server = new FakeServer("x");
  const a = new SectionSync(server.text);
  a.edit("x hello");
  const pa = a.takePatch();
  a.sent("a1");
  const ra = server.apply(pa); // applied, but the ack was lost with the connection
  a.edit("x hello!"); // typing goes on offline
  a.snapshot(server.text, server.seq);
  a.acked(ra.text, ra.seq); // the resent op_id is answered with its original ack
  assert.equal(a.local, "x hello!");
  const p2 = a.takePatch();
  a.sent("a2");
  const r2 = server.apply(p2);
  a.acked(r2.text, r2.seq);
  assert.equal(server.text, "x hello!");
});

test("a refused patch keeps the local edits for another try", () => {
  const a = new SectionSync("abc");
  a.edit("abcX");
  a.takePatch();
  a.sent("a1");
  assert.equal(a.refused(), "abcX");
  assert.ok(a.takePatch());
});

test("the caret is mapped through a peer's insertion before it", () => {
  assert.equal(mapIndex("hello world", "oh hello world", 6), 9);
  assert.equal(mapIndex("hello world", "hello world!!", 6), 6);
  assert.equal(rebase("ab", "abc", "zab"), "zabc");
});
