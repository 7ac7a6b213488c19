"""Stated targets against the diagram (scoring/analysis/claims.py)."""

from __future__ import annotations

from scoring.analysis.claims import check_claims, find_claims, zone_of
from scoring.analysis.inputs import Node, parse_board


def board(nodes, edges=(), notes=None):
    return parse_board({"nodes": list(nodes), "edges": list(edges), "notes": notes or {}})


def node(node_id, kind, label="", replicas=None, x=0, y=0, notes=""):
    return {"id": node_id, "kind": kind, "label": label, "replicas": replicas, "x": x, "y": y,
            "notes": notes}  # fmt: skip


def edge(source, target, mode="sync"):
    return {"id": f"{source}->{target}", "from": source, "to": target, "mode": mode}


LONE_DB = [
    node("c", "client"),
    node("api", "service", replicas=3),
    node("db", "database", "Links DB"),
]
LONE_DB_EDGES = [edge("c", "api"), edge("api", "db")]


def test_each_target_kind_is_read_with_its_line():
    sections = [("requirements", "Redirects fast\n99.99 % availability\np99 < 50 ms\nRPO 0\n"
                                  "10k writes/s at peak")]  # fmt: skip
    claims = {(c.kind, c.value, c.line) for c in find_claims(sections)}
    assert claims == {("availability", 99.99, 2), ("latency", 50.0, 3), ("rpo_zero", 0.0, 4),
                      ("write_rate", 10_000.0, 5)}  # fmt: skip


def test_four_nines_against_a_single_database_cites_the_line_and_the_database():
    sections = [("requirements", "Create links\nfour nines of availability")]
    findings = check_claims(board(LONE_DB, LONE_DB_EDGES), sections)
    assert [f["rule"] for f in findings] == ["availability_vs_single_database"]
    assert findings[0]["nodes"] == ["db"]
    assert findings[0]["requirement"] == {"section": "requirements", "line": 2,
                                          "text": "four nines of availability"}  # fmt: skip


def test_a_replicated_database_meets_the_availability_claim():
    nodes = [*LONE_DB[:2], node("db", "database", replicas=3)]
    assert check_claims(board(nodes, LONE_DB_EDGES), [("requirements", "99.99% uptime")]) == []


def test_three_nines_does_not_demand_a_second_database():
    assert check_claims(board(LONE_DB, LONE_DB_EDGES), [("requirements", "99.9% uptime")]) == []


def test_all_components_in_one_zone_contradict_four_nines():
    nodes = [node("c", "client", x=-500), node("api", "service", replicas=3, x=50, y=50),
             node("db", "database", replicas=2, x=80, y=80)]  # fmt: skip
    zones = [{"id": "az1", "kind": "az", "label": "AZ 1", "x": 0, "y": 0, "w": 200, "h": 200}]
    findings = check_claims(board(nodes, LONE_DB_EDGES), [("requirements", "99.99% availability")],
                            zones=zones)  # fmt: skip
    assert [f["rule"] for f in findings] == ["availability_vs_single_zone"]
    assert findings[0]["nodes"] == ["api", "db"]
    second = {"id": "az2", "kind": "az", "label": "AZ 2", "x": 300, "y": 0, "w": 200, "h": 200}
    nodes.append(node("db2", "database", replicas=2, x=350, y=50))
    spread = check_claims(board(nodes, [*LONE_DB_EDGES, edge("api", "db2")]),
                          [("requirements", "99.99% availability")], zones=[*zones, second])  # fmt: skip
    assert spread == []


def test_a_zone_of_an_unknown_shape_is_ignored():
    assert zone_of(Node("a", "service", x=1, y=1), [{"id": "z", "x": "wide"}]) == []


def test_a_deep_sync_chain_breaks_a_tight_latency_bound():
    chain = [node(f"s{i}", "service", replicas=2) for i in range(6)]
    edges = [edge(f"s{i}", f"s{i + 1}") for i in range(5)]
    findings = check_claims(board([node("c", "client"), *chain], [edge("c", "s0"), *edges]),
                            [("requirements", "p99 < 50 ms for redirects")])  # fmt: skip
    assert [f["rule"] for f in findings] == ["latency_vs_sync_chain"]
    assert "6 hops" in findings[0]["message"]
    loose = check_claims(board([node("c", "client"), *chain], [edge("c", "s0"), *edges]),
                         [("requirements", "p99 < 500 ms")])  # fmt: skip
    assert loose == []


def test_read_heavy_tight_latency_without_a_cache_names_the_database():
    nodes = [*LONE_DB[:2], node("db", "database", replicas=2)]
    sections = [("requirements", "p99 < 20 ms for redirects"), ("estimates", "read:write 100:1")]
    findings = check_claims(board(nodes, LONE_DB_EDGES), sections)
    assert [f["rule"] for f in findings] == ["read_latency_without_cache"]
    with_cache = [*nodes, node("cache", "cache", replicas=2)]
    assert check_claims(board(with_cache, [*LONE_DB_EDGES, edge("api", "cache")]), sections) == []


def test_rpo_zero_against_asynchronous_replication():
    nodes = [*LONE_DB[:2], node("db", "database", replicas=2), node("dr", "database", replicas=2)]
    edges = [*LONE_DB_EDGES, edge("db", "dr", mode="async")]
    findings = check_claims(board(nodes, edges), [("requirements", "RPO 0")])
    assert [f["rule"] for f in findings] == ["rpo_zero_vs_async_replication"]
    assert findings[0]["edges"] == ["db->dr"]
    sync = [*LONE_DB_EDGES, edge("db", "dr")]
    assert check_claims(board(nodes, sync), [("requirements", "RPO 0")]) == []


def test_a_write_rate_above_one_primary_needs_sharding():
    nodes = [*LONE_DB[:2], node("db", "database", replicas=3)]
    sections = [("requirements", "10k writes/s")]
    assert [f["rule"] for f in check_claims(board(nodes, LONE_DB_EDGES), sections)] == [
        "write_rate_vs_single_primary"
    ]
    sharded = [*LONE_DB[:2], node("db", "database", "Links DB, sharded by code", replicas=3)]
    assert check_claims(board(sharded, LONE_DB_EDGES), sections) == []
