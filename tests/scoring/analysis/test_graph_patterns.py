"""Request path, single points of failure, chains and the diagram patterns."""

from __future__ import annotations

from typing import Any

import pytest

from scoring.analysis.graph import DiagramGraph
from scoring.analysis.inputs import parse_board
from scoring.analysis.patterns import evaluate_patterns


def graph(
    nodes: list[dict[str, Any]], edges: list[tuple[str, str] | tuple[str, str, str]]
) -> DiagramGraph:
    edge_dicts = [
        {"id": f"{e[0]}-{e[1]}", "from": e[0], "to": e[1], "mode": e[2] if len(e) == 3 else "sync"}
        for e in edges
    ]
    return DiagramGraph(parse_board({"nodes": nodes, "edges": edge_dicts}))


def n(
    node_id: str, kind: str, replicas: int | None = None, label: str = "", notes: str = ""
) -> dict[str, Any]:
    return {"id": node_id, "kind": kind, "replicas": replicas, "label": label, "notes": notes}


def test_request_path_stops_behind_async_edges_but_keeps_the_queue() -> None:
    g = graph(
        [
            n("app", "client"),
            n("api", "service", 2),
            n("q", "queue", 1),
            n("w", "worker", 1),
            n("db", "database", 1),
        ],
        [("app", "api"), ("api", "q", "async"), ("q", "w", "async"), ("w", "db")],
    )
    nodes, edges = g.request_path
    assert nodes == {"app", "api", "q"}
    assert edges == {"app-api", "api-q"}
    # The queue is on the request path; the worker behind it and the database it reads are
    # on the dependent path: one instance each, so all three are single points of failure.
    assert g.dependent_path == {"app", "api", "q", "w", "db"}
    assert g.single_points_of_failure() == ["db", "q", "w"]


@pytest.mark.parametrize(
    ("node", "is_spof"),
    [
        (n("x", "service", 1), True),
        (n("x", "service", None), True),
        (n("x", "service", 2), False),
        (n("x", "database", 1, label="Postgres primary + hot standby"), False),
        (n("x", "database", 1, notes="Replica set with automatic failover."), False),
        (n("x", "database", 1, label="Postgres (no standby)"), True),
        (n("x", "load_balancer", None), False),
        (n("x", "load_balancer", 1), True),
        (n("x", "cdn", None), False),
        (n("x", "object_store", None), False),
        (n("x", "external", 1), False),
    ],
)
def test_single_point_of_failure_rules(node: dict[str, Any], is_spof: bool) -> None:
    g = graph([n("app", "client"), node], [("app", "x")])
    assert (g.single_points_of_failure() == ["x"]) is is_spof


def test_clients_are_never_spofs_and_without_clients_entries_start_the_path() -> None:
    g = graph([n("lb", "load_balancer"), n("api", "service", 1)], [("lb", "api")])
    assert g.single_points_of_failure() == ["api"]
    assert graph([n("app", "client", 1)], []).single_points_of_failure() == []


def test_longest_sync_chain_survives_cycles() -> None:
    g = graph(
        [n("c", "client"), n("a", "service"), n("b", "service"), n("d", "service")],
        [("c", "a"), ("a", "b"), ("b", "a"), ("b", "d"), ("d", "a")],
    )
    chain = g.longest_sync_chain()
    assert chain.hops == 3
    assert chain.nodes == ("c", "a", "b", "d")


def test_unreachable_stores_and_orphans() -> None:
    g = graph(
        [
            n("c", "client"),
            n("db", "database"),
            n("cache", "cache"),
            n("api", "service"),
            n("s3", "object_store"),
        ],
        [("c", "db"), ("db", "cache")],
    )
    assert g.unreachable_stores() == ["cache", "db"]
    assert g.orphans() == ["api", "s3"]


FULL = (
    [
        n("web", "client"), n("cdn", "cdn"), n("gw", "api_gateway"), n("lb", "load_balancer"),
        n("api", "service", 3), n("cache", "cache", 2), n("db", "database", 2), n("q", "queue", 3),
        n("worker", "worker", 2), n("s3", "object_store"), n("search", "search", 2),
    ],
    [
        ("web", "cdn"), ("web", "gw"), ("gw", "lb"), ("lb", "api"), ("api", "cache"), ("api", "db"),
        ("api", "q", "async"), ("q", "worker", "async"), ("worker", "s3"), ("worker", "search"),
    ],
)  # fmt: skip


def test_every_pattern_holds_on_a_complete_design() -> None:
    patterns = evaluate_patterns(graph(*FULL))
    assert {name for name, result in patterns.items() if result.holds} == set(patterns)
    assert patterns["cache_on_read_path"].nodes == ("api", "cache")
    assert patterns["load_balanced_service"].edges == ("lb-api",)
    assert patterns["queue_between_services"].nodes == ("api", "q", "worker")


def test_patterns_do_not_hold_on_a_bare_design() -> None:
    bare = graph(
        [
            n("web", "client"),
            n("api", "service", 1),
            n("db", "database", 1),
            n("c", "cache", 1),
            n("q", "queue"),
        ],
        [("web", "api"), ("api", "db"), ("q", "api")],
    )
    patterns = evaluate_patterns(bare)
    assert {name for name, result in patterns.items() if result.holds} == set()


def test_replicated_database_needs_every_store_replicated() -> None:
    g = graph([n("a", "database", 2), n("b", "database", 1)], [])
    assert not evaluate_patterns(g)["replicated_database"].holds
