// Align and distribute a multi-selection, pure: the ops that line the elements' boxes up on
// one side or centre line of the selection's box, or space them evenly. Arrows follow their
// components and are never moved themselves.

import { elementBox, moveOp } from "./board_geometry.js";

export const ALIGNMENTS = ["left", "centre", "right", "top", "middle", "bottom", "distribute-x", "distribute-y"];

/** Ops for `how` (one of ALIGNMENTS) over [{type, element}]; elements already in place get none. */
export function alignOps(elements, how) {
  const movable = elements.filter((e) => e.type !== "edge");
  const distribute = how.startsWith("distribute");
  if (movable.length < (distribute ? 3 : 2)) return [];
  const boxes = movable.map((e) => ({ ...e, box: elementBox(e.type, e.element) }));
  const targets = distribute ? spaced(boxes, how === "distribute-x") : aligned(boxes, how);
  const ops = [];
  for (const { type, element, box, left, top } of targets) {
    if (Math.abs(left - box.left) < 0.01 && Math.abs(top - box.top) < 0.01) continue;
    ops.push(moveOp(type, element, round(left), round(top)));
  }
  return ops;
}

const round = (v) => Math.round(v * 100) / 100;

function aligned(boxes, how) {
  const left = Math.min(...boxes.map((b) => b.box.left));
  const right = Math.max(...boxes.map((b) => b.box.right));
  const top = Math.min(...boxes.map((b) => b.box.top));
  const bottom = Math.max(...boxes.map((b) => b.box.bottom));
  return boxes.map((b) => {
    const w = b.box.right - b.box.left;
    const h = b.box.bottom - b.box.top;
    const x = { left, centre: (left + right) / 2 - w / 2, right: right - w }[how] ?? b.box.left;
    const y = { top, middle: (top + bottom) / 2 - h / 2, bottom: bottom - h }[how] ?? b.box.top;
    return { ...b, left: x, top: y };
  });
}

/** Equal gaps between neighbours along one axis; the first and last stay where they are. */
function spaced(boxes, horizontal) {
  const [lo, hi] = horizontal ? ["left", "right"] : ["top", "bottom"];
  const sorted = [...boxes].sort((a, b) => a.box[lo] + a.box[hi] - (b.box[lo] + b.box[hi]));
  const start = sorted[0].box[lo];
  const end = Math.max(...sorted.map((b) => b.box[hi]));
  const sizes = sorted.reduce((sum, b) => sum + b.box[hi] - b.box[lo], 0);
  const gap = (end - start - sizes) / (sorted.length - 1);
  let at = start;
  return sorted.map((b) => {
    const placed = { ...b, left: horizontal ? at : b.box.left, top: horizontal ? b.box.top : at };
    at += b.box[hi] - b.box[lo] + gap;
    return placed;
  });
}
