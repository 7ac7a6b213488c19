"""The labelled sessions are well formed, and the analysis keeps its accuracy on them.

The floors are below the measured figures (bench/feedback_accuracy.py prints them; see
docs/performance.md) so that a change that makes the analysis worse fails here. The
held-out split was never developed against: its floor guards against regressions only.
"""

from __future__ import annotations

from typing import Any

import pytest

from .corpus import (
    CATEGORIES,
    SECTIONS,
    analysis_predictor,
    heldout,
    measure,
    minimal_checklists,
    pack_checklists,
    tuned,
)

ALL = tuned() + heldout()


def _references(session: dict[str, Any]) -> set[str]:
    refs = set()
    for section in SECTIONS:
        text = (session.get("notes") or {}).get(section) or ""
        refs |= {f"{section}:{n}" for n, line in enumerate(text.splitlines(), 1) if line.strip()}
    refs |= {f"chat:{n}" for n, _ in enumerate(session.get("chat") or [], 1)}
    diagram = session.get("diagram") or {}
    refs |= {f"node:{n['id']}" for n in diagram.get("nodes") or []}
    refs |= {f"edge:{e['from']}->{e['to']}" for e in diagram.get("edges") or []}
    return refs


def test_there_are_enough_sessions_in_both_splits() -> None:
    assert len(ALL) >= 20
    assert len(heldout()) >= 8
    assert len({s["id"] for s in ALL}) == len(ALL)


@pytest.mark.parametrize("session", ALL, ids=[s["id"] for s in ALL])
def test_labels_are_complete_and_reasons_point_at_real_lines(session: dict[str, Any]) -> None:
    labels = session["labels"]
    assert set(labels["nfr"]) == set(CATEGORIES)
    assert set(labels["nfr"].values()) <= {"covered", "missing", "either"}
    nodes = {n["id"] for n in session["diagram"]["nodes"]}
    assert set(labels["spof"]) <= nodes
    refs = _references(session)
    for category, lines in labels["reasons"].items():
        assert category in CATEGORIES
        assert set(lines) <= refs, f"{category}: {set(lines) - refs}"
    for category, label in labels["nfr"].items():
        if label == "covered":
            assert labels["reasons"].get(category), f"{category} is covered without a reason"


@pytest.mark.parametrize("checklists", ["pack", "minimal"])
def test_accuracy_on_the_tuned_split(checklists: str) -> None:
    tally = measure(tuned(), analysis_predictor(_checklists(checklists)))
    assert tally.macro_f1() >= 0.97, tally.errors
    assert tally.spof_precision() == 1.0, tally.errors
    assert tally.spof_recall() >= 0.9, tally.errors
    assert tally.evidence_precision() >= 0.95, tally.errors


def test_no_regression_on_the_heldout_split() -> None:
    tally = measure(heldout(), analysis_predictor(pack_checklists()))
    assert tally.macro_f1() >= 0.7
    assert tally.spof_precision() >= 0.8


def _checklists(name: str) -> list[dict[str, Any]]:
    return pack_checklists() if name == "pack" else minimal_checklists()
