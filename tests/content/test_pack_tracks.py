"""Pack fields for framework variants, the experience track and strong-answer components:
what they load into, how they round-trip, and the errors that name a bad entry."""

from __future__ import annotations

import copy
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st

from content.models import InterviewFramework, Question
from content.services.framework_variants import phase_minutes_rescaled
from content.services.pack_schema import NODE_KINDS
from interviews.board import NODE_KINDS as BOARD_NODE_KINDS
from tests.content.packs import small_pack, write_pack

pytestmark = pytest.mark.django_db


def pack_with_tracks() -> dict:
    pack = small_pack()
    pack["frameworks"].append(
        {"slug": "mini-40", "name": "Mini, 40 minutes", "variant_of": "mini", "minutes": 40}
    )
    question = pack["questions"][0]
    question["strong_answer"] = [
        {"component": "Redirect service", "kinds": ["service"], "match": ["redirect"]},
        {"component": "A cache", "kinds": ["cache"]},
    ]
    pack["questions"].append(
        {
            "slug": "outage",
            "title": "Tell me about an outage",
            "kind": "experience",
            "prompt": "Describe an outage you handled.",
            "difficulty": "medium",
            "levels": ["senior", "staff"],
            "reference_outline": "Listen for mitigation first.",
            "expectations": {"senior": "Mitigated fast.", "staff": "Changed the org."},
        }
    )
    return pack


def load(path: Path) -> str:
    out = StringIO()
    call_command("loadcontent", str(path), stdout=out)
    return out.getvalue().splitlines()[0]


def test_variant_gets_the_base_phases_rescaled(tmp_path):
    load(write_pack(tmp_path / "p", pack_with_tracks()))
    variant = InterviewFramework.objects.get(slug="mini-40")
    assert variant.variant_of.slug == "mini"
    assert variant.kind == "design"
    # mini is 5 + 15 minutes; doubled to 40.
    assert [(p.slug, p.planned_minutes) for p in variant.phases.all()] == [
        ("requirements", 10),
        ("deep-dive", 30),
    ]
    base_phase = InterviewFramework.objects.get(slug="mini").phases.get(slug="deep-dive")
    copy_phase = variant.phases.get(slug="deep-dive")
    assert copy_phase.interviewer_prompts == base_phase.interviewer_prompts == ["What fails first?"]
    assert variant.rubric_framework_id == variant.variant_of_id


def test_second_load_is_unchanged_and_a_base_change_updates_its_variant(tmp_path):
    pack = pack_with_tracks()
    load(write_pack(tmp_path / "v1", pack))
    assert load(write_pack(tmp_path / "v1", pack)).startswith("0 created, 0 updated")
    changed = copy.deepcopy(pack)
    changed["frameworks"][0]["phases"][0]["goal"] = "Scope the problem and the numbers."
    assert load(write_pack(tmp_path / "v2", changed)).startswith("0 created, 2 updated")
    variant_phase = InterviewFramework.objects.get(slug="mini-40").phases.get(slug="requirements")
    assert variant_phase.goal == "Scope the problem and the numbers."


def test_a_base_loaded_alone_still_refreshes_its_stored_variants(tmp_path):
    load(write_pack(tmp_path / "v1", pack_with_tracks()))
    base_only = {"frameworks": copy.deepcopy(pack_with_tracks()["frameworks"][:1])}
    base_only["frameworks"][0]["phases"][1]["minutes"] = 35  # 5 + 35 = 40
    load(write_pack(tmp_path / "base", base_only))
    variant = InterviewFramework.objects.get(slug="mini-40")
    assert [p.planned_minutes for p in variant.phases.all()] == [5, 35]


def test_tracks_round_trip_byte_identically(tmp_path):
    load(write_pack(tmp_path / "src", pack_with_tracks()))
    call_command("exportcontent", str(tmp_path / "a"), stdout=StringIO())
    frameworks = (tmp_path / "a" / "frameworks.yaml").read_text()
    assert "variant_of: mini\n    minutes: 40\n" in frameworks
    load(tmp_path / "a")
    call_command("exportcontent", str(tmp_path / "b"), stdout=StringIO())
    for path in (tmp_path / "a").rglob("*.yaml"):
        assert path.read_text() == (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_text()


def test_question_tracks_and_strong_answer_are_stored(tmp_path):
    load(write_pack(tmp_path / "p", pack_with_tracks()))
    question = Question.objects.get(slug="url-shortener")
    assert question.kind == "design"
    assert question.strong_answer == [
        {"component": "Redirect service", "kinds": ["service"], "match": ["redirect"]},
        {"component": "A cache", "kinds": ["cache"]},
    ]
    story = Question.objects.get(slug="outage")
    assert story.kind == "experience"
    assert story.expectations == {"senior": "Mitigated fast.", "staff": "Changed the org."}


def _broken(mutate) -> dict:
    pack = pack_with_tracks()
    mutate(pack)
    return pack


BAD = {
    "variant lists phases": (
        lambda p: p["frameworks"][1].update(phases=p["frameworks"][0]["phases"]),
        ["frameworks[mini-40]", "phases", "give 'minutes' instead"],
    ),
    "variant without minutes": (
        lambda p: p["frameworks"][1].pop("minutes"),
        ["frameworks[mini-40]", "minutes", "positive number"],
    ),
    "variant shorter than a minute per phase": (
        lambda p: p["frameworks"][1].update(minutes=1),
        ["frameworks[mini-40]", "minutes", "2 phases"],
    ),
    "unknown base": (
        lambda p: p["frameworks"][1].update(variant_of="nope"),
        ["frameworks[mini-40]", "variant_of", "unknown framework 'nope'"],
    ),
    "variant of a variant": (
        lambda p: p["frameworks"].append(
            {"slug": "mini-20", "name": "Mini 20", "variant_of": "mini-40", "minutes": 20}
        ),
        ["frameworks[mini-20]", "variant_of", "itself a variant"],
    ),
    "minutes on a framework with phases": (
        lambda p: p["frameworks"][0].update(minutes=20),
        ["frameworks[mini]", "minutes", "only a variant"],
    ),
    "framework without phases": (
        lambda p: p["frameworks"][0].pop("phases"),
        ["frameworks[mini]", "phases", "at least one phase"],
    ),
    "rubric for a variant": (
        lambda p: p["rubrics"][0].update(framework="mini-40"),
        ["rubrics[mini-senior]", "framework", "scored with the rubrics of its base"],
    ),
    "unknown kind": (
        lambda p: p["questions"][1].update(kind="quiz"),
        ["questions[outage]", "kind", "design, experience"],
    ),
    "unknown node kind": (
        lambda p: p["questions"][0]["strong_answer"][0].update(kinds=["mainframe"]),
        ["questions[url-shortener]", "strong_answer[#1].kinds", "mainframe"],
    ),
    "component without a name": (
        lambda p: p["questions"][0]["strong_answer"][0].pop("component"),
        ["questions[url-shortener]", "strong_answer", "component", "missing required"],
    ),
    "experience without expectations for a level": (
        lambda p: p["questions"][1]["expectations"].pop("staff"),
        ["questions[outage]", "expectations", "missing: staff"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_invalid_track_fields_name_the_problem_and_change_nothing(tmp_path, case):
    mutate, fragments = BAD[case]
    with pytest.raises(CommandError) as err:
        load(write_pack(tmp_path / "bad", _broken(mutate)))
    for fragment in fragments:
        assert fragment in str(err.value)
    assert not InterviewFramework.objects.exists()


@given(
    st.lists(st.integers(min_value=1, max_value=60), min_size=1, max_size=8),
    st.integers(min_value=1, max_value=240),
)
def test_rescaled_minutes_sum_to_the_total_and_keep_a_minute_each(minutes, total):
    if total < len(minutes):
        with pytest.raises(ValueError, match="cannot spread"):
            phase_minutes_rescaled(minutes, total)
        return
    out = phase_minutes_rescaled(minutes, total)
    assert sum(out) == total
    assert min(out) >= 1
    assert len(out) == len(minutes)
    # Never further than a minute from the exact share, unless the one-minute floor forced it.
    exact = [m * total / sum(minutes) for m in minutes]
    if all(x >= 1 for x in exact):
        assert all(abs(o - x) < 1 + 1e-9 for o, x in zip(out, exact, strict=True))


def test_standard_variants_split_as_documented():
    standard = [5, 5, 20, 15, 5, 5]
    assert phase_minutes_rescaled(standard, 45) == [4, 4, 17, 12, 4, 4]
    assert phase_minutes_rescaled(standard, 60) == [6, 6, 22, 16, 5, 5]
    assert phase_minutes_rescaled(standard, 55) == standard


def test_pack_node_kinds_are_the_boards():
    assert set(BOARD_NODE_KINDS) == NODE_KINDS
