"""Nothing leaves before COMMIT: no broadcast and no session-ended hook inside the
transaction that made them, and none at all when it rolls back.

Real transactions (``transaction=True``) and the real channel layer (Redis Pub/Sub when
REDIS_URL is set): a socket's channel listens to the session's group while a service runs
in a transaction on Django's sync thread; the event loop stays free meanwhile, so a
broadcast sent too early would reach the listener before the check.
"""

from __future__ import annotations

import asyncio
import time

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.db import transaction
from django.db.models.signals import post_save

from interviews.events import call_collecting
from interviews.live.broadcast import session_group
from interviews.models import SessionStatus
from interviews.services import (
    OpRequest,
    board_ops_apply,
    chat_post,
    session_end,
    session_start,
)
from scoring.models import FeedbackReport

# How long a check waits for something that must not come (a publish lands in milliseconds).
WINDOW = 0.3
NODE = {"id": "api", "kind": "service", "label": "", "x": 0, "y": 0, "notes": "", "replicas": None}


class Rollback(Exception):
    """Raised to roll a transaction back."""


@pytest.fixture
def live(peer):
    session_start(actor=peer.interviewer)
    return peer


@pytest.fixture
async def heard(live):
    """What a socket of the session receives next (a pending task until it does)."""
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add(session_group(live.session.pk), channel)
    listening = asyncio.ensure_future(layer.receive(channel))
    yield listening
    listening.cancel()


@pytest.fixture
def reports_saved():
    """Session ids of every feedback report written, committed or not: the visible work of
    the session-ended hook (scoring queues the report), whoever registered it."""
    saved: list[str] = []

    def record(sender, instance, **kwargs):
        saved.append(str(instance.session_id))

    post_save.connect(record, sender=FeedbackReport, weak=False)
    yield saved
    post_save.disconnect(record, sender=FeedbackReport)


def _op(actor) -> list[OpRequest]:
    return [OpRequest(actor, "c-1", 0, {"kind": "node.add", "node": NODE})]


def _write(*, service: str, actor, text: str = "never") -> None:
    """A chat message (through session_write) or an op (through board_ops_apply)."""
    if service == "chat":
        chat_post(actor=actor, text=text)
    else:
        board_ops_apply(requests=_op(actor))


def _rolled_back(write, **kwargs) -> None:
    with transaction.atomic():
        write(**kwargs)
        raise Rollback


def _texts(message: dict) -> list:
    return [e["message"].get("text") or e["message"].get("op_id") for e in message["events"]]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("service", ["chat", "ops"])
async def test_a_write_publishes_nothing_inside_its_transaction_and_all_after_commit(
    live, heard, service
):
    def write_and_look() -> bool:
        with transaction.atomic():
            _write(service=service, actor=live.candidate, text="sent")
            time.sleep(WINDOW)  # the event loop is free: an early broadcast arrives now
            return heard.done()

    assert await database_sync_to_async(write_and_look)() is False
    message = await asyncio.wait_for(heard, 5)
    assert _texts(message) == (["sent"] if service == "chat" else ["c-1"])


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("service", ["chat", "ops"])
async def test_a_rolled_back_write_publishes_nothing(live, heard, service):
    def write_and_roll_back() -> None:
        with pytest.raises(Rollback):
            _rolled_back(_write, service=service, actor=live.candidate)

    await database_sync_to_async(write_and_roll_back)()
    await asyncio.sleep(WINDOW)
    assert not heard.done()
    # The same socket hears the next write that does commit, and nothing before it.
    await database_sync_to_async(chat_post)(actor=live.candidate, text="kept")
    assert _texts(await asyncio.wait_for(heard, 5)) == ["kept"]


@pytest.mark.django_db(transaction=True)
def test_the_websocket_door_is_handed_only_what_committed(live):
    """The consumer and its op batcher collect committed events to publish them from the
    event loop: a service rolled back after its own COMMIT point hands them nothing."""

    for service in ("chat", "ops"):
        with pytest.raises(Rollback) as failed:
            call_collecting(_rolled_back, write=_write, service=service, actor=live.candidate)
        assert failed.value.published == []  # type: ignore[attr-defined]
    _, published = call_collecting(chat_post, actor=live.candidate, text="kept")
    assert [e["message"]["text"] for c in published for e in c.events] == ["kept"]


@pytest.mark.django_db(transaction=True)
def test_the_session_ended_hook_runs_after_commit_and_not_inside(live, reports_saved):
    session_id = str(live.session.pk)
    with transaction.atomic():
        session_end(session_id=live.session.pk, actor=live.interviewer)
        assert reports_saved == []
        assert not FeedbackReport.objects.filter(session_id=session_id).exists()
    assert session_id in reports_saved
    assert FeedbackReport.objects.filter(session_id=session_id).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_end_runs_no_hook(live, reports_saved):
    with pytest.raises(Rollback):
        _rolled_back(session_end, session_id=live.session.pk, actor=live.interviewer)
    assert reports_saved == []
    assert live.refresh().status == SessionStatus.LIVE
    assert not FeedbackReport.objects.filter(session_id=live.session.pk).exists()
