"""Content over the API: who reads and writes what, the error shape, packs, query counts."""

import pytest
import yaml
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from content.models import Concept, Question
from tests.content.packs import small_pack, write_pack

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(tmp_path):
    from django.core.management import call_command

    call_command("loadcontent", str(write_pack(tmp_path / "pack")), verbosity=0)


@pytest.fixture
def curator(django_user_model):
    user = django_user_model.objects.create_user("curator", password="pw-curator-123")
    user.groups.add(Group.objects.get(name="Curators"))
    return user


def api(user=None, *, csrf=False) -> APIClient:
    client = APIClient(enforce_csrf_checks=csrf)
    if user is not None:
        client.force_login(user)
    return client


KINDS = ["frameworks", "nfr-categories", "concepts", "questions", "rubrics"]


@pytest.mark.parametrize("kind", KINDS)
def test_anonymous_gets_401_in_the_error_shape(loaded, kind):
    response = api().get(f"/api/v1/{kind}/")
    assert response.status_code in (401, 403)
    body = response.json()["error"]
    assert body["status"] == response.status_code
    assert body["code"] == "not_authenticated"
    assert body["message"]


@pytest.mark.parametrize("kind", KINDS)
def test_signed_in_user_reads_every_kind(loaded, user, kind):
    response = api(user).get(f"/api/v1/{kind}/")
    assert response.status_code == 200
    assert response.json()["count"] >= 1


def test_question_for_a_plain_user_is_candidate_safe(loaded, user):
    body = api(user).get("/api/v1/questions/url-shortener/").json()
    assert body["prompt"] == "Users shorten links and follow them."
    for hidden in ("reference_outline", "follow_ups", "curveballs", "hints"):
        assert hidden not in body
    assert "SECRET-OUTLINE" not in str(api(user).get("/api/v1/questions/").json())


def test_strong_answer_and_expectations_are_for_curators_not_candidates(tmp_path, user, curator):
    from django.core.management import call_command

    pack = small_pack()
    pack["questions"][0]["strong_answer"] = [{"component": "SECRET-COMPONENT cache"}]
    pack["questions"][0]["expectations"] = {"senior": "SECRET-EXPECTATION"}
    call_command("loadcontent", str(write_pack(tmp_path / "p", pack)), verbosity=0)
    for path in ("/api/v1/questions/url-shortener/", "/api/v1/questions/"):
        assert "SECRET-" not in str(api(user).get(path).json())
    body = api(curator).get("/api/v1/questions/url-shortener/").json()
    assert body["strong_answer"] == [{"component": "SECRET-COMPONENT cache"}]
    assert body["expectations"] == {"senior": "SECRET-EXPECTATION"}


def test_curator_sees_the_reference_outline(loaded, curator):
    body = api(curator).get("/api/v1/questions/url-shortener/").json()
    assert body["reference_outline"].startswith("SECRET-OUTLINE")


def test_drafts_are_hidden_from_plain_users(loaded, user, curator):
    Question.objects.update(published=False)
    assert api(user).get("/api/v1/questions/").json()["count"] == 0
    assert api(user).get("/api/v1/questions/url-shortener/").status_code == 404
    assert api(curator).get("/api/v1/questions/").json()["count"] == 1


def test_plain_user_cannot_write(loaded, user):
    entry = dict(small_pack()["concepts"][1], slug="sharding", title="Sharding")
    response = api(user).post("/api/v1/concepts/", entry, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert not Concept.objects.filter(slug="sharding").exists()


def test_curator_creates_replaces_and_deletes(loaded, curator):
    client = api(curator)
    entry = {
        "slug": "sharding",
        "title": "Sharding",
        "summary": "Split data.",
        "when_to_use": "Big data.",
    }
    created = client.post("/api/v1/concepts/", entry, format="json")
    assert created.status_code == 201
    assert created.json()["title"] == "Sharding"
    replaced = client.put(
        "/api/v1/concepts/sharding/", {**entry, "title": "Sharding by key"}, format="json"
    )
    assert replaced.json()["title"] == "Sharding by key"
    assert client.delete("/api/v1/concepts/sharding/").status_code == 204
    assert not Concept.objects.filter(slug="sharding").exists()


def test_invalid_entry_names_the_field_and_writes_nothing(loaded, curator):
    entry = {
        "slug": "bad",
        "title": "Bad",
        "summary": "x",
        "when_to_use": "y",
        "related_concepts": ["nope"],
    }
    response = api(curator).post("/api/v1/concepts/", entry, format="json")
    assert response.status_code == 400
    details = response.json()["error"]["details"]
    assert details["field"] == "related_concepts"
    assert "nope" in details["problem"]
    assert not Concept.objects.filter(slug="bad").exists()


def test_duplicate_create_is_refused(loaded, curator):
    entry = small_pack()["concepts"][1]
    response = api(curator).post("/api/v1/concepts/", entry, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["details"]["code"] == "duplicate_slug"


def test_session_authenticated_writes_need_csrf(loaded, curator):
    entry = {"slug": "csrf", "title": "CSRF", "summary": "x", "when_to_use": "y"}
    response = api(curator, csrf=True).post("/api/v1/concepts/", entry, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]


def test_pack_import_is_atomic_and_reports_counts(loaded, curator):
    pack = small_pack()
    pack["concepts"].append(
        {"slug": "queues", "title": "Queues", "summary": "s", "when_to_use": "w"}
    )
    files = {"pack.yaml": yaml.safe_dump(pack)}
    dry = (
        api(curator)
        .post("/api/v1/content/packs/import/?dry_run=1", {"files": files}, format="json")
        .json()
    )
    assert dry["created"] == 1
    assert dry["dry_run"] is True
    assert not Concept.objects.filter(slug="queues").exists()
    done = (
        api(curator).post("/api/v1/content/packs/import/", {"files": files}, format="json").json()
    )
    assert done["by_kind"]["concepts"] == {"created": 1, "updated": 0, "unchanged": 2}
    assert Concept.objects.filter(slug="queues").exists()


def test_pack_import_error_is_clear_and_changes_nothing(loaded, curator):
    pack = small_pack()
    pack["questions"][0]["difficulty"] = "brutal"
    pack["concepts"][0]["title"] = "Changed"
    response = api(curator).post(
        "/api/v1/content/packs/import/", {"files": {"p.yaml": yaml.safe_dump(pack)}}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["details"]["file"] == "p.yaml"
    assert Concept.objects.get(slug="replication").title == "Replication"


def test_pack_import_accepts_raw_yaml(loaded, curator):
    body = yaml.safe_dump(
        {"concepts": [{"slug": "cdn", "title": "CDN", "summary": "s", "when_to_use": "w"}]}
    )
    response = api(curator).post(
        "/api/v1/content/packs/import/", body, content_type="application/yaml"
    )
    assert response.status_code == 200
    assert Concept.objects.filter(slug="cdn").exists()


def test_pack_export_matches_exportcontent(loaded, curator, user):
    files = api(curator).get("/api/v1/content/packs/export/").json()["files"]
    assert "questions/url-shortener.yaml" in files
    assert yaml.safe_load(files["concepts.yaml"])["concepts"][0]["slug"] == "caching"
    assert api(user).get("/api/v1/content/packs/export/").status_code == 403


@pytest.mark.parametrize("kind", KINDS)
def test_list_query_count_does_not_grow_with_page_size(tmp_path, curator, kind):
    from django.core.management import call_command

    call_command("loadcontent", str(write_pack(tmp_path / "one")), verbosity=0)
    client = api(curator)
    with CaptureQueriesContext(connection) as small:
        client.get(f"/api/v1/{kind}/")
    pack = small_pack()
    bigger = {
        "concepts": [dict(pack["concepts"][1], slug=f"c{i}") for i in range(8)],
        "questions": [dict(pack["questions"][0], slug=f"q{i}") for i in range(8)],
        "nfr_categories": [dict(pack["nfr_categories"][0], slug=f"n{i}") for i in range(8)],
        "frameworks": [dict(pack["frameworks"][0], slug=f"f{i}", default=False) for i in range(8)],
    }
    call_command("loadcontent", str(write_pack(tmp_path / "many", bigger)), verbosity=0)
    with CaptureQueriesContext(connection) as large:
        client.get(f"/api/v1/{kind}/")
    assert len(large) == len(small)


def test_unknown_api_path_is_json_404(user):
    response = api(user).get("/api/v1/concepts/no-such/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
