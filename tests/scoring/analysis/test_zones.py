"""Zones on the board: membership by a component's centre, and the findings they bring."""

from __future__ import annotations

from typing import Any

from scoring.analysis import analyse
from scoring.analysis.zones import parse_zones, zone_membership


def node(node_id: str, x: float, y: float, kind: str = "service", replicas: int | None = None):
    return {"id": node_id, "kind": kind, "label": node_id, "x": x, "y": y, "replicas": replicas}


def zone(zone_id: str, kind: str, x: float, y: float, w: float, h: float, label: str = ""):
    return {"id": zone_id, "kind": kind, "label": label or zone_id, "x": x, "y": y, "w": w, "h": h}


def report(board: dict[str, Any], requirements: str = "", chat: str = "") -> dict[str, Any]:
    messages = [{"who": "candidate", "text": chat, "seq": 1}] if chat else []
    return analyse({"board": {**board, "notes": {"requirements": requirements}}, "chat": messages})


def rules(found: dict[str, Any]) -> list[str]:
    return [f["rule"] for f in found["critique"]]


def test_membership_is_by_centre_nested_zones_included_largest_first():
    board = {
        "nodes": [
            node("api", 100, 100),
            node("db", 450, 100),
            node("edge", 100, 0),
            node("out", 900, 900),
        ],
        "zones": [
            zone("az-a", "az", 50, 50, 200, 200),
            zone("region", "region", 0, 0, 800, 400),
            zone("vpc", "vpc", 400, 50, 100, 100),
        ],
    }
    assert zone_membership(board) == {
        "api": ["region", "az-a"],
        "db": ["region", "vpc"],
        "edge": ["region"],
        "out": [],
    }


def test_the_edge_of_a_zone_is_inside_and_malformed_zones_are_skipped():
    board = {"nodes": [node("n", 200, 200)], "zones": [zone("z", "dc", 0, 0, 200, 200)]}
    assert zone_membership(board) == {"n": ["z"]}
    bad = [
        {"id": "k", "kind": "planet", "x": 0, "y": 0, "w": 9, "h": 9},
        {"id": "w", "kind": "az", "x": 0, "y": 0, "w": -1, "h": 9},
        {"id": "s", "kind": "az", "x": "0", "y": 0, "w": 9, "h": 9},
        {"kind": "az", "x": 0, "y": 0, "w": 9, "h": 9},
        "junk",
    ]
    assert parse_zones(bad) == ()
    assert zone_membership({"nodes": [node("n", 1, 1)]}) == {"n": []}


def test_replicas_in_one_az_are_a_finding_and_spreading_them_clears_it():
    zones = [zone("a", "az", 0, 0, 400, 400, "AZ a"), zone("b", "az", 500, 0, 400, 400, "AZ b")]
    crowded = {"nodes": [node("db", 100, 100, "database", replicas=3)], "zones": zones}
    found = report(crowded)
    [hit] = [f for f in found["critique"] if f["rule"] == "replicas_in_one_zone"]
    assert hit["nodes"] == ["db"]
    assert "AZ a" in hit["message"]
    assert "3 replicas" in hit["message"]
    # The same design without zones has no zone finding: zones change the analysis.
    assert "replicas_in_one_zone" not in rules(report({"nodes": crowded["nodes"]}))
    # One copy drawn in each AZ is spread.
    spread = {
        "nodes": [
            node("db", 100, 100, "database", replicas=2),
            node("db-b", 600, 100, "database", replicas=2),
        ],
        "zones": zones,
    }
    assert "replicas_in_one_zone" not in rules(report(spread))
    one_zone = {"nodes": crowded["nodes"], "zones": zones[:1]}
    assert "replicas_in_one_zone" not in rules(report(one_zone)), (
        "one AZ drawn: nothing to spread over"
    )


def test_multi_region_claimed_with_one_region_drawn_is_a_finding():
    board = {
        "nodes": [node("api", 100, 100, replicas=2)],
        "zones": [zone("eu", "region", 0, 0, 600, 400, "eu-west-1")],
    }
    found = report(board, requirements="- Multi-region active-active for availability")
    [hit] = [f for f in found["critique"] if f["rule"] == "multi_region_claim_one_region"]
    assert "eu-west-1" in hit["message"]
    assert any(e["source"] == "notes" for e in hit["evidence"])
    two = {**board, "zones": [*board["zones"], zone("us", "region", 700, 0, 600, 400)]}
    assert "multi_region_claim_one_region" not in rules(
        report(two, requirements="- Multi-region active-active")
    )
    assert "multi_region_claim_one_region" not in rules(report(board, requirements="- One region"))
    assert "multi_region_claim_one_region" not in rules(
        report(board, requirements="- We do not need multi-region")
    ), "a declined claim is no claim"
    chat_claim = report(board, chat="I'd make it multi-region later")
    assert "multi_region_claim_one_region" in rules(chat_claim)


def test_sticky_notes_on_the_board_are_read_as_the_candidates_text():
    board = {
        "nodes": [node("api", 100, 100, replicas=2)],
        "zones": [zone("eu", "region", 0, 0, 600, 400)],
        "texts": [
            {"id": "t1", "style": "sticky", "text": "Geo-replicated across regions", "x": 0, "y": 0}
        ],
    }
    [hit] = [f for f in report(board)["critique"] if f["rule"] == "multi_region_claim_one_region"]
    assert any(e.get("texts") == ["t1"] for e in hit["evidence"])
