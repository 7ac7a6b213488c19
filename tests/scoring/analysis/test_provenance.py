"""Evidence records carry the seq at which the cited thing appeared, and labels, not ids."""

from __future__ import annotations

import json

from scoring.analysis import analyse

SESSION = {
    "board": {
        "nodes": [
            {"id": "n-mx4fz1huah5n", "kind": "database", "label": "Orders DB", "replicas": 1},
            {"id": "n-app", "kind": "client", "label": "App"},
        ],
        "edges": [{"id": "e-1", "from": "n-app", "to": "n-mx4fz1huah5n"}],
        "notes": {"deep_dive": "Writes go to Postgres.\nWe shard orders by customer id."},
    },
    "chat": [{"who": "candidate", "text": "Each call has a 2 s timeout.", "seq": 40}],
    "provenance": {
        "notes": {"deep_dive": [12, 31]},
        "nodes": {"n-mx4fz1huah5n": 7, "n-app": 3},
        "edges": {"e-1": 9},
    },
}


def test_notes_chat_and_diagram_evidence_carry_their_seq() -> None:
    report = analyse(SESSION)
    [shard] = [e for i in report["nfr"]["scalability"]["items"] for e in i["evidence"]] or (
        report["nfr"]["scalability"]["evidence"]
    )
    assert (shard["line"], shard["seq"]) == (2, 31)
    timeout = report["nfr"]["fault_tolerance"]
    records = timeout["evidence"] + [e for i in timeout["items"] for e in i["evidence"]]
    assert {(e["source"], e["seq"]) for e in records} == {("chat", 40)}
    [spof] = [f for f in report["critique"] if f["rule"] == "single_point_of_failure"]
    assert spof["evidence"][0]["seq"] == 7
    assert spof["evidence"][0]["labels"] == ["Orders DB"]


def test_messages_name_components_by_label_not_id() -> None:
    report = analyse(SESSION)
    messages = json.dumps([f["message"] for f in report["critique"]])
    assert "n-mx4fz1huah5n" not in messages
    assert "Orders DB" in messages


def test_bad_provenance_is_ignored() -> None:
    broken = {**SESSION, "provenance": {"notes": {"deep_dive": ["x", -1]}, "nodes": [1, 2]}}
    report = analyse(broken)
    records = [e for i in report["nfr"]["scalability"]["items"] for e in i["evidence"]]
    assert records
    assert all("seq" not in e for e in records)
