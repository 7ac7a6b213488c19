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
from content.models import Question

from .pack_schema import COMPONENT_CAPACITY, canonical
from .pack_validation import Entry

# A kind's own unit: writes are given apart (writes_per_instance), on databases only.
KIND_UNITS = tuple(u for u in CAPACITY_UNITS if u != "writes/s")


def component_capacities_check(entries: list[Entry]) -> None:
    """Each entry: a kind that has a capacity, a positive figure per second within bounds,
    a known unit, and the primary's writes for a database (only there)."""
    for e in entries:
        problem = capacity_problem(e.data)
        if problem:
            raise e.error(*problem)


def question_capacities_check(e: Entry) -> None:
    """A question's own capacities: the same rules, one entry per kind."""
    seen: set[str] = set()
    for d in e.data.get("component_capacities", []):
        where = f"component_capacities[{d['kind']}]"
        if d["kind"] in seen:
            raise e.error(f"{where}.kind", f"duplicate kind '{d['kind']}'")
        seen.add(d["kind"])
        problem = capacity_problem(d)
        if problem:
            raise e.error(f"{where}.{problem[0]}", problem[1])


def capacity_problem(d: dict[str, Any]) -> tuple[str, str] | None:
    """(field, problem) for the first rule one capacity entry breaks; None when it is sound."""
    if d["kind"] in UNBOUNDED_KINDS:
        return "kind", (f"a {d['kind']} has no capacity of its own: the load enters there or "
                        "is another system's")  # fmt: skip
    if d["kind"] not in CAPACITY_KINDS:
        return "kind", f"unknown node kind (allowed: {', '.join(CAPACITY_KINDS)})"
    unit = d.get("unit", "requests/s")
    if unit not in KIND_UNITS:
        hint = " (give a database's writes as writes_per_instance)" if unit == "writes/s" else ""
        return "unit", f"unknown unit '{unit}' (allowed: {', '.join(KIND_UNITS)}, per second){hint}"
    if d["kind"] == "database" and d.get("writes_per_instance") is None:
        return "writes_per_instance", "a database needs the writes/s its primary accepts"
    if d["kind"] != "database" and d.get("writes_per_instance") is not None:
        return "writes_per_instance", "only a database has a separate write capacity"
    for field in ("per_instance", "writes_per_instance"):
        value = d.get(field)
        if value is not None and (
            not math.isfinite(value) or not 0 < value <= MAX_CAPACITY_PER_SECOND
        ):
            return (
                field,
                f"must be a number per second above 0 and at most {MAX_CAPACITY_PER_SECOND:,}",
            )
    return None


def component_capacity_upsert(e: Entry) -> str | None:
    """Write one kind's capacity: 'created', 'updated', or None when already stored as is."""
    existing = ComponentCapacity.objects.filter(kind=e.data["kind"], question=None).first()
    wanted = canonical(e.data, COMPONENT_CAPACITY)
    if existing is not None and component_capacity_serialize(existing) == wanted:
        return None
    ComponentCapacity.objects.update_or_create(
        kind=e.data["kind"], question=None, defaults=_fields(e.data)
    )
    return "created" if existing is None else "updated"


def question_capacities_write(question: Question, entries: list[dict[str, Any]]) -> None:
    """Replace a question's own capacities with the pack's, in the pack's order."""
    question.component_capacities.all().delete()
    ComponentCapacity.objects.bulk_create(
        ComponentCapacity(question=question, kind=d["kind"], **_fields(d)) for d in entries
    )


def question_capacities_serialize(question: Question) -> list[dict[str, Any]]:
    rows = sorted(question.component_capacities.all(), key=lambda row: row.pk)
    return [component_capacity_serialize(row) for row in rows]


def _fields(d: dict[str, Any]) -> dict[str, Any]:
    writes = d.get("writes_per_instance")
    return {
        "per_instance": float(d["per_instance"]),
        "unit": d.get("unit", "requests/s"),
        "writes_per_instance": None if writes is None else float(writes),
        "why": d.get("why", ""),
    }


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
    stored = ComponentCapacity.objects.filter(question=None).order_by("kind")
    rows = [component_capacity_serialize(row) for row in stored]
    return {"component_capacities": rows} if rows else None


def _number(value: float | None) -> int | float | None:
    """Whole figures as integers, so the pack reads 2000 rather than 2000.0."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
