"""Process report (time, order of work, hints, curveballs) and the score formulas."""

from __future__ import annotations

from typing import Any

import pytest

from scoring.analysis import analyse


def phase(slug: str, planned: float, actual_seconds: float | None) -> dict[str, Any]:
    return {
        "slug": slug,
        "name": slug.title(),
        "planned_minutes": planned,
        "actual_seconds": actual_seconds,
    }


def test_phase_overrun_and_status() -> None:
    timeline = {"phases": [phase("requirements", 5, 540), phase("high-level-design", 20, 1200), phase("wrap-up", 5, None),
                           phase("deep-dive", 10, 240), phase("q-and-a", 5, 0)]}  # fmt: skip
    process = analyse({"timeline": timeline})["process"]
    assert process["phases"][0] == {
        "slug": "requirements",
        "name": "Requirements",
        "planned_minutes": 5,
        "actual_minutes": 9.0,
        "overrun_minutes": 4.0,
        "overrun_pct": 80,
        "status": "over",
        "started_seq": None,  # the replay link of a phase tag; unknown here
    }
    assert [p["status"] for p in process["phases"]] == [
        "over",
        "on_time",
        "unknown",
        "under",
        "skipped",
    ]
    assert process["planned_total_minutes"] == 45
    assert process["actual_total_minutes"] == 33.0


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        (
            [{"seq": 3, "kind": "notes", "section": "requirements"}, {"seq": 9, "kind": "diagram"}],
            True,
        ),
        (
            [
                {"seq": 12, "kind": "notes", "section": "requirements"},
                {"seq": 9, "kind": "diagram"},
            ],
            False,
        ),
        ([{"seq": 12, "kind": "notes", "section": "requirements"}], True),
        ([{"seq": 9, "kind": "diagram"}], False),
        ([{"seq": 1, "kind": "chat"}], None),
    ],
)
def test_requirements_before_design_from_events(
    events: list[dict[str, Any]], expected: bool | None
) -> None:
    result = analyse({"timeline": {"events": events}})["process"]["requirements_before_design"]
    assert result["value"] is expected


def test_requirements_before_design_cites_the_deciding_events() -> None:
    events = [
        {"seq": 20, "kind": "diagram"},
        {"seq": 7, "kind": "notes", "section": "requirements"},
        {"seq": 30, "kind": "notes", "section": "estimates"},
    ]
    process = analyse({"timeline": {"events": events}})["process"]
    assert process["requirements_before_design"] == {
        "value": True,
        "evidence": [
            {"source": "timeline", "seq": 7, "event": "first requirements notes"},
            {"source": "timeline", "seq": 20, "event": "first diagram operation"},
        ],
    }
    assert process["estimates_before_design"]["value"] is False


def test_requirements_before_design_falls_back_to_snapshots() -> None:
    snapshots = [
        {"phase_slug": "requirements", "board": {"notes": {"requirements": "Shorten URLs."}}},
        {"phase_slug": "high-level-design", "board": {"nodes": [{"id": "a", "kind": "service"}],
                                                      "notes": {"requirements": "Shorten URLs."}}},
    ]  # fmt: skip
    result = analyse({"snapshots": snapshots})["process"]["requirements_before_design"]
    assert result["value"] is True
    assert result["evidence"][1] == {
        "source": "snapshot",
        "phase_slug": "high-level-design",
        "event": "first diagram",
    }


def test_hints_and_curveballs() -> None:
    process = analyse({
        "hints_revealed": ["Think about caching", 2],
        "curveballs": [{"text": "10x traffic", "handled": True}, {"text": "Region loss", "handled": False},
                       {"text": "GDPR", "handled": None}],
    })["process"]  # fmt: skip
    assert process["hints_used"] == 2
    assert {k: process["curveballs"][k] for k in ("total", "handled", "not_handled", "unknown")} == {
        "total": 3, "handled": 1, "not_handled": 1, "unknown": 1,
    }  # fmt: skip


LATENCY_CHECKLIST = [{"slug": "latency", "name": "Latency", "items": [
    {"slug": "cache", "statement": "Caches hot reads.", "weight": 3, "cues": {"phrases": ["cache"]}},
    {"slug": "edge", "statement": "Edge delivery.", "weight": 1, "cues": {"phrases": ["anycast"]}},
]}]  # fmt: skip


def scored_session(**extra: Any) -> dict[str, Any]:
    return {
        "board": {"notes": {"deep_dive": "Reads hit a cache."}},
        "checklists": LATENCY_CHECKLIST,
        "timeline": {"phases": [phase("deep-dive", 10, 900)]},
        "scorecard": {"criteria": [
            {"slug": "depth", "phase_slug": "deep-dive", "weight": 2, "score": 4},
            {"slug": "communication", "phase_slug": None, "weight": 1, "score": 1},
            {"slug": "unscored", "phase_slug": "deep-dive", "weight": 5, "score": None},
        ], "hire_signal": "lean_hire"},
        **extra,
    }  # fmt: skip


def test_known_input_gives_known_scores() -> None:
    scores = analyse(scored_session())["scores"]
    # Category: covered, items 3/4 of the weight covered -> 100 x (0.5 + 0.5 x 0.75) = 87.5.
    assert scores["coverage"] == 87.5
    # Scorecard: (2 x 100 + 1 x 0) / 3 = 66.67; overall = 0.6 x 66.67 + 0.4 x 87.5 = 75.
    assert scores["scorecard"] == 66.7
    assert scores["overall"] == 75.0
    assert scores["formula"]["overall"] == "overall = 0.6 × scorecard + 0.4 × coverage"
    assert scores["hire_signal"] == "lean_hire"
    # Deep dive: 15 of 10 minutes -> time discipline 100 x (2 - 1.5) / 0.9 = 55.56;
    # content = coverage 87.5; automated = 71.53; phase = 0.6 x 100 + 0.4 x 71.53 = 88.6.
    [deep] = scores["phases"]
    assert deep == {"slug": "deep-dive", "name": "Deep-Dive", "skipped": False, "scorecard": 100.0,
                    "time_discipline": 55.6, "content": 87.5, "automated": 71.5, "score": 88.6}  # fmt: skip


def test_a_skipped_phase_is_skipped_not_full_marks() -> None:
    session = scored_session(scorecard=None)
    session["timeline"]["phases"].append(phase("estimation", 5, 0))
    estimation = next(p for p in analyse(session)["scores"]["phases"] if p["slug"] == "estimation")
    assert estimation["skipped"] is True
    assert estimation["time_discipline"] is None
    assert estimation["score"] is None


def test_the_formulas_are_explained_in_plain_words() -> None:
    explanation = analyse(scored_session())["scores"]["explanation"]
    assert set(explanation) == {"overall", "coverage", "category", "scorecard", "phase"}
    assert "Latency" in explanation["coverage"]
    assert not any("×" in text or "Σ" in text for text in explanation.values())


def test_without_scorecard_overall_is_coverage() -> None:
    scores = analyse(scored_session(scorecard=None))["scores"]
    assert scores["overall"] == scores["coverage"] == 87.5
    assert scores["scorecard"] is None
    assert scores["formula"]["overall"].startswith("overall = 1.0 × coverage")


def test_coverage_is_weighted_by_question_focus() -> None:
    checklists = [*LATENCY_CHECKLIST, {"slug": "security", "name": "Security", "items": [
        {"slug": "tls", "statement": "TLS.", "weight": 2, "cues": {"phrases": ["mtls"]}}]},
        {"slug": "observability", "name": "O", "items": []}]  # fmt: skip
    session = scored_session(checklists=checklists, scorecard=None,
                             question={"nfr_focus": {"latency": 3, "security": 1}})  # fmt: skip
    scores = analyse(session)["scores"]
    # latency 87.5 (x3), security missing 0 (x1); observability is not in focus.
    assert scores["coverage_weights"] == {"latency": 3, "security": 1}
    assert scores["coverage"] == round((3 * 87.5 + 0) / 4, 1)
    assert "latency x3" in scores["formula"]["coverage"]
