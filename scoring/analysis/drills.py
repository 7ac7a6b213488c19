"""Failure drills on the candidate's own diagram: what breaks when a component or zone fails,
or when an entry point takes ten times its traffic.

A drill names a target:

- ``{"kind": "component", "id": node_id}``: that component is down (all its instances);
- ``{"kind": "zone", "id": zone_id}``: every component whose centre lies in the zone is down
  (zones are rectangles on the board, ``claims.zone_of``);
- ``{"kind": "surge", "id": node_id, "factor": 10}``: the entry point receives ``factor``
  times its traffic.

The blast radius is read from the graph (edges point from caller to callee):

- **unreachable**: components a request could reach over synchronous edges from the entry
  points before the failure and no longer can (every synchronous route to them crossed a
  failed component: the path lost its only instance);
- **broken_edges**: synchronous calls into a failed component (their callers now fail or
  time out);
- **queues_absorbing**: queues upstream of a failed component (their consumers stopped:
  the backlog grows, but producers keep being answered), or, in a surge, queues the surged
  path writes to (they take the burst while consumers drain at their own pace);
- **single_instances** (surge): components on the surged synchronous path that have no
  redundancy (graph.py's rule) and so cannot add an instance behind the same name.

Every list is sorted, so the same diagram and target give the same answer.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from typing import Any

from .claims import zone_of
from .graph import DiagramGraph

DRILL_KINDS = frozenset({"component", "zone", "surge"})
DEFAULT_SURGE_FACTOR = 10


class DrillTargetUnknown(ValueError):
    """The drill names no component or zone of this board."""


def blast_radius(
    graph: DiagramGraph,
    target: Mapping[str, Any],
    *,
    zones: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """What the drill ``target`` breaks on this diagram (see the module docstring)."""
    kind = target.get("kind")
    target_id = str(target.get("id", ""))
    if kind == "surge":
        return _surge(graph, target_id, int(target.get("factor") or DEFAULT_SURGE_FACTOR))
    if kind == "component":
        failed = {target_id} if target_id in graph.nodes else set()
    elif kind == "zone":
        zone = [z for z in zones if str(z.get("id")) == target_id]
        failed = {n for n, node in graph.nodes.items() if zone and zone_of(node, zone)}
        if not zone:
            raise DrillTargetUnknown(f"no zone {target_id!r} on the board")
    else:
        raise DrillTargetUnknown(f"unknown drill kind {kind!r}")
    if kind == "component" and not failed:
        raise DrillTargetUnknown(f"no component {target_id!r} on the board")
    return _failure(graph, failed, {"kind": kind, "id": target_id})


def _failure(graph: DiagramGraph, failed: set[str], target: dict[str, Any]) -> dict[str, Any]:
    entries = [e for e in graph.entries() if e not in failed]
    before = _sync_reach(graph, graph.entries(), blocked=set())
    after = _sync_reach(graph, entries, blocked=failed)
    unreachable = sorted(before - after - failed)
    broken = sorted(
        e.id
        for e in graph.edges
        if e.mode == "sync" and e.target in failed and e.source not in failed
    )
    upstream = _feeding(graph, failed)
    absorbing = sorted(q for q in graph.of_kind("queue") if q in upstream and q not in failed)
    return {
        "target": target,
        "failed": sorted(failed),
        "unreachable": unreachable,
        "broken_edges": broken,
        "queues_absorbing": absorbing,
        "single_instances": [],
        "affected": sorted(failed | set(unreachable)),
    }


def _surge(graph: DiagramGraph, entry: str, factor: int) -> dict[str, Any]:
    if entry not in graph.nodes:
        raise DrillTargetUnknown(f"no component {entry!r} on the board")
    path = _sync_reach(graph, [entry], blocked=set())
    absorbing = sorted(
        e.target
        for e in graph.edges
        if e.source in path and graph.kind(e.target) == "queue" and e.target not in path
    )
    path_queues = sorted(n for n in path if graph.kind(n) == "queue")
    single = sorted(
        n for n in path if graph.kind(n) not in ("client", "external") and not graph.is_redundant(n)
    )
    return {
        "target": {"kind": "surge", "id": entry, "factor": factor},
        "failed": [],
        "unreachable": [],
        "broken_edges": [],
        "queues_absorbing": sorted({*absorbing, *path_queues}),
        "single_instances": single,
        "affected": sorted(path),
    }


def _sync_reach(graph: DiagramGraph, starts: list[str], *, blocked: set[str]) -> set[str]:
    seen = {s for s in starts if s not in blocked}
    queue = deque(sorted(seen))
    while queue:
        node = queue.popleft()
        for edge in graph.out_edges[node]:
            if edge.mode == "sync" and edge.target not in seen and edge.target not in blocked:
                seen.add(edge.target)
                queue.append(edge.target)
    return seen


def _feeding(graph: DiagramGraph, targets: set[str]) -> set[str]:
    """Components that feed one of ``targets``, directly or through others (any edge mode):
    one walk against the edges, however many queues there are."""
    seen: set[str] = set()
    queue = deque(sorted(targets))
    while queue:
        node = queue.popleft()
        for edge in graph.in_edges[node]:
            if edge.source not in seen:
                seen.add(edge.source)
                queue.append(edge.source)
    return seen
