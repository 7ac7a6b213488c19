// Touch on the board's canvas (Pointer Events): one finger pans, two fingers pinch-zoom
// around the point between them. Components are dragged by touch like by mouse
// (board_pointer.js); this handles the fingers that land on empty canvas.

import { clamp } from "./board_geometry.js";
import { MAX_ZOOM, MIN_ZOOM } from "./board_viewport.js";

const mid = (a, b) => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
const dist = (a, b) => Math.hypot(a.x - b.x, a.y - b.y);

/** The view after two fingers moved from (a0, b0) to (a1, b1), points relative to the SVG:
 * zoom by the change of their distance, and keep the board point that was between them
 * under the point now between them. */
export function pinchView(view, a0, b0, a1, b1) {
  const d0 = dist(a0, b0);
  const k = clamp(d0 > 0 ? (view.k * dist(a1, b1)) / d0 : view.k, MIN_ZOOM, MAX_ZOOM);
  const m0 = mid(a0, b0);
  const m1 = mid(a1, b1);
  const bx = (m0.x - view.x) / view.k;
  const by = (m0.y - view.y) / view.k;
  return { k, x: m1.x - bx * k, y: m1.y - by * k };
}

export class TouchGestures {
  constructor(viewport) {
    this.viewport = viewport;
    this.points = new Map(); // pointerId -> {x, y} relative to the SVG
    this.start = null; // {view, points: [[id, {x, y}]...]} when the current gesture began
  }

  get active() {
    return this.points.size > 0;
  }

  local(event) {
    const rect = this.viewport.svg.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }

  down(event) {
    if (this.points.size >= 2) return;
    this.points.set(event.pointerId, this.local(event));
    this.restart();
  }

  /** A finger moved; false when it is not one of this gesture's. */
  move(event) {
    if (!this.points.has(event.pointerId)) return false;
    this.points.set(event.pointerId, this.local(event));
    const s = this.start;
    const [[idA, a0], second] = s.points;
    const a1 = this.points.get(idA);
    if (second && this.points.has(second[0])) {
      const view = pinchView(s.view, a0, second[1], a1, this.points.get(second[0]));
      this.viewport.view = view;
      this.viewport.apply();
    } else {
      this.viewport.panTo(s.view.x + a1.x - a0.x, s.view.y + a1.y - a0.y);
    }
    return true;
  }

  up(event) {
    if (!this.points.delete(event.pointerId)) return false;
    this.restart();
    return true;
  }

  restart() {
    this.start = this.points.size ? { view: { ...this.viewport.view }, points: [...this.points].map(([id, p]) => [id, { ...p }]) } : null;
  }
}
