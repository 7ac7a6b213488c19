// Unit tests for the estimator: run with `node --test static/js/tests/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  UnitError,
  estimate,
  estimatorDefaults,
  estimateToText,
  formatBytes,
  formatRate,
  qty,
} from "../estimator.js";

const close = (actual, expected, rel = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * rel, `${actual} ≉ ${expected}`);

test("units convert within a dimension", () => {
  close(qty(1, "day").to("s"), 86400);
  close(qty(2, "GB").to("MB"), 2000);
  close(qty(86400, "req/day").to("req/s"), 1);
});

test("converting across dimensions throws", () => {
  assert.throws(() => qty(5, "req/day").to("B"), UnitError);
  assert.throws(() => qty(5, "B").add(qty(1, "s")), UnitError);
  assert.throws(() => qty(1, "furlong"), UnitError);
});

test("multiplying and dividing combine dimensions", () => {
  const users = qty(1000, "user");
  const perUser = qty(86.4, "req/user/day");
  const rate = users.mul(perUser);
  assert.ok(rate.is("req/s"));
  close(rate.to("req/s"), 1);
  const bytesPerSec = rate.mul(qty(2, "KB/req"));
  assert.ok(bytesPerSec.is("B/s"));
  close(bytesPerSec.to("B/s"), 2000);
});

test("url shortener numbers match the reference outline", () => {
  // 10M writes/day at 100:1 reads → 1.01B requests/day in total.
  const r = estimate({
    dau: 10_000_000,
    requestsPerUser: 101,
    readWriteRatio: 100,
    payloadBytes: 500,
    retentionYears: 10,
    peakFactor: 3,
  });
  close(r.avgWriteQps.to("req/s"), 10_000_000 / 86400); // ~116/s
  close(r.peakWriteQps.to("req/s"), (3 * 10_000_000) / 86400); // ~350/s
  close(r.avgReadQps.to("req/s"), 1_000_000_000 / 86400); // ~11.6K/s
  close(r.storagePerDay.to("GB/day"), 5); // 10M × 500 B
  close(r.storageTotal.to("TB"), 18.25); // 3650 days × 5 GB
  close(r.avgEgress.to("B/s"), (1_000_000_000 / 86400) * 500);
});

test("peak is the average times the peak factor", () => {
  const r = estimate({ dau: 1_000_000, requestsPerUser: 20, peakFactor: 2.5 });
  close(r.peakQps.to("req/s"), 2.5 * r.avgQps.to("req/s"));
});

test("invalid inputs are refused", () => {
  assert.throws(() => estimate({ dau: -1 }), UnitError);
  assert.throws(() => estimate({ peakFactor: 0.5 }), UnitError);
  assert.throws(() => estimate({ payloadBytes: Number.NaN }), UnitError);
});

test("formatting picks readable units", () => {
  assert.equal(formatRate(qty(11574.07, "req/s")), "11.6K req/s");
  assert.equal(formatBytes(qty(18.25e12, "B")), "18.3 TB");
  assert.equal(formatBytes(qty(5e9, "B/day"), "day"), "5 GB/day");
  assert.equal(formatBytes(qty(12, "B")), "12 B");
});

test("the notes text carries units for every figure", () => {
  const text = estimateToText(estimate({}));
  assert.match(text, /req\/s average/);
  assert.match(text, /peak/);
  assert.match(text, /B\/day/);
  assert.match(text, /B\/s in/);
});

test("a question's own write rate drives the estimate (URL shortener figures)", () => {
  // 10 M new links a day, 100 reads a write, 500 B a record, 10 years, peak ×3.
  const r = estimate({ writesPerDay: 10_000_000, readWriteRatio: 100, payloadBytes: 500, retentionYears: 10, peakFactor: 3 });
  close(r.peakWriteQps.to("req/s"), (10_000_000 / 86400) * 3); // ≈ 347 writes/s
  close(r.peakReadQps.to("req/s"), (10_000_000 / 86400) * 300); // ≈ 34.7 k reads/s
  close(r.storageTotal.to("TB"), 18.25); // 5 GB a day for 3,650 days
  assert.match(estimateToText(r), /10M writes\/day/);
});

test("the estimate's structured values are per second and in bytes", async () => {
  const { estimateValues } = await import("../estimator.js");
  const values = estimateValues(estimate({ writesPerDay: 86_400, readWriteRatio: 9, peakFactor: 1, payloadBytes: 100, retentionYears: 1 }));
  close(values.peak_write_qps, 1);
  close(values.peak_read_qps, 9);
  close(values.peak_qps, 10);
  close(values.storage_per_day_bytes, 86_400 * 100);
});

test("a question's figures seed the estimator where their units say what they are", () => {
  const inputs = [
    { name: "Daily active users", value: 100e6, unit: "users" },
    { name: "Read:write ratio", value: 100, unit: "ratio" },
    { name: "New short links per day", value: 30e6, unit: "count" },
    { name: "Redirects per day", value: 3e9, unit: "count" },
    { name: "Average record size", value: 500, unit: "bytes" },
    { name: "Retention", value: 5, unit: "years" },
    { name: "Peak over average", value: 3, unit: "x" },
  ];
  assert.deepEqual(estimatorDefaults(inputs), {
    dau: 100e6, readWriteRatio: 100, writesPerDay: 30e6, payloadBytes: 500, retentionYears: 5, peakFactor: 3,
  });
  assert.deepEqual(estimatorDefaults(undefined), {});
});
