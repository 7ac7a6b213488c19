"""The live analysis (live.py) and the solo coach's choice of question (coach.py)."""

from __future__ import annotations

import copy

from scoring.analysis.coach import next_question
from scoring.analysis.live import LiveAnalyser, coverage_digest, verdicts_disagree

LONE_DB_BOARD = {
    "nodes": [
        {"id": "c", "kind": "client", "label": "Browser", "x": 0, "y": 0},
        {"id": "api", "kind": "service", "label": "API", "x": 100, "y": 0},
        {"id": "db", "kind": "database", "label": "Links DB", "x": 200, "y": 0},
    ],
    "edges": [{"id": "e1", "from": "c", "to": "api"}, {"id": "e2", "from": "api", "to": "db"}],
    "notes": {"requirements": "Shorten links.\n99.99% availability"},
}


def live_input(**extra):
    return {"board": copy.deepcopy(LONE_DB_BOARD), "phase_slug": "high-level-design", **extra}


def item(insight, category, slug):
    found = next(c for c in insight["coverage"] if c["slug"] == category)
    return next(i for i in found["items"] if i["slug"] == slug)


def coach(**overrides):
    args = {
        "phase_slug": "high-level-design", "claims": [], "spof": ["db"],
        "node_kinds": {"db": "database", "api": "service"}, "node_labels": {"db": "Links DB"},
        "estimates_written": True, "over_capacity": [], "drills_run": 0, "follow_ups": [],
        "asked": set(),
    }  # fmt: skip
    return next_question(**{**args, **overrides})


def test_a_lone_database_brings_the_failover_question():
    question = coach()
    assert question["rule"] == "lone_database"
    assert question["nodes"] == ["db"]
    assert "Links DB" in question["text"]
    assert "fails" in question["text"]


def test_the_coach_never_repeats_a_question():
    first = coach()
    second = coach(asked={first["key"]}, estimates_written=False)
    assert second["rule"] == "no_estimates"
    assert coach(asked={first["key"], second["key"]}, estimates_written=False) is None


def test_no_estimates_are_asked_for_only_once_the_design_has_started():
    assert coach(spof=[], estimates_written=False, phase_slug="requirements") is None
    assert coach(spof=[], estimates_written=False)["rule"] == "no_estimates"


def test_capacity_is_asked_about_only_once_the_candidate_wrote_estimates():
    busy = {"spof": [], "over_capacity": ["api"], "node_labels": {"api": "Redirect API"}}
    assert coach(**busy, phase_slug="introduction", estimates_written=False) is None
    question = coach(**busy, phase_slug="introduction", estimates_written=True)
    assert question["rule"] == "over_capacity"
    assert "Redirect API" in question["text"]


def test_an_estimate_that_does_not_add_up_is_asked_about_after_contradictions():
    finding = {"rule": "storage_as_rate", "message": "Storage is stated as a request rate.",
               "lines": [{"section": "estimates", "line": 2, "text": "storage 5k/s"}]}  # fmt: skip
    question = coach(unit_findings=[finding])
    assert question["rule"] == "units"
    assert "Storage is stated as a request rate." in question["text"]
    assert question["key"] == "units:storage_as_rate:estimates:2"
    claim = {"rule": "r", "message": "M.", "nodes": [],
             "requirement": {"section": "requirements", "line": 1, "text": "RPO 0"}}  # fmt: skip
    assert coach(unit_findings=[finding], claims=[claim])["rule"] == "contradiction"
    assert coach(unit_findings=[finding], asked={question["key"]})["rule"] == "lone_database"


def test_a_contradiction_comes_first():
    claim = {"rule": "rpo_zero_vs_async_replication", "message": "Replication is async.",
             "nodes": ["db"], "requirement": {"section": "requirements", "line": 3,
                                              "text": "RPO 0"}}  # fmt: skip
    question = coach(claims=[claim])
    assert question["rule"] == "contradiction"
    assert "RPO 0" in question["text"]


def test_the_deep_dive_brings_a_drill_on_the_lone_database():
    question = coach(phase_slug="deep-dive", asked={"failover:db"})
    assert question["rule"] == "drill"
    assert question["drill"] == {"kind": "component", "id": "db"}
    assert coach(phase_slug="deep-dive", asked={"failover:db"}, drills_run=1) is None


def test_the_questions_own_follow_ups_come_last_in_phase():
    follow_ups = [{"phase": "requirements", "order": 1, "text": "Custom aliases?"},
                  {"phase": "deep-dive", "order": 1, "text": "Hot links?"}]  # fmt: skip
    question = coach(spof=[], phase_slug="requirements", follow_ups=follow_ups)
    assert question["text"] == "Custom aliases?"


def test_live_run_reports_coverage_claims_coach_and_suggestions():
    insight = LiveAnalyser().run(live_input())
    assert item(insight, "availability", "redundancy-failover")["status"] == "missing"
    assert [c["rule"] for c in insight["claims"]] == ["availability_vs_single_database"]
    assert insight["coach"]["rule"] == "contradiction"
    assert insight["suggestions"][0]["nodes"] == ["db"]
    assert "Links DB has one instance" in insight["suggestions"][0]["text"]


def test_writing_about_failover_flips_availability_coverage():
    before = LiveAnalyser().run(live_input())
    after_input = live_input()
    after_input["board"]["notes"]["deep_dive"] = (
        "Replicate the primary to two standbys with automatic failover."
    )
    after = LiveAnalyser().run(after_input)

    assert item(before, "availability", "redundancy-failover")["status"] == "missing"
    covered = item(after, "availability", "redundancy-failover")
    assert covered["status"] == "covered"
    cited = [e for e in covered["evidence"] if e.get("section") == "deep_dive"]
    assert cited
    assert "standbys" in cited[0]["text"]
    assert cited[0]["line"] == 1


def test_moving_a_node_reuses_the_cached_coverage():
    analyser = LiveAnalyser()
    first = live_input()
    analyser.run(first)
    moved = live_input()
    moved["board"]["nodes"][1]["x"] = 999
    assert analyser.run(moved) is analyser.run(first)  # the whole run is reused
    with_zone = live_input(zones=[{"id": "z", "kind": "az", "x": 0, "y": 0, "w": 50, "h": 50}])
    analyser.run(with_zone)
    moved_in_zone = copy.deepcopy(with_zone)
    moved_in_zone["board"]["nodes"][1]["x"] = 10  # into the zone: membership changed
    analyser.run(moved_in_zone)
    assert (analyser.hits, analyser.misses) == (2, 1)  # positions rerun the cheap parts only
    assert coverage_digest(first) == coverage_digest(moved)
    edited = live_input()
    edited["board"]["nodes"][1]["label"] = "API servers"
    assert coverage_digest(edited) != coverage_digest(first)


def test_interviewer_ticks_are_shown_beside_the_verdict_with_disagreements():
    ticks = {
        "availability/redundancy-failover": {"verdict": "covered", "note": "said it aloud"},
        "availability/availability-target": {"verdict": "covered", "note": ""},
    }
    insight = LiveAnalyser().run(live_input(ticks=ticks))
    failover = item(insight, "availability", "redundancy-failover")
    assert failover["interviewer"] == {"verdict": "covered", "note": "said it aloud"}
    assert failover["disagrees"] is True  # the analyzer finds it missing
    assert item(insight, "availability", "availability-target")["disagrees"] is False
    assert "interviewer" not in item(insight, "availability", "zone-spread")
    assert verdicts_disagree("missing", "covered")
    assert not verdicts_disagree("partly", "covered")


def test_drills_and_capacity_are_part_of_the_run():
    insight = LiveAnalyser().run(live_input(
        drills=[{"target": {"kind": "component", "id": "db"}, "started_at": 1, "seconds": 120}],
        estimates={"peak_read_qps": 1000, "peak_write_qps": 9000},
    ))  # fmt: skip
    assert insight["drills"][0]["broken_edges"] == ["e2"]
    assert insight["capacity"]["over_capacity"] == ["api", "db"]
    bad = LiveAnalyser().run(live_input(drills=[{"target": {"kind": "component", "id": "x"}}]))
    assert "error" in bad["drills"][0]


def test_a_capacity_in_a_components_notes_replaces_the_default():
    data = live_input(estimates={"peak_read_qps": 1000, "peak_write_qps": 0})
    assert LiveAnalyser().run(data)["capacity"]["over_capacity"] == []  # 1 k under 2 k
    data["board"]["nodes"][1]["notes"] = "Go service, capacity: 500/s per instance"
    report = LiveAnalyser().run(data)["capacity"]
    assert report["components"]["api"]["capacity"] == 500
    assert report["over_capacity"] == ["api"]
    data["board"]["nodes"][1]["notes"] = "capacity 3k rps"
    assert LiveAnalyser().run(data)["capacity"]["components"]["api"]["capacity"] == 3000


def test_a_missing_strong_answer_component_is_asked_about_in_the_design():
    question = coach(spof=[], missing_components=["Cache"])
    assert question["rule"] == "missing_component"
    assert "cache" in question["text"]
    first = coach(missing_components=["Cache"])
    assert first["rule"] == "lone_database"  # the failover question comes first
    assert coach(spof=[], phase_slug="requirements", missing_components=["Cache"]) is None
