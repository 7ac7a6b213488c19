"""The Content-Security-Policy in a real browser: the app's pages, the admin and the API
docs work under it with no violation, and an injected inline script is blocked."""

from __future__ import annotations

import re

import pytest

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _staff(server) -> str:
    from .conftest import _manage

    _manage(
        server.env,
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model; U = get_user_model(); "
        "U.objects.filter(username='csp-root').exists() or "
        "U.objects.create_superuser('csp-root', password='pw-e2e-designroom')",
    )
    return "csp-root"


def _visit(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None, url
    assert response.status < 400, f"{url}: {response.status}"
    csp = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in csp, url
    page.wait_for_load_state("networkidle")


def test_pages_admin_and_api_docs_work_under_the_policy(live_asgi, new_page):
    server = live_asgi
    page = new_page()
    sign_in(page, server, _staff(server))
    for path in (
        "/",
        "/library/questions/",
        "/library/questions/url-shortener/",
        "/library/concepts/",
        "/library/nfrs/",
        "/sessions/",
        "/sessions/new/",
        "/me/progress/",
        "/accounts/tokens/",
        "/admin/",
        "/admin/content/question/",
        "/admin/auth/user/add/",
        "/admin/axes/accessattempt/",
    ):
        _visit(page, f"{server.url}{path}")
    # A peer session's lobby polls with htmx (no eval) and copies links with page.js.
    from .test_room import _create_session

    _create_session(page, server, "peer_interviewer")
    with page.expect_response(re.compile(r"/lobby/$"), timeout=10_000):
        pass  # the 2 s poll still runs
    page.locator("[data-copy]").first.click()
    page.wait_for_function("() => document.querySelector('[data-copy]').textContent === 'Copied'")
    # The API docs: Swagger UI renders the operations (its own path-scoped policy).
    _visit(page, f"{server.url}/api/docs/")
    page.wait_for_selector(".opblock", timeout=20_000)
    assert not page.errors, page.errors


def test_an_injected_inline_script_is_blocked_and_reported(live_asgi, new_page):
    page = new_page()
    page.goto(f"{live_asgi.url}/")
    with pytest.raises(Exception):  # noqa: B017, PT011 (Playwright's error for a refused script)
        page.add_script_tag(content="window.__injected = true;")
    assert page.evaluate("() => window.__injected === undefined")
    page.wait_for_function("() => true")
    assert any("script-src" in v for v in page.csp_violations), page.csp_violations
    page.csp_violations.clear()  # provoked on purpose: the fixture must not fail the test
