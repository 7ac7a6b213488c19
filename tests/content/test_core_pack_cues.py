"""The accuracy and security checklist items of the built-in pack, as the feedback analysis
reads them: a concrete mechanism covers an item, naming the quality or saying something in
passing covers nothing.

The calibration against labelled sessions lives in tests/scoring/analysis/test_feedback_dev.py;
these cases pin the items the pack added.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from scoring.analysis import analyse
from tests.conftest import CORE_PACK

CHECKLISTS = yaml.safe_load((CORE_PACK / "nfr.yaml").read_text())["nfr_categories"]


def report_for(deep_dive: str, requirements: str = "") -> dict[str, Any]:
    board = {
        "nodes": [{"id": "api", "kind": "service", "label": "API", "replicas": 3}],
        "edges": [],
        "notes": {"requirements": requirements, "deep_dive": deep_dive},
    }
    return analyse({"board": board, "chat": [], "checklists": CHECKLISTS})


def item_status(report: dict[str, Any], category: str, item: str) -> str:
    return next(i["status"] for i in report["nfr"][category]["items"] if i["slug"] == item)


COVERED = [
    (
        "accuracy",
        "exact-counting",
        "Every click carries an event id; the stream job drops duplicates and closes each "
        "minute window on a watermark two minutes behind event time.",
    ),
    (
        "accuracy",
        "bounded-approximation",
        "Unique users per campaign come from HyperLogLog sketches with about 1% relative error.",
    ),
    (
        "accuracy",
        "independent-verification",
        "A nightly batch recomputation of yesterday's totals is compared with the streaming "
        "figures and any discrepancy above 0.1% pages the team.",
    ),
    (
        "accuracy",
        "correctness-invariants",
        "The invariant is that reserved never exceeds capacity; a check constraint on the "
        "inventory row enforces it.",
    ),
    (
        "accuracy",
        "freshness-target",
        "The usage page has a freshness SLO of five minutes, measured as end-to-end lag.",
    ),
    (
        "security",
        "message-integrity",
        "Each webhook body is signed with HMAC-SHA256 and a timestamp; receivers verify the "
        "signature and reject anything older than five minutes to stop replay attacks.",
    ),
    (
        "security",
        "untrusted-input-isolation",
        "Submissions run in a Firecracker micro-VM with seccomp filters, cgroups limits and no "
        "network access.",
    ),
    (
        "security",
        "fraud-detection",
        "Every bid gets a risk score from the fraud model; risky accounts go to manual review.",
    ),
]


@pytest.mark.parametrize(
    ("category", "item", "sentence"), COVERED, ids=[f"{c}/{i}" for c, i, _ in COVERED]
)
def test_a_stated_mechanism_covers_the_item(category, item, sentence):
    report = report_for(sentence)
    assert item_status(report, category, item) == "covered"
    assert report["nfr"][category]["status"] == "covered"


def test_naming_the_qualities_covers_neither():
    report = report_for(
        deep_dive="",
        requirements="The system must be accurate, correct, exact and secure. Numbers must "
        "be right and fresh.",
    )
    assert report["nfr"]["accuracy"]["status"] == "missing"
    assert report["nfr"]["security"]["status"] == "missing"


@pytest.mark.parametrize(
    "sentence",
    [
        "We will not sign the webhooks for now.",
        "No sandbox at first; submissions run in plain containers.",
        "We skip deduplication in version one.",
    ],
)
def test_a_negated_mechanism_does_not_count(sentence):
    report = report_for(sentence)
    items = {
        i["slug"]: i["status"] for c in ("accuracy", "security") for i in report["nfr"][c]["items"]
    }
    assert "covered" not in {
        items["message-integrity"],
        items["untrusted-input-isolation"],
        items["exact-counting"],
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "The data must be fresh.",
        "The video is watermarked with the owner's logo.",
        "We recompute the ranking every night.",
        "The event takes time to process.",
        # a person's signature on a paper form is not signature verification
        "We verify the user's signature on the form.",
    ],
)
def test_everyday_words_do_not_cover_accuracy_or_security(sentence):
    report = report_for(sentence)
    assert report["nfr"]["accuracy"]["status"] == "missing"
    assert report["nfr"]["security"]["status"] == "missing"
