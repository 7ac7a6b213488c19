"""Fixtures for fault injection: a live peer session in the (committed) test database, cookies,
server processes and a private Redis, each torn down even when a test fails."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client

from interviews.models import InterviewSession, Participant, Role
from interviews.services import (
    OpRequest,
    board_ops_apply,
    invite_accept,
    invite_create,
    session_create,
    session_start,
)
from interviews.services.live_access import live_access_reset
from tests.factories import FrameworkFactory, PhaseFactory, QuestionFactory, UserFactory

from .stack import NODE_IDS, Process, RedisServer, asgi_server


@dataclass
class Room:
    session: InterviewSession
    interviewer: Participant
    candidate: Participant
    cookies: dict[str, str]

    @property
    def id(self) -> str:
        return str(self.session.pk)

    def refresh_session(self) -> InterviewSession:
        """The session row as committed now (call from a thread in async tests)."""
        return InterviewSession.objects.get(pk=self.session.pk)


def _cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


@pytest.fixture
def room(transactional_db) -> Room:
    """A live peer session (committed, so server processes see it) with three nodes."""
    live_access_reset()  # socket places left by a previous run's killed servers
    framework = FrameworkFactory(slug="sd", is_default=True)
    for order, slug in enumerate(("requirements", "design", "deep-dive"), start=1):
        PhaseFactory(framework=framework, slug=slug, order=order, planned_minutes=10)
    question = QuestionFactory()
    ivy, cody = UserFactory(username="ivy"), UserFactory(username="cody")
    session = session_create(created_by=ivy, question=question, level="senior", mode="peer")
    interviewer = Participant.objects.get(session=session, role=Role.INTERVIEWER)
    issued = invite_create(session=session, role=Role.CANDIDATE, created_by=ivy)
    candidate = invite_accept(token=issued.token, user=cody)
    session_start(actor=interviewer)
    nodes = [
        {"id": node_id, "kind": "service", "label": node_id, "x": 0, "y": 0}
        | {"notes": "", "replicas": None}
        for node_id in NODE_IDS
    ]
    board_ops_apply(
        requests=[
            OpRequest(interviewer, f"setup-{node['id']}", 0, {"kind": "node.add", "node": node})
            for node in nodes
        ]
    )
    cookies = {"interviewer": _cookie(ivy), "candidate": _cookie(cody)}
    return Room(session, interviewer, candidate, cookies)


@pytest.fixture
def processes() -> Iterator[list[Process]]:
    """Every process a test starts goes in here and is killed at teardown."""
    started: list[Process] = []
    yield started
    for process in reversed(started):
        process.kill()


@pytest.fixture
def server(processes):
    """Start an ASGI server process (daphne, as in production) on the test database."""

    def start(**kwargs) -> Process:
        kwargs.setdefault("redis_url", settings.REDIS_URL)
        process = asgi_server(**kwargs)
        processes.append(process)
        return process

    return start


@pytest.fixture
def private_redis(processes) -> RedisServer:
    """A redis-server of this test's own, on a free port in 16390-16399."""
    redis = RedisServer()
    redis.start()
    processes.append(redis)
    return redis
