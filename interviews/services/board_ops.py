"""Applying board ops exactly once per op id: one op per transaction, or a batch of ops
(of any sessions) per transaction when ops arrive faster than one commit takes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from django.db import connection, transaction
from django.db.models import Field, Model
from django.utils import timezone

from ..board import op_apply
from ..errors import ErrorCode, SessionError
from ..events import Committed, call_collecting, event_published
from ..models import (
    Board,
    EventType,
    InterviewSession,
    Participant,
    Role,
    SessionEvent,
    SessionStatus,
    Visibility,
)
from ..timer import auto_advance_due
from .writes import SessionWrite, actor_require, session_write, user_ref


def board_op_apply(
    *, actor: Participant, op_id: str, base_version: int, op: dict[str, Any]
) -> SessionEvent:
    """Apply a board op exactly once and return its logged event (seq, version, op as applied).

    Ops on different elements commute, so an op made against an older version still applies;
    only a version the board never had is refused. A resent ``op_id`` returns the event of
    its first application and changes nothing.
    """
    with session_write(actor.session_id) as write:
        actor_require(write, actor, Role.CANDIDATE, Role.INTERVIEWER)
        first = SessionEvent.objects.filter(session_id=actor.session_id, op_id=op_id).first()
        if first is not None:
            if first.actor_id != actor.user_id:
                raise SessionError(ErrorCode.BAD_MESSAGE, f"op_id '{op_id}' is taken")
            return first
        write.require_live()
        board = write.session.board
        if base_version > board.version:
            raise SessionError(
                ErrorCode.BAD_VERSION,
                f"base_version {base_version} is ahead of the board (version {board.version})",
            )
        board.state, applied = op_apply(board.state, op)
        board.version += 1
        board.save(update_fields=["state", "version", "updated_at"])
        return write.append(
            EventType.OP,
            {
                "version": board.version,
                "base_version": base_version,
                "actor": user_ref(actor.user),
                "op_id": op_id,
                "op": applied,
            },
            actor_id=actor.user_id,
            op_id=op_id,
        )


@dataclass(frozen=True)
class OpRequest:
    actor: Participant
    op_id: str
    base_version: int
    op: dict[str, Any]


@dataclass
class OpApplied:
    event: SessionEvent
    published: list[Committed] = field(default_factory=list)


def board_ops_apply(*, requests: list[OpRequest]) -> list[OpApplied | SessionError]:
    """Apply many board ops, of any sessions, in ONE transaction (group commit).

    The same rules as ``board_op_apply``, op by op in the order given, with the statements of
    the whole batch shared: lock every session row (in id order, so two batches never
    deadlock), look up resent op ids once, insert all events in one statement and update
    boards and sessions in one statement each. A refused op changes nothing and does not
    disturb the others (its refusal is its result). Nothing is published here: the caller
    publishes each result's events after this function returned, i.e. after COMMIT.

    A session that owes an auto-advance catch-up takes the one-op path after the batch, so
    the catch-up and its board snapshots are logged exactly as there.
    """
    results: list[OpApplied | SessionError | None] = [None] * len(requests)
    later: list[int] = []
    now = timezone.now()
    with transaction.atomic():
        ids = sorted({r.actor.session_id for r in requests}, key=str)
        # Lock the session rows in id order (two batches never deadlock; every writer takes
        # the session lock before touching the board), THEN read the boards: a board read
        # in the locking statement would come from the snapshot taken before that
        # statement waited for a concurrent writer's commit, and writing it back would undo
        # that writer's ops (a lost update).
        sessions = {
            s.pk: s
            for s in InterviewSession.objects.select_for_update().filter(pk__in=ids).order_by("pk")
        }
        for board in Board.objects.filter(session_id__in=list(sessions)):
            sessions[board.session_id].board = board
        seen = _events_by_op_id(requests)
        writes: dict[Any, SessionWrite] = {}
        events: list[SessionEvent] = []
        new: set[int] = set()
        for index, request in enumerate(requests):
            session = sessions.get(request.actor.session_id)
            if session is None:
                results[index] = SessionError(ErrorCode.SESSION_ENDED, "the session is gone")
                continue
            if session.status == SessionStatus.LIVE and auto_advance_due(
                session.timer_state, session.plan, now
            ):
                later.append(index)
                continue
            write = writes.setdefault(session.pk, SessionWrite(session=session, now=now))
            try:
                event = _op_batched(write, request, seen)
            except SessionError as exc:
                results[index] = exc
                continue
            if event.pk is None and id(event) not in new:
                new.add(id(event))
                events.append(event)
                results[index] = OpApplied(
                    event, [Committed(str(session.pk), [event_published(event)])]
                )
            else:
                results[index] = OpApplied(event)
        if events:
            SessionEvent.objects.bulk_create(events)
            touched = [w.session for w in writes.values() if "last_seq" in w.dirty]
            _rows_update(
                Board,
                ["state", "version", "updated_at"],
                [(s.pk, s.board.state, s.board.version, now) for s in touched],
            )
            _rows_update(
                InterviewSession,
                ["last_seq", "updated_at"],
                [(s.pk, s.last_seq, now) for s in touched],
            )
    for index in later:
        request = requests[index]
        try:
            event, published = call_collecting(
                board_op_apply,
                actor=request.actor,
                op_id=request.op_id,
                base_version=request.base_version,
                op=request.op,
            )
        except SessionError as exc:
            results[index] = exc
        else:
            results[index] = OpApplied(event, published)
    assert all(r is not None for r in results)
    return results  # type: ignore[return-value]


def _events_by_op_id(requests: list[OpRequest]) -> dict[tuple[Any, str], SessionEvent]:
    """The already-logged events of the op ids in the batch, by (session id, op id)."""
    wanted = {(r.actor.session_id, r.op_id) for r in requests}
    found = SessionEvent.objects.filter(
        session_id__in={s for s, _ in wanted}, op_id__in={o for _, o in wanted}
    )
    return {(e.session_id, e.op_id): e for e in found if (e.session_id, e.op_id) in wanted}


def _rows_update(model: type[Model], fields: list[str], rows: list[tuple]) -> None:
    """Set ``fields`` of many rows, each ``(pk, *values)``, in one statement on PostgreSQL.

    ``bulk_update`` would do it in one statement too, but builds a CASE expression per row
    and field through the ORM: that cost most of a batch's time (docs/performance.md).
    """
    if not rows:
        return
    opts = model._meta
    if connection.vendor != "postgresql":
        for pk, *values in rows:
            model._default_manager.filter(pk=pk).update(**dict(zip(fields, values, strict=True)))
        return
    qn = connection.ops.quote_name
    columns = [cast(Field, opts.get_field(name)) for name in fields]
    types = [c.db_type(connection) for c in columns]
    pk_type = opts.pk.db_type(connection)
    values_sql = ", ".join("(" + ", ".join(["%s"] * (len(fields) + 1)) + ")" for _ in rows)
    params: list[Any] = []
    for pk, *values in rows:
        params.append(opts.pk.get_db_prep_value(pk, connection))
        params += [c.get_db_prep_save(v, connection) for c, v in zip(columns, values, strict=True)]
    assignments = ", ".join(
        f"{qn(c.column)} = v.{qn(c.column)}::{db_type}"
        for c, db_type in zip(columns, types, strict=True)
    )
    names = ", ".join([qn("pk"), *(qn(c.column) for c in columns)])
    sql = (
        f"UPDATE {qn(opts.db_table)} AS t SET {assignments} FROM (VALUES {values_sql})"
        f" AS v({names}) WHERE t.{qn(opts.pk.column)} = v.{qn('pk')}::{pk_type}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _op_batched(
    write: SessionWrite, request: OpRequest, seen: dict[tuple[Any, str], SessionEvent]
) -> SessionEvent:
    """One op of a batch: checks and application as in ``board_op_apply``, the event unsaved."""
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
    board.state, applied = op_apply(board.state, request.op)
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
    seen[(write.session.pk, request.op_id)] = event
    return event
