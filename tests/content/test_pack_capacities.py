"""Component capacities in a content pack: validated with their units, loaded by kind,
exported canonically, shown in the admin, and read by the capacity analysis."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from content.models import ComponentCapacity, Question
from content.selectors import component_capacity_defaults
from scoring.analysis.capacity import DEFAULT_CAPACITY
from tests.conftest import CORE_PACK
from tests.content.packs import small_pack, write_pack

pytestmark = pytest.mark.django_db

GOOD = [
    {"kind": "service", "per_instance": 3000, "why": "Measured on our instances."},
    {"kind": "database", "per_instance": 15000, "unit": "reads/s", "writes_per_instance": 4000},
    {"kind": "queue", "per_instance": 40000, "unit": "messages/s"},
]


def write(folder: Path, entries: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "capacities.yaml").write_text(yaml.safe_dump({"component_capacities": entries}))
    return folder


def load(folder: Path) -> str:
    out = StringIO()
    call_command("loadcontent", str(folder), stdout=out)
    return out.getvalue()


def test_a_pack_loads_capacities_by_kind_and_a_second_load_changes_nothing(tmp_path):
    folder = write(tmp_path / "p", GOOD)
    assert load(folder).splitlines()[0] == "3 created, 0 updated, 0 unchanged"
    assert load(folder).splitlines()[0] == "0 created, 0 updated, 3 unchanged"
    db = ComponentCapacity.objects.get(kind="database")
    assert (db.per_instance, db.unit, db.writes_per_instance) == (15000, "reads/s", 4000)
    assert ComponentCapacity.objects.get(kind="service").unit == "requests/s"  # the default


def test_a_changed_figure_updates_in_place(tmp_path):
    load(write(tmp_path / "v1", GOOD))
    changed = [{**GOOD[0], "per_instance": 2500}, *GOOD[1:]]
    assert (
        load(write(tmp_path / "v2", changed)).splitlines()[0] == "0 created, 1 updated, 2 unchanged"
    )
    assert ComponentCapacity.objects.get(kind="service").per_instance == 2500


def test_export_writes_them_back_as_loaded(tmp_path):
    load(write(tmp_path / "p", GOOD))
    call_command("exportcontent", str(tmp_path / "out"), stdout=StringIO())
    exported = yaml.safe_load((tmp_path / "out" / "capacities.yaml").read_text())
    assert exported["component_capacities"] == sorted(GOOD, key=lambda e: e["kind"])


BAD = {
    "unknown kind": ({"kind": "mainframe", "per_instance": 10}, ["kind", "unknown node kind"]),
    "a client": ({"kind": "client", "per_instance": 10}, ["kind", "no capacity of its own"]),
    "zero": ({"kind": "service", "per_instance": 0}, ["per_instance", "above 0"]),
    "too large": ({"kind": "service", "per_instance": 1e9}, ["per_instance", "at most"]),
    "text figure": ({"kind": "service", "per_instance": "2k"}, ["per_instance", "a number"]),
    "per day": ({"kind": "service", "per_instance": 10, "unit": "requests/day"},
                ["unit", "unknown unit 'requests/day'", "per second"]),
    "writes as the unit": ({"kind": "database", "per_instance": 10, "unit": "writes/s",
                            "writes_per_instance": 5}, ["unit", "writes_per_instance"]),
    "a database without writes": ({"kind": "database", "per_instance": 10},
                                  ["writes_per_instance", "a database needs"]),
    "writes elsewhere": ({"kind": "cache", "per_instance": 10, "writes_per_instance": 5},
                         ["writes_per_instance", "only a database"]),
    "unknown field": ({"kind": "cache", "per_instance": 10, "latency": 1}, ["latency", "unknown field"]),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_capacity_names_file_kind_and_field_and_writes_nothing(tmp_path, case):
    entry, expected = BAD[case]
    with pytest.raises(CommandError) as err:
        load(write(tmp_path / "p", [GOOD[2], entry]))
    assert "capacities.yaml" in str(err.value)
    assert f"component_capacities[{entry['kind']}]" in str(err.value)
    for fragment in expected:
        assert fragment in str(err.value)
    assert not ComponentCapacity.objects.exists()


def test_a_kind_given_twice_is_refused(tmp_path):
    with pytest.raises(CommandError, match=r"kind.*duplicate kind 'service'"):
        load(write(tmp_path / "p", [GOOD[0], {**GOOD[0], "per_instance": 1}]))


def test_the_core_pack_holds_the_analysis_built_in_figures():
    call_command("loadcontent", str(CORE_PACK), verbosity=0)
    assert component_capacity_defaults() == DEFAULT_CAPACITY


def test_curators_see_and_edit_them_in_the_admin(admin_client, tmp_path):
    load(write(tmp_path / "p", GOOD))
    listing = admin_client.get(reverse("admin:content_componentcapacity_changelist"))
    assert listing.status_code == 200
    assert "messages/s" in listing.content.decode()
    db = ComponentCapacity.objects.get(kind="database")
    form = {
        "kind": "database",
        "per_instance": "15000",
        "unit": "reads/s",
        "writes_per_instance": "",
        "why": "",
    }
    refused = admin_client.post(
        reverse("admin:content_componentcapacity_change", args=[db.pk]), form
    )
    assert "A database needs the writes/s" in refused.content.decode()
    db.refresh_from_db()
    assert db.writes_per_instance == 4000


def question_pack(capacities):
    pack = small_pack()
    pack["questions"][0]["component_capacities"] = capacities
    pack["component_capacities"] = GOOD
    return pack


def test_a_question_may_give_its_own_capacities_over_the_packs(tmp_path):
    own = [{"kind": "service", "per_instance": 800, "why": "Each call renders a PDF."}]
    load(write_pack(tmp_path / "p", question_pack(own)))
    question = Question.objects.get(slug="url-shortener")
    assert component_capacity_defaults(question_id=question.pk)["service"] == 800
    assert component_capacity_defaults()["service"] == 3000
    assert component_capacity_defaults(question_id=question.pk)["database_writes"] == 4000
    again = load(write_pack(tmp_path / "p", question_pack(own)))
    assert "0 created, 0 updated" in again.splitlines()[0]


def test_a_questions_capacities_round_trip_through_export(tmp_path):
    own = [{"kind": "worker", "per_instance": 50, "unit": "messages/s"},
           {"kind": "database", "per_instance": 9000, "unit": "reads/s", "writes_per_instance": 900}]  # fmt: skip
    load(write_pack(tmp_path / "p", question_pack(own)))
    call_command("exportcontent", str(tmp_path / "out"), stdout=StringIO())
    exported = yaml.safe_load((tmp_path / "out" / "questions" / "url-shortener.yaml").read_text())
    assert exported["questions"][0]["component_capacities"] == own


@pytest.mark.parametrize(
    ("own", "field", "problem"),
    [
        ([{"kind": "cache", "per_instance": -1}], "component_capacities[cache].per_instance", "above 0"),
        ([{"kind": "cache", "per_instance": 1}, {"kind": "cache", "per_instance": 2}],
         "component_capacities[cache].kind", "duplicate kind"),
        ([{"kind": "database", "per_instance": 1}], "component_capacities[database].writes_per_instance",
         "a database needs"),
    ],
)  # fmt: skip
def test_a_bad_question_capacity_names_the_question_and_the_field(tmp_path, own, field, problem):
    with pytest.raises(CommandError) as err:
        load(write_pack(tmp_path / "p", question_pack(own)))
    assert "questions[url-shortener]" in str(err.value)
    assert field in str(err.value)
    assert problem in str(err.value)
    assert not Question.objects.exists()
