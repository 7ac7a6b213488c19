// Back-of-the-envelope estimator: a tiny unit-typed calculator and the form that drives it.
//
// Every number is a Quantity carrying its dimensions (users, req, B, s), so a result can only
// be read out in a unit of the same dimension: `qty(5, "req/day").to("B")` throws. The pure
// part (Quantity, estimate, format*) has no DOM and is unit-tested with `node --test`.

const BASE = ["user", "req", "B", "s"];

// unit -> [factor to base, {dimension: power}]. Decimal byte prefixes (1 KB = 1000 B).
const UNITS = {
  user: [1, { user: 1 }], users: [1, { user: 1 }],
  req: [1, { req: 1 }], reqs: [1, { req: 1 }], request: [1, { req: 1 }], requests: [1, { req: 1 }],
  B: [1, { B: 1 }], KB: [1e3, { B: 1 }], MB: [1e6, { B: 1 }], GB: [1e9, { B: 1 }],
  TB: [1e12, { B: 1 }], PB: [1e15, { B: 1 }],
  s: [1, { s: 1 }], min: [60, { s: 1 }], h: [3600, { s: 1 }], day: [86400, { s: 1 }],
  days: [86400, { s: 1 }], month: [30 * 86400, { s: 1 }], year: [365 * 86400, { s: 1 }],
  years: [365 * 86400, { s: 1 }],
  "1": [1, {}],
};

export class UnitError extends Error {}

function parseUnit(unit) {
  // "req/user/day" -> req · user⁻¹ · day⁻¹ ; "B*req" allowed; "" or "1" is dimensionless.
  const dims = {};
  let factor = 1;
  const parts = String(unit || "1").split("/");
  parts.forEach((part, i) => {
    for (const name of part.split(/[*·]/)) {
      const key = name.trim() || "1";
      const def = UNITS[key];
      if (!def) throw new UnitError(`unknown unit "${key}"`);
      const sign = i === 0 ? 1 : -1;
      factor = sign > 0 ? factor * def[0] : factor / def[0];
      for (const [d, p] of Object.entries(def[1])) dims[d] = (dims[d] || 0) + sign * p;
    }
  });
  return { factor, dims: clean(dims) };
}

function clean(dims) {
  const out = {};
  for (const d of BASE) if (dims[d]) out[d] = dims[d];
  return out;
}

function sameDims(a, b) {
  return BASE.every((d) => (a[d] || 0) === (b[d] || 0));
}

export function dimsToString(dims) {
  const num = BASE.filter((d) => dims[d] > 0).map((d) => (dims[d] === 1 ? d : `${d}^${dims[d]}`));
  const den = BASE.filter((d) => dims[d] < 0).map((d) => (dims[d] === -1 ? d : `${d}^${-dims[d]}`));
  return (num.join("·") || "1") + (den.length ? `/${den.join("/")}` : "");
}

export class Quantity {
  constructor(base, dims) {
    this.base = base; // the value in base units
    this.dims = clean(dims);
  }
  static of(value, unit) {
    const n = Number(value);
    if (!Number.isFinite(n)) throw new UnitError(`not a number: ${value}`);
    const u = parseUnit(unit);
    return new Quantity(n * u.factor, u.dims);
  }
  mul(other) {
    const o = other instanceof Quantity ? other : new Quantity(Number(other), {});
    const dims = { ...this.dims };
    for (const [d, p] of Object.entries(o.dims)) dims[d] = (dims[d] || 0) + p;
    return new Quantity(this.base * o.base, dims);
  }
  div(other) {
    const o = other instanceof Quantity ? other : new Quantity(Number(other), {});
    const dims = { ...this.dims };
    for (const [d, p] of Object.entries(o.dims)) dims[d] = (dims[d] || 0) - p;
    return new Quantity(this.base / o.base, dims);
  }
  add(other) {
    if (!sameDims(this.dims, other.dims)) {
      throw new UnitError(`cannot add ${dimsToString(this.dims)} and ${dimsToString(other.dims)}`);
    }
    return new Quantity(this.base + other.base, this.dims);
  }
  is(unit) {
    return sameDims(this.dims, parseUnit(unit).dims);
  }
  to(unit) {
    const u = parseUnit(unit);
    if (!sameDims(this.dims, u.dims)) {
      throw new UnitError(`${dimsToString(this.dims)} is not convertible to ${unit}`);
    }
    return this.base / u.factor;
  }
}

export const qty = (value, unit) => Quantity.of(value, unit);

export const DEFAULTS = Object.freeze({
  dau: 10_000_000,
  requestsPerUser: 10,
  readWriteRatio: 10,
  payloadBytes: 1_000,
  retentionYears: 5,
  peakFactor: 3,
  writesPerDay: 0, // 0: derive the writes from the users; otherwise the question's own rate
});

/** Compute average/peak QPS, storage and bandwidth from usage assumptions (all typed). */
export function estimate(input) {
  const v = { ...DEFAULTS, ...input };
  for (const [key, value] of Object.entries(v)) {
    if (!Number.isFinite(Number(value)) || Number(value) < 0) {
      throw new UnitError(`${key} must be a non-negative number`);
    }
  }
  if (Number(v.peakFactor) < 1) throw new UnitError("peakFactor must be at least 1");

  const users = qty(v.dau, "user");
  const perUser = qty(v.requestsPerUser, "req/user/day");
  const payload = qty(v.payloadBytes, "B/req");
  const retention = qty(v.retentionYears, "year");
  const ratio = Number(v.readWriteRatio); // reads per write, dimensionless
  const writeShare = 1 / (ratio + 1);

  // A question that states its write rate ("10 M new links a day") is estimated from it;
  // the users then only matter when it does not.
  const statedWrites = Number(v.writesPerDay) > 0 ? qty(v.writesPerDay, "req/day") : null;
  const requestsPerDay = statedWrites ? statedWrites.mul(ratio + 1) : users.mul(perUser);
  const qps = requestsPerDay; // a rate: req/day, read out in req/s below
  const writeQps = statedWrites || qps.mul(writeShare);
  const readQps = statedWrites ? statedWrites.mul(ratio) : qps.mul(1 - writeShare);
  const peak = (q) => q.mul(Number(v.peakFactor));
  const storagePerDay = writeQps.mul(payload); // B/day
  const storageTotal = storagePerDay.mul(retention); // B
  const ingress = writeQps.mul(payload); // B/s once read out per second
  const egress = readQps.mul(payload);

  const result = {
    inputs: v,
    requestsPerDay,
    avgQps: qps,
    peakQps: peak(qps),
    avgReadQps: readQps,
    avgWriteQps: writeQps,
    peakReadQps: peak(readQps),
    peakWriteQps: peak(writeQps),
    storagePerDay,
    storageTotal,
    avgIngress: ingress,
    avgEgress: egress,
    peakEgress: peak(egress),
  };
  // Dimensional self-check: every figure must read out in the unit it is shown in.
  for (const [key, unit] of Object.entries(RESULT_UNITS)) result[key].to(unit);
  return result;
}

/** The estimate as the session's structured values (the protocol's `estimates.set`). */
export function estimateValues(r) {
  return {
    peak_qps: r.peakQps.to("req/s"),
    peak_read_qps: r.peakReadQps.to("req/s"),
    peak_write_qps: r.peakWriteQps.to("req/s"),
    storage_per_day_bytes: r.storagePerDay.to("B/day"),
    storage_total_bytes: r.storageTotal.to("B"),
    bandwidth_out_bytes_per_s: r.peakEgress.to("B/s"),
  };
}

export const RESULT_UNITS = Object.freeze({
  requestsPerDay: "req/day",
  avgQps: "req/s",
  peakQps: "req/s",
  avgReadQps: "req/s",
  avgWriteQps: "req/s",
  peakReadQps: "req/s",
  peakWriteQps: "req/s",
  storagePerDay: "B/day",
  storageTotal: "B",
  avgIngress: "B/s",
  avgEgress: "B/s",
  peakEgress: "B/s",
});

function compact(n) {
  const abs = Math.abs(n);
  const fmt = (x, s) => `${x >= 100 ? Math.round(x) : Number(x.toPrecision(3))}${s}`;
  if (abs >= 1e12) return fmt(n / 1e12, "T");
  if (abs >= 1e9) return fmt(n / 1e9, "B");
  if (abs >= 1e6) return fmt(n / 1e6, "M");
  if (abs >= 1e3) return fmt(n / 1e3, "K");
  if (abs === 0) return "0";
  return String(Number(n.toPrecision(abs < 1 ? 2 : 3)));
}

/** "11.6K req/s" */
export function formatRate(q) {
  return `${compact(q.to("req/s"))} req/s`;
}

/** Pick the largest decimal byte unit that keeps the number ≥ 1: "18.3 TB". */
export function formatBytes(q, per = "") {
  const suffix = per ? `/${per}` : "";
  const bytes = q.to(`B${suffix}`);
  const units = ["PB", "TB", "GB", "MB", "KB"];
  for (const u of units) {
    const val = q.to(`${u}${suffix}`);
    if (Math.abs(val) >= 1) return `${Number(val.toPrecision(3))} ${u}${suffix}`;
  }
  return `${Number(bytes.toPrecision(3))} B${suffix}`;
}

/** The estimate as plain-text lines, ready to insert into the notes. */
export function estimateToText(r) {
  const i = r.inputs;
  return [
    `Estimates (${Number(i.writesPerDay) > 0 ? `${compact(Number(i.writesPerDay))} writes/day` : `DAU ${compact(Number(i.dau))}, ${i.requestsPerUser} req/user/day`}, ` +
      `read:write ${i.readWriteRatio}:1, ${formatBytes(qty(i.payloadBytes, "B"))}/request, ` +
      `retention ${i.retentionYears} y, peak ×${i.peakFactor})`,
    `- Requests: ${compact(r.requestsPerDay.to("req/day"))} req/day`,
    `- QPS: ${formatRate(r.avgQps)} average, ${formatRate(r.peakQps)} peak ` +
      `(reads ${formatRate(r.peakReadQps)}, writes ${formatRate(r.peakWriteQps)} at peak)`,
    `- Storage: ${formatBytes(r.storagePerDay, "day")}, ${formatBytes(r.storageTotal)} over ` +
      `${i.retentionYears} years (before replication)`,
    `- Bandwidth: ${formatBytes(r.avgIngress, "s")} in, ${formatBytes(r.avgEgress, "s")} out ` +
      `on average; ${formatBytes(r.peakEgress, "s")} out at peak`,
  ].join("\n");
}

// ---- the form (browser only) ------------------------------------------------------------

const FIELDS = [
  ["dau", "Daily active users", "users"],
  ["requestsPerUser", "Requests per user per day", "req/user/day"],
  ["readWriteRatio", "Reads per write", "reads : 1 write"],
  ["payloadBytes", "Payload per request", "bytes"],
  ["retentionYears", "Retention", "years"],
  ["peakFactor", "Peak factor", "× average"],
  ["writesPerDay", "New records per day (0: from the users)", "writes/day"],
];

/** Render the estimator into `root`; `onInsert(text)` receives the result for the notes. */
export function mountEstimator(root, { onInsert, initial = {} } = {}) {
  const doc = root.ownerDocument;
  const uid = `est-${Math.random().toString(36).slice(2, 7)}`;
  root.classList.add("estimator");
  root.innerHTML = "";
  const form = doc.createElement("form");
  form.className = "estimator-form";
  form.setAttribute("aria-label", "Back-of-the-envelope estimator");
  const values = { ...DEFAULTS, ...initial };
  for (const [key, label, unit] of FIELDS) {
    const wrap = doc.createElement("div");
    wrap.className = "estimator-field";
    const id = `${uid}-${key}`;
    wrap.innerHTML = `<label for="${id}"></label><span class="estimator-input"><input id="${id}" name="${key}" type="number" min="${key === "peakFactor" ? 1 : 0}" step="any" required><span class="unit"></span></span>`;
    wrap.querySelector("label").textContent = label;
    wrap.querySelector(".unit").textContent = unit;
    wrap.querySelector("input").value = values[key];
    form.append(wrap);
  }
  const out = doc.createElement("output");
  out.className = "estimator-result";
  out.setAttribute("aria-live", "polite");
  const insert = doc.createElement("button");
  insert.type = "submit";
  insert.className = "button-small";
  insert.textContent = "Insert into notes";
  form.append(out, insert);
  root.append(form);

  let last = null;
  const update = () => {
    const input = Object.fromEntries(FIELDS.map(([k]) => [k, form.elements[k].value]));
    try {
      if (Object.values(input).some((x) => x === "")) throw new UnitError("fill in every field");
      last = estimate(Object.fromEntries(Object.entries(input).map(([k, x]) => [k, Number(x)])));
      out.classList.remove("is-error");
      out.innerHTML = `<dl>
        <div><dt>Average QPS</dt><dd>${formatRate(last.avgQps)}</dd></div>
        <div><dt>Peak QPS</dt><dd>${formatRate(last.peakQps)}</dd></div>
        <div><dt>Peak reads / writes</dt><dd>${formatRate(last.peakReadQps)} / ${formatRate(last.peakWriteQps)}</dd></div>
        <div><dt>Storage per day</dt><dd>${formatBytes(last.storagePerDay, "day")}</dd></div>
        <div><dt>Storage over retention</dt><dd>${formatBytes(last.storageTotal)}</dd></div>
        <div><dt>Bandwidth in / out</dt><dd>${formatBytes(last.avgIngress, "s")} / ${formatBytes(last.avgEgress, "s")}</dd></div>
      </dl>`;
      insert.disabled = false;
    } catch (err) {
      last = null;
      out.classList.add("is-error");
      out.textContent = err.message;
      insert.disabled = true;
    }
  };
  form.addEventListener("input", update);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (last && onInsert) onInsert(estimateToText(last));
  });
  update();
  return { update, get result() { return last; } };
}

/** The estimator's starting values from a question's own figures, where their units say
 * what they are (`estimation_inputs` of the question: {name, value, unit}). */
export function estimatorDefaults(inputs) {
  const out = {};
  for (const input of inputs || []) {
    const unit = String(input.unit || "").toLowerCase();
    const name = String(input.name || "").toLowerCase();
    if (unit === "users" && /daily|dau/.test(name)) out.dau = input.value;
    else if (unit === "ratio" && /read/.test(name)) out.readWriteRatio = input.value;
    else if (unit === "bytes") out.payloadBytes = input.value;
    else if (unit === "years") out.retentionYears = input.value;
    else if (unit === "x" && /peak/.test(name)) out.peakFactor = input.value;
    // "new short links per day": the question states the write rate itself.
    else if (/per day/.test(name) && !/per user|quer|read|load|search|lookup|view/.test(name) && unit !== "users") out.writesPerDay ??= input.value;
  }
  return out;
}
