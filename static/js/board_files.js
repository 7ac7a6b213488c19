// The board as files: SVG (a standalone copy of the drawing with its own styles), JSON (the
// board format), PNG and .excalidraw (board_export.js), bound to the toolbar's export buttons.

import { svgToPng, toExcalidraw } from "./board_export.js";
import { bounds } from "./board_geometry.js";
import { SVG } from "./board_render.js";

export function exportJson(board) {
  const { nodes, edges, zones, texts, notes } = board;
  return JSON.stringify({ format: "designroom-board", version: 1, nodes, edges, zones, texts, notes }, null, 2);
}

/** The drawing in `svg` as a standalone SVG document, cropped to the board's elements. */
export function exportSvg(svg, board) {
  const { nodes, zones, texts } = board;
  const box = nodes.length || zones.length || texts.length ? bounds(nodes, zones, texts) : { x: 0, y: 0, w: 400, h: 200 };
  const pad = 30;
  const clone = svg.cloneNode(true);
  clone.setAttribute("xmlns", SVG);
  clone.setAttribute("viewBox", `${box.x - pad} ${box.y - pad} ${box.w + 2 * pad} ${box.h + 2 * pad}`);
  clone.setAttribute("width", String(Math.round(box.w + 2 * pad)));
  clone.setAttribute("height", String(Math.round(box.h + 2 * pad)));
  for (const attr of ["tabindex", "role", "aria-label", "class"]) clone.removeAttribute(attr);
  clone.querySelector(".board-viewport").removeAttribute("transform");
  clone.querySelector(".board-bg")?.setAttribute("fill", "#ffffff");
  clone.querySelectorAll(".node-handle, .board-ghost, .edge-hit, .zone-hit, .zone-resize, .board-overlay, .board-cursors").forEach((n) => n.remove());
  clone.querySelectorAll(".is-selected").forEach((n) => n.classList.remove("is-selected"));
  const style = document.createElementNS(SVG, "style");
  style.textContent = EXPORT_CSS;
  clone.prepend(style);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

/** Wire the toolbar's export buttons of `editor` (found under its root). */
export function bindExports(editor) {
  const on = (action, fn) => {
    const button = editor.root.querySelector(`[data-board-action="${action}"]`);
    if (button) button.addEventListener("click", fn);
  };
  const name = () => (editor.root.dataset.filename || "design").replace(/[^a-z0-9-]+/gi, "-").toLowerCase();
  on("export-svg", () => download(`${name()}.svg`, "image/svg+xml", editor.exportSvg()));
  on("export-json", () => download(`${name()}.json`, "application/json", editor.exportJson()));
  on("export-png", () => svgToPng(editor.exportSvg()).then(
    (blob) => download(`${name()}.png`, "image/png", blob),
    (error) => editor.announce(`PNG export failed: ${error.message}.`),
  ));
  on("export-excalidraw", () => download(
    `${name()}.excalidraw`, "application/json", JSON.stringify(toExcalidraw(editor.store.view), null, 2),
  ));
}

function download(name, type, content) {
  const url = URL.createObjectURL(content instanceof Blob ? content : new Blob([content], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// The exported SVG carries its own styles (the page's stylesheet does not travel with it).
const EXPORT_CSS = `
text { font-family: system-ui, sans-serif; fill: #1c1f24; }
.shape-body { fill: #ffffff; stroke: #3b4350; stroke-width: 1.5; }
.shape-stripe { stroke: #3b4350; stroke-width: 1.5; }
.node-kind { font-size: 9px; letter-spacing: .06em; fill: #545b66; }
.node-label { font-size: 14px; font-weight: 600; }
.node-replicas rect { fill: #1c1f24; } .node-replicas text { fill: #fff; font-size: 11px; font-weight: 700; }
.node-notes-mark { font-size: 11px; fill: #545b66; }
.edge-line { stroke: #3b4350; stroke-width: 1.6; fill: none; }
.is-async .edge-line { stroke-dasharray: 6 5; }
.edge-label rect { fill: #ffffff; stroke: #d9dce1; } .edge-label text { font-size: 11px; }
.zone-body { fill: none; stroke: #545b66; stroke-width: 1.5; stroke-dasharray: 8 5; }
.zone-region .zone-body { stroke: #1f5fbf; } .zone-az .zone-body { stroke: #1e7a3c; }
.zone-vpc .zone-body { stroke: #6b3fa0; } .zone-dc .zone-body { stroke: #8a5a00; }
.zone-hit, .zone-resize { display: none; } .zone-tab rect { fill: #f1f3f5; } .zone-tab text { font-size: 12px; font-weight: 600; }
.text-plain .text-body { fill: none; } .text-sticky .text-body { fill: #fff3b0; stroke: #d8c25a; }
.text-content { font-size: 14px; }
`;
