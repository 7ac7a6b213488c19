"""Live peer sessions for the benchmarks, made through the app's own services.

The bench process sets Django up against the same DATABASE_URL as the server it drives,
creates (or reuses) users ``bench-iv-NNNN`` / ``bench-ca-NNNN``, one live peer session per
pair with a few nodes on the board, and logs both in through the session engine: the cookie
it hands the load generator is the one a browser would hold.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parents[1]
NODE_IDS = ("n1", "n2", "n3", "n4")


@dataclass(frozen=True)
class BenchSession:
    id: str
    candidate_cookie: str
    interviewer_cookie: str


def database_ensure(database_url: str) -> None:
    """Create the bench database when missing (PostgreSQL only, through the maintenance DB)."""
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def django_setup(env: dict[str, str]) -> None:
    """Set Django up in this process with the server's settings module and environment."""
    for key in (
        "DJANGO_SETTINGS_MODULE",
        "DJANGO_SECRET_KEY",
        "DJANGO_SECURE_SSL_REDIRECT",
        "DATABASE_URL",
        "REDIS_URL",
    ):
        os.environ[key] = env[key]
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from content.models import Question

    if not Question.objects.exists():
        call_command("loadcontent", verbosity=0)


def _cookie(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def sessions_ensure(count: int) -> list[BenchSession]:
    """``count`` live peer sessions with an interviewer and a candidate each, and cookies."""
    from django.contrib.auth import get_user_model

    from content.models import Question
    from interviews.models import InterviewSession, Participant, Role, SessionStatus
    from interviews.services import (
        OpRequest,
        board_ops_apply,
        invite_accept,
        invite_create,
        session_create,
        session_start,
    )

    User = get_user_model()
    question = Question.objects.order_by("slug").first()
    result = []
    for n in range(count):
        interviewer, _ = User.objects.get_or_create(username=f"bench-iv-{n:04d}")
        candidate, _ = User.objects.get_or_create(username=f"bench-ca-{n:04d}")
        session = (
            InterviewSession.objects.filter(created_by=interviewer, status=SessionStatus.LIVE)
            .order_by("-created_at")
            .first()
        )
        if session is None:
            session = session_create(
                created_by=interviewer, question=question, level="senior", mode="peer"
            )
            issued = invite_create(session=session, role=Role.CANDIDATE, created_by=interviewer)
            invite_accept(token=issued.token, user=candidate)
            iv = Participant.objects.get(session=session, role=Role.INTERVIEWER)
            session_start(actor=iv)
            node = {"kind": "service", "x": 0, "y": 0, "notes": "", "replicas": None}
            board_ops_apply(
                requests=[
                    OpRequest(
                        iv,
                        f"setup-{node_id}",
                        0,
                        {"kind": "node.add", "node": {**node, "id": node_id, "label": node_id}},
                    )
                    for node_id in NODE_IDS
                ]
            )
        result.append(BenchSession(str(session.pk), _cookie(candidate), _cookie(interviewer)))
    return result


def connections_close() -> None:
    from django.db import connections

    connections.close_all()
