"""Production settings refuse to start without a secret and pass the deploy checks."""

import os
import secrets
import subprocess
import sys

from django.conf import settings


def _check(*args: str, secret: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    if secret is not None:
        env["DJANGO_SECRET_KEY"] = secret
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _check(secret=None)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_passes_check_deploy():
    result = _check("--deploy", "--fail-level", "WARNING", secret=secrets.token_urlsafe(64))
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_base_settings_are_safe_by_default():
    from config.settings import base

    assert base.DEBUG is False or os.environ.get("DJANGO_DEBUG")
    assert os.environ.get("DJANGO_SECRET_KEY", "") == base.SECRET_KEY
