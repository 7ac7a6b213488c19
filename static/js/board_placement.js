// Where a new component goes: the first free spot near the centre of the view, found by a
// deterministic spiral. The twin of interviews/board_placement.py, which has the last word
// (node.add with place: "free"), so simultaneous adds from two browsers never overlap.

export const NODE_WIDTH = 150;
export const NODE_HEIGHT = 62;
const GAP_X = 40;
const GAP_Y = 40;
const GRID = 10;
const MAX_RINGS = 30;

const snap = (v) => Math.round(v / GRID) * GRID;
const angle = ([col, row]) => {
  const a = Math.atan2(row, col);
  return a < 0 ? a + 2 * Math.PI : a;
};

export function overlaps(x, y, nodes) {
  return nodes.some((n) => Math.abs(n.x - x) < NODE_WIDTH + GAP_X && Math.abs(n.y - y) < NODE_HEIGHT + GAP_Y);
}

/** Candidate centres around (x, y): ring by ring, nearest first, then clockwise from the right. */
export function* spiral(x, y, rings = MAX_RINGS) {
  // Steps on the grid, so that snapping never pulls a candidate into its neighbour.
  const sx = Math.ceil((NODE_WIDTH + GAP_X) / GRID) * GRID;
  const sy = Math.ceil((NODE_HEIGHT + GAP_Y) / GRID) * GRID;
  yield [snap(x), snap(y)];
  for (let ring = 1; ring <= rings; ring += 1) {
    const cells = [];
    for (let col = -ring; col <= ring; col += 1) {
      for (let row = -ring; row <= ring; row += 1) {
        if (Math.max(Math.abs(col), Math.abs(row)) === ring) cells.push([col, row]);
      }
    }
    cells.sort((a, b) => Math.hypot(a[0] * sx, a[1] * sy) - Math.hypot(b[0] * sx, b[1] * sy) || angle(a) - angle(b));
    for (const [col, row] of cells) yield [snap(x + col * sx), snap(y + row * sy)];
  }
}

export function freeSpot(nodes, x, y) {
  for (const [cx, cy] of spiral(x, y)) if (!overlaps(cx, cy, nodes)) return { x: cx, y: cy };
  return { x: snap(x), y: snap(y) };
}
