"""Capacity on the live path: the pack's per-kind defaults and a component's own capacity
(set through the normal board op) decide the over-capacity badge, live and in the report."""

from __future__ import annotations

import pytest
from django.urls import reverse

from content.models import ComponentCapacity
from interviews.live.protocol import op_parse
from interviews.services import session_end, session_start
from scoring.services import insight as insight_service
from tests.board_ops import op_apply_one
from tests.scoring.conftest import _edge, _node, _notes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_defaults():
    insight_service._questions.clear()  # the process keeps a question's facts for a minute
    yield
    insight_service._questions.clear()


def draw(played):
    """url-shortener (~35 k reads/s at peak) through three API instances."""
    session_start(actor=played.interviewer)
    v = 0
    for node_id, kind, replicas in (("users", "client", None), ("lb", "load_balancer", None),
                                    ("api", "service", 3), ("db", "database", 3)):  # fmt: skip
        v = _node(played.candidate, node_id, kind, node_id.upper(), v, replicas)
    for a, b in (("users", "lb"), ("lb", "api"), ("api", "db")):
        v = _edge(played.candidate, a, b, v)
    return v


def over_capacity(played):
    by_role = insight_service.insight_run(session_id=played.session.pk)
    return by_role["interviewer"]["capacity"]["over_capacity"]


def set_capacity(played, version, capacity):
    op = op_parse({"kind": "node.update", "id": "api", "changes": {"capacity": capacity}})
    return op_apply_one(
        actor=played.candidate, op_id=f"cap-{capacity}", base_version=version, op=op
    )


def test_a_components_own_capacity_takes_it_off_the_over_capacity_list(peer_session):
    version = draw(peer_session)
    assert over_capacity(peer_session) == ["api"]  # 3 × 2 k requests/s (the core pack)
    set_capacity(peer_session, version, {"value": 20_000, "unit": "requests/s"})
    assert over_capacity(peer_session) == []  # 3 × 20 k
    set_capacity(peer_session, version, None)
    assert over_capacity(peer_session) == ["api"]  # cleared: the kind's default again


def test_the_packs_default_for_the_kind_is_what_the_live_analysis_reads(peer_session):
    draw(peer_session)
    ComponentCapacity.objects.filter(kind="service").update(per_instance=15_000)
    assert over_capacity(peer_session) == []


def test_the_report_uses_the_components_own_capacity(
    client, peer_session, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = draw(peer_session)
        set_capacity(peer_session, version, {"value": 1_000, "unit": "requests/s"})
        session_end(session_id=peer_session.session.pk, actor=peer_session.interviewer)
    client.force_login(users["candidate"])
    body = client.get(reverse("scoring:report", args=[peer_session.session.pk])).content.decode()
    assert "11.7× what 3 instance(s) handle" in body  # 35,069 / (3 × 1,000)


def test_a_unit_mismatch_in_the_notes_is_live_for_the_interviewer_and_in_the_report(
    client, peer_session, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = draw(peer_session)
        _notes(peer_session.candidate, "estimates", "Storage: 10k writes/s\n", version, "est")
        by_role = insight_service.insight_run(session_id=peer_session.session.pk)
        session_end(session_id=peer_session.session.pk, actor=peer_session.interviewer)
    [finding] = by_role["interviewer"]["units"]
    assert finding["rule"] == "storage_as_rate"
    assert finding["lines"] == [
        {"section": "estimates", "line": 1, "text": "Storage: 10k writes/s"}
    ]
    assert by_role["candidate"] is None  # a peer candidate is not coached
    client.force_login(users["interviewer"])
    body = client.get(reverse("scoring:report", args=[peer_session.session.pk])).content.decode()
    assert "Storage is stated as a request rate" in body
    assert "line 1: “Storage: 10k writes/s”" in body


def test_the_questions_own_capacity_for_a_kind_wins_over_the_packs(peer_session):
    draw(peer_session)
    ComponentCapacity.objects.create(
        question=peer_session.session.question, kind="service", per_instance=15_000
    )
    assert over_capacity(peer_session) == []
