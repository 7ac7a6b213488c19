"""API tokens: created once, stored hashed, revocable, authenticating scripts."""

import pytest
from django.urls import reverse

from accounts.models import ApiToken, token_digest
from accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def test_token_is_stored_as_a_digest_only(user):
    token, raw = api_token_create(user=user, name="ci")
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw.startswith(f"dr_{stored.prefix}_")
    assert stored.digest == token_digest(raw)
    assert raw not in {stored.digest, stored.prefix, stored.name}


def test_settings_page_shows_a_new_token_once(client, user):
    client.force_login(user)
    created = client.post(reverse("accounts:token_create"), {"name": "dashboard"}).content.decode()
    raw = ApiToken.objects.get(user=user)
    assert "dashboard" in created
    assert "will not be shown again" in created
    listing = client.get(reverse("accounts:tokens")).content.decode()
    assert f"dr_{raw.prefix}_" in listing
    assert 'id="new-token"' not in listing


def test_token_authenticates_api_requests(client, user):
    _, raw = api_token_create(user=user, name="script")
    response = client.get("/api/v1/concepts/", HTTP_AUTHORIZATION=f"Token {raw}")
    assert response.status_code == 200
    assert client.get("/api/v1/concepts/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


def test_revoked_token_is_refused_with_the_error_shape(client, user):
    token, raw = api_token_create(user=user, name="old")
    client.force_login(user)
    client.post(reverse("accounts:token_revoke", args=[token.pk]))
    client.logout()
    response = client.get("/api/v1/concepts/", HTTP_AUTHORIZATION=f"Token {raw}")
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "Invalid or revoked API token."


def test_another_users_token_cannot_be_revoked(client, user, other_user):
    token, _ = api_token_create(user=user, name="mine")
    client.force_login(other_user)
    client.post(reverse("accounts:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.is_active


def test_token_pages_require_login(client):
    response = client.get(reverse("accounts:tokens"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
