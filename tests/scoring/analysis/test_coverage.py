"""Item and category status, evidence and the category score."""

from __future__ import annotations

from typing import Any

import pytest

from scoring.analysis import analyse


def item(
    slug: str, phrases: list[str] | None = None, patterns: list[str] | None = None, **kw: Any
) -> dict[str, Any]:
    return {
        "slug": slug,
        "statement": kw.get("statement", "A checklist item."),
        "weight": kw.get("weight", 2),
        "cues": {"phrases": phrases or [], "patterns": patterns or []},
        "study": kw.get("study", []),
    }


def run(
    notes: dict[str, str] | None = None,
    checklists: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    board = {"nodes": extra.pop("nodes", []), "edges": extra.pop("edges", []), "notes": notes or {}}
    return analyse({"board": board, "checklists": checklists or [], **extra})


LATENCY = [
    {"slug": "latency", "name": "Latency", "items": [item("cache-hot-reads", ["cache", "redis"])]}
]
CACHED_BOARD = {
    "nodes": [
        {"id": "web", "kind": "client"},
        {"id": "api", "kind": "service", "replicas": 2},
        {"id": "c", "kind": "cache", "replicas": 2},
    ],
    "edges": [{"id": "e1", "from": "web", "to": "api"}, {"id": "e2", "from": "api", "to": "c"}],
}


def test_cue_phrase_in_notes_covers_item_with_line_evidence() -> None:
    notes = {
        "deep_dive": "Writes go to Postgres.\n\nReads are served from a cache in front of Postgres."
    }
    report = run(notes, LATENCY)
    result = report["nfr"]["latency"]["items"][0]
    assert result["status"] == "covered"
    assert result["evidence"][0] == {
        "source": "notes",
        "section": "deep_dive",
        "line": 3,
        "text": "Reads are served from a cache in front of Postgres.",
        "matched": "cache",
        "cue": "caching: cache",
        "strength": "strong",
        "highlights": [[24, 29]],  # "cache"
        "mechanisms": ["caching"],
    }
    assert report["nfr"]["latency"]["status"] == "covered"


def test_negated_mechanism_does_not_count() -> None:
    report = run({"deep_dive": "We won't add a cache for now."}, LATENCY)
    assert report["nfr"]["latency"]["status"] == "missing"


def test_diagram_pattern_alone_is_partly() -> None:
    checklists = [
        {
            "slug": "latency",
            "name": "Latency",
            "items": [item("hot", ["cache"], ["cache_on_read_path"])],
        }
    ]
    report = run({}, checklists, **CACHED_BOARD)
    result = report["nfr"]["latency"]["items"][0]
    assert result["status"] == "partly"
    assert result["evidence"] == [
        {
            "source": "diagram",
            "nodes": ["api", "c"],
            "edges": ["e2"],
            "pattern": "cache_on_read_path",
            "strength": "weak",
            "labels": ["service", "cache"],  # nodes without a label are named by their kind
        }
    ]
    assert report["nfr"]["latency"]["status"] == "partly"


def test_product_name_alone_is_no_evidence() -> None:
    """The cue "redis" matches, but a product name is not a mechanism: nothing is cited."""
    report = run({"deep_dive": "The app reads ranks only from Redis."}, LATENCY)
    assert report["nfr"]["latency"]["items"][0]["status"] == "missing"
    assert report["nfr"]["latency"]["items"][0]["evidence"] == []


def test_candidate_chat_statement_counts_and_interviewer_chat_and_questions_do_not() -> None:
    chat = [
        {"who": "interviewer", "text": "Would you add a cache?", "seq": 4},
        {"who": "candidate", "text": "Should we put a cache in front of it?", "seq": 5},
    ]
    assert run({}, LATENCY, chat=chat)["nfr"]["latency"]["status"] == "missing"
    chat.append({"who": "candidate", "text": "Yes, a cache in front of the database.", "seq": 6})
    report = run({}, LATENCY, chat=chat)
    result = report["nfr"]["latency"]["items"][0]
    assert result["status"] == "covered"
    assert [(e["source"], e["seq"]) for e in result["evidence"]] == [("chat", 6)]


def test_chat_that_only_names_qualities_counts_for_nothing() -> None:
    chat = [
        {"who": "candidate", "text": "Security and latency are really important here.", "seq": 1}
    ]
    report = run({}, [], chat=chat)
    assert report["nfr"]["security"]["status"] == "missing"
    assert report["nfr"]["latency"]["status"] == "missing"


def test_node_notes_are_strong_and_labels_are_weak() -> None:
    nodes = [{"id": "db", "kind": "database", "label": "Postgres + standby", "notes": ""}]
    weak = run({}, [], nodes=nodes)
    assert weak["nfr"]["availability"]["status"] == "partly"
    nodes[0]["notes"] = "Synchronous standby in another zone with automatic failover."
    strong = run({}, [], nodes=nodes)
    assert strong["nfr"]["availability"]["status"] == "covered"
    evidence = strong["nfr"]["availability"]["items"][0]["evidence"][0]
    assert (evidence["source"], evidence["nodes"], evidence["pattern"]) == (
        "diagram",
        ["db"],
        "node_notes",
    )


def test_naming_cue_phrase_does_not_count_in_a_naming_statement() -> None:
    checklists = [
        {
            "slug": "availability",
            "name": "A",
            "items": [item("ha", ["highly available", "failover"])],
        }
    ]
    assert (
        run({"requirements": "The API should be highly available."}, checklists)["nfr"][
            "availability"
        ]["status"]
        == "missing"
    )
    stated = run(
        {"deep_dive": "The API is highly available across three zones behind a failover pair."},
        checklists,
    )
    assert stated["nfr"]["availability"]["status"] == "covered"


def test_builtin_recogniser_covers_category_without_matching_item() -> None:
    checklists = [
        {
            "slug": "security",
            "name": "Security",
            "items": [item("audit", ["audit log"], statement="Audits.")],
        }
    ]
    report = run({"deep_dive": "All traffic uses TLS."}, checklists)
    category = report["nfr"]["security"]
    assert category["items"][0]["status"] == "missing"
    assert category["status"] == "covered"
    assert category["evidence"][0]["matched"] == "TLS"


def test_builtin_recogniser_is_attributed_to_a_related_item() -> None:
    checklists = [{"slug": "security", "name": "Security", "items": [
        item("encryption", statement="Traffic is encrypted in transit."),
        item("audit", statement="Audits."),
    ]}]  # fmt: skip
    report = run({"deep_dive": "Clients connect over TLS; data is encrypted at rest."}, checklists)
    statuses = {i["slug"]: i["status"] for i in report["nfr"]["security"]["items"]}
    assert statuses == {"encryption": "covered", "audit": "missing"}
    assert report["nfr"]["security"]["evidence"] == []


def test_quantified_target_covers_without_mechanism() -> None:
    report = run({"requirements": "p99 under 150 ms for the feed."}, [])
    latency = report["nfr"]["latency"]
    assert latency["status"] == "covered"
    target = latency["items"][0]["evidence"][0]
    assert (target["section"], target["line"], target["matched"]) == (
        "requirements",
        1,
        "p99 under 150 ms",
    )


def test_p99_without_number_is_not_a_target() -> None:
    assert (
        run({"requirements": "The p99 latency matters most."}, [])["nfr"]["latency"]["status"]
        == "missing"
    )


@pytest.mark.parametrize(
    ("statuses", "weights", "expected"),
    [
        # category covered; items 3 covered + 1 missing: 100 x (0.5 + 0.5 x 3/4)
        (["covered", "missing"], [3, 1], 87.5),
        # category partly; one partly item: 100 x (0.25 + 0.25)
        (["partly"], [2], 50.0),
    ],
)
def test_category_score_formula(statuses: list[str], weights: list[int], expected: float) -> None:
    phrases = {"covered": ["shard"], "partly": ["kafka"], "missing": ["quorum"]}
    items = [
        item(f"i{n}", phrases[s], weight=w)
        for n, (s, w) in enumerate(zip(statuses, weights, strict=True))
    ]
    report = run(
        {"deep_dive": "We shard by user id and use Kafka."},
        [{"slug": "custom", "name": "C", "items": items}],
    )
    category = report["nfr"]["custom"]
    assert [i["status"] for i in category["items"]] == statuses
    assert category["score"] == expected


def test_study_next_lists_missing_items_heaviest_first() -> None:
    checklists = [{"slug": "custom", "name": "C", "items": [
        item("light", ["quorum"], weight=1, study=["consensus", "shared"]),
        item("heavy", ["raft"], weight=3, study=["shared", "leader-election"]),
        item("done", ["shard"], weight=3, study=["partitioning"]),
    ]}]  # fmt: skip
    report = run({"deep_dive": "We shard by tenant."}, checklists)
    assert report["study_next"] == ["shared", "leader-election", "consensus"]


def test_unknown_cue_pattern_is_reported_as_warning() -> None:
    checklists = [{"slug": "custom", "name": "C", "items": [item("x", [], ["made_up_pattern"])]}]
    assert (
        "unknown diagram pattern 'made_up_pattern' in cues of custom/x"
        in run({}, checklists)["warnings"]
    )


def test_default_checklist_is_used_when_none_given() -> None:
    report = run({}, [])
    assert list(report["nfr"]) == [
        "scalability", "performance", "latency", "reliability", "availability",
        "fault_tolerance", "consistency", "security", "disaster_recovery", "observability",
    ]  # fmt: skip
    assert any("default checklist" in w for w in report["warnings"])
