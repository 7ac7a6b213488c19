// Board exports besides SVG and JSON: a PNG rendered by the browser from the board's SVG,
// and an .excalidraw file (Excalidraw's JSON: components as labelled shapes, arrows bound to
// them, zones as dashed frames, free text and sticky notes).

const SHAPE = { client: "ellipse", cdn: "ellipse", external: "ellipse", database: "ellipse", cache: "ellipse", object_store: "ellipse" };
const STROKE = { region: "#1f5fbf", az: "#1e7a3c", vpc: "#6b3fa0", dc: "#8a5a00" };
const ZONE_NAMES = { region: "Region", az: "AZ", vpc: "VPC", dc: "Data centre" };
const NODE_W = 150;
const NODE_H = 62;

/** A PNG of the SVG text, `scale` times its size, on white. */
export function svgToPng(svgText, { scale = 2 } = {}) {
  const match = /<svg[^>]*\swidth="(\d+(?:\.\d+)?)"[^>]*\sheight="(\d+(?:\.\d+)?)"/.exec(svgText);
  const width = match ? Number(match[1]) : 800;
  const height = match ? Number(match[2]) : 600;
  const url = URL.createObjectURL(new Blob([svgText], { type: "image/svg+xml" }));
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => {
      const canvas = document.createElement("canvas");
      canvas.width = Math.ceil(width * scale);
      canvas.height = Math.ceil(height * scale);
      const ctx = canvas.getContext("2d");
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
      URL.revokeObjectURL(url);
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the PNG could not be made"))), "image/png");
    };
    image.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error("the diagram could not be drawn as an image"));
    };
    image.src = url;
  });
}

// A stable number from a string, for Excalidraw's seeds (it draws each shape's roughness from it).
function seedOf(text) {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0), 16777619) >>> 0;
  return (h % 2147483646) + 1;
}

function base(id, type, x, y, width, height, extra = {}) {
  return {
    id, type, x, y, width, height, angle: 0,
    strokeColor: "#1e1e1e", backgroundColor: "transparent", fillStyle: "solid", strokeWidth: 2,
    strokeStyle: "solid", roughness: 1, opacity: 100, groupIds: [], frameId: null,
    roundness: type === "rectangle" ? { type: 3 } : null, seed: seedOf(id), version: 1,
    versionNonce: seedOf(`${id}:v`), isDeleted: false, boundElements: [], updated: 1, link: null,
    locked: false, ...extra,
  };
}

function textElement(id, text, x, y, width, { containerId = null, fontSize = 16, align = "center" } = {}) {
  const lines = String(text).split("\n");
  const height = Math.round(lines.length * fontSize * 1.25);
  return base(id, "text", x, y, width, height, {
    text, originalText: text, fontSize, fontFamily: 1, textAlign: align,
    verticalAlign: containerId ? "middle" : "top", containerId, lineHeight: 1.25,
    baseline: Math.round(fontSize * 0.9), autoResize: true,
  });
}

/** The board as an Excalidraw scene (type "excalidraw", version 2). */
export function toExcalidraw(board) {
  const elements = [];
  const byId = new Map();
  for (const zone of board.zones || []) {
    const frame = base(zone.id, "rectangle", zone.x, zone.y, zone.w, zone.h, { strokeColor: STROKE[zone.kind] || "#545b66", strokeStyle: "dashed", strokeWidth: 1, roundness: null });
    const label = textElement(`${zone.id}-label`, `${ZONE_NAMES[zone.kind] || zone.kind}: ${zone.label || "unnamed"}`, zone.x + 6, zone.y - 24, Math.max(60, zone.w - 12), { fontSize: 14, align: "left" });
    elements.push(frame, label);
  }
  for (const node of board.nodes || []) {
    const shape = base(node.id, SHAPE[node.kind] || "rectangle", node.x - NODE_W / 2, node.y - NODE_H / 2, NODE_W, NODE_H, { backgroundColor: "#ffffff" });
    const name = `${node.label || node.kind}${node.replicas > 1 ? ` ×${node.replicas}` : ""}\n${node.kind.replace(/_/g, " ")}`;
    const label = textElement(`${node.id}-label`, name, shape.x + 8, shape.y + 8, NODE_W - 16, { containerId: node.id, fontSize: 14 });
    shape.boundElements.push({ type: "text", id: label.id });
    byId.set(node.id, shape);
    elements.push(shape, label);
  }
  for (const edge of board.edges || []) {
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    if (!from || !to) continue;
    const a = { x: from.x + NODE_W / 2, y: from.y + NODE_H / 2 };
    const b = { x: to.x + NODE_W / 2, y: to.y + NODE_H / 2 };
    const arrow = base(edge.id, "arrow", a.x, a.y, Math.abs(b.x - a.x), Math.abs(b.y - a.y), {
      points: [[0, 0], [b.x - a.x, b.y - a.y]], lastCommittedPoint: null,
      startBinding: { elementId: from.id, focus: 0, gap: 6 }, endBinding: { elementId: to.id, focus: 0, gap: 6 },
      startArrowhead: null, endArrowhead: "arrow", strokeStyle: edge.mode === "async" ? "dashed" : "solid", roundness: { type: 2 },
    });
    from.boundElements.push({ type: "arrow", id: arrow.id });
    to.boundElements.push({ type: "arrow", id: arrow.id });
    elements.push(arrow);
    if (edge.label) {
      const label = textElement(`${edge.id}-label`, edge.label, (a.x + b.x) / 2 - 40, (a.y + b.y) / 2 - 10, 80, { containerId: edge.id, fontSize: 12 });
      arrow.boundElements.push({ type: "text", id: label.id });
      elements.push(label);
    }
  }
  for (const note of board.texts || []) {
    if (note.style === "sticky") {
      const paper = base(note.id, "rectangle", note.x, note.y, 180, 100, { backgroundColor: "#fff3b0", strokeColor: "#d8c25a" });
      const label = textElement(`${note.id}-text`, note.text || "", note.x + 8, note.y + 8, 164, { containerId: note.id, fontSize: 14 });
      paper.boundElements.push({ type: "text", id: label.id });
      elements.push(paper, label);
    } else {
      elements.push(textElement(note.id, note.text || "", note.x, note.y, 240, { align: "left" }));
    }
  }
  return { type: "excalidraw", version: 2, source: "designroom", elements, appState: { viewBackgroundColor: "#ffffff", gridSize: null }, files: {} };
}
