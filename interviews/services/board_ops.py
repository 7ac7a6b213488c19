"""Board ops, applied exactly once per op id: one door, ``board_ops_apply``, which takes a
batch of ops of any sessions in ONE transaction (at low load, a batch of one)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from ..board import op_apply
from ..errors import ErrorCode, SessionError
from ..events import events_publish_on_commit
from ..models import (
    Board,
    EventType,
    InterviewSession,
    Participant,
    Role,
    SessionEvent,
    Visibility,
)
from ..notes.stored import notes_op_apply
from . import board_ops_pg
from .writes import SessionWrite, actor_require, auto_advance_apply, user_ref


@dataclass(frozen=True)
class OpRequest:
    actor: Participant
    op_id: str
    base_version: int
    op: dict[str, Any]


# Per op: the event that records it (its first one, for a resent op id), or its refusal.
OpResult = SessionEvent | SessionError


def board_ops_apply(*, requests: list[OpRequest]) -> list[OpResult]:
    """Apply board ops, of any sessions, op by op in the order given, in ONE transaction.

    Ops on different elements commute, so an op made against an older version still applies;
    only a version the board never had is refused. A resent op id answers with the event of
    its first application and changes nothing. A refused op changes nothing and does not
    disturb the others: its refusal is its result. The statements are shared by the whole
    batch (lock every session row, look resent op ids up once, insert all events in one
    statement, update boards and sessions in one statement each), so a batch costs the same
    handful of queries whatever its size; on PostgreSQL they travel as two round trips
    (``board_ops_pg``). A session that owes an auto-advance catch-up logs
    it first, with its board snapshots, exactly as every other write does.

    The committed events leave through ``events_publish_on_commit``, after COMMIT.
    """
    now = timezone.now()
    with transaction.atomic():
        writes, seen = _batch_read(requests, now)
        results = [_op_result(writes, request, seen) for request in requests]
        _writes_save(writes.values(), now)
    return results


def _batch_read(
    requests: list[OpRequest], now: datetime
) -> tuple[dict[Any, SessionWrite], dict[tuple[Any, str], SessionEvent]]:
    """Lock the batch's session rows, attach their boards, apply what the timer owes, and
    find the already-logged events of its op ids, by (session id, op id).

    The session rows are locked in id order (two batches never deadlock; every writer takes
    the session lock before touching the board), THEN the boards are read: a board read in
    the locking statement would come from the snapshot taken before that statement waited
    for a concurrent writer's commit, and writing it back would undo that writer's ops (a
    lost update)."""
    ids = sorted({r.actor.session_id for r in requests}, key=str)
    wanted = {(r.actor.session_id, r.op_id) for r in requests}
    if _round_trips_folded():  # one round trip: board_ops_pg
        noted = sorted(
            {r.actor.session_id for r in requests if r.op["kind"] == "notes.update"}, key=str
        )
        sessions, boards, found = board_ops_pg.batch_read(ids, noted, wanted)
    else:
        sessions = list(
            InterviewSession.objects.select_for_update().filter(pk__in=ids).order_by("pk")
        )
        boards = list(Board.objects.filter(session_id__in=ids))
        found = list(
            SessionEvent.objects.filter(
                session_id__in={s for s, _ in wanted}, op_id__in={o for _, o in wanted}
            )
        )
    writes = {s.pk: SessionWrite(session=s, now=now) for s in sessions}
    for board in boards:
        writes[board.session_id].session.board = board
    for write in writes.values():
        auto_advance_apply(write)  # rare (solo sessions past a deadline): saved right away
    seen = {(e.session_id, e.op_id): e for e in found if (e.session_id, e.op_id) in wanted}
    return writes, seen


def _round_trips_folded() -> bool:
    """PostgreSQL takes the batch's statements two round trips at a time (board_ops_pg);
    elsewhere, and in bench/op_batch.py's baseline, the ORM runs them one by one."""
    return connection.vendor == "postgresql"


def _op_result(
    writes: dict[Any, SessionWrite],
    request: OpRequest,
    seen: dict[tuple[Any, str], SessionEvent],
) -> OpResult:
    write = writes.get(request.actor.session_id)
    if write is None:
        return SessionError(ErrorCode.SESSION_ENDED, "the session is gone")
    try:
        return _op_apply_checked(write, request, seen)
    except SessionError as exc:
        return exc


def _op_apply_checked(
    write: SessionWrite, request: OpRequest, seen: dict[tuple[Any, str], SessionEvent]
) -> SessionEvent:
    """Every rule an op must pass, and its application: the event is appended unsaved."""
    actor = request.actor
    actor_require(write, actor, Role.CANDIDATE, Role.INTERVIEWER)
    first = seen.get((write.session.pk, request.op_id))
    if first is not None:
        if first.actor_id != actor.user_id:
            raise SessionError(ErrorCode.BAD_MESSAGE, f"op_id '{request.op_id}' is taken")
        return first
    write.require_live()
    board = write.session.board
    if request.base_version > board.version:
        raise SessionError(
            ErrorCode.BAD_VERSION,
            f"base_version {request.base_version} is ahead of the board (version {board.version})",
        )
    if request.op["kind"] == "notes.update":
        applied = notes_op_apply(board, request.op)  # the notes' own door: CRDT text
    else:
        board.state, applied = op_apply(board.state, request.op)  # raises before changing
    board.version += 1
    write.session.last_seq += 1
    write.dirty.add("last_seq")
    event = SessionEvent(
        session=write.session,
        seq=write.session.last_seq,
        type=EventType.OP,
        actor_id=actor.user_id,
        payload={
            "version": board.version,
            "base_version": request.base_version,
            "actor": user_ref(actor.user),
            "op_id": request.op_id,
            "op": applied,
        },
        visibility=Visibility.ALL,
        op_id=request.op_id,
        created_at=write.now,
    )
    write.events.append(event)
    seen[(write.session.pk, request.op_id)] = event
    return event


def _writes_save(writes: Iterable[SessionWrite], now: datetime) -> None:
    """Insert the batch's new events, update its boards and sessions, publish on commit."""
    writes = list(writes)
    events = [e for w in writes for e in w.events if e.pk is None]
    drawn = [w for w in writes if any(e.type == EventType.OP for e in w.events)]
    for write in drawn:
        write.session.board.updated_at = write.session.updated_at = now
    for write in writes:
        if write.dirty - {"last_seq"}:  # a catch-up moved the timer: rare, saved on its own
            write.session.save(update_fields=[*sorted(write.dirty), "updated_at"])
    # The notes document only where a notes op changed it: it is the largest column, and a
    # diagram op must not rewrite it.
    noted = [w.session.board for w in drawn if getattr(w.session.board, "notes_changed", False)]
    only_seq = [w.session for w in drawn if w.dirty == {"last_seq"}]
    updates: list[tuple[type[Model], list[str], list[Any]]] = [
        (Board, ["state", "version", "updated_at"], [w.session.board for w in drawn]),
        (Board, ["notes_state"], noted),
        (InterviewSession, ["last_seq", "updated_at"], only_seq),
    ]
    if _round_trips_folded():
        board_ops_pg.batch_write(events, updates)  # one round trip
    else:
        SessionEvent.objects.bulk_create(events)
        for model, fields, objs in updates:
            if objs:
                _rows_update(model, fields, objs)
    for write in writes:
        events_publish_on_commit(session_id=write.session.pk, events=write.events)


def _rows_update(model: type[Model], fields: list[str], objs: list[Any]) -> None:
    """Save ``fields`` of many rows in one statement: ``UPDATE … FROM (VALUES …)`` on
    PostgreSQL (board_ops_pg.rows_update_sql), ``bulk_update`` elsewhere (SQLite)."""
    if connection.vendor != "postgresql":
        model._default_manager.bulk_update(objs, fields)
        return
    sql, params = board_ops_pg.rows_update_sql(model, fields, objs)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
