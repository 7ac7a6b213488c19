"""Hostile request bodies get a clear client error, never a 500: JSON nested 1,000 levels deep
to the API's JSON endpoints (the API's 400 shape), NUL characters in the HTML scorecard forms
(the form's own error), and a body over the size limit on /api/ (the API's JSON error shape,
not Django's HTML 400 page).
"""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from rest_framework.test import APIClient

from api.parsers import JSON_MAX_DEPTH
from scoring.models import CriterionScore, Scorecard
from scoring.services import scorecard_get_or_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DEEP = "[" * 1000 + "]" * 1000


@pytest.fixture
def curator(db):
    user = UserFactory(username="cora")
    user.groups.add(Group.objects.get(name="Curators"))
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def card(ended_peer_session, users):
    return scorecard_get_or_create(
        session=ended_peer_session.session, kind="interviewer", user=users["interviewer"]
    )


def _api_error(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["status"] == status
    assert error["message"]
    return error


# --- JSON nested 1,000 deep ------------------------------------------------------------------


def _deep_in(key: str) -> str:
    return json.dumps({key: "PLACEHOLDER"}).replace('"PLACEHOLDER"', DEEP)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/content/packs/import/", DEEP),
        ("/api/v1/content/packs/import/", _deep_in("files")),
        ("/api/v1/questions/", _deep_in("hints")),
    ],
)
def test_json_nested_a_thousand_deep_is_a_400_in_the_api_shape(curator, core_content, path, body):
    error = _api_error(curator.post(path, body, content_type="application/json"), 400)
    assert error["code"] == "parse_error"
    assert f"{JSON_MAX_DEPTH} levels" in error["message"]


def test_a_scorecard_written_with_json_nested_a_thousand_deep_is_a_400(
    ended_peer_session, users, card
):
    client = APIClient()
    client.force_login(users["interviewer"])
    url = f"/api/v1/sessions/{ended_peer_session.session.pk}/scorecards/interviewer/"
    error = _api_error(client.patch(url, _deep_in("scores"), content_type="application/json"), 400)
    assert error["code"] == "parse_error"


def test_json_within_the_depth_limit_still_parses(curator, core_content):
    nested: list = []
    for _ in range(JSON_MAX_DEPTH - 3):
        nested = [nested]
    response = curator.post(
        "/api/v1/content/packs/import/", {"files": {"a.yaml": "x"}, "n": nested}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_content"  # past the parser


# --- NUL in the HTML scorecard forms ------------------------------------------------------------


def test_a_nul_in_a_criterion_comment_is_the_forms_error(ended_peer_session, users, card):
    client = Client()
    client.force_login(users["interviewer"])
    row = card.scores.first()
    url = f"/sessions/{ended_peer_session.session.pk}/scorecard/interviewer/criteria/{row.criterion_id}/"
    response = client.post(url, {"score": "3", "comment": "fine\x00then"})
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
    assert CriterionScore.objects.get(pk=row.pk).score is None  # nothing saved


def test_a_nul_in_the_scorecard_summary_is_the_forms_error(ended_peer_session, users, card):
    client = Client()
    client.force_login(users["interviewer"])
    url = f"/sessions/{ended_peer_session.session.pk}/scorecard/interviewer/overall/"
    response = client.post(url, {"hire_signal": "hire", "summary": "x\x00y"})
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
    assert Scorecard.objects.get(pk=card.pk).summary == ""


# --- a body over the limit on /api/ -------------------------------------------------------------


def _too_big() -> int:
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024


def test_a_json_body_over_the_limit_is_the_apis_error_shape(curator):
    body = json.dumps({"files": {"a.yaml": "x" * _too_big()}})
    error = _api_error(
        curator.post("/api/v1/content/packs/import/", body, content_type="application/json"), 413
    )
    assert error["code"] == "request_too_large"


def test_a_yaml_body_over_the_limit_is_the_apis_error_shape(curator):
    body = "questions: []\n" + "#" * _too_big()
    response = curator.post("/api/v1/content/packs/import/", body, content_type="application/yaml")
    assert _api_error(response, 413)["code"] == "request_too_large"


# --- NUL in a query parameter ------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/library/questions/?q=a%00b",
        "/library/questions/?tag=a%00b",
        "/sessions/new/?q=a%00",
        "/sessions/new/?question=a%00b",
    ],
)
def test_a_nul_in_a_query_parameter_is_a_400_not_a_database_error(client, user, path):
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_a_nul_in_an_api_query_parameter_is_the_apis_400(user):
    client = APIClient()
    client.force_login(user)
    error = _api_error(client.get("/api/v1/questions/?page=1%00"), 400)
    assert "NUL" in error["message"]


def test_djangos_own_400s_under_the_api_keep_the_apis_shape(client):
    client.raise_request_exception = False
    response = client.get("/api/v1/questions/", HTTP_HOST="evil.example")  # not an allowed host
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
    page = client.get("/library/", HTTP_HOST="evil.example")
    assert page.status_code == 400
    assert page["Content-Type"].startswith("text/html")
