"""A component's own capacity (the board's ``capacity`` field) and the per-kind defaults."""

from __future__ import annotations

from scoring.analysis.graph import DiagramGraph
from scoring.analysis.inputs import parse_board
from scoring.analysis.live import LiveAnalyser, capacity_with_findings

NODES = [
    {"id": "c", "kind": "client", "x": 0, "y": 0},
    {"id": "api", "kind": "service", "label": "API", "replicas": 2, "x": 100, "y": 0},
    {"id": "db", "kind": "database", "label": "Orders DB", "x": 200, "y": 0},
]
EDGES = [
    {"id": "c-api", "from": "c", "to": "api", "mode": "sync"},
    {"id": "api-db", "from": "api", "to": "db", "mode": "sync"},
]
PEAK = {"peak_read_qps": 5_000, "peak_write_qps": 3_000}


def report(nodes, defaults=None):
    graph = DiagramGraph(parse_board({"nodes": nodes, "edges": EDGES}))
    return capacity_with_findings(graph, nodes, PEAK, defaults=defaults)


def with_capacity(node_id, value, unit):
    return [{**n, "capacity": {"value": value, "unit": unit}} if n["id"] == node_id else n
            for n in NODES]  # fmt: skip


def test_the_kind_default_puts_the_api_over_capacity():
    found = report(NODES)
    assert found["components"]["api"]["capacity"] == 4_000  # 2 × 2k requests/s
    assert "api" in found["over_capacity"]


def test_a_components_own_capacity_replaces_its_kinds_default():
    found = report(with_capacity("api", 5_000, "requests/s"))
    assert found["components"]["api"]["capacity"] == 10_000
    assert "api" not in found["over_capacity"]


def test_a_databases_writes_per_second_set_its_primary_not_its_reads():
    assert "db" not in report(NODES)["over_capacity"]  # 3k writes against 5k
    lowered = report(with_capacity("db", 1_000, "writes/s"))["components"]["db"]
    assert (lowered["capacity"], lowered["write_capacity"]) == (20_000, 1_000)
    assert lowered["utilisation"] == 3.0


def test_the_packs_defaults_replace_the_built_in_ones():
    found = report(NODES, defaults={"service": 10_000, "database_writes": 1_000})
    assert found["components"]["api"]["capacity"] == 20_000
    assert found["over_capacity"] == ["db"]


def test_a_capacity_that_is_not_a_positive_figure_in_a_known_unit_is_ignored():
    for bad in (
        {"value": 0, "unit": "requests/s"},
        {"value": "5000", "unit": "requests/s"},
        {"value": 5000, "unit": "GB/day"},
        {"value": True, "unit": "ops/s"},
        5000,
    ):
        nodes = [{**n, "capacity": bad} if n["id"] == "api" else n for n in NODES]
        assert report(nodes)["components"]["api"]["capacity"] == 4_000, bad


def test_the_live_run_is_not_reused_after_a_capacity_edit():
    analyser = LiveAnalyser()
    live = {"board": {"nodes": NODES, "edges": EDGES, "notes": {}}, "estimates": PEAK}
    assert "api" in analyser.run(live)["capacity"]["over_capacity"]
    edited = {**live, "board": {**live["board"], "nodes": with_capacity("api", 5_000, "ops/s")}}
    assert analyser.run(edited)["capacity"]["over_capacity"] == []


def test_the_analysis_reads_the_units_the_board_accepts():
    from content.diagram_vocabulary import CAPACITY_UNITS
    from scoring.analysis.capacity import OWN_UNITS

    assert set(CAPACITY_UNITS) == OWN_UNITS
