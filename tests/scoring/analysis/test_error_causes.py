"""One small case for each cause of error found on unseen labelled sessions (analysis 2.0)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from scoring.analysis import analyse

PACK_NFR = Path(__file__).resolve().parents[3] / "content" / "packs" / "core" / "nfr.yaml"
PACK = yaml.safe_load(PACK_NFR.read_text())["nfr_categories"] if PACK_NFR.is_file() else []


def run(
    deep_dive: str = "",
    *,
    requirements: str = "",
    chat: list[dict[str, Any]] | None = None,
    nodes: list[dict[str, Any]] | None = None,
    edges: list[dict[str, Any]] | None = None,
    checklists: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    board = {
        "nodes": nodes or [],
        "edges": edges or [],
        "notes": {"requirements": requirements, "deep_dive": deep_dive},
    }
    return analyse({"board": board, "chat": chat or [], "checklists": checklists or []})


def status(report: dict[str, Any], category: str) -> str:
    return str(report["nfr"][category]["status"])


def cited_lines(report: dict[str, Any], category: str) -> set[int]:
    records = list(report["nfr"][category]["evidence"])
    records += [e for item in report["nfr"][category]["items"] for e in item["evidence"]]
    return {e["line"] for e in records if e["source"] == "notes"}


@pytest.mark.parametrize("checklists", [[], PACK], ids=["default", "pack"])
@pytest.mark.parametrize(
    "text",
    [
        "Messages are ordered by a per-conversation sequence number assigned by the owner.",
        "The stock check and decrement run as one atomic Lua script in Redis.",
        "When two devices edit offline, the later commit is saved as a conflicted copy.",
    ],
)
def test_paraphrased_consistency_mechanisms(text: str, checklists: list[dict[str, Any]]) -> None:
    assert status(run(text, checklists=checklists), "consistency") == "covered"


@pytest.mark.parametrize("checklists", [[], PACK], ids=["default", "pack"])
@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Providers answer 429 with a Retry-After header, which we log.", "reliability"),
        ("Providers answer 429 with a Retry-After header, which we log.", "fault_tolerance"),
        ("comments(id, article_id, author_id, body) and the author_id is shown.", "security"),
        ("The primary runs with a synchronous standby in the same zone.", "performance"),
        ("The primary runs with a synchronous standby in the same zone.", "latency"),
        ("accounts(id, balance, version); the version column is shown in the admin page.",
         "disaster_recovery"),
        ("The stream job joins snapshots of the campaign table to tag each click.",
         "disaster_recovery"),
        ("Workers consume the topic and write rows to the database.", "scalability"),
    ],
)  # fmt: skip
def test_words_that_only_look_like_mechanisms(
    text: str, category: str, checklists: list[dict[str, Any]]
) -> None:
    assert status(run(text, checklists=checklists), category) != "covered"


@pytest.mark.parametrize(
    "text",
    [
        "We will not, at least for now, add a cache.",
        "We can add a cache later if reads grow.",
        "A CDN and a cache in v2.",
        "We considered caching search results, but availability changes too often.",
        "We read Postgres directly instead of caching.",
    ],
)
def test_negated_deferred_and_rejected_caches_do_not_count(text: str) -> None:
    report = run(text, checklists=PACK)
    assert status(report, "latency") != "covered"
    assert report["nfr"]["latency"]["declined"], "the mention is shown as declined"


def test_a_bare_list_of_quality_names_covers_nothing() -> None:
    report = run(requirements="Non-functional requirements: strongly consistent, durable.")
    assert status(report, "consistency") == "missing"
    assert status(report, "reliability") == "missing"
    also = run(requirements="- NFRs: highly available, low latency, scalable")
    assert {status(also, c) for c in ("availability", "latency", "scalability")} == {"missing"}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Blocks get cross-region replicaton to a second region.", "disaster_recovery"),
        ("Hot reads are served from a cahce in front of the database.", "latency"),
        ("Writes carry an idempotancy key.", "reliability"),
    ],
)
def test_misspelled_mechanisms_match(text: str, category: str) -> None:
    assert status(run(text), category) == "covered"


def test_a_misspelling_is_never_mapped_onto_another_real_word() -> None:
    """'shared' is one edit from 'shard', 'lease' from 'least': real words stay themselves."""
    assert status(run("Sessions are shared between tabs."), "scalability") == "missing"


def test_failover_to_a_second_provider_serves_availability_and_fault_tolerance() -> None:
    report = run("When the SMS provider errors, the sender fails over to the second provider.")
    assert status(report, "availability") == "covered"
    assert status(report, "fault_tolerance") == "covered"


def test_cross_region_replication_also_serves_disaster_recovery() -> None:
    report = run("The database is replicated asynchronously to a second region.")
    assert {
        status(report, c) for c in ("availability", "fault_tolerance", "disaster_recovery")
    } == {"covered"}
    assert status(report, "performance") != "covered"  # asynchronous replication is not offloading


def test_backups_serve_disaster_recovery_only() -> None:
    report = run("The orders table is backed up nightly to object storage.")
    assert status(report, "disaster_recovery") == "covered"
    assert status(report, "availability") == "missing"


NODES_BEHIND_QUEUE = [
    {"id": "app", "kind": "client"},
    {"id": "api", "kind": "service", "replicas": 3},
    {"id": "q", "kind": "queue", "replicas": 3},
    {"id": "w", "kind": "worker", "label": "Senders", "replicas": 4},
    {"id": "db", "kind": "database", "label": "Preferences", "replicas": 1},
    {"id": "sched", "kind": "service", "label": "Scheduler"},
    {"id": "batch", "kind": "worker", "label": "Nightly report job", "replicas": 1},
    {"id": "dw", "kind": "database", "label": "Reports DB", "replicas": 1},
]
EDGES_BEHIND_QUEUE = [
    {"from": "app", "to": "api"},
    {"from": "api", "to": "q", "mode": "async"},
    {"from": "q", "to": "w", "mode": "async"},
    {"from": "w", "to": "db"},
    {"from": "sched", "to": "q", "mode": "async"},
    {"from": "batch", "to": "dw"},
]


def test_spofs_behind_queues_and_scheduled_components_but_not_offline_jobs() -> None:
    report = run(nodes=NODES_BEHIND_QUEUE, edges=EDGES_BEHIND_QUEUE)
    assert report["diagram"]["spof"] == ["db", "sched"]


@pytest.mark.parametrize(
    "requirements",
    [
        "Reads are about 100 times more than writes.",
        "For every post there are about 200 views.",
        "A hundred reads per write.",
        "Peak: 50k reads/s and 1.2k writes/s.",
    ],
)
def test_read_heavy_ratios_in_words(requirements: str) -> None:
    nodes = [
        {"id": "app", "kind": "client"},
        {"id": "api", "kind": "service", "replicas": 2},
        {"id": "db", "kind": "database", "replicas": 2},
    ]
    edges = [{"from": "app", "to": "api"}, {"from": "api", "to": "db"}]
    report = run(requirements=requirements, nodes=nodes, edges=edges)
    assert "read_path_without_cache" in [f["rule"] for f in report["critique"]]


def test_rpo_rto_item_is_not_covered_by_a_snapshot_word() -> None:
    report = run("Nightly snapshots of the database are copied to object storage.", checklists=PACK)
    items = {i["slug"]: i for i in report["nfr"]["disaster_recovery"]["items"]}
    assert items["backups"]["status"] == "covered"
    assert items["rpo-rto"]["status"] == "missing"
    assert items["rpo-rto"]["evidence"] == []


def test_a_refused_cache_is_declined_not_evidence() -> None:
    chat = [
        {"who": "interviewer", "text": "Would you put a cache in front of search?", "seq": 3},
        {"who": "candidate", "text": "Not yet. A cache would help reads, but I'd measure first.",
         "seq": 4},
    ]  # fmt: skip
    report = run(chat=chat, checklists=PACK)
    latency = report["nfr"]["latency"]
    assert latency["status"] == "missing"
    assert all(not item["evidence"] for item in latency["items"])
    assert [(d["source"], d["seq"], d["declined"]) for d in latency["declined"]] == [
        ("chat", 4, "deferred")
    ]


def test_one_line_is_cited_once_with_every_matched_word_highlighted() -> None:
    line = "Consistency: a conditional update plus a row lock inside a transaction."
    report = run(line, checklists=PACK)
    consistency = report["nfr"]["consistency"]
    records = consistency["evidence"] + [e for i in consistency["items"] for e in i["evidence"]]
    per_list = [consistency["evidence"], *(i["evidence"] for i in consistency["items"])]
    assert all(len({(e["section"], e["line"]) for e in lst}) == len(lst) for lst in per_list)
    words = {e["text"][a:b] for e in records for a, b in e["highlights"]}
    assert {"conditional update", "row lock", "transaction"} <= words


def test_evidence_cites_only_lines_carrying_a_mechanism_of_the_category() -> None:
    notes = "Snapshots of the board are kept for the replay.\nWe shard by tenant id."
    report = run(notes, checklists=PACK)
    assert cited_lines(report, "scalability") == {2}
    assert status(report, "disaster_recovery") == "missing"
