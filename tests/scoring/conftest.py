"""A finished peer session on the built-in content, played through the real services."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from interviews.models import InterviewSession, Participant, Role
from interviews.services import (
    chat_post,
    invite_accept,
    invite_create,
    phase_step,
    session_create,
    session_end,
    session_start,
)
from tests.board_ops import notes_edit, op_apply_one
from tests.factories import UserFactory

REQUIREMENTS = (
    "Shorten links and redirect; reads far exceed writes (100:1).\n"
    "Redirects p99 under 50 ms; 99.95 % availability a month.\n"
)
DEEP_DIVE = (
    "Hot links are served from a Redis cache in front of the database.\n"
    "The database has a replica with automatic failover.\n"
)


@dataclass
class Played:
    session: InterviewSession
    interviewer: Participant | None
    candidate: Participant


def _notes(actor: Participant, section: str, text: str, version: int, op_id: str) -> int:
    event = op_apply_one(
        actor=actor,
        op_id=op_id,
        base_version=version,
        op=notes_edit(actor.session_id, section, insert=text),
    )
    return event.payload["version"]


def _node(actor, node_id, kind, label, version, replicas=None, at=(0, 0)) -> int:
    node = {
        "id": node_id,
        "kind": kind,
        "label": label,
        "x": at[0],
        "y": at[1],
        "notes": "",
        "replicas": replicas,
    }
    return op_apply_one(
        actor=actor,
        op_id=f"add-{node_id}",
        base_version=version,
        op={"kind": "node.add", "node": node},
    ).payload["version"]


def _edge(actor, a, b, version) -> int:
    edge = {"id": f"{a}-{b}", "from": a, "to": b, "label": "HTTP", "mode": "sync"}
    return op_apply_one(
        actor=actor,
        op_id=f"edge-{a}-{b}",
        base_version=version,
        op={"kind": "edge.add", "edge": edge},
    ).payload["version"]


def play(session: InterviewSession, candidate: Participant, controller: Participant) -> None:
    """Requirements first, then a small design, then end: the path a real session takes."""
    session_start(actor=controller)
    v = _notes(candidate, "requirements", REQUIREMENTS, 0, "req")
    phase_step(actor=controller, direction="next", expected_phase=0)
    phase_step(actor=controller, direction="next", expected_phase=1)
    for node_id, kind, label, replicas, at in (
        ("users", "client", "Browsers", None, (40, 120)),
        ("lb", "load_balancer", "LB", None, (240, 120)),
        ("api", "service", "Redirect API", 3, (440, 120)),
        ("cache", "cache", "Redis", 2, (640, 40)),
        ("db", "database", "Links DB", 1, (640, 200)),
    ):
        v = _node(candidate, node_id, kind, label, v, replicas, at)
    for a, b in (("users", "lb"), ("lb", "api"), ("api", "cache"), ("api", "db")):
        v = _edge(candidate, a, b, v)
    _notes(candidate, "deep_dive", DEEP_DIVE, v, "deep")
    chat_post(actor=candidate, text="I will keep the redirect path fast with a cache.")
    session_end(session_id=session.pk, actor=controller)


@pytest.fixture
def users(db):
    return {
        "interviewer": UserFactory(username="ivy"),
        "candidate": UserFactory(username="cody"),
        "stranger": UserFactory(username="sam"),
    }


@pytest.fixture
def peer_session(core_content, users) -> Played:
    from content.models import Question

    session = session_create(
        created_by=users["interviewer"],
        question=Question.objects.get(slug="url-shortener"),
        level="senior",
        mode="peer",
    )
    interviewer = Participant.objects.get(session=session, role=Role.INTERVIEWER)
    issued = invite_create(session=session, role=Role.CANDIDATE, created_by=users["interviewer"])
    candidate = invite_accept(token=issued.token, user=users["candidate"])
    return Played(session, interviewer, candidate)


@pytest.fixture
def ended_peer_session(peer_session, django_capture_on_commit_callbacks) -> Played:
    with django_capture_on_commit_callbacks(execute=True):
        play(peer_session.session, peer_session.candidate, peer_session.interviewer)
    peer_session.session.refresh_from_db()
    return peer_session


@pytest.fixture
def solo_session(core_content, users) -> Played:
    from content.models import Question

    session = session_create(
        created_by=users["candidate"],
        question=Question.objects.get(slug="url-shortener"),
        level="senior",
        mode="solo",
    )
    return Played(session, None, Participant.objects.get(session=session, role=Role.CANDIDATE))
