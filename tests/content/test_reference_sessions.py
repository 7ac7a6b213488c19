"""Reference sessions in the core pack and in any pack: the drills' answer keys.

The texts are checked against the source notes with the rest of the pack
(test_core_pack.py::test_no_text_field_shares_eight_words_with_the_notes reads every file).
"""

from __future__ import annotations

import copy

import pytest
import yaml

from content.models import ReferenceSession, Rubric
from content.services import PackError, pack_parse
from content.services.pack_load import content_pack_apply
from content.services.pack_schema import NODE_KINDS, NOTE_SECTION_SLUGS
from tests.content.test_core_pack import DOCS, _entries

REFERENCES = _entries("reference_sessions")


def test_the_core_pack_ships_strong_and_weak_answers_at_every_design_level_on_different_questions():
    assert len(REFERENCES) >= 4
    pairs = {(r["level"], r["strength"]) for r in REFERENCES}
    assert pairs == {(level, s) for level in ("mid", "senior", "staff") for s in ("strong", "weak")}
    assert len({r["question"] for r in REFERENCES}) == len(REFERENCES)


@pytest.mark.parametrize("ref", REFERENCES, ids=lambda r: r["slug"])
def test_every_reference_scores_every_criterion_with_a_rationale(ref):
    rubric = next(
        r
        for r in _entries("rubrics")
        if (r["framework"], r["level"]) == (ref["framework"], ref["level"])
    )
    assert [s["criterion"] for s in ref["scores"]] == [c["slug"] for c in rubric["criteria"]]
    assert all(len(s["rationale"].split()) >= 10 for s in ref["scores"])
    # A script worth scoring: the candidate speaks, writes and draws, in several phases.
    kinds = {k for step in ref["script"] for k in ("say", "notes", "node", "edge") if k in step}
    assert kinds == {"say", "notes", "node", "edge"}
    assert len({s["phase"] for s in ref["script"] if "phase" in s}) >= 3


def test_the_copies_of_the_boards_vocabulary_match_it():
    from interviews.board import NODE_KINDS as BOARD_KINDS
    from interviews.board import NOTE_SECTIONS

    assert NOTE_SECTION_SLUGS == NOTE_SECTIONS
    assert set(NODE_KINDS) == set(BOARD_KINDS)


def _reference_file() -> tuple[str, dict]:
    rel = next(rel for rel in DOCS if rel.startswith("reference_sessions/"))
    return rel, copy.deepcopy(DOCS[rel])


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        (lambda r: r["scores"].pop(), "scores", "one score per criterion"),
        (lambda r: r["scores"][0].update(score=5), "score", "1, 2, 3 or 4"),
        (lambda r: r.update(strength="middling"), "strength", "strong or weak"),
        (
            lambda r: r["script"].insert(0, {"at": 1, "say": "x", "ask": "y"}),
            "script[#1]",
            "one of",
        ),
        (lambda r: r["script"].append({"at": 0, "say": "late"}), ".at", "never going back"),
        (
            lambda r: r["script"].append({"at": 99999, "phase": "introduction", "say": "back"}),
            ".phase",
            "not a later phase",
        ),
        (
            lambda r: r["script"].append({"at": 99999, "edge": {"from": "nowhere", "to": "x"}}),
            ".edge",
            "drawn earlier",
        ),
        (lambda r: r.update(question="no-such-question"), "question", "unknown question"),
    ],
)
@pytest.mark.django_db
def test_a_broken_reference_session_is_refused_naming_the_field(
    core_content, change, field, problem
):
    rel, doc = _reference_file()
    change(doc["reference_sessions"][0])
    with pytest.raises(PackError) as refused:
        pack_parse({rel: yaml.safe_dump(doc)})
    assert field in refused.value.field
    assert problem in refused.value.problem


@pytest.mark.django_db
def test_a_reference_pins_the_rubric_version_it_was_scored_against(core_content):
    ref = ReferenceSession.objects.select_related("rubric_version__rubric").first()
    rubric = ref.rubric_version.rubric
    assert ref.rubric_version == rubric.current_version
    # The rubric changes: the reference keeps its version, which is now frozen.
    rubrics = next(doc for rel, doc in DOCS.items() if rel == "rubrics.yaml")
    changed = copy.deepcopy(rubrics)
    entry = next(r for r in changed["rubrics"] if r["slug"] == rubric.slug)
    entry["criteria"][0]["title"] = "Scope, as worded in a later version"
    content_pack_apply(entries=pack_parse({"rubrics.yaml": yaml.safe_dump(changed)}))
    rubric = Rubric.objects.select_related("current_version").get(pk=rubric.pk)
    ref.refresh_from_db()
    assert rubric.current_version.number == 2
    assert ref.rubric_version.number == 1
