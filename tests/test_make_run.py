"""What `make run` prints: a banner that states the services really in use, and each
dev-server log line once."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings

from config.stack import stack_describe, url_redacted


def _run(code_or_module: list[str], **variables: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.local", **variables)
    return subprocess.run(
        [sys.executable, *code_or_module],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_banner_names_the_embedded_default_when_no_service_is_set():
    result = _run(["-m", "config.stack", "http://127.0.0.1:8000/"])
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Designroom on http://127.0.0.1:8000/  (settings: config.settings.local)"
    assert "SQLite file" in lines[1]
    assert "in-memory" in lines[2]
    assert "eagerly" in lines[3]
    assert all("embedded default" in line for line in lines[1:])


def test_the_banner_names_the_real_services_when_they_are_set():
    result = _run(
        ["-m", "config.stack", "http://127.0.0.1:8000/"],
        DATABASE_URL="postgres://designroom@db.example:5433/designroom_banner",
        REDIS_URL="redis://:hunter2@cache.example:6380/4",
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "embedded default" not in out
    assert "SQLite" not in out
    assert "PostgreSQL database designroom_banner on db.example:5433" in out
    assert "Redis Pub/Sub at redis://:***@cache.example:6380/4" in out
    assert "Celery through redis://:***@cache.example:6380/4: start a worker" in out
    assert "hunter2" not in out  # passwords stay out of the terminal


def test_stack_describe_reads_the_settings_in_force(settings):
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "interviews.live.channel_layer.BlockingRedisChannelLayer"}
    }
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    described = dict(stack_describe(settings))
    assert (
        described["channel layer"]
        == "Redis lists (channels-redis core) at redis://127.0.0.1:6379/0"
    )
    assert described["tasks"].startswith("Celery tasks run eagerly")


def test_url_redacted_keeps_everything_but_the_password():
    assert url_redacted("redis://u:p@h:1/2") == "redis://u:***@h:1/2"
    assert url_redacted("redis://h:1/2") == "redis://h:1/2"


def test_each_dev_server_log_line_is_printed_once():
    """Django's default logging gives the "django" logger a console handler of its own that
    also propagates to the root's; the dev server's request lines came out twice."""
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('django.channels.server').info('HTTP GET /probe 200'); "
        "logging.getLogger('django.request').warning('Not Found: /probe')"
    )
    result = _run(["-c", code])
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("HTTP GET /probe 200") == 1
    assert result.stderr.count("Not Found: /probe") == 1
