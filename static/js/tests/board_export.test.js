// The .excalidraw export holds to Excalidraw's scene format: every element has the fields
// Excalidraw's restore expects, bound text points at its container and back, arrows bind
// to existing shapes.
import assert from "node:assert/strict";
import { test } from "node:test";

import { toExcalidraw } from "../board_export.js";

const COMMON = ["id", "type", "x", "y", "width", "height", "angle", "strokeColor", "backgroundColor", "fillStyle", "strokeWidth", "strokeStyle", "roughness", "opacity", "groupIds", "frameId", "roundness", "seed", "version", "versionNonce", "isDeleted", "boundElements", "updated", "link", "locked"];
const BY_TYPE = {
  rectangle: [], ellipse: [], diamond: [],
  text: ["text", "originalText", "fontSize", "fontFamily", "textAlign", "verticalAlign", "containerId", "lineHeight"],
  arrow: ["points", "startBinding", "endBinding", "startArrowhead", "endArrowhead", "lastCommittedPoint"],
};

/** The checks Excalidraw's scene format implies; returns the problems found. */
export function excalidrawProblems(scene) {
  const problems = [];
  if (scene.type !== "excalidraw" || scene.version !== 2 || !Array.isArray(scene.elements)) problems.push("not an excalidraw v2 scene");
  const byId = new Map(scene.elements.map((e) => [e.id, e]));
  if (byId.size !== scene.elements.length) problems.push("duplicate ids");
  for (const e of scene.elements) {
    const fields = BY_TYPE[e.type];
    if (!fields) { problems.push(`${e.id}: unknown type ${e.type}`); continue; }
    for (const f of [...COMMON, ...fields]) if (!(f in e)) problems.push(`${e.id}: no ${f}`);
    for (const f of ["x", "y", "width", "height", "seed"]) if (!Number.isFinite(e[f])) problems.push(`${e.id}: ${f} not a number`);
    for (const b of e.boundElements || []) {
      const other = byId.get(b.id);
      if (!other || other.type !== b.type) problems.push(`${e.id}: bound ${b.id} missing`);
      if (b.type === "text" && other?.containerId !== e.id) problems.push(`${b.id}: container mismatch`);
      if (b.type === "arrow" && ![other?.startBinding?.elementId, other?.endBinding?.elementId].includes(e.id)) problems.push(`${b.id}: not bound to ${e.id}`);
    }
    if (e.type === "text" && e.containerId && !byId.get(e.containerId)?.boundElements.some((b) => b.id === e.id)) problems.push(`${e.id}: container does not list it`);
    if (e.type === "arrow") {
      for (const end of [e.startBinding, e.endBinding]) if (!byId.has(end?.elementId)) problems.push(`${e.id}: binds to nothing`);
      if (!Array.isArray(e.points) || e.points.length < 2) problems.push(`${e.id}: needs two points`);
    }
  }
  return problems;
}

const BOARD = {
  nodes: [
    { id: "a", kind: "client", label: "App", x: 0, y: 0, replicas: null },
    { id: "b", kind: "service", label: "API", x: 300, y: 100, replicas: 3 },
    { id: "c", kind: "database", label: "DB", x: 300, y: 300, replicas: 2 },
  ],
  edges: [
    { id: "ab", from: "a", to: "b", label: "HTTPS", mode: "sync" },
    { id: "bc", from: "b", to: "c", label: "", mode: "async" },
    { id: "dangling", from: "b", to: "gone", label: "", mode: "sync" },
  ],
  zones: [{ id: "z", kind: "az", label: "AZ a", x: 200, y: 20, w: 300, h: 400 }],
  texts: [{ id: "t", style: "sticky", text: "Hot keys", x: 0, y: 200 }, { id: "u", style: "text", text: "Plain", x: 0, y: 400 }],
};

test("the export is a valid Excalidraw scene", () => {
  assert.deepEqual(excalidrawProblems(toExcalidraw(BOARD)), []);
});

test("components are labelled shapes, arrows bind them, zones are dashed frames", () => {
  const scene = toExcalidraw(BOARD);
  const el = (id) => scene.elements.find((e) => e.id === id);
  assert.equal(el("a").type, "ellipse");
  assert.equal(el("b").type, "rectangle");
  assert.match(el("b-label").text, /API ×3/);
  assert.equal(el("ab").startBinding.elementId, "a");
  assert.equal(el("ab").endBinding.elementId, "b");
  assert.equal(el("bc").strokeStyle, "dashed", "async arrows stay dashed");
  assert.equal(el("dangling"), undefined);
  assert.equal(el("z").strokeStyle, "dashed");
  assert.match(el("z-label").text, /AZ: AZ a/);
  assert.equal(el("t").backgroundColor, "#fff3b0");
  assert.equal(el("u").type, "text");
  assert.deepEqual(toExcalidraw(BOARD), toExcalidraw(BOARD), "deterministic: same board, same file");
});

test("a broken scene is caught by the checks", () => {
  const scene = toExcalidraw(BOARD);
  scene.elements.find((e) => e.id === "ab").endBinding.elementId = "nope";
  delete scene.elements.find((e) => e.id === "a").seed;
  const problems = excalidrawProblems(scene);
  assert.ok(problems.some((p) => p.includes("binds to nothing")));
  assert.ok(problems.some((p) => p.includes("a: no seed")));
});
