// A component's own capacity in the board inspector: the per-instance figure and its unit,
// sent as a node.update; an empty figure clears it (the kind's default applies again).
// The server checks the same bounds (interviews/live/protocol/ops.py).

export const CAPACITY_UNITS = ["requests/s", "ops/s", "reads/s", "messages/s", "writes/s"];
export const MAX_CAPACITY = 100_000_000;

/** The `changes` of a node.update for what the inspector holds, or null if it is not valid. */
export function capacityChanges(text, unit) {
  const raw = String(text ?? "").trim();
  if (raw === "") return { capacity: null };
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > MAX_CAPACITY) return null;
  if (!CAPACITY_UNITS.includes(unit)) return null;
  return { capacity: { value, unit } };
}

/** What the inspector shows for a node: its own figure and unit, or empty and the default unit. */
export function capacityFields(node) {
  const own = node?.capacity;
  if (own && Number.isFinite(own.value) && CAPACITY_UNITS.includes(own.unit)) {
    return { value: String(own.value), unit: own.unit };
  }
  return { value: "", unit: "requests/s" };
}

/** Wire the inspector's capacity fields: `update(changes)` sends a node.update. */
export function bindCapacityInspector(form, update) {
  const value = form.querySelector("[name=capacity]");
  const unit = form.querySelector("[name=capacity-unit]");
  if (!value || !unit) return;
  if (!unit.options.length) for (const u of CAPACITY_UNITS) unit.add(new Option(u, u));
  const send = () => {
    const changes = capacityChanges(value.value, unit.value);
    value.setCustomValidity(changes ? "" : `A number above 0 and at most ${MAX_CAPACITY.toLocaleString("en")}`);
    if (changes) update(changes);
    else value.reportValidity();
  };
  value.addEventListener("change", send);
  unit.addEventListener("change", () => { if (value.value.trim() !== "") send(); });
}

/** Show the selected node's capacity (setIfIdle leaves a field being edited alone). A node
 * with no capacity of its own leaves the unit as the user last chose it: a re-render while
 * they type the figure must not change the unit it will be sent with. */
export function renderCapacityInspector(setIfIdle, node) {
  const { value, unit } = capacityFields(node);
  setIfIdle("capacity", value);
  if (value !== "") setIfIdle("capacity-unit", unit);
}
