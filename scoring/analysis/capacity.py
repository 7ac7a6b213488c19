"""Capacity from the estimates: the peak load flows through the diagram and meets what each
component can take.

- **Load in**: the peak reads and writes per second (the session's estimates) enter at the
  entry points (graph.py's ``entries``), split evenly among them.
- **Along synchronous edges** each call carries the caller's whole load, with two
  exceptions: a load balancer or gateway spreads its load evenly over the components of the
  same kind it calls (they are instances of one tier); and reads that meet a cache are
  answered there at the stated hit rate, so the database behind the cache (called by the
  cache, or by a caller that also calls the cache) sees ``1 − hit rate`` of the reads.
  Writes always reach the store. Async edges carry nothing while the user waits (a queue
  takes the burst). A cycle of synchronous calls is followed once.
- **Capacity** is per instance times its replicas (unstated: one). Per instance: the
  component's own capacity (a board field, ``own_capacities``), else the figure its notes
  state, else its kind's default (the content pack's ``component_capacities``;
  ``DEFAULT_CAPACITY`` holds the built-in pack's figures for use without a pack). A
  database's writes go to one primary, so its write capacity does not grow with replicas;
  its reads do.
- A component whose load is above its capacity is **over capacity** (a finding).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .graph import DiagramGraph

# Requests (or operations) per second one instance takes. Databases: reads and writes apart.
# The built-in pack's figures (content/packs/core/capacities.yaml; a test keeps them equal):
# what the analysis uses when no pack is loaded (tests, benchmarks, a fresh install).
DEFAULT_CAPACITY: dict[str, float] = {
    "load_balancer": 50_000,
    "api_gateway": 20_000,
    "service": 2_000,
    "worker": 1_000,
    "cache": 100_000,
    "database": 20_000,  # reads per instance
    "database_writes": 5_000,  # writes, on the primary
    "queue": 50_000,
    "object_store": 10_000,
    "cdn": 100_000,
    "search": 5_000,
}
SPREADING_KINDS = frozenset({"load_balancer", "api_gateway"})
NO_LIMIT_KINDS = frozenset({"client", "external"})


@dataclass(frozen=True)
class Estimates:
    """Peak traffic, per second, and the cache hit rate (0..1) the candidate stated."""

    peak_reads: float = 0.0
    peak_writes: float = 0.0
    cache_hit_rate: float = 0.8

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> Estimates:
        def number(key: str, default: float) -> float:
            try:
                value = float(values.get(key, default))
            except (TypeError, ValueError):
                return default
            return value if value >= 0 else default

        hit = min(number("cache_hit_rate", 0.8), 1.0)
        return cls(number("peak_read_qps", 0.0), number("peak_write_qps", 0.0), hit)


@dataclass
class Load:
    reads: float = 0.0
    writes: float = 0.0
    sources: set[str] = field(default_factory=set)


# A component's own capacity on the board: {"value": per instance per second, "unit"}.
OWN_UNITS = frozenset({"requests/s", "ops/s", "reads/s", "messages/s", "writes/s"})


def own_capacities(
    nodes: Iterable[Mapping[str, Any]],
) -> tuple[dict[str, float], dict[str, float]]:
    """The capacities components carry on the board: (per-instance requests or reads per
    second by node id, a database primary's writes per second by node id). A database's
    ``writes/s`` is its primary's; on any other kind every unit counts its requests."""
    requests: dict[str, float] = {}
    writes: dict[str, float] = {}
    for node in nodes:
        own = node.get("capacity") if isinstance(node, Mapping) else None
        if not isinstance(own, Mapping) or own.get("unit") not in OWN_UNITS:
            continue
        value = own.get("value")
        if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
            continue
        if own["unit"] == "writes/s" and node.get("kind") == "database":
            writes[str(node.get("id"))] = float(value)
        else:
            requests[str(node.get("id"))] = float(value)
    return requests, writes


def capacity_of(
    node_kind: str,
    replicas: int | None,
    *,
    defaults: Mapping[str, float],
    override: float | None = None,
    write_override: float | None = None,
) -> tuple[float | None, float | None]:
    """(reads-or-requests capacity, write capacity) per second; None: unlimited."""
    if node_kind in NO_LIMIT_KINDS:
        return None, None
    instances = max(replicas or 1, 1)
    per_instance = override if override is not None else defaults.get(node_kind)
    if per_instance is None:
        return None, None
    if node_kind == "database":
        writes = write_override or defaults.get(
            "database_writes", DEFAULT_CAPACITY["database_writes"]
        )
        return per_instance * instances, writes
    return per_instance * instances, None


def propagate(graph: DiagramGraph, estimates: Estimates) -> dict[str, Load]:
    """The peak load each component sees (see the module docstring)."""
    loads = {n: Load() for n in graph.nodes}
    entries = graph.entries()
    for entry in entries:
        loads[entry].reads += estimates.peak_reads / len(entries)
        loads[entry].writes += estimates.peak_writes / len(entries)
    for node in _sync_order(graph, entries):
        _pass_on(graph, node, loads, estimates.cache_hit_rate)
    return loads


def _sync_order(graph: DiagramGraph, entries: list[str]) -> list[str]:
    """Nodes in an order where callers come before callees (Kahn's), cycles broken by id."""
    indegree = dict.fromkeys(graph.nodes, 0)
    for edge in graph.edges:
        if edge.mode == "sync":
            indegree[edge.target] += 1
    ready = deque(sorted(n for n, d in indegree.items() if d == 0))
    order: list[str] = []
    placed: set[str] = set()
    while len(order) < len(graph.nodes):
        if not ready:  # a cycle: take the smallest id not yet placed
            ready.append(min(n for n in graph.nodes if n not in placed))
        node = ready.popleft()
        if node in placed:
            continue
        placed.add(node)
        order.append(node)
        for edge in graph.sync_out(node):
            indegree[edge.target] -= 1
            if indegree[edge.target] <= 0 and edge.target not in placed:
                ready.append(edge.target)
    return order


def _pass_on(graph: DiagramGraph, node: str, loads: dict[str, Load], hit_rate: float) -> None:
    load = loads[node]
    calls = graph.sync_out(node)
    if not calls or (load.reads == 0 and load.writes == 0):
        return
    kind = graph.kind(node)
    calls_cache = any(graph.kind(e.target) == "cache" for e in calls)
    for edge in calls:
        target_kind = graph.kind(edge.target)
        share = 1.0
        if kind in SPREADING_KINDS:
            share = 1.0 / sum(1 for e in calls if graph.kind(e.target) == target_kind)
        reads = load.reads * share
        writes = load.writes * share
        if target_kind == "cache":
            writes = 0.0  # writes go to the store, the cache is invalidated or filled
        elif target_kind == "database" and (kind == "cache" or calls_cache):
            reads *= 1.0 - hit_rate
        target = loads[edge.target]
        target.reads += reads
        target.writes += writes
        target.sources.add(node)


def capacity_report(
    graph: DiagramGraph,
    estimates: Estimates,
    *,
    defaults: Mapping[str, float] | None = None,
    overrides: Mapping[str, float] | None = None,
    write_overrides: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    """Per component: load, capacity, utilisation; and the components over capacity."""
    defaults = {**DEFAULT_CAPACITY, **(defaults or {})}
    overrides = overrides or {}
    write_overrides = write_overrides or {}
    components: dict[str, dict[str, Any]] = {}
    over: list[str] = []
    for node_id, load in propagate(graph, estimates).items():
        node = graph.nodes[node_id]
        cap, write_cap = capacity_of(
            node.kind,
            node.replicas,
            defaults=defaults,
            override=overrides.get(node_id),
            write_override=write_overrides.get(node_id),
        )
        utilisation = _utilisation(node.kind, load, cap, write_cap)
        components[node_id] = {
            "reads": round(load.reads, 1),
            "writes": round(load.writes, 1),
            "capacity": cap,
            "write_capacity": write_cap,
            "instances": max(node.replicas or 1, 1),
            "utilisation": None if utilisation is None else round(utilisation, 3),
        }
        if utilisation is not None and utilisation > 1.0:
            over.append(node_id)
    return {"components": components, "over_capacity": sorted(over)}


def _utilisation(kind: str, load: Load, cap: float | None, write_cap: float | None) -> float | None:
    if cap is None or (load.reads == 0 and load.writes == 0):
        return None
    if kind == "database":
        parts = [load.reads / cap] if cap else []
        if write_cap:
            parts.append(load.writes / write_cap)
        return max(parts) if parts else None
    return (load.reads + load.writes) / cap if cap else None


def capacity_findings(graph: DiagramGraph, report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One finding per component over capacity, the most loaded first."""
    findings = []
    for node_id in report["over_capacity"]:
        entry = report["components"][node_id]
        label = graph.nodes[node_id].label or node_id
        findings.append({
            "rule": "over_capacity",
            "severity": "high" if entry["utilisation"] > 2 else "medium",
            "message": (
                f"{label} takes about {entry['reads'] + entry['writes']:,.0f} requests/s at peak, "
                f"{entry['utilisation']:.1f}× what {entry['instances']} instance(s) handle."
            ),
            "nodes": [node_id],
            "edges": [],
            "utilisation": entry["utilisation"],
        })  # fmt: skip
    return sorted(findings, key=lambda f: (-f["utilisation"], f["nodes"]))
