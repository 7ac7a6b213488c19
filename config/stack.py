"""What the settings in force really use: the database, the channel layer, how Celery tasks
run, the cache. `make run` prints it under its banner, so a newcomer sees whether the
embedded default or the real services are in use:

    DJANGO_SETTINGS_MODULE=config.settings.local python -m config.stack http://127.0.0.1:8000/

Run it with the settings module of the server it describes. It reads settings only; it
connects to nothing (`/readyz` says whether the services answer).
"""

from __future__ import annotations

import sys
from typing import Any
from urllib.parse import urlsplit, urlunsplit

EMBEDDED = "embedded default"


def url_redacted(url: str) -> str:
    """A service URL without its password, fit for a terminal."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def _database(settings: Any) -> str:
    db = settings.DATABASES["default"]
    engine = db["ENGINE"].rsplit(".", 1)[-1]
    if engine == "sqlite3":
        return f"SQLite file {db['NAME']} ({EMBEDDED})"
    name = {"postgresql": "PostgreSQL", "mysql": "MySQL"}.get(engine, engine)
    where = f"{db.get('HOST') or 'localhost'}:{db.get('PORT') or 'default port'}"
    pool = " with a connection pool" if db.get("OPTIONS", {}).get("pool") else ""
    return f"{name} database {db['NAME']} on {where}{pool}"


def _channel_layer(settings: Any) -> str:
    backend = settings.CHANNEL_LAYERS["default"]["BACKEND"]
    if backend.endswith("InMemoryChannelLayer"):
        return f"in-memory, this process only ({EMBEDDED})"
    kind = "Pub/Sub" if "PubSub" in backend else "lists (channels-redis core)"
    return f"Redis {kind} at {url_redacted(settings.REDIS_URL)}"


def _tasks(settings: Any) -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return f"Celery tasks run eagerly inside the web process ({EMBEDDED})"
    broker = url_redacted(settings.CELERY_BROKER_URL)
    return f"Celery through {broker}: start a worker (make worker) for feedback reports"


def _cache(settings: Any) -> str:
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("LocMemCache"):
        return f"in-process memory ({EMBEDDED})"
    location = url_redacted(str(settings.CACHES["default"].get("LOCATION", "")))
    return f"{backend.rsplit('.', 1)[-1]} at {location}"


def stack_describe(settings: Any) -> list[tuple[str, str]]:
    """(what, what is in use) for the database, channel layer, tasks and cache."""
    return [
        ("database", _database(settings)),
        ("channel layer", _channel_layer(settings)),
        ("tasks", _tasks(settings)),
        ("cache", _cache(settings)),
    ]


def main(argv: list[str]) -> None:
    import django
    from django.conf import settings

    django.setup()
    if argv:
        print(f"Designroom on {argv[0]}  (settings: {settings.SETTINGS_MODULE})")
    for what, value in stack_describe(settings):
        print(f"  {what:<14} {value}")


if __name__ == "__main__":
    main(sys.argv[1:])
