"""Production settings fail closed: without a secret, DATABASE_URL or REDIS_URL they refuse to
start (one clear line naming the variable) instead of falling back to the embedded default.
With everything set they pass the deploy checks. Servers and workers default to production."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

REQUIRED = ("DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL")
# Never connected to by these tests: settings are read, nothing is opened.
COMPLETE = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
    "DATABASE_URL": "postgres://designroom@127.0.0.1:5432/designroom",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def _run(argv: list[str], *, settings_module: str | None, **variables: str):
    env = {k: v for k, v in os.environ.items() if k not in (*REQUIRED, "DJANGO_SETTINGS_MODULE")}
    if settings_module:
        env["DJANGO_SETTINGS_MODULE"] = settings_module
    env.update(variables)
    return subprocess.run(
        [sys.executable, *argv],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _check(*args: str, **variables: str) -> subprocess.CompletedProcess:
    return _run(
        ["manage.py", "check", *args], settings_module="config.settings.production", **variables
    )


def _last_line(result: subprocess.CompletedProcess) -> str:
    return result.stderr.strip().splitlines()[-1]


def test_production_refuses_to_start_without_a_secret_key():
    result = _check(**{k: v for k, v in COMPLETE.items() if k != "DJANGO_SECRET_KEY"})
    assert result.returncode != 0
    assert _last_line(result) == (
        "django.core.exceptions.ImproperlyConfigured: "
        "DJANGO_SECRET_KEY must be set (50+ random characters) in production."
    )


@pytest.mark.parametrize("missing", ["DATABASE_URL", "REDIS_URL"])
def test_production_refuses_to_start_without_its_services(missing):
    result = _check(**{k: v for k, v in COMPLETE.items() if k != missing})
    assert result.returncode != 0
    last = _last_line(result)
    assert last.startswith(f"django.core.exceptions.ImproperlyConfigured: {missing} must be set")
    assert "in production" in last


def test_production_refuses_an_empty_variable_too():
    result = _check(**(COMPLETE | {"REDIS_URL": ""}))
    assert result.returncode != 0
    assert "REDIS_URL must be set" in _last_line(result)


def test_production_passes_check_deploy():
    result = _check("--deploy", "--fail-level", "WARNING", **COMPLETE)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_uses_the_services_it_is_given():
    code = (
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CHANNEL_LAYERS['default']['BACKEND'], "
        "s.CELERY_TASK_ALWAYS_EAGER, s.CACHES['default']['BACKEND'])"
    )
    result = _run(
        ["-c", f"import django; django.setup(); {code}"],
        settings_module="config.settings.production",
        **COMPLETE,
    )
    assert result.returncode == 0, result.stderr
    engine, layer, eager, cache = result.stdout.split()
    assert engine == "django.db.backends.postgresql"
    assert "Redis" in layer
    assert eager == "False"
    assert cache == "django.core.cache.backends.redis.RedisCache"


@pytest.mark.parametrize("module", ["config.asgi", "config.wsgi", "config.celery"])
def test_servers_and_workers_default_to_production_settings(module):
    """Started without DJANGO_SETTINGS_MODULE they load production settings, so they refuse
    to start without a secret rather than serving debug pages."""
    code = f"import {module}; from django.conf import settings; settings.DEBUG"
    result = _run(["-c", code], settings_module=None)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in _last_line(result)


def test_the_embedded_default_lives_in_local_settings_not_in_base():
    code = (
        "import config.settings.base as b, config.settings.local as l; "
        "print(hasattr(b, 'DATABASES'), hasattr(b, 'CHANNEL_LAYERS'), "
        "l.DATABASES['default']['ENGINE'], l.CHANNEL_LAYERS['default']['BACKEND'], "
        "l.CELERY_TASK_ALWAYS_EAGER)"
    )
    result = _run(["-c", code], settings_module="config.settings.local")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "False",
        "django.db.backends.sqlite3",
        "interviews.live.channel_layer.LoudInMemoryChannelLayer",
        "True",
    ]


def test_base_settings_are_safe_by_default():
    from config.settings import base

    assert base.DEBUG is False or os.environ.get("DJANGO_DEBUG")
    assert os.environ.get("DJANGO_SECRET_KEY", "") == base.SECRET_KEY


def test_production_stores_recordings_on_s3_when_a_bucket_is_named():
    code = (
        "from django.core.files.storage import storages; d = storages['default']; "
        "print(type(d).__module__ + '.' + type(d).__name__, d.bucket_name, d.default_acl)"
    )
    result = _run(
        ["-c", f"import django; django.setup(); {code}"],
        settings_module="config.settings.production",
        **COMPLETE,
        RECORDINGS_S3_BUCKET="designroom-recordings",
        RECORDINGS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "storages.backends.s3.S3Storage",
        "designroom-recordings",
        "private",
    ]


def test_production_keeps_recordings_on_the_filesystem_by_default():
    code = (
        "from django.core.files.storage import storages; print(type(storages['default']).__name__)"
    )
    result = _run(
        ["-c", f"import django; django.setup(); {code}"],
        settings_module="config.settings.production",
        **COMPLETE,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "FileSystemStorage"
