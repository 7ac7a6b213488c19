"""Unknown paths under /api/ answer in the API's one JSON error shape, not Django's HTML 404."""

import pytest

NOT_FOUND = {
    "error": {
        "status": 404,
        "code": "not_found",
        "message": "No such endpoint.",
        "details": {},
    }
}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/no-such-thing/",
        "/api/no-such-thing/",
        "/api/v1/sessions/not-a-uuid/",  # the route's converter does not match
        "/api/v1/sessions/a/b/",
        "/api/v1/sessions/not%0Aa-uuid/",  # an encoded newline: still a path ending in "/"
    ],
)
@pytest.mark.django_db
def test_unknown_api_path_is_the_json_404(client, user, path):
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == NOT_FOUND


@pytest.mark.parametrize("path", ["/api/v1/concepts/a/b/", "/api/v1/concepts/not%0Aa-slug/"])
@pytest.mark.django_db
def test_an_unknown_content_entry_is_the_json_404_whatever_its_slug(client, user, path):
    """Content entries are addressed by their stored slug, whatever it holds (entries saved
    before slugs were validated must stay deletable): an unknown one is the JSON 404."""
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_unknown_api_path_is_the_json_404_for_anonymous_callers_too(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.django_db
def test_a_write_to_an_unknown_api_path_is_the_json_404_not_a_csrf_failure(client, user, method):
    client.handler.enforce_csrf_checks = True
    client.force_login(user)
    response = getattr(client, method)("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/api/v1/concepts", "/api/v1/concepts/"),
        ("/api/v1/concepts?page=2", "/api/v1/concepts/?page=2"),
    ],
)
@pytest.mark.django_db
def test_a_path_without_its_slash_still_redirects_to_the_endpoint(client, user, path, location):
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == location


@pytest.mark.django_db
def test_known_endpoints_are_not_shadowed_by_the_catch_all(client, user):
    client.force_login(user)
    assert client.get("/api/v1/concepts/").status_code == 200
    assert client.get("/api/v1/exports/scorecards.csv").status_code == 200
