"""Content-Security-Policy: every page carries the strict policy (enforced in the test suite
and production, report-only in local settings), the templates need nothing inline, and only
the API docs get a relaxed policy. The browser half is tests/e2e/test_csp.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
HANDLER_ATTRIBUTE = re.compile(r"\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.I)


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part
    }


@pytest.mark.parametrize(
    "path", ["/", "/library/questions/", "/accounts/login/", "/accounts/signup/", "/healthz"]
)
def test_every_response_carries_the_strict_policy(client, path, core_content):
    policy = _policy(client.get(path))
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]


def test_signed_in_pages_and_the_admin_carry_it_too(client, staff_user):
    client.force_login(staff_user)
    for path in ("/sessions/", "/me/progress/", "/accounts/tokens/", "/admin/"):
        policy = _policy(client.get(path))
        assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"], path


def test_only_the_api_docs_relax_styles_and_never_scripts(client, user):
    client.force_login(user)
    docs = client.get("/api/docs/")
    policy = _policy(docs)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert "<script>" not in docs.content.decode()  # the split view: its init script is a file


def test_no_template_needs_an_inline_script_handler_or_style_attribute():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for pattern in (INLINE_SCRIPT, HANDLER_ATTRIBUTE, STYLE_ATTRIBUTE):
            offenders += [
                f"{path.relative_to(TEMPLATES)}: {m.group(0)}" for m in pattern.finditer(text)
            ]
    assert offenders == []


def test_htmx_runs_without_eval_and_without_injected_styles(client):
    page = client.get("/").content.decode()
    assert '"allowEval": false' in page
    assert '"includeIndicatorStyles": false' in page


def test_local_settings_report_instead_of_enforcing():
    import importlib

    local = importlib.import_module("config.settings.local")
    assert local.SECURE_CSP == {}
    assert local.SECURE_CSP_REPORT_ONLY["script-src"] == ["'self'"]
