"""Each critique rule fires where it should and stays silent where it should not."""

from __future__ import annotations

from typing import Any

import pytest

from scoring.analysis import AnalysisConfig, analyse


def node(node_id: str, kind: str, replicas: int | None = 2, label: str = "") -> dict[str, Any]:
    return {"id": node_id, "kind": kind, "replicas": replicas, "label": label or node_id}


def edge(source: str, target: str, mode: str = "sync") -> dict[str, Any]:
    return {"id": f"{source}-{target}", "from": source, "to": target, "mode": mode}


def findings(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], notes: dict[str, str] | None = None,
             **config: Any) -> list[dict[str, Any]]:  # fmt: skip
    report = analyse(
        {"board": {"nodes": nodes, "edges": edges, "notes": notes or {}}},
        config=AnalysisConfig(**config) if config else None,
    )
    return report["critique"]


def rules(found: list[dict[str, Any]]) -> list[str]:
    return [f["rule"] for f in found]


BASE_NODES = [
    node("app", "client", None),
    node("lb", "load_balancer", None),
    node("api", "service"),
    node("db", "database"),
]
BASE_EDGES = [edge("app", "lb"), edge("lb", "api"), edge("api", "db")]


def test_clean_design_has_no_findings() -> None:
    assert findings(BASE_NODES, BASE_EDGES) == []


def test_single_point_of_failure_cites_the_node_and_its_incoming_edge() -> None:
    nodes = [*BASE_NODES[:3], node("db", "database", 1, "Orders DB")]
    [spof] = findings(nodes, BASE_EDGES)
    assert spof["rule"] == "single_point_of_failure"
    assert spof["severity"] == "high"
    assert (spof["nodes"], spof["edges"]) == (["db"], ["api-db"])
    assert "'Orders DB'" in spof["message"]
    assert "(db)" not in spof["message"]  # ids are internal: messages name components by label
    assert spof["evidence"][0]["pattern"] == "single_instance_on_request_path"


READ_HEAVY = {
    "requirements": "Short links are created rarely.\nRedirects vastly outnumber shortenings."
}


def test_read_path_without_cache_fires_with_the_read_heavy_line() -> None:
    [finding] = findings(BASE_NODES, BASE_EDGES, READ_HEAVY)
    assert finding["rule"] == "read_path_without_cache"
    assert finding["nodes"] == ["db"]
    assert finding["evidence"][0]["section"] == "requirements"
    assert finding["evidence"][0]["line"] == 2
    assert finding["evidence"][0]["matched"] == "Redirects vastly outnumber shortenings"


@pytest.mark.parametrize(
    "requirements",
    ["The workload is read-heavy.", "Read:write ratio is about 100:1.", "Reads far exceed writes."],
)
def test_read_heavy_wordings(requirements: str) -> None:
    assert rules(findings(BASE_NODES, BASE_EDGES, {"requirements": requirements})) == [
        "read_path_without_cache"
    ]


@pytest.mark.parametrize(
    "requirements",
    ["Writes far exceed reads.", "Read:write ratio is 2:1.", "Reads and writes are balanced."],
)
def test_not_read_heavy(requirements: str) -> None:
    assert findings(BASE_NODES, BASE_EDGES, {"requirements": requirements}) == []


def test_cache_on_the_read_path_silences_read_path_rule() -> None:
    nodes = [*BASE_NODES, node("cache", "cache")]
    assert findings(nodes, [*BASE_EDGES, edge("api", "cache")], READ_HEAVY) == []


def test_cache_stated_in_notes_silences_read_path_rule_but_negated_one_does_not() -> None:
    stated = {**READ_HEAVY, "deep_dive": "Hot links are cached in Redis."}
    assert findings(BASE_NODES, BASE_EDGES, stated) == []
    negated = {**READ_HEAVY, "deep_dive": "No cache for now."}
    assert rules(findings(BASE_NODES, BASE_EDGES, negated)) == ["read_path_without_cache"]


def test_deep_sync_chain_respects_threshold() -> None:
    chain_nodes = [node("app", "client", None)] + [node(f"s{i}", "service") for i in range(5)]
    chain_edges = [edge("app", "s0")] + [edge(f"s{i}", f"s{i + 1}") for i in range(4)]
    [finding] = findings(chain_nodes, chain_edges)
    assert finding["rule"] == "deep_sync_chain"
    assert finding["nodes"] == ["app", "s0", "s1", "s2", "s3", "s4"]
    assert len(finding["edges"]) == 5
    assert findings(chain_nodes, chain_edges, deep_sync_threshold=5) == []
    # Turning one hop async breaks the chain.
    chain_edges[2] = edge("s1", "s2", "async")
    assert "deep_sync_chain" not in rules(findings(chain_nodes, chain_edges))


def test_async_work_without_queue_from_notes_and_from_async_edges() -> None:
    notes = {"requirements": "Uploaded videos are transcoded in the background."}
    from_notes = findings(BASE_NODES, BASE_EDGES, notes)
    assert "async_work_without_queue" in rules(from_notes)
    nodes = [*BASE_NODES, node("mail", "service")]
    from_edges = findings(nodes, [*BASE_EDGES, edge("api", "mail", "async")])
    [finding] = [f for f in from_edges if f["rule"] == "async_work_without_queue"]
    assert finding["edges"] == ["api-mail"]


def test_async_work_with_a_queue_is_fine() -> None:
    nodes = [*BASE_NODES, node("q", "queue"), node("w", "worker")]
    edges = [*BASE_EDGES, edge("api", "q", "async"), edge("q", "w", "async")]
    notes = {"requirements": "Expired sessions are purged in the background."}
    assert findings(nodes, edges, notes) == []


def test_negated_background_work_is_not_async_work() -> None:
    notes = {"deep_dive": "Nothing runs in the background; no async jobs."}
    assert findings(BASE_NODES, BASE_EDGES, notes) == []


def test_unreachable_store() -> None:
    nodes = [*BASE_NODES, node("archive", "object_store", None), node("cache", "cache")]
    edges = [*BASE_EDGES, edge("archive", "cache")]
    found = findings(nodes, edges)
    assert [(f["rule"], f["nodes"]) for f in found] == [
        ("unreachable_store", ["archive"]),
        ("unreachable_store", ["cache"]),
    ]


def test_orphan_component() -> None:
    found = findings([*BASE_NODES, node("search", "search")], BASE_EDGES)
    assert [(f["rule"], f["severity"], f["nodes"]) for f in found] == [
        ("orphan_component", "low", ["search"])
    ]


def test_requirement_without_component() -> None:
    notes = {"requirements": "Users upload photos.\nUsers can search captions.\nNo payments in v1."}
    found = [
        f
        for f in findings(BASE_NODES, BASE_EDGES, notes)
        if f["rule"] == "requirement_without_component"
    ]
    assert [f["message"].split(" (")[0] for f in found] == [
        "The requirements mention search",
        "The requirements mention upload",
    ]
    assert found[0]["evidence"][0]["line"] == 2


def test_requirement_served_by_kind_or_label() -> None:
    nodes = [
        *BASE_NODES,
        node("s3", "object_store", None),
        node("idx", "service", 2, "Caption search service"),
    ]
    edges = [*BASE_EDGES, edge("api", "s3"), edge("api", "idx")]
    notes = {"requirements": "Users upload photos and search captions."}
    assert findings(nodes, edges, notes) == []


def test_findings_are_sorted_by_severity_then_rule() -> None:
    nodes = [*BASE_NODES[:3], node("db", "database", 1), node("lonely", "cache")]
    found = findings(nodes, BASE_EDGES, READ_HEAVY)
    assert rules(found) == [
        "single_point_of_failure",
        "read_path_without_cache",
        "orphan_component",
    ]
