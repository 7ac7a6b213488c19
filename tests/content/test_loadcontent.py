"""loadcontent / exportcontent: idempotent, atomic, canonical."""

from __future__ import annotations

import copy
import filecmp
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from content.models import Concept, InterviewFramework, Phase, Question, Rubric
from tests.conftest import CORE_PACK
from tests.content.packs import small_pack, write_pack

pytestmark = pytest.mark.django_db


def load(path: Path) -> str:
    out = StringIO()
    call_command("loadcontent", str(path), stdout=out)
    return out.getvalue()


def db_fingerprint() -> str:
    """Everything the loader can write, as one string, to prove nothing changed."""
    out = StringIO()
    call_command("dumpdata", "content", "--indent", "0", stdout=out)
    return out.getvalue()


def test_small_pack_loads_every_kind(tmp_path):
    report = load(write_pack(tmp_path / "pack"))
    assert "6 created, 0 updated" in report
    q = Question.objects.get(slug="url-shortener")
    assert [h.text for h in q.hints.all()] == [
        "Think about the read path.",
        "Where would you cache?",
    ]
    assert q.focus_links.get().category.slug == "availability"
    assert list(Phase.objects.filter(framework__slug="mini").values_list("slug", flat=True)) == [
        "requirements",
        "deep-dive",
    ]
    assert (
        Rubric.objects.get(slug="mini-senior").current_version.criteria.get().phase.slug
        == "requirements"
    )
    assert set(
        Concept.objects.get(slug="replication").related_concepts.values_list("slug", flat=True)
    ) == {"caching"}


def test_second_load_reports_nothing_changed(tmp_path):
    pack = write_pack(tmp_path / "pack")
    load(pack)
    assert load(pack).splitlines()[0] == "0 created, 0 updated, 6 unchanged"


def test_changed_entry_is_updated_in_place(tmp_path):
    load(write_pack(tmp_path / "v1"))
    pack = small_pack()
    pack["questions"][0]["title"] = "Design TinyURL"
    pack["frameworks"][0]["phases"].reverse()  # reorder without tripping the unique order
    report = load(write_pack(tmp_path / "v2", pack))
    assert report.splitlines()[0] == "0 created, 2 updated, 4 unchanged"
    assert Question.objects.get(slug="url-shortener").title == "Design TinyURL"
    assert Phase.objects.get(slug="deep-dive").order == 1


def test_export_load_export_is_byte_identical(tmp_path):
    load(write_pack(tmp_path / "src"))
    call_command("exportcontent", str(tmp_path / "first"), stdout=StringIO())
    load(tmp_path / "first")
    call_command("exportcontent", str(tmp_path / "second"), stdout=StringIO())
    cmp = filecmp.dircmp(tmp_path / "first", tmp_path / "second")
    assert not cmp.diff_files
    assert not cmp.left_only
    assert not cmp.right_only
    assert (tmp_path / "first" / "questions" / "url-shortener.yaml").read_text() == (
        tmp_path / "second" / "questions" / "url-shortener.yaml"
    ).read_text()


def test_dry_run_writes_nothing(tmp_path):
    out = StringIO()
    call_command("loadcontent", str(write_pack(tmp_path / "p")), "--dry-run", stdout=out)
    assert "Dry run" in out.getvalue()
    assert not Question.objects.exists()


def _broken(mutate) -> dict:
    pack = copy.deepcopy(small_pack())
    mutate(pack)
    return pack


BAD_PACKS = {
    "unknown field": (
        _broken(lambda p: p["questions"][0].update(colour="blue")),
        ["questions.yaml", "questions[url-shortener]", "colour", "unknown field"],
    ),
    "missing required field": (
        _broken(lambda p: p["questions"][0].pop("reference_outline")),
        ["questions.yaml", "questions[url-shortener]", "reference_outline", "missing required"],
    ),
    "wrong type": (
        _broken(lambda p: p["frameworks"][0]["phases"][0].update(minutes="five")),
        ["frameworks.yaml", "phases[requirements]", "minutes", "whole number"],
    ),
    "non-positive minutes": (
        _broken(lambda p: p["frameworks"][0]["phases"][0].update(minutes=0)),
        ["frameworks.yaml", "frameworks[mini]", "minutes", "positive"],
    ),
    "duplicate slug": (
        _broken(lambda p: p["concepts"].append(dict(p["concepts"][0]))),
        ["concepts.yaml", "concepts[replication]", "slug", "duplicate"],
    ),
    "dangling concept reference": (
        _broken(lambda p: p["questions"][0].update(related_concepts=["no-such-concept"])),
        ["questions.yaml", "related_concepts", "no-such-concept"],
    ),
    "dangling phase reference": (
        _broken(lambda p: p["rubrics"][0]["criteria"][0].update(phase="nope")),
        ["rubrics.yaml", "rubrics[mini-senior]", "criteria[requirements-clarity].phase", "nope"],
    ),
    "bad difficulty": (
        _broken(lambda p: p["questions"][0].update(difficulty="brutal")),
        ["questions.yaml", "difficulty"],
    ),
    "three anchors": (
        _broken(lambda p: p["rubrics"][0]["criteria"][0].update(anchors=["a", "b", "c"])),
        ["rubrics.yaml", "anchors", "exactly four"],
    ),
    "unknown diagram pattern": (
        _broken(lambda p: p["nfr_categories"][0]["items"][0]["cues"].update(patterns=["magic"])),
        ["nfr_categories.yaml", "cues.patterns", "magic"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_PACKS))
def test_invalid_pack_names_the_problem_and_changes_nothing(tmp_path, case):
    load(write_pack(tmp_path / "good"))
    before = db_fingerprint()
    pack, expected = BAD_PACKS[case]
    # The bad pack also edits a valid entry: that edit must not land either.
    pack["concepts"][0]["title"] = "Changed title"
    with pytest.raises(CommandError) as err:
        load(write_pack(tmp_path / "bad", pack))
    for fragment in expected:
        assert fragment in str(err.value)
    assert db_fingerprint() == before


def test_bad_yaml_names_the_file(tmp_path):
    folder = write_pack(tmp_path / "p")
    (folder / "broken.yaml").write_text("questions: [unclosed\n")
    with pytest.raises(CommandError, match=r"broken\.yaml.*not valid YAML"):
        load(folder)
    assert not Question.objects.exists()


def test_unknown_section_is_refused(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "x.yaml").write_text("widgets: []\n")
    with pytest.raises(CommandError, match=r"x\.yaml.*widgets.*unknown section"):
        load(folder)


def test_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        load(tmp_path / "nowhere")


def test_reference_to_content_already_in_database(tmp_path):
    load(write_pack(tmp_path / "base"))
    extra = {
        "questions": [
            dict(small_pack()["questions"][0], slug="second", related_concepts=["replication"])
        ]
    }
    report = load(write_pack(tmp_path / "extra", extra))
    assert report.startswith("1 created")
    assert Question.objects.get(slug="second").related_concepts.get().slug == "replication"


# --- the built-in pack ------------------------------------------------------------


def test_core_pack_loads_and_is_idempotent():
    first = load(CORE_PACK)
    assert "0 updated" in first.splitlines()[0]
    assert load(CORE_PACK).splitlines()[0].startswith("0 created, 0 updated")


def test_core_pack_has_the_promised_content():
    load(CORE_PACK)
    fw = InterviewFramework.objects.get(is_default=True)
    assert [(p.name, p.planned_minutes) for p in fw.phases.all()] == [
        ("Introduction", 5),
        ("Requirements and scope", 5),
        ("High-level design", 20),
        ("Deep dive", 15),
        ("Wrap-up", 5),
        ("Q&A", 5),
    ]
    from content.models import NFRCategory

    required = {
        "scalability",
        "performance",
        "latency",
        "reliability",
        "availability",
        "fault_tolerance",
        "consistency",
        "security",
        "disaster_recovery",
    }
    cats = {c.slug: c for c in NFRCategory.objects.prefetch_related("items")}
    assert required <= set(cats)
    assert all(len(cats[s].items.all()) >= 4 for s in required)
    assert Concept.objects.count() >= 15
    assert Question.objects.published().count() >= 15
    assert set(Rubric.objects.filter(framework=fw).values_list("level", flat=True)) == {
        "mid",
        "senior",
        "staff",
    }
    for q in Question.objects.prefetch_related("hints", "follow_ups", "curveballs", "focus_links"):
        for related in ("hints", "follow_ups", "curveballs", "focus_links"):
            assert getattr(q, related).all(), f"{q.slug} has no {related}"
        assert q.reference_outline.strip(), q.slug
        if q.kind == "design":  # experience prompts tell a story: nothing to estimate
            assert q.estimation_inputs, q.slug
            assert q.strong_answer, q.slug


def test_core_pack_source_is_canonical(tmp_path):
    """The files in the repository are exactly what exportcontent writes."""
    load(CORE_PACK)
    call_command("exportcontent", str(tmp_path / "out"), stdout=StringIO())
    for exported in (tmp_path / "out").rglob("*.yaml"):
        rel = exported.relative_to(tmp_path / "out")
        assert (CORE_PACK / rel).read_text() == exported.read_text(), rel
