"""/api/ answers with an index of the API (not Django's 404 page): the schema, its docs and
each v1 collection, as absolute links that resolve."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_api_index_links_the_schema_the_docs_and_the_collections(client):
    response = client.get("/api/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["name"] == "Designroom API"
    assert body["schema"] == "http://testserver" + reverse("api:schema")
    assert body["docs"] == "http://testserver" + reverse("api:docs")
    v1 = body["v1"]
    assert v1["questions-list"] == "http://testserver/api/v1/questions/"
    assert v1["session-list"] == "http://testserver/api/v1/sessions/"
    assert v1["me"] == "http://testserver/api/v1/me/"
    assert all("{" not in url and "<" not in url for url in v1.values())


def test_every_link_of_the_index_answers(client, user):
    client.force_login(user)
    body = client.get("/api/").json()
    assert client.get(body["schema"]).status_code == 200
    assert client.get(body["docs"]).status_code == 200
    for url in body["v1"].values():
        # Routes, not promises: curator-only ones answer 403, POST-only ones 405.
        assert client.get(url).status_code in (200, 403, 405), url


def test_api_index_is_not_part_of_the_schema(client):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    assert "/api/" not in schema["paths"]


def test_other_unknown_api_paths_are_still_the_json_404(client):
    response = client.get("/api/nothing-here/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
