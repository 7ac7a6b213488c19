"""Rubric versions: a session pins the version current at its creation; a changed rubric
that a session uses becomes a new version, an unused one is corrected in place; reports,
exports, the API and the admin name and show the versions."""

from __future__ import annotations

import copy

import pytest
import yaml
from django.contrib.auth.models import Group
from django.urls import reverse
from rest_framework.test import APIClient

from content.models import Question, Rubric
from content.services.pack_load import content_pack_apply
from content.services.pack_validation import pack_parse
from content.services.rubric_versions import rubric_version_diff
from interviews.services import session_create
from scoring.selectors.reports import report_export
from tests.content.test_core_pack import DOCS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _rubrics_changed(slug: str, change) -> dict:
    doc = copy.deepcopy(DOCS["rubrics.yaml"])
    change(next(r for r in doc["rubrics"] if r["slug"] == slug))
    return {"rubrics.yaml": yaml.safe_dump(doc)}


def _new_session(user, level="senior"):
    return session_create(
        created_by=user,
        question=Question.objects.get(slug="url-shortener"),
        level=level,
        mode="solo",
    )


def _reword(r):
    r["criteria"][0]["anchors"][2] = "At the level: scope agreed, with numbers for each target."


def test_a_changed_rubric_in_use_becomes_a_new_version_and_old_sessions_keep_theirs(core_content):
    user = UserFactory(username="ada")
    old = _new_session(user)
    assert old.rubric_version.number == 1
    result = content_pack_apply(entries=pack_parse(_rubrics_changed("standard-senior", _reword)))
    assert result.versions_created == ["standard-senior v2"]
    new = _new_session(user)
    old.refresh_from_db()
    assert (old.rubric_version.number, new.rubric_version.number) == (1, 2)
    first_old = old.rubric_version.criteria.order_by("order").first()
    first_new = new.rubric_version.criteria.order_by("order").first()
    assert first_new.anchor_3.startswith("At the level: scope agreed")
    assert first_old.anchor_3 != first_new.anchor_3
    export = report_export(session=old, user=user)["session"]["rubric_version"]
    assert (export["rubric"], export["number"]) == ("standard-senior", 1)


def test_an_unused_version_is_corrected_in_place(core_content):
    # No session and no reference session is scored with the experience rubric yet.
    content_pack_apply(entries=pack_parse(_rubrics_changed("experience-senior", _reword)))
    rubric = Rubric.objects.select_related("current_version").get(slug="experience-senior")
    assert rubric.versions.count() == 1
    assert rubric.current_version.criteria.order_by("order").first().anchor_3.startswith("At the")


def test_the_diff_names_what_changed(core_content):
    _new_session(UserFactory(username="ada"))  # version 1 in use
    dropped = DOCS["rubrics.yaml"]["rubrics"][3]["criteria"][-1]["slug"]

    def change(r):
        _reword(r)
        r["criteria"].pop()

    content_pack_apply(entries=pack_parse(_rubrics_changed("standard-senior", change)))
    rubric = Rubric.objects.get(slug="standard-senior")
    assert DOCS["rubrics.yaml"]["rubrics"][3]["slug"] == "standard-senior"
    v1, v2 = rubric.versions.order_by("number")
    changes = rubric_version_diff(v1, v2)
    assert {"criterion": dropped, "change": "removed"}.items() <= changes[0].items()
    changed = [c for c in changes if c["change"] == "changed"]
    assert [(c["criterion"], c["field"]) for c in changed] == [("requirements-clarity", "anchor_3")]


def test_the_admin_shows_the_history_and_the_diff(core_content, client):
    curator = UserFactory(username="cora", is_staff=True)
    curator.groups.add(Group.objects.get(name="Curators"))
    _new_session(UserFactory(username="ada"))
    content_pack_apply(entries=pack_parse(_rubrics_changed("standard-senior", _reword)))
    rubric = Rubric.objects.get(slug="standard-senior")
    client.force_login(curator)
    page = client.get(reverse("admin:content_rubric_change", args=[rubric.pk])).content.decode()
    diff_url = reverse("admin:content_rubric_diff", args=[rubric.pk, 1, 2])
    assert diff_url in page
    diff = client.get(diff_url).content.decode()
    assert "anchor_3" in diff
    assert "scope agreed, with numbers" in diff
    # The version a session uses is read-only in the admin.
    used = rubric.versions.get(number=1)
    form = client.get(reverse("admin:content_rubricversion_change", args=[used.pk])).content
    assert b'name="title"' not in form


def test_the_api_lists_versions_with_anchors_only_for_readers(core_content):
    _new_session(UserFactory(username="ada"))
    content_pack_apply(entries=pack_parse(_rubrics_changed("standard-senior", _reword)))
    reader = APIClient()
    reader.force_authenticate(UserFactory(username="bob"))
    body = reader.get("/api/v1/content/rubrics/standard-senior/versions/").json()
    assert (body["current"], [v["number"] for v in body["versions"]]) == (2, [1, 2])
    assert body["versions"][0]["in_use"] is True
    assert "anchors" not in body["versions"][1]["criteria"][0]
    assert body["versions"][1]["changes"] == []  # the only change was to an anchor
    curator = UserFactory(username="cora")
    curator.groups.add(Group.objects.get(name="Curators"))
    reader.force_authenticate(curator)
    body = reader.get("/api/v1/content/rubrics/standard-senior/versions/").json()
    assert body["versions"][1]["criteria"][0]["anchors"][2].startswith("At the level")
    assert body["versions"][1]["changes"][0]["field"] == "anchor_3"
