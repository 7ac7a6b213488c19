"""Property tests: analyse never crashes on random sessions and its output stays well-formed."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.analysis import analyse
from scoring.analysis.inputs import NODE_KINDS

STATUSES = {"covered", "partly", "missing"}
SEVERITIES = {"high", "medium", "low"}
RULES = {
    "single_point_of_failure", "read_path_without_cache", "deep_sync_chain", "async_work_without_queue",
    "unreachable_store", "orphan_component", "requirement_without_component",
}  # fmt: skip
WORDS = [
    "cache", "no", "not", "won't", "without", "replica", "replicas", "shard", "by", "p99", "under", "200",
    "ms", "99.9", "%", "rpo", "5", "minutes", "should", "be", "scalable", "secure", "highly", "available",
    "retry", "idempotency", "key", "standby", "failover", "tls", "token", "reads", "far", "exceed", "writes",
    "upload", "search", "stream", "in", "the", "background", "nothing", "no-op", "-", ",", ";", ".", "/a?b=c",
    "\n", "O(log n)", "read-heavy", "100:1", "if", "dies", "takes", "over", "É", "🙂",
]  # fmt: skip

text = st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join) | st.text(max_size=60)
node_ids = st.sampled_from([f"n{i}" for i in range(8)])
nodes = st.lists(
    st.fixed_dictionaries({
        "id": node_ids,
        "kind": st.sampled_from([*NODE_KINDS, "", "mystery"]),
        "label": text,
        "notes": text,
        "replicas": st.none() | st.integers(-1, 5),
        "x": st.none() | st.floats(allow_nan=True),
    }),
    max_size=8,
)  # fmt: skip
edges = st.lists(
    st.fixed_dictionaries({
        "id": st.sampled_from(["", "e1", "e2"]),
        "from": node_ids | st.just("ghost"),
        "to": node_ids,
        "label": text,
        "mode": st.sampled_from(["sync", "async", "weird"]),
    }),
    max_size=14,
)  # fmt: skip
sessions = st.fixed_dictionaries({
    "board": st.fixed_dictionaries({
        "nodes": nodes,
        "edges": edges,
        "notes": st.fixed_dictionaries(dict.fromkeys(("requirements", "estimates", "deep_dive", "free"), text)),
    }),
    "chat": st.lists(st.fixed_dictionaries({"who": st.sampled_from(["candidate", "interviewer"]),
                                            "text": text, "seq": st.integers(0, 99)}), max_size=4),
    "timeline": st.fixed_dictionaries({
        "phases": st.lists(st.fixed_dictionaries({
            "slug": st.sampled_from(["requirements", "high-level-design", "deep-dive", "wrap-up"]),
            "planned_minutes": st.integers(0, 20),
            "actual_seconds": st.none() | st.floats(0, 5000),
        }), max_size=4),
        "events": st.lists(st.fixed_dictionaries({
            "seq": st.integers(0, 50), "kind": st.sampled_from(["notes", "diagram", "chat"]),
            "section": st.sampled_from(["requirements", "estimates", None]),
        }), max_size=6),
    }),
    "scorecard": st.none() | st.fixed_dictionaries({"criteria": st.lists(st.fixed_dictionaries({
        "slug": st.just("c"), "phase_slug": st.sampled_from(["deep-dive", None]), "weight": st.integers(1, 5),
        "score": st.none() | st.integers(0, 5),
    }), max_size=3)}),
    "question": st.fixed_dictionaries({"nfr_focus": st.dictionaries(
        st.sampled_from(["latency", "availability", "security"]), st.integers(1, 3))}),
})  # fmt: skip


def check_report(report: dict[str, Any]) -> None:
    json.dumps(report)
    for category in report["nfr"].values():
        assert category["status"] in STATUSES
        assert 0 <= category["score"] <= 100
        assert all(item["status"] in STATUSES for item in category["items"])
        if category["status"] == "missing":
            assert all(item["status"] == "missing" for item in category["items"])
    for finding in report["critique"]:
        assert finding["rule"] in RULES
        assert finding["severity"] in SEVERITIES
    scores = report["scores"]
    assert 0 <= scores["overall"] <= 100
    assert all(p["score"] is None or 0 <= p["score"] <= 100 for p in scores["phases"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions)
def test_analyse_never_crashes_and_output_is_well_formed(session: dict[str, Any]) -> None:
    check_report(analyse(session))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions, st.randoms(use_true_random=False))
def test_node_and_edge_order_never_changes_the_report(session: dict[str, Any], rng: Any) -> None:
    expected = json.dumps(analyse(session))
    rng.shuffle(session["board"]["nodes"])
    rng.shuffle(session["board"]["edges"])
    assert json.dumps(analyse(session)) == expected
