"""X-Forwarded-Proto is trusted only when a setting says a proxy is in front: exposed directly
(as docker-compose runs it), a client sending ``X-Forwarded-Proto: https`` over plain HTTP
must not be treated as HTTPS (secure-only cookies, CSRF's HTTPS referer rules, redirects).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from django.conf import settings

from tests.test_settings import COMPLETE, _run

IS_SECURE = (
    "import django; django.setup(); from django.conf import settings as s; "
    "from django.test import RequestFactory; "
    "r = RequestFactory().get('/', HTTP_X_FORWARDED_PROTO='https', SERVER_NAME='localhost'); "
    "print(s.SECURE_PROXY_SSL_HEADER, r.is_secure())"
)


def test_a_client_claiming_https_is_not_believed_without_a_proxy():
    result = _run(["-c", IS_SECURE], settings_module="config.settings.production", **COMPLETE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["None", "False"]


def test_behind_a_proxy_the_header_is_trusted():
    result = _run(
        ["-c", IS_SECURE],
        settings_module="config.settings.production",
        **COMPLETE,
        DJANGO_BEHIND_PROXY="true",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https') True"


def test_docker_compose_exposes_the_app_without_trusting_forwarded_headers():
    compose = yaml.safe_load((Path(settings.BASE_DIR) / "docker-compose.yml").read_text())
    services = compose["services"]
    web = services["web"]
    has_proxy = any(name not in ("web", "worker", "postgres", "redis") for name in services)
    trusted = str(web["environment"].get("DJANGO_BEHIND_PROXY", "false"))
    default = re.sub(r"^\$\{DJANGO_BEHIND_PROXY:-(.*)\}$", r"\1", trusted)
    assert has_proxy or default.lower() in ("false", "0", "")
    assert "8000:8000" in web["ports"]  # exposed directly...
    assert "--no-proxy-headers" in web["command"]  # ...so uvicorn trusts no forwarded headers
