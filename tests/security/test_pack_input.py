"""Content packs from a curator (API import, entry writes, `loadcontent`) are refused with a
400 naming the file, the entry, the field and the limit, never a 500, and nothing is
written: slugs outside Django's slug rules, deep nesting, over-long slugs and titles, NUL
characters, non-finite numbers, YAML alias amplification (18 KB of YAML expanding to 19 MB),
too many entries, oversized fields, and putting another rubric in the place of one that
sessions use. A changed rubric that sessions use is not refused: it becomes a new version.
"""

from __future__ import annotations

import copy
import json
from io import StringIO

import pytest
import yaml
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from content.models import Concept, Question, Rubric
from content.services.pack_limits import (
    LIST_MAX_ITEMS,
    TEXT_MAX_CHARS,
    YAML_MAX_ALIASES,
    YAML_MAX_EXPANDED_CHARS,
)
from interviews.models import Participant, Role
from interviews.services import invite_accept, invite_create, session_create
from scoring.models import CriterionScore
from scoring.services import scorecard_get_or_create, scorecard_score_set
from tests.content.packs import small_pack, write_pack
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(db):
    user = UserFactory(username="cora")
    user.groups.add(Group.objects.get(name="Curators"))
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def loaded(tmp_path):
    call_command("loadcontent", str(write_pack(tmp_path / "pack")), verbosity=0)


def _import(client: APIClient, files: dict[str, str]):
    return client.post("/api/v1/content/packs/import/", {"files": files}, format="json")


def _refused(response, *words: str) -> dict:
    assert response.status_code == 400, response.content[:500]
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["code"] == "invalid_content"
    text = json.dumps(error["details"]).lower()
    for word in words:
        assert word.lower() in text, (word, error["details"])
    return error["details"]


def _question(**changes) -> dict:
    question = copy.deepcopy(small_pack()["questions"][0])
    question.update(changes)
    return question


def _pack_with(**question_changes) -> dict[str, str]:
    pack = small_pack()
    pack["questions"] = [_question(**question_changes)]
    return {"pack.yaml": yaml.safe_dump(pack, allow_unicode=True)}


# --- slugs follow Django's slug rules on every door (finding 7) ----------------------------


@pytest.mark.parametrize("slug", ["bad slug/../../x", "ünï-çødé", "a.b", ""])
def test_a_slug_outside_the_slug_rules_is_refused_by_the_pack_import(curator, slug):
    details = _refused(_import(curator, _pack_with(slug=slug)), "slug")
    assert details["file"] == "pack.yaml"
    assert not Question.objects.exists()


def test_a_bad_slug_is_refused_by_the_entry_api_and_the_loader(curator, loaded, tmp_path):
    response = curator.post("/api/v1/questions/", _question(slug="bad slug/x"), format="json")
    _refused(response, "slug", "letters")
    pack = small_pack()
    pack["concepts"][0]["slug"] = "ünï-çødé"
    with pytest.raises(CommandError, match="slug"):
        call_command("loadcontent", str(write_pack(tmp_path / "bad", pack)), stdout=StringIO())
    assert not Question.objects.filter(slug="bad slug/x").exists()


def test_a_tag_outside_the_slug_rules_is_refused(curator):
    _refused(_import(curator, _pack_with(tags=["web", "no spaces/here"])), "tags")


def test_the_admin_form_refuses_a_bad_slug(client, loaded):
    staff = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(staff)
    response = client.post(
        "/admin/content/concept/add/",
        {"slug": "bad slug/../x", "title": "T", "summary": "s", "when_to_use": "w"},
    )
    assert response.status_code == 200  # the form again, with its error
    assert "slug" in response.content.decode().lower()
    assert not Concept.objects.filter(slug="bad slug/../x").exists()


# --- lengths, NUL, numbers: checked before the database (finding 8) --------------------------


def test_an_over_long_slug_is_refused_before_the_database(curator):
    _refused(_import(curator, _pack_with(slug="s" * 81)), "slug", "80")


def test_an_over_long_title_is_refused_before_the_database(curator):
    _refused(_import(curator, _pack_with(title="T" * 161)), "title", "160")


@pytest.mark.parametrize(
    "changes",
    [{"prompt": "hello\x00world"}, {"hints": ["fine", "bad\x00hint"]}, {"tags": ["a\x00"]}],
)
def test_a_nul_character_is_refused(curator, changes):
    _refused(_import(curator, _pack_with(**changes)), "nul")
    assert not Question.objects.exists()


def test_a_nul_character_in_an_entry_write_is_refused(curator, loaded):
    body = _question(slug="url-shortener", prompt="a\x00b")
    _refused(curator.put("/api/v1/questions/url-shortener/", body, format="json"), "nul")
    assert "\x00" not in Question.objects.get(slug="url-shortener").prompt


def test_huge_and_non_finite_numbers_are_refused(curator):
    pack = small_pack()
    pack["frameworks"][0]["phases"][0]["minutes"] = 10**30
    _refused(_import(curator, {"p.yaml": yaml.safe_dump(pack)}), "minutes")
    inputs = [{"name": "users", "value": float("inf"), "unit": "users"}]
    _refused(_import(curator, _pack_with(estimation_inputs=inputs)), "finite")


def test_deep_nesting_is_refused_not_a_recursion_error(curator):
    deep = "questions:\n  - hints: " + "[" * 5000 + "]" * 5000 + "\n"
    _refused(_import(curator, {"deep.yaml": deep}), "nested")


def test_deep_nesting_in_an_entry_write_is_refused(curator, loaded):
    nested: list = []
    for _ in range(200):
        nested = [nested]
    response = curator.post(
        "/api/v1/questions/", _question(slug="deep", hints=nested), format="json"
    )
    assert response.status_code == 400
    assert "nested" in json.dumps(response.json()).lower()


# --- YAML alias amplification, entry counts, field sizes (finding 9) ------------------------


def _amplified(hint_count: int, text_size: int) -> str:
    """A valid question whose scale hints are anchored and whose hints repeat them."""
    question = _question()
    question.pop("hints", None)
    question.pop("scale_hints", None)
    body = yaml.safe_dump({"questions": [question]}, sort_keys=False)
    head, rest = body.split("\n", 1)
    hints = ", ".join(["*h"] * hint_count)
    extra = f"  scale_hints: &h {'x' * text_size}\n  hints: [{hints}]\n"
    assert rest.startswith("- slug: ")
    first, others = rest.split("\n", 1)
    return f"{head}\n{first}\n{extra}{others}"


def test_an_18_kb_pack_expanding_to_19_mb_through_aliases_is_refused(curator):
    text = _amplified(hint_count=2000, text_size=9500)
    assert len(text) < 20_000  # the attack: small on the wire...
    assert yaml.safe_load(_amplified(hint_count=2, text_size=10))["questions"][0]["hints"]
    assert 2000 * 9500 >= 19_000_000  # ...huge once its aliases are expanded
    _refused(_import(curator, {"bomb.yaml": text}), "alias")
    assert not Question.objects.exists()


def test_few_aliases_of_nested_anchors_cannot_amplify_either(curator):
    lines = ["a0: &a0 " + "x" * 1000]
    for level in range(1, 6):  # each level repeats the previous one ten times
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    text = "\n".join(lines) + "\n"
    assert text.count("*") <= YAML_MAX_ALIASES  # under the alias count...
    assert YAML_MAX_EXPANDED_CHARS < 1000 * 10**5  # ...but far over the expanded size
    _refused(_import(curator, {"nested.yaml": text}), "expand")


def test_too_many_entries_in_a_list_are_refused(curator):
    hints = [f"hint {i}" for i in range(LIST_MAX_ITEMS + 1)]
    _refused(_import(curator, _pack_with(hints=hints)), "hints", str(LIST_MAX_ITEMS))


def test_an_oversized_text_field_is_refused(curator):
    outline = "o" * (TEXT_MAX_CHARS + 1)
    _refused(_import(curator, _pack_with(reference_outline=outline)), "reference_outline")


def test_the_built_in_pack_is_within_every_limit(core_content):
    assert Question.objects.count() >= 10


# --- a rubric that scorecards use (finding 8) -------------------------------------------------


@pytest.fixture
def scored(loaded):
    """A scorecard with a score on every criterion of the pack's rubric."""
    rubric = Rubric.objects.get()
    interviewer, candidate = UserFactory(username="ivy"), UserFactory(username="cody")
    session = session_create(
        created_by=interviewer,
        question=Question.objects.get(slug="url-shortener"),
        level=rubric.level,
        mode="peer",
        framework=rubric.framework,
    )
    issued = invite_create(session=session, role=Role.CANDIDATE, created_by=interviewer)
    invite_accept(token=issued.token, user=candidate)
    assert Participant.objects.filter(session=session).count() == 2
    card = scorecard_get_or_create(session=session, kind="interviewer", user=interviewer)
    for row in card.scores.all():
        scorecard_score_set(
            scorecard=card, user=interviewer, criterion_id=row.criterion_id, score=3
        )
    return rubric


def test_dropping_a_scored_criterion_makes_a_new_version_and_keeps_the_scores(curator, scored):
    pack = small_pack()
    dropped = pack["rubrics"][0]["criteria"].pop(0)["slug"]
    response = _import(curator, {"rubrics.yaml": yaml.safe_dump(pack)})
    assert response.status_code == 200, response.content
    assert response.json()["rubric_versions_created"] == [f"{scored.slug} v2"]
    scored.refresh_from_db()
    assert scored.current_version.number == 2
    assert not scored.current_version.criteria.filter(slug=dropped).exists()
    # The scored session keeps version 1, its criterion and its scores.
    old = scored.versions.get(number=1)
    assert old.criteria.filter(slug=dropped).exists()
    assert CriterionScore.objects.filter(criterion__slug=dropped, criterion__version=old).exists()


def test_replacing_a_scored_rubric_by_another_slug_is_a_400_that_says_why(curator, scored):
    pack = small_pack()
    pack["rubrics"][0]["slug"] = "a-new-rubric"
    details = _refused(_import(curator, {"rubrics.yaml": yaml.safe_dump(pack)}), scored.slug)
    assert "scorecard" in details["problem"]
    assert Rubric.objects.filter(slug=scored.slug).exists()
    assert not Rubric.objects.filter(slug="a-new-rubric").exists()


def test_changing_a_scored_rubrics_texts_makes_a_new_version(curator, scored):
    pack = small_pack()
    pack["rubrics"][0]["criteria"][0]["title"] = "A clearer title"
    response = _import(curator, {"rubrics.yaml": yaml.safe_dump(pack)})
    assert response.status_code == 200, response.content
    assert response.json()["by_kind"]["rubrics"]["updated"] == 1
    assert response.json()["rubric_versions_created"] == [f"{scored.slug} v2"]
    titles = dict(
        scored.versions.values_list("number", "criteria__title").filter(criteria__order=1)
    )
    assert titles == {1: small_pack()["rubrics"][0]["criteria"][0]["title"], 2: "A clearer title"}
    # The same pack again changes nothing (no third version).
    again = _import(curator, {"rubrics.yaml": yaml.safe_dump(pack)})
    assert again.json()["by_kind"]["rubrics"]["unchanged"] == 1
    assert scored.versions.count() == 2
