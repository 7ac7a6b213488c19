"""Failure drills (drills.py) and capacity from the estimates (capacity.py)."""

from __future__ import annotations

import pytest

from scoring.analysis.capacity import Estimates, capacity_findings, capacity_report
from scoring.analysis.drills import DrillTargetUnknown, blast_radius
from scoring.analysis.graph import DiagramGraph
from scoring.analysis.inputs import parse_board


def graph(nodes, edges):
    return DiagramGraph(parse_board({"nodes": nodes, "edges": edges}))


def n(node_id, kind, replicas=None, x=-500, y=-500, label=""):
    return {"id": node_id, "kind": kind, "replicas": replicas, "x": x, "y": y, "label": label}


def e(source, target, mode="sync"):
    return {"id": f"{source}-{target}", "from": source, "to": target, "mode": mode}


# client -> lb -> (api1, api2) -> db ; api1 -> queue ~> worker -> mail
SHOP = graph(
    [n("c", "client"), n("lb", "load_balancer"), n("api1", "service", x=10, y=10),
     n("api2", "service", x=300, y=10), n("db", "database", x=20, y=20), n("q", "queue"),
     n("w", "worker"), n("mail", "external")],
    [e("c", "lb"), e("lb", "api1"), e("lb", "api2"), e("api1", "db"), e("api2", "db"),
     e("api1", "q", "async"), e("q", "w", "async"), e("w", "mail")],
)  # fmt: skip


def test_a_failed_lone_database_breaks_every_call_into_it():
    radius = blast_radius(SHOP, {"kind": "component", "id": "db"})
    assert radius["failed"] == ["db"]
    assert radius["broken_edges"] == ["api1-db", "api2-db"]
    assert radius["unreachable"] == []  # nothing lay behind the database


def test_one_of_two_instances_failing_loses_no_path():
    radius = blast_radius(SHOP, {"kind": "component", "id": "api1"})
    assert radius["unreachable"] == []  # api2 still reaches the database
    assert radius["broken_edges"] == ["lb-api1"]


def test_a_failed_only_entry_loses_everything_behind_it():
    radius = blast_radius(SHOP, {"kind": "component", "id": "lb"})
    assert radius["unreachable"] == ["api1", "api2", "db"]
    assert radius["affected"] == ["api1", "api2", "db", "lb"]


def test_a_queue_absorbs_the_failure_of_its_consumer():
    radius = blast_radius(SHOP, {"kind": "component", "id": "w"})
    assert radius["queues_absorbing"] == ["q"]
    assert radius["broken_edges"] == []  # the queue hands work over asynchronously


def test_a_zone_drill_fails_the_components_whose_centre_is_inside():
    zones = [{"id": "az1", "kind": "az", "label": "", "x": 0, "y": 0, "w": 100, "h": 100}]
    radius = blast_radius(SHOP, {"kind": "zone", "id": "az1"}, zones=zones)
    assert radius["failed"] == ["api1", "db"]
    assert radius["broken_edges"] == ["api2-db", "lb-api1"]


def test_a_surge_names_the_path_its_single_instances_and_the_queue():
    radius = blast_radius(SHOP, {"kind": "surge", "id": "lb", "factor": 10})
    assert radius["target"]["factor"] == 10
    assert radius["affected"] == ["api1", "api2", "db", "lb"]
    assert radius["single_instances"] == ["api1", "api2", "db"]
    assert radius["queues_absorbing"] == ["q"]


def test_an_unknown_target_is_refused():
    with pytest.raises(DrillTargetUnknown):
        blast_radius(SHOP, {"kind": "component", "id": "nope"})
    with pytest.raises(DrillTargetUnknown):
        blast_radius(SHOP, {"kind": "zone", "id": "nope"}, zones=[])


def test_load_splits_over_a_tier_and_the_database_primary_takes_every_write():
    report = capacity_report(SHOP, Estimates(peak_reads=3_000, peak_writes=6_000))
    api1, db = report["components"]["api1"], report["components"]["db"]
    assert (api1["reads"], api1["writes"]) == (1_500, 3_000)
    assert db["writes"] == 6_000
    assert db["write_capacity"] == 5_000
    assert report["over_capacity"] == ["api1", "api2", "db"]


def test_replicas_multiply_capacity_and_overrides_replace_the_default():
    scaled = graph(
        [n("c", "client"), n("api", "service", replicas=4), n("db", "database", replicas=2)],
        [e("c", "api"), e("api", "db")],
    )
    report = capacity_report(scaled, Estimates(peak_reads=7_000, peak_writes=100))
    assert report["components"]["api"]["capacity"] == 8_000
    assert report["over_capacity"] == []
    tight = capacity_report(scaled, Estimates(peak_reads=7_000), overrides={"api": 1_000})
    assert tight["over_capacity"] == ["api"]
    finding = capacity_findings(scaled, tight)[0]
    assert finding["nodes"] == ["api"]
    assert finding["utilisation"] == 1.75


def test_a_cache_in_front_leaves_the_database_the_misses():
    cached = graph(
        [n("c", "client"), n("api", "service", replicas=20), n("cache", "cache"),
         n("db", "database")],
        [e("c", "api"), e("api", "cache"), e("api", "db")],
    )  # fmt: skip
    report = capacity_report(cached, Estimates(peak_reads=30_000, peak_writes=300,
                                               cache_hit_rate=0.9))  # fmt: skip
    db = report["components"]["db"]
    assert db["reads"] == pytest.approx(3_000)
    assert db["writes"] == 300
    assert report["components"]["cache"]["writes"] == 0
    uncached = capacity_report(cached, Estimates(peak_reads=30_000, cache_hit_rate=0.0))
    assert uncached["over_capacity"] == ["db"]


def test_estimates_from_values_ignore_nonsense():
    assert Estimates.from_values({"peak_read_qps": "x", "peak_write_qps": -3,
                                  "cache_hit_rate": 7}) == Estimates(0, 0, 1.0)  # fmt: skip
