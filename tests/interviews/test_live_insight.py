"""The live analysis on the live path: debounced runs off the op path, the `insight`
message per role, drills and ticks as events (SQLite or PostgreSQL + Redis)."""

from __future__ import annotations

import asyncio
import json

import pytest
from channels.db import database_sync_to_async

from content.models import ChecklistItem, NFRCategory
from interviews.models import EventType, SessionEvent
from scoring.services import insight as insight_service
from scoring.services.insight_schedule import insight_runner
from tests.interviews.ws import ws_join

pytestmark = pytest.mark.django_db(transaction=True)

CLIENT = {"id": "web", "kind": "client", "x": 0, "y": 0}
API = {"id": "api", "kind": "service", "label": "API", "x": 100, "y": 0, "replicas": 3}
DB = {"id": "db", "kind": "database", "label": "Links DB", "x": 200, "y": 0}


@pytest.fixture(autouse=True)
def quick_window(settings):
    settings.DESIGNROOM = {**settings.DESIGNROOM, "INSIGHT_DEBOUNCE_SECONDS": 0.4,
                           "INSIGHT_COACH_GAP_SECONDS": 0, "INSIGHT_ENABLED": True}  # fmt: skip
    yield
    insight_runner().idle(timeout=10)


@pytest.fixture
def checklist(db):
    category = NFRCategory.objects.create(slug="availability", name="Availability", summary=".")
    ChecklistItem.objects.create(
        category=category, slug="redundancy-failover", weight=3,
        statement="The design survives the loss of any one component.",
        cues={"phrases": ["failover", "standby"]},
    )  # fmt: skip
    insight_service._checklists = None  # the process caches them for a minute
    return category


@pytest.fixture
def runs(monkeypatch):
    """Every live analysis run of this process, as the input it analysed."""
    seen: list[dict] = []
    original = insight_service._analyser.run

    def counting(live):
        seen.append(live)
        return original(live)

    monkeypatch.setattr(insight_service._analyser, "run", counting)
    return seen


def op(op_id, body):
    return {"type": "op", "op_id": op_id, "base_version": 0, "op": body}


async def idle():
    assert await asyncio.to_thread(insight_runner().idle, 10)


async def started(peer, cookies):
    interviewer, _ = await ws_join(peer.session.pk, cookies["interviewer"])
    candidate, _ = await ws_join(peer.session.pk, cookies["candidate"])
    await interviewer.send({"type": "timer.start"})
    await interviewer.recv_type("timer", timeout=10)
    await idle()
    return interviewer, candidate


async def draw_lone_database(candidate):
    for i, node in enumerate((CLIENT, API, DB)):
        await candidate.send(op(f"n{i}", {"kind": "node.add", "node": node}))
    await candidate.send(
        op("e1", {"kind": "edge.add", "edge": {"id": "e1", "from": "web", "to": "api"}})
    )
    await candidate.send(
        op("e2", {"kind": "edge.add", "edge": {"id": "e2", "from": "api", "to": "db"}})
    )
    for _ in range(5):
        await candidate.recv_type("op.ack", timeout=10)


def insights(socket):
    return [m for m in socket.received if m["type"] == "insight"]


async def latest_insight(socket):
    """The newest insight the socket holds once the runs are over."""
    await idle()
    await socket.drain()
    found = insights(socket)
    assert found, "no insight arrived"
    return found[-1]


async def test_a_burst_of_changes_is_analysed_once(peer, cookies, checklist, runs):
    interviewer, candidate = await started(peer, cookies)
    before = len(runs)
    await draw_lone_database(candidate)
    await asyncio.sleep(0.6)
    await idle()
    assert len(runs) == before + 1  # five ops in one window: one run
    assert [n["id"] for n in runs[-1]["board"]["nodes"]] == ["web", "api", "db"]
    await interviewer.recv_type("insight", timeout=10)
    await interviewer.close()
    await candidate.close()


async def test_a_phase_change_runs_at_once(peer, cookies, checklist, runs):
    interviewer, candidate = await started(peer, cookies)
    before = len(runs)
    await interviewer.send({"type": "timer.next", "expected_phase": 0})
    await interviewer.recv_type("timer", timeout=10)
    await idle()
    assert len(runs) == before + 1
    assert runs[-1]["phase_slug"] == "high-level"
    await interviewer.close()
    await candidate.close()


async def test_the_interviewer_sees_coverage_and_the_peer_candidate_nothing(
    peer, cookies, checklist
):
    interviewer, candidate = await started(peer, cookies)
    observer, _ = await ws_join(peer.session.pk, cookies["observer"])
    await draw_lone_database(candidate)
    await asyncio.sleep(0.6)
    message = await latest_insight(interviewer)
    item = message["coverage"][0]["items"][0]
    assert (item["slug"], item["status"]) == ("redundancy-failover", "missing")
    assert message["suggestions"][0]["nodes"] == ["db"]
    await candidate.drain()
    await observer.drain()
    assert insights(candidate) == []
    assert insights(observer) == []
    await interviewer.close()
    await candidate.close()
    await observer.close()


async def test_shared_coverage_reaches_the_candidate_without_the_interviewers_material(
    peer, cookies, checklist
):
    interviewer, candidate = await started(peer, cookies)
    await interviewer.send({"type": "nfr.tick", "category": "availability",
                            "item": "redundancy-failover", "verdict": "covered",
                            "note": "said it out loud"})  # fmt: skip
    await interviewer.recv_type("insight", timeout=10)
    await interviewer.send({"type": "insight.share", "enabled": True})
    shared = await latest_insight(candidate)
    assert shared["coverage"][0]["items"][0]["status"] == "missing"
    text = json.dumps(candidate.received)
    for private in ("said it out loud", "suggestions", "disagrees", '"nfr_tick"'):
        assert private not in text
    hidden = [m for m in candidate.received if m["type"] == "hidden"]
    assert hidden  # the tick's seq reached the candidate as "hidden"
    await interviewer.close()
    await candidate.close()


async def test_writing_failover_flips_the_interviewers_coverage(peer, cookies, checklist):
    interviewer, candidate = await started(peer, cookies)
    await draw_lone_database(candidate)
    await candidate.send(
        {"type": "chat", "text": "Replicate the primary to two standbys with automatic failover"}
    )
    await asyncio.sleep(0.6)
    latest = await latest_insight(interviewer)
    item = latest["coverage"][0]["items"][0]
    assert item["status"] == "covered"
    assert any("standbys" in e.get("text", "") for e in item["evidence"])
    await interviewer.close()
    await candidate.close()


async def test_a_drill_is_an_event_and_both_sides_see_its_blast_radius(peer, cookies, checklist):
    interviewer, candidate = await started(peer, cookies)
    await draw_lone_database(candidate)
    await candidate.send({"type": "drill.start", "target": {"kind": "component", "id": "db"}})
    refused = await candidate.recv_type("error", timeout=10)
    assert refused["code"] == "forbidden"  # the interviewer runs a peer session's drills
    await interviewer.send({"type": "drill.start", "target": {"kind": "component", "id": "db"}})
    drill = await candidate.recv_type("drill", timeout=10)
    assert drill["target"] == {"kind": "component", "id": "db"}
    assert drill["ends_at"] - drill["started_at"] == 120_000
    seen = await latest_insight(candidate)
    assert seen["drills"][0]["broken_edges"] == ["e2"]
    assert "coverage" not in seen  # a drill is shared; the coverage is not
    await interviewer.send({"type": "drill.start", "target": {"kind": "component", "id": "api"}})
    assert (await interviewer.recv_type("error", timeout=10))["code"] == "invalid_state"
    stored = await database_sync_to_async(
        lambda: list(SessionEvent.objects.filter(session=peer.session, type=EventType.DRILL))
    )()
    assert len(stored) == 1
    await interviewer.close()
    await candidate.close()


async def test_the_solo_coach_asks_the_failover_question_once(solo, cookies, checklist):
    candidate, _ = await ws_join(solo.session.pk, cookies["candidate"])
    await candidate.send({"type": "timer.start"})
    await candidate.recv_type("timer", timeout=10)
    await draw_lone_database(candidate)
    await asyncio.sleep(0.6)
    await idle()
    asked = await candidate.recv_type("coach", timeout=10)
    assert asked["rule"] == "lone_database"
    assert "Links DB" in asked["text"]
    await candidate.send({"type": "chat", "text": "thinking"})
    await asyncio.sleep(0.6)
    await idle()
    await candidate.drain()
    questions = [m for m in candidate.received if m["type"] == "coach"]
    assert len({q["key"] for q in questions}) == len(questions)  # never the same twice
    await candidate.close()


async def test_a_components_own_capacity_changes_its_over_capacity_badge(peer, cookies, checklist):
    insight_service._questions.clear()  # no pack loaded here: the built-in figures
    interviewer, candidate = await started(peer, cookies)
    await draw_lone_database(candidate)
    await candidate.send({"type": "estimates.set", "values": {"peak_read_qps": 10_000}})
    await asyncio.sleep(0.6)
    before = await latest_insight(interviewer)
    assert before["capacity"]["over_capacity"] == ["api"]  # 3 × 2 k requests/s
    own = {"capacity": {"value": 5_000, "unit": "requests/s"}}
    await candidate.send(op("cap", {"kind": "node.update", "id": "api", "changes": own}))
    await candidate.recv_type("op.ack", timeout=10)
    await asyncio.sleep(0.6)
    after = await latest_insight(interviewer)
    assert after["capacity"]["over_capacity"] == []
    assert after["capacity"]["components"]["api"]["capacity"] == 15_000
    await interviewer.close()
    await candidate.close()
