"""Log-in throttling: after LOGIN_FAILURE_LIMIT wrong passwords the right one is refused too,
with a clear message, until the cool-off ends or staff reset it; bad API tokens likewise."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.services import api_token_create

pytestmark = pytest.mark.django_db

LIMIT = settings.AXES_FAILURE_LIMIT


def _login(client, password: str, username: str = "ada", **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


def _hammer(client, times: int, username: str = "ada", **extra) -> list[int]:
    return [_login(client, "wrong-guess", username, **extra).status_code for _ in range(times)]


def test_the_limit_and_cooloff_are_what_the_docs_say():
    assert LIMIT == 5
    cooloff = settings.AXES_COOLOFF_TIME
    assert cooloff == timedelta(minutes=15)


def test_forty_wrong_passwords_then_the_right_one_is_refused(client, user):
    statuses = _hammer(client, 40)
    # The first LIMIT - 1 tries are ordinary failures; from the LIMIT-th on, a lockout.
    assert statuses[: LIMIT - 1] == [200] * (LIMIT - 1)
    assert set(statuses[LIMIT - 1 :]) == {429}
    response = _login(client, "pw-ada-123456")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    text = response.content.decode()
    assert "Too many failed log-in attempts" in text
    assert "Try again in 15 minutes" in text
    assert 'name="password"' in text  # still the log-in page, not a bare error


def test_the_lockout_ends_after_the_cooloff(client, user):
    _hammer(client, LIMIT)
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = _login(client, "pw-ada-123456")
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(user.pk)


def test_staff_reset_the_lockout_with_the_command(client, user):
    _hammer(client, LIMIT)
    assert _login(client, "pw-ada-123456").status_code == 429
    call_command("axes_reset_username", "ada", verbosity=0)
    assert _login(client, "pw-ada-123456").status_code == 302


def test_a_locked_out_address_does_not_lock_the_account_elsewhere(client, user):
    _hammer(client, LIMIT, REMOTE_ADDR="10.9.9.9")
    assert _login(client, "pw-ada-123456", REMOTE_ADDR="10.1.1.1").status_code == 302


def test_the_admin_log_in_is_throttled_too(client, staff_user):
    for _ in range(LIMIT):
        client.post("/admin/login/", {"username": "root", "password": "nope"})
    response = client.post("/admin/login/", {"username": "root", "password": "pw-root-123456"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_success_resets_the_count(client, user):
    _hammer(client, LIMIT - 1)
    assert _login(client, "pw-ada-123456").status_code == 302
    client.post(reverse("accounts:logout"))
    assert _hammer(client, LIMIT - 1) == [200] * (LIMIT - 1)


def test_guessing_api_tokens_is_locked_out_per_address(client, user):
    _, raw = api_token_create(user=user, name="script")
    statuses = [
        client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token dr_guess_{n}").status_code
        for n in range(40)
    ]
    assert statuses[: LIMIT - 1] == [401] * (LIMIT - 1)
    assert set(statuses[LIMIT - 1 :]) == {429}
    # Even the right token is refused from that address until the cool-off ends ...
    locked = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {raw}")
    assert locked.status_code == 429
    assert locked.json()["error"]["status"] == 429
    assert "Retry-After" in locked
    # ... while another address (the script's own host) keeps working.
    elsewhere = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {raw}", REMOTE_ADDR="10.2.2.2")
    assert elsewhere.status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {raw}").status_code == 200


def test_many_good_logins_never_lock_anyone_out(client, user):
    """The suite (and e2e) log in many times: only failures count."""
    for _ in range(3 * LIMIT):
        assert _login(client, "pw-ada-123456").status_code == 302
        client.post(reverse("accounts:logout"))
