"""The built-in pack as a question bank: every question complete, every concept reachable,
the pack canonical and idempotent, and the library, the session picker and the API showing it.

The checks read the pack's YAML directly (what a curator edits), and load it where the
behaviour of the application is what matters.
"""

from __future__ import annotations

import filecmp
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from content.models import Concept, Question
from tests.conftest import CORE_PACK

PHASES_WITH_FOLLOW_UPS = {"requirements", "high-level-design", "deep-dive", "wrap-up"}
# Topics of the source notes the bank promises to cover, by concept slug.
SEED_TOPIC_CONCEPTS = {
    "microservices-vs-monolith",
    "bounded-contexts",
    "database-per-service",
    "service-discovery",
    "ci-cd-and-progressive-delivery",
    "contract-testing",
    "event-types",
    "cqrs-event-sourcing",
    "failure-taxonomy",
    "cost-as-a-design-dimension",
    "mvcc",
    "hash-indexes",
    "suffix-trees",
    "r-trees",
    "inverted-indexes",
    "btree-vs-lsm",
}


def _pack_documents() -> dict[str, dict[str, Any]]:
    return {
        str(p.relative_to(CORE_PACK)): yaml.safe_load(p.read_text())
        for p in sorted(CORE_PACK.rglob("*.yaml"))
    }


DOCS = _pack_documents()


def _entries(section: str) -> list[dict[str, Any]]:
    return [e for doc in DOCS.values() for e in doc.get(section, [])]


QUESTIONS = _entries("questions")
DESIGN = [q for q in QUESTIONS if q.get("kind", "design") == "design"]
EXPERIENCE = [q for q in QUESTIONS if q.get("kind") == "experience"]
CONCEPTS = _entries("concepts")
FRAMEWORKS = {f["slug"]: f for f in _entries("frameworks")}
RUBRICS = _entries("rubrics")


def estimator_fields(inputs: list[dict[str, Any]]) -> set[str]:
    """The estimator fields a question's figures seed; mirrors estimatorDefaults() in
    static/js/room.js (a figure is used only when its unit says what it is)."""
    fields = set()
    for item in inputs:
        unit, name = str(item["unit"]).lower(), str(item["name"]).lower()
        if unit == "users" and re.search(r"daily|dau", name):
            fields.add("dau")
        elif unit == "ratio" and "read" in name:
            fields.add("readWriteRatio")
        elif unit == "bytes":
            fields.add("payloadBytes")
        elif unit == "years":
            fields.add("retentionYears")
        elif unit == "x" and "peak" in name:
            fields.add("peakFactor")
    return fields


def test_bank_size():
    assert len(DESIGN) >= 40
    assert len(EXPERIENCE) >= 5
    assert len(CONCEPTS) >= 45
    assert all(q.get("published", True) for q in QUESTIONS)


@pytest.mark.parametrize("q", DESIGN, ids=[q["slug"] for q in DESIGN])
def test_question_has_every_part(q):
    assert q["prompt"].strip()
    assert q["scale_hints"].strip()
    # The interviewer's form of the prompt opens the (interviewer-only) outline.
    outline = q["reference_outline"].splitlines()
    assert outline[0] == "Interviewer framing"
    assert outline[1].startswith("- Reveal if asked:")
    assert outline[2].startswith("- Steer")
    assert len(q["estimation_inputs"]) >= 4
    assert len(estimator_fields(q["estimation_inputs"])) >= 2, "estimator gets < 2 figures"
    assert len(q["functional_requirements"]) >= 3
    assert len(q["nfr_focus"]) >= 3
    assert max(q["nfr_focus"].values()) == 3
    assert len(q["hints"]) >= 3, "a hint ladder has at least three steps"
    assert {f["phase"] for f in q["follow_ups"]} >= PHASES_WITH_FOLLOW_UPS
    assert len(q["curveballs"]) >= 2
    assert all(c.get("what_good_looks_like", "").strip() for c in q["curveballs"])
    assert q["difficulty"] in {"easy", "medium", "hard"}
    assert q["levels"]
    assert len(q["tags"]) >= 3
    assert len(q["related_concepts"]) >= 3
    assert len(q["strong_answer"]) >= 4, "the components a strong answer has"


@pytest.mark.parametrize("q", EXPERIENCE, ids=[q["slug"] for q in EXPERIENCE])
def test_experience_prompt_has_every_part(q):
    assert q["prompt"].strip()
    assert q["reference_outline"].splitlines()[0] == "Interviewer framing"
    assert "Strong signals" in q["reference_outline"]
    assert "Red flags" in q["reference_outline"]
    assert set(q["levels"]) == {"senior", "staff"}
    assert all(q["expectations"][level].strip() for level in q["levels"])
    assert {f["phase"] for f in q["follow_ups"]} >= {"context", "decisions", "outcome"}
    assert len(q["hints"]) >= 3
    assert len(q["curveballs"]) >= 2
    assert "experience" in q["tags"]


def test_experience_track_has_its_framework_and_rubrics():
    framework = FRAMEWORKS["experience"]
    assert framework["kind"] == "experience"
    phases = {p["slug"] for p in framework["phases"]}
    for q in EXPERIENCE:
        assert {f["phase"] for f in q["follow_ups"]} <= phases
    scored = {r["level"] for r in RUBRICS if r["framework"] == "experience"}
    assert scored == {"senior", "staff"}


def test_framework_variants_rescale_the_standard_framework():
    assert FRAMEWORKS["standard"].get("default") is True
    assert sum(p["minutes"] for p in FRAMEWORKS["standard"]["phases"]) == 55
    for slug, minutes in (("standard-45", 45), ("standard-60", 60)):
        assert FRAMEWORKS[slug]["variant_of"] == "standard"
        assert FRAMEWORKS[slug]["minutes"] == minutes
    assert not any(r["framework"].startswith("standard-") for r in RUBRICS)


def test_every_concept_is_exercised_by_a_question():
    linked = {slug for q in QUESTIONS for slug in q["related_concepts"]}
    unlinked = {c["slug"] for c in CONCEPTS} - linked
    assert not unlinked, f"concepts no question links to: {sorted(unlinked)}"


@pytest.mark.parametrize("c", CONCEPTS, ids=[c["slug"] for c in CONCEPTS])
def test_concept_has_every_part(c):
    assert c["summary"].strip()
    assert c["when_to_use"].strip()
    assert len(c["trade_offs"]) >= 3
    assert c.get("pitfalls")
    assert c.get("related_nfrs")
    assert c.get("related_concepts")


def test_seed_topics_are_covered():
    assert {c["slug"] for c in CONCEPTS} >= SEED_TOPIC_CONCEPTS


def test_accuracy_and_security_checklists():
    categories = {c["slug"]: c for c in _entries("nfr_categories")}
    accuracy = categories["accuracy"]
    assert len(accuracy["items"]) >= 4
    security_items = {i["slug"] for i in categories["security"]["items"]}
    assert {"message-integrity", "untrusted-input-isolation", "fraud-detection"} <= security_items
    for item in accuracy["items"] + categories["security"]["items"]:
        assert item["cues"]["phrases"], item["slug"]
    focused = {q["slug"] for q in QUESTIONS if "accuracy" in q["nfr_focus"]}
    assert {"ad-click-aggregator", "usage-billing", "hotel-reservation"} <= focused


# --- loading and exporting ------------------------------------------------------


@pytest.mark.django_db
def test_core_pack_loads_idempotently_with_every_question():
    sections = (
        "frameworks",
        "nfr_categories",
        "concepts",
        "questions",
        "rubrics",
        "reference_sessions",
        "component_capacities",
    )
    total = sum(len(_entries(s)) for s in sections)
    first, second = StringIO(), StringIO()
    call_command("loadcontent", str(CORE_PACK), stdout=first)
    call_command("loadcontent", str(CORE_PACK), stdout=second)
    assert first.getvalue().splitlines()[0] == f"{total} created, 0 updated, 0 unchanged"
    assert second.getvalue().splitlines()[0] == f"0 created, 0 updated, {total} unchanged"
    assert Question.objects.published().count() == len(QUESTIONS)
    assert Concept.objects.count() == len(CONCEPTS)


@pytest.mark.django_db
def test_core_pack_round_trips_byte_identically(tmp_path):
    """The repository's files are the canonical export, file for file, and export -> load
    -> export changes nothing."""
    call_command("loadcontent", str(CORE_PACK), verbosity=0)
    call_command("exportcontent", str(tmp_path / "first"), stdout=StringIO())
    exported = {str(p.relative_to(tmp_path / "first")) for p in (tmp_path / "first").rglob("*")}
    assert {f for f in exported if f.endswith(".yaml")} == set(DOCS)
    first = tmp_path / "first"
    assert [r for r in DOCS if (first / r).read_bytes() != (CORE_PACK / r).read_bytes()] == []
    call_command("loadcontent", str(tmp_path / "first"), verbosity=0)
    call_command("exportcontent", str(tmp_path / "second"), stdout=StringIO())
    cmp = filecmp.dircmp(tmp_path / "first", tmp_path / "second")
    assert not (cmp.diff_files)
    assert not (cmp.left_only)
    assert not (cmp.right_only)
    sub = filecmp.dircmp(tmp_path / "first" / "questions", tmp_path / "second" / "questions")
    assert not (sub.diff_files)
    assert not (sub.left_only)
    assert not (sub.right_only)


# --- the application shows the bank without code changes ------------------------


@pytest.mark.django_db
def test_library_and_session_picker_filter_the_new_questions(client, core_content, user):
    geo = {"ride-hailing", "proximity-service", "geospatial-index"}
    page = client.get(reverse("content:question_list"), {"tag": "geospatial"}).content.decode()
    for slug in geo:
        assert reverse("content:question_detail", args=[slug]) in page
    assert reverse("content:question_detail", args=["url-shortener"]) not in page
    client.force_login(user)
    picker = client.get(reverse("interviews:session_new"), {"tag": "geospatial"}).content.decode()
    assert all(f'value="{slug}"' in picker for slug in geo)


@pytest.mark.django_db
def test_api_lists_every_question_and_concept(core_content, user):
    api = APIClient()
    api.force_login(user)
    assert api.get("/api/v1/questions/").json()["count"] == len(QUESTIONS)
    assert api.get("/api/v1/concepts/").json()["count"] == len(CONCEPTS)
    body = api.get("/api/v1/questions/stock-exchange/").json()
    assert "reference_outline" not in body
    assert body["nfr_focus"]["latency"] == 3


# --- own words: no run of eight words shared with the source notes --------------

RUN = 8


def _seed_dir() -> Path | None:
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "seeds"
        if candidate.is_dir():
            return candidate
    return None


SEEDS = _seed_dir()
needs_seeds = pytest.mark.skipif(SEEDS is None, reason="source notes (shared/seeds) not found")


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("'", "").replace("\u2019", ""))


def runs(text: str) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + RUN]) for i in range(len(w) - RUN + 1)}


def text_fields(value: Any, where: str) -> list[tuple[str, str]]:
    """Every string in a pack document, with a readable location."""
    if isinstance(value, str):
        return [(where, value)]
    if isinstance(value, dict):
        return [f for k, v in value.items() for f in text_fields(v, f"{where}.{k}")]
    if isinstance(value, list):
        return [f for i, v in enumerate(value) for f in text_fields(v, f"{where}[{i}]")]
    return []


def shared_runs(fields: list[tuple[str, str]], seed_runs: set) -> list[str]:
    """Each field that shares a run with the notes, with the first shared run."""
    found = []
    for where, text in fields:
        shared = runs(text) & seed_runs
        if shared:
            found.append(f"{where}: {' '.join(min(shared))}")
    return found


@pytest.fixture(scope="module")
def seed_runs() -> set[tuple[str, ...]]:
    assert SEEDS is not None
    found: set[tuple[str, ...]] = set()
    for path in sorted(SEEDS.glob("*")):
        found |= runs(path.read_text(encoding="utf-8", errors="replace"))
    return found


@needs_seeds
def test_no_text_field_shares_eight_words_with_the_notes(seed_runs):
    fields = [f for rel, doc in DOCS.items() for f in text_fields(doc, rel)]
    assert len(fields) > 4000  # every string of the pack, not a sample
    assert shared_runs(fields, seed_runs) == []


@needs_seeds
def test_the_overlap_check_catches_a_copied_sentence(seed_runs):
    sentence = next(iter(sorted(seed_runs)))
    copied = [("x.yaml", "In our design, " + " ".join(sentence) + ", as usual.")]
    assert shared_runs(copied, seed_runs)
    # Seven words in a row, then a word of our own, then seven again: no run of eight.
    reworded = [("x.yaml", " ".join(sentence[:-1]) + " banana " + " ".join(sentence[1:]))]
    assert not shared_runs(reworded, seed_runs)
