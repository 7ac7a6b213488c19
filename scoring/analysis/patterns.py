"""Diagram patterns: the vocabulary checklist items use in cues.patterns.

Each pattern reports whether it holds and which nodes/edges show it, so a holding pattern
can be cited as evidence {"source": "diagram", "nodes": [...], "edges": [...], "pattern"}.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .graph import DiagramGraph


@dataclass(frozen=True)
class PatternResult:
    name: str
    holds: bool
    nodes: tuple[str, ...] = ()
    edges: tuple[str, ...] = ()

    def evidence(self) -> dict[str, Any]:
        return {
            "source": "diagram",
            "nodes": list(self.nodes),
            "edges": list(self.edges),
            "pattern": self.name,
        }


def _result(name: str, nodes: set[str] | list[str], edges: set[str] | list[str]) -> PatternResult:
    return PatternResult(name, bool(nodes), tuple(sorted(set(nodes))), tuple(sorted(set(edges))))


def cache_on_read_path(graph: DiagramGraph) -> PatternResult:
    """A cache reachable over sync edges from a service that serves clients, or one on the
    request path in front of the services."""
    on_path, _ = graph.request_path
    serving = [n for n in graph.of_kind("service") if n in on_path]
    parents = graph.reach(serving, sync_only=True)
    nodes: set[str] = set()
    edges: set[str] = set()
    for cache in graph.of_kind("cache"):
        if cache in parents and cache not in serving:
            path_nodes, path_edges = graph.path_to(parents, cache)
            nodes.update(path_nodes)
            edges.update(path_edges)
        elif cache in on_path:
            # a cache in front of the services (client -> Varnish -> app) serves reads too
            nodes.add(cache)
            edges.update(e.id for e in graph.out_edges[cache] if e.target in on_path)
    return _result("cache_on_read_path", nodes, edges)


def replicated_database(graph: DiagramGraph) -> PatternResult:
    """Every database and search index is redundant (replicas >= 2 or a stated standby)."""
    stores = graph.of_kind("database", "search")
    if not stores or not all(graph.is_redundant(n) for n in stores):
        return PatternResult("replicated_database", False)
    return _result("replicated_database", stores, [])


def queue_between_services(graph: DiagramGraph) -> PatternResult:
    """A queue with at least one producer and one consumer that are not queues."""
    nodes: set[str] = set()
    edges: set[str] = set()
    for queue in graph.of_kind("queue"):
        producers = [e for e in graph.in_edges[queue] if graph.kind(e.source) != "queue"]
        consumers = [e for e in graph.out_edges[queue] if graph.kind(e.target) != "queue"]
        if producers and consumers:
            nodes.update({queue, producers[0].source, consumers[0].target})
            edges.update({producers[0].id, consumers[0].id})
    return _result("queue_between_services", nodes, edges)


def load_balanced_service(graph: DiagramGraph) -> PatternResult:
    """A load balancer or API gateway calling a service with replicas >= 2."""
    nodes: set[str] = set()
    edges: set[str] = set()
    for front in graph.of_kind("load_balancer", "api_gateway"):
        for edge in graph.out_edges[front]:
            if graph.kind(edge.target) == "service" and graph.is_redundant(edge.target):
                nodes.update({front, edge.target})
                edges.add(edge.id)
    return _result("load_balanced_service", nodes, edges)


def multi_instance_services(graph: DiagramGraph) -> PatternResult:
    """Every service on the request path is redundant."""
    on_path, _ = graph.request_path
    services = [n for n in graph.of_kind("service") if n in on_path]
    if not services or not all(graph.is_redundant(n) for n in services):
        return PatternResult("multi_instance_services", False)
    return _result("multi_instance_services", services, [])


def cdn_in_front(graph: DiagramGraph) -> PatternResult:
    """A CDN that clients call directly."""
    edges = [
        e.id
        for cdn in graph.of_kind("cdn")
        for e in graph.in_edges[cdn]
        if graph.kind(e.source) == "client"
    ]
    nodes = [graph.edge_by_id[e].target for e in edges] + [
        graph.edge_by_id[e].source for e in edges
    ]
    return _result("cdn_in_front", nodes, edges)


def async_edge(graph: DiagramGraph) -> PatternResult:
    edges = [e.id for e in graph.edges if e.mode == "async"]
    nodes = [n for e in edges for n in (graph.edge_by_id[e].source, graph.edge_by_id[e].target)]
    return _result("async_edge", nodes, edges)


def api_gateway_entry(graph: DiagramGraph) -> PatternResult:
    """An API gateway that clients call, or that nothing calls (it is the entry)."""
    nodes: set[str] = set()
    edges: set[str] = set()
    for gateway in graph.of_kind("api_gateway"):
        from_clients = [e for e in graph.in_edges[gateway] if graph.kind(e.source) == "client"]
        if from_clients or not graph.in_edges[gateway]:
            nodes.add(gateway)
            edges.update(e.id for e in from_clients)
    return _result("api_gateway_entry", nodes, edges)


def object_store_for_blobs(graph: DiagramGraph) -> PatternResult:
    return _result("object_store_for_blobs", graph.of_kind("object_store"), [])


def search_index(graph: DiagramGraph) -> PatternResult:
    return _result("search_index", graph.of_kind("search"), [])


PATTERNS: dict[str, Callable[[DiagramGraph], PatternResult]] = {
    "cache_on_read_path": cache_on_read_path,
    "replicated_database": replicated_database,
    "queue_between_services": queue_between_services,
    "load_balanced_service": load_balanced_service,
    "multi_instance_services": multi_instance_services,
    "cdn_in_front": cdn_in_front,
    "async_edge": async_edge,
    "api_gateway_entry": api_gateway_entry,
    "object_store_for_blobs": object_store_for_blobs,
    "search_index": search_index,
}


def evaluate_patterns(graph: DiagramGraph) -> dict[str, PatternResult]:
    return {name: check(graph) for name, check in PATTERNS.items()}
