"""Log-in lockout through the ASGI server (django-axes' async middleware path): the log-in
page says why, and other people's log-ins from the same browser address still work."""

from __future__ import annotations

import pytest

from .conftest import PASSWORD, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _try(page, server, username: str, password: str) -> None:
    page.goto(f"{server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("main form").first.locator("[type=submit]").click()
    page.wait_for_load_state("networkidle")


def test_five_wrong_passwords_lock_the_account_with_a_clear_message(live_asgi, new_page):
    server = live_asgi
    victim = server.create_user("lockme")
    page = new_page()
    for _ in range(5):
        _try(page, server, victim, "not-the-password")
    _try(page, server, victim, PASSWORD)
    assert "/accounts/login/" in page.url
    alert = page.get_by_role("alert")
    assert "Too many failed log-in attempts" in alert.inner_text()
    assert "15 minutes" in alert.inner_text()
    other = new_page()
    sign_in(other, server, server.create_user("neighbour"))
