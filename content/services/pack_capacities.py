"""Component capacities in a pack: what one instance of each component kind takes per second,
checked with their units, written by kind and exported in canonical form."""

from __future__ import annotations

import math
from typing import Any

from content.capacity_models import ComponentCapacity
from content.diagram_vocabulary import (
    CAPACITY_KINDS,
    CAPACITY_UNITS,
    MAX_CAPACITY_PER_SECOND,
    UNBOUNDED_KINDS,
)

from .pack_schema import COMPONENT_CAPACITY, canonical
from .pack_validation import Entry

# A kind's own unit: writes are given apart (writes_per_instance), on databases only.
KIND_UNITS = tuple(u for u in CAPACITY_UNITS if u != "writes/s")


def component_capacities_check(entries: list[Entry]) -> None:
    """Each entry: a kind that has a capacity, a positive figure per second within bounds,
    a known unit, and the primary's writes for a database (only there)."""
    for e in entries:
        d = e.data
        if d["kind"] in UNBOUNDED_KINDS:
            raise e.error("kind", f"a {d['kind']} has no capacity of its own: the load enters "
                                  "there or is another system's")  # fmt: skip
        if d["kind"] not in CAPACITY_KINDS:
            raise e.error("kind", f"unknown node kind (allowed: {', '.join(CAPACITY_KINDS)})")
        _figure_check(e, "per_instance")
        unit = d.get("unit", "requests/s")
        if unit not in KIND_UNITS:
            hint = (
                " (give a database's writes as writes_per_instance)" if unit == "writes/s" else ""
            )
            raise e.error(
                "unit", f"unknown unit '{unit}' (allowed: {', '.join(KIND_UNITS)}, per second)"
                + hint,
            )  # fmt: skip
        if d["kind"] == "database":
            if d.get("writes_per_instance") is None:
                raise e.error("writes_per_instance", "a database needs the writes/s its primary "
                                                     "accepts")  # fmt: skip
            _figure_check(e, "writes_per_instance")
        elif d.get("writes_per_instance") is not None:
            raise e.error("writes_per_instance", "only a database has a separate write capacity")


def _figure_check(e: Entry, field: str) -> None:
    value = e.data[field]
    if not math.isfinite(value) or not 0 < value <= MAX_CAPACITY_PER_SECOND:
        raise e.error(
            field, f"must be a number per second above 0 and at most {MAX_CAPACITY_PER_SECOND:,}"
        )


def component_capacity_upsert(e: Entry) -> str | None:
    """Write one kind's capacity: 'created', 'updated', or None when already stored as is."""
    existing = ComponentCapacity.objects.filter(kind=e.data["kind"]).first()
    wanted = canonical(e.data, COMPONENT_CAPACITY)
    if existing is not None and component_capacity_serialize(existing) == wanted:
        return None
    writes = e.data.get("writes_per_instance")
    ComponentCapacity.objects.update_or_create(
        kind=e.data["kind"],
        defaults={
            "per_instance": float(e.data["per_instance"]),
            "unit": e.data.get("unit", "requests/s"),
            "writes_per_instance": None if writes is None else float(writes),
            "why": e.data.get("why", ""),
        },
    )
    return "created" if existing is None else "updated"


def component_capacity_serialize(row: ComponentCapacity) -> dict[str, Any]:
    return canonical(
        {
            "kind": row.kind,
            "per_instance": _number(row.per_instance),
            "unit": row.unit,
            "writes_per_instance": _number(row.writes_per_instance),
            "why": row.why,
        },
        COMPONENT_CAPACITY,
    )


def component_capacities_document() -> dict[str, list[dict[str, Any]]] | None:
    """The stored capacities as the pack's ``capacities.yaml`` holds them, by kind; None
    when there are none."""
    rows = [component_capacity_serialize(row) for row in ComponentCapacity.objects.order_by("kind")]
    return {"component_capacities": rows} if rows else None


def _number(value: float | None) -> int | float | None:
    """Whole figures as integers, so the pack reads 2000 rather than 2000.0."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
