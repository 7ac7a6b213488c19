// The board's view: pan and zoom of the SVG's viewport group. `view` is {x, y, k}: the
// screen offset of the board's origin inside the SVG and the zoom factor. Every change
// calls `onChange(view)` (BoardEditor turns it into its "viewport" event).

import { bounds, clamp } from "./board_geometry.js";

export const MIN_ZOOM = 0.25;
export const MAX_ZOOM = 3;

export class Viewport {
  constructor(svg, group, { zoomLabel = null, onChange = () => {} } = {}) {
    this.svg = svg;
    this.group = group;
    this.zoomLabel = zoomLabel;
    this.onChange = onChange;
    this.view = { x: 40, y: 30, k: 1 };
  }

  /** Board coordinates of a point on the screen. */
  toBoard(clientX, clientY) {
    const rect = this.svg.getBoundingClientRect();
    return { x: (clientX - rect.left - this.view.x) / this.view.k, y: (clientY - rect.top - this.view.y) / this.view.k };
  }

  apply() {
    this.group.setAttribute("transform", `translate(${this.view.x},${this.view.y}) scale(${this.view.k})`);
    if (this.zoomLabel) this.zoomLabel.textContent = `${Math.round(this.view.k * 100)}%`;
    this.onChange({ ...this.view });
  }

  panTo(x, y) {
    this.view.x = x;
    this.view.y = y;
    this.apply();
  }

  zoomBy(factor, clientX, clientY) {
    const rect = this.svg.getBoundingClientRect();
    const cx = clientX ?? rect.left + rect.width / 2;
    const cy = clientY ?? rect.top + rect.height / 2;
    const before = this.toBoard(cx, cy);
    this.view.k = clamp(this.view.k * factor, MIN_ZOOM, MAX_ZOOM);
    this.view.x = cx - rect.left - before.x * this.view.k;
    this.view.y = cy - rect.top - before.y * this.view.k;
    this.apply();
  }

  /** The part of the board on screen, in board coordinates: {x, y, w, h}. */
  visibleRect() {
    const rect = this.svg.getBoundingClientRect();
    const { x, y, k } = this.view;
    return { x: -x / k, y: -y / k, w: rect.width / k, h: rect.height / k };
  }

  /** Show the board rectangle {x, y, w, h} as large as fits, centred (zoom within limits). */
  show(box, { pad = 40, maxZoom = MAX_ZOOM } = {}) {
    const rect = this.svg.getBoundingClientRect();
    if (!rect.width || !rect.height || !(box.w > 0) || !(box.h > 0)) return;
    const k = clamp(Math.min(rect.width / (box.w + 2 * pad), rect.height / (box.h + 2 * pad)), MIN_ZOOM, maxZoom);
    this.view = { k, x: rect.width / 2 - (box.x + box.w / 2) * k, y: rect.height / 2 - (box.y + box.h / 2) * k };
    this.apply();
  }

  /** Zoom and pan so every element of `board` is visible. */
  fit({ nodes, zones, texts }) {
    const rect = this.svg.getBoundingClientRect();
    if (!(nodes.length || zones.length || texts.length) || !rect.width) {
      this.view = { x: 40, y: 30, k: 1 };
      return this.apply();
    }
    this.show(bounds(nodes, zones, texts), { maxZoom: 1.5 });
  }
}
