"""The op batch's statements on PostgreSQL: two round trips between BEGIN and COMMIT.

``board_ops_apply`` needs, per batch: the session rows locked, their boards read after the
lock, the resent op ids looked up, then the events inserted and the boards and sessions
updated. Through the ORM that is six round trips, each compiling its SQL anew; at low load
a batch holds one op, so that fixed cost is the op's cost (docs/performance.md). Here the
statements are sent together, as one multi-statement query each way (psycopg's client-side
binding, which Django's backend uses, allows it):

- **read**: ``SELECT … FOR UPDATE`` of the sessions; then the boards; then the op ids. In
  READ COMMITTED every statement takes its own snapshot, so the boards and op ids are read
  after the locks were granted: a concurrent writer's committed ops are seen, never undone
  (the lost update that a board read inside the locking statement would cause).
- **write**: the event INSERT (``RETURNING id``, in VALUES order), the board UPDATE and the
  session UPDATE.

The SQL text depends only on the models, not on the batch (arrays instead of IN lists), so
it is built once per process. The notes document (the board's largest column) is read only
for sessions with a notes op in the batch; elsewhere it stays deferred.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any, cast

from django.db import connection
from django.db.models import Field, Model

from ..models import Board, InterviewSession, SessionEvent


def _fields(model: type[Model], *, skip: Iterable[str] = ()) -> list[Field]:
    return [cast(Field, f) for f in model._meta.concrete_fields if f.attname not in set(skip)]


def _columns(model: type[Model], fields: Sequence[Field]) -> str:
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    return ", ".join(f"{table}.{qn(f.column)}" for f in fields)


@cache
def _read_sql() -> str:
    qn = connection.ops.quote_name
    sessions = qn(InterviewSession._meta.db_table)
    boards = qn(Board._meta.db_table)
    events = qn(SessionEvent._meta.db_table)
    board_fields = _fields(Board, skip=["notes_state"])
    return "; ".join(
        [
            f"SELECT {_columns(InterviewSession, _fields(InterviewSession))} FROM {sessions}"
            f" WHERE {sessions}.{qn('id')} = ANY(%s) ORDER BY {sessions}.{qn('id')} FOR UPDATE",
            f"SELECT {_columns(Board, board_fields)},"
            f" CASE WHEN {boards}.{qn('session_id')} = ANY(%s) THEN {boards}.{qn('notes_state')}"
            f" END FROM {boards} WHERE {boards}.{qn('session_id')} = ANY(%s)",
            f"SELECT {_columns(SessionEvent, _fields(SessionEvent))} FROM {events}"
            f" WHERE {events}.{qn('session_id')} = ANY(%s) AND {events}.{qn('op_id')} = ANY(%s)",
        ]
    )


def _instances(model: type[Model], fields: Sequence[Field], rows: Iterable[tuple]) -> list:
    """Model instances from raw rows, with each field's database conversion (JSON text)."""
    converters = [(i, f.from_db_value) for i, f in enumerate(fields) if hasattr(f, "from_db_value")]
    names = [f.attname for f in fields]
    out = []
    for row in rows:
        values = list(row)
        for i, convert in converters:
            values[i] = convert(values[i], None, connection)
        out.append(model.from_db(connection.alias, names, values))
    return out


def batch_read(
    session_ids: list[Any], noted_ids: list[Any], wanted: set[tuple[Any, str]]
) -> tuple[list[InterviewSession], list[Board], list[SessionEvent]]:
    """Lock ``session_ids`` (id order), then read their boards (with the notes document for
    ``noted_ids`` only) and the already-logged events of the ``wanted`` (session, op id)
    pairs."""
    params = [
        session_ids,
        noted_ids,
        session_ids,
        sorted({s for s, _ in wanted}, key=str),
        sorted({o for _, o in wanted}),
    ]
    board_fields = _fields(Board, skip=["notes_state"])
    notes_field = cast(Field, Board._meta.get_field("notes_state"))
    with connection.cursor() as cursor:
        cursor.execute(_read_sql(), params)
        sessions = _instances(InterviewSession, _fields(InterviewSession), cursor.fetchall())
        cursor.nextset()
        boards = []
        all_fields = _fields(Board)
        at = all_fields.index(notes_field)
        for *row, notes in cursor.fetchall():
            if notes is None:  # deferred: Model.from_db maps the values it has by name
                boards += _instances(Board, board_fields, [tuple(row)])
            else:  # the full row, in the model's field order, as from_db expects
                boards += _instances(Board, all_fields, [(*row[:at], notes, *row[at:])])
        cursor.nextset()
        found = _instances(SessionEvent, _fields(SessionEvent), cursor.fetchall())
    events = [e for e in found if (e.session_id, e.op_id) in wanted]
    return sessions, boards, events


def batch_write(
    events: list[SessionEvent],
    updates: list[tuple[type[Model], list[str], list[Any]]],
) -> None:
    """Insert ``events`` (setting their ids) and run each ``(model, fields, rows)`` update, in
    one round trip."""
    statements: list[str] = []
    params: list[Any] = []
    if events:
        sql, values = _insert_sql(events)
        statements.append(sql)
        params += values
    for model, fields, objs in updates:
        if objs:
            sql, values = rows_update_sql(model, fields, objs)
            statements.append(sql)
            params += values
    if not statements:
        return
    with connection.cursor() as cursor:
        cursor.execute("; ".join(statements), params)
        if events:
            for event, (pk,) in zip(events, cursor.fetchall(), strict=True):
                event.pk = pk
                event._state.adding = False
                event._state.db = connection.alias


def _insert_sql(events: list[SessionEvent]) -> tuple[str, list[Any]]:
    qn = connection.ops.quote_name
    fields = [f for f in _fields(SessionEvent) if not f.primary_key]
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    params: list[Any] = []
    for event in events:
        params += [f.get_db_prep_save(f.pre_save(event, True), connection) for f in fields]
    columns = ", ".join(qn(f.column) for f in fields)
    sql = (
        f"INSERT INTO {qn(SessionEvent._meta.db_table)} ({columns})"
        f" VALUES {', '.join([row] * len(events))} RETURNING {qn('id')}"
    )
    return sql, params


def rows_update_sql(model: type[Model], fields: list[str], objs: list[Any]) -> tuple[str, list]:
    """``UPDATE … FROM (VALUES …)``: ``fields`` of many rows in one statement. (``bulk_update``
    would be one statement too, but builds a CASE expression per row and field through the
    ORM, and that cost most of a batch's time: docs/performance.md.)"""
    opts = model._meta
    qn = connection.ops.quote_name
    columns = [cast(Field, opts.get_field(name)) for name in fields]
    types = [c.db_type(connection) for c in columns]
    pk_type = opts.pk.db_type(connection)
    values_sql = ", ".join("(" + ", ".join(["%s"] * (len(fields) + 1)) + ")" for _ in objs)
    params: list[Any] = []
    for obj in objs:
        params.append(opts.pk.get_db_prep_value(obj.pk, connection))
        params += [c.get_db_prep_save(getattr(obj, c.attname), connection) for c in columns]
    assignments = ", ".join(
        f"{qn(c.column)} = v.{qn(c.column)}::{db_type}"
        for c, db_type in zip(columns, types, strict=True)
    )
    names = ", ".join([qn("pk"), *(qn(c.column) for c in columns)])
    sql = (
        f"UPDATE {qn(opts.db_table)} AS t SET {assignments} FROM (VALUES {values_sql})"
        f" AS v({names}) WHERE t.{qn(opts.pk.column)} = v.{qn('pk')}::{pk_type}"
    )
    return sql, params
