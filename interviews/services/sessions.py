"""Creating, starting, ending and abandoning sessions."""

from __future__ import annotations

from uuid import UUID

from django.db import transaction

from accounts.users import User
from content.models import InterviewFramework, Question, RubricVersion, Track
from content.selectors import rubric_version_current_for

from ..board import Board as BoardState
from ..board_import import board_import_decode, board_import_state
from ..board_starter import board_from_starter
from ..errors import ErrorCode, SessionError
from ..hooks import session_abandoned_hooks_run, session_ended_hooks_run
from ..models import (
    Board,
    BoardSnapshot,
    EventType,
    InterviewSession,
    Participant,
    Role,
    SessionEvent,
    SessionMode,
    SessionStatus,
)
from ..timer import epoch_ms, timer_start, timer_stop
from .throttles import board_import_allowed_require, session_create_allowed_require
from .writes import (
    SessionWrite,
    board_snapshot_take,
    controller_require,
    session_write,
    timer_event_append,
    user_ref,
)


def session_create(
    *,
    created_by: User,
    question: Question,
    level: str,
    mode: str,
    framework: InterviewFramework | None = None,
    creator_role: str | None = None,
    board: BoardState | None = None,
) -> InterviewSession:
    """Create a scheduled session with its board; the creator joins it as a participant.

    Solo sessions have a candidate only, so their creator is the candidate; in a peer
    session the creator is the interviewer unless ``creator_role`` says otherwise. The
    board starts as ``board`` when given (a checked state), else from the question's starter.
    """
    session_create_allowed_require(user=created_by)
    framework = _framework_for(question, framework, level)
    role = _creator_role(mode, creator_role)
    phases = list(framework.phases.order_by("order"))
    if not phases:
        raise SessionError(ErrorCode.INVALID_STATE, f"framework '{framework.slug}' has no phases")
    plan = [
        {"slug": p.slug, "name": p.name, "planned_seconds": p.planned_minutes * 60} for p in phases
    ]
    with transaction.atomic():
        session = InterviewSession.objects.create(
            question=question,
            framework=framework,
            level=level,
            mode=mode,
            created_by=created_by,
            phase_plan=plan,
            phase_actual_seconds=[0.0] * len(plan),
            rubric_version=rubric_version_current_for(framework=framework, level=level),
        )
        state = board if board is not None else board_from_starter(question.starter_board)
        Board.objects.create(session=session, state=state)
        with session_write(session.pk) as write:
            participant_add(write, user=created_by, role=role)
    return session


def practice_session_import(
    *, created_by: User, question: Question, level: str, document: object
) -> InterviewSession:
    """Create a solo practice session whose board starts from an exported board JSON
    (``document``: the parsed JSON, or the uploaded file's bytes).

    Raises BoardImportError naming every problem (nothing is created then), and
    SessionCreateThrottled past the upload or the session budget."""
    board_import_allowed_require(user=created_by)
    if isinstance(document, bytes):
        document = board_import_decode(document)
    state = board_import_state(document)
    return session_create(
        created_by=created_by,
        question=question,
        level=level,
        mode=SessionMode.SOLO,
        board=state,
    )


def session_rubric_version_pin(*, session: InterviewSession) -> RubricVersion | None:
    """The rubric version that scores the session; a session created before its framework
    and level had a rubric pins the current one now (once: later calls return the same)."""
    if session.rubric_version_id is None:
        version = rubric_version_current_for(framework=session.framework, level=session.level)
        if version is not None:
            InterviewSession.objects.filter(pk=session.pk, rubric_version=None).update(
                rubric_version=version
            )
            session.refresh_from_db(fields=["rubric_version"])
    return session.rubric_version


def _framework_for(
    question: Question, framework: InterviewFramework | None, level: str
) -> InterviewFramework:
    """The chosen framework, or the default one of the question's track. A design question
    runs in a design framework and an experience prompt in an experience framework, at one
    of the levels it is written for (its rubrics score those)."""
    framework = framework or _default_framework(kind=question.kind)
    if framework.kind != question.kind:
        what = (
            "an experience prompt: pick an experience format"
            if question.kind == Track.EXPERIENCE
            else "a design question: pick a design format"
        )
        raise SessionError(
            ErrorCode.BAD_MESSAGE, f"'{question.title}' is {what}, not '{framework.name}'"
        )
    if question.kind == Track.EXPERIENCE and level not in question.target_levels:
        raise SessionError(
            ErrorCode.BAD_MESSAGE,
            f"'{question.title}' is for the {' and '.join(question.target_levels)} levels",
        )
    return framework


def _default_framework(*, kind: str = Track.DESIGN) -> InterviewFramework:
    of_kind = InterviewFramework.objects.filter(kind=kind)
    framework = of_kind.filter(is_default=True).first() or of_kind.first()
    if framework is None:
        raise SessionError(ErrorCode.INVALID_STATE, f"no {kind} interview framework is loaded")
    return framework


def _creator_role(mode: str, creator_role: str | None) -> str:
    if mode not in SessionMode.values:
        raise SessionError(ErrorCode.BAD_MESSAGE, f"mode must be one of {SessionMode.values}")
    if mode == SessionMode.SOLO:
        if creator_role not in (None, Role.CANDIDATE):
            raise SessionError(ErrorCode.FORBIDDEN, "a solo session has a candidate only")
        return Role.CANDIDATE
    role = creator_role or Role.INTERVIEWER
    if role not in (Role.INTERVIEWER, Role.CANDIDATE):
        raise SessionError(ErrorCode.FORBIDDEN, "the creator interviews or is the candidate")
    return role


def participant_add(write: SessionWrite, *, user: User, role: str) -> Participant:
    """Add a participant under the session lock, enforcing who a session may hold."""
    session = write.session
    write.require_open()
    if session.mode == SessionMode.SOLO and role != Role.CANDIDATE:
        raise SessionError(ErrorCode.FORBIDDEN, "a solo session has a candidate only")
    # One account, one role per session (the database holds it too: one_role_per_user).
    existing = session.participants.filter(user=user).first()
    if existing is not None:
        raise SessionError(
            ErrorCode.FORBIDDEN,
            f"{user.get_username()} is already the {existing.role} of this session; "
            "one account holds one role per session",
        )
    if role != Role.OBSERVER and session.participants.filter(role=role).exists():
        raise SessionError(ErrorCode.INVALID_STATE, f"the session already has a {role}")
    participant = Participant.objects.create(
        session=session, user=user, role=role, joined_at=write.now
    )
    write.append(EventType.PARTICIPANT, {"user": user_ref(user), "role": role}, actor_id=user.pk)
    return participant


def session_start(*, actor: Participant, expected_phase: int | None = None) -> InterviewSession:
    """Start the session: it goes live and the first phase's clock starts."""
    with session_write(actor.session_id) as write:
        controller_require(write, actor)
        write.require_open()
        write.require_phase(expected_phase)
        if write.session.status != SessionStatus.SCHEDULED:
            raise SessionError(ErrorCode.INVALID_STATE, "the session has already started")
        if not write.session.lobby_is_open(write.now):
            raise SessionError(ErrorCode.INVALID_STATE, "the lobby of this session is not open yet")
        session = write.session
        session.status = SessionStatus.LIVE
        session.started_at = write.now
        write.dirty.update({"status", "started_at"})
        write.timer_set(timer_start(session.timer_state, write.now))
        timer_event_append(write, actor=actor, action="start")
        return session


def session_end(
    *,
    session_id: UUID | str,
    actor: Participant | None = None,
    reason: str = "ended",
    expected_phase: int | None = None,
) -> InterviewSession:
    """End a live session: book the last phase's time, keep the final board, queue scoring.

    ``actor`` is the participant who ended it (checked like any timer control), or None
    when the system ends it.
    """
    with session_write(session_id) as write:
        if actor is not None:
            controller_require(write, actor)
        write.require_live()
        write.require_phase(expected_phase)
        session = write.session
        left = timer_stop(session.timer_state, session.plan, write.now)
        actual = list(session.phase_actual_seconds)
        actual[left.index] = left.actual_seconds
        session.phase_actual_seconds = actual
        session.paused_at = None
        _close(write, status=SessionStatus.ENDED, reason=reason)
        event = _ended_event(write, actor=actor, reason=reason)
        board_snapshot_take(write, left=left, seq=event.seq, reason=BoardSnapshot.Reason.END)
        transaction.on_commit(lambda: session_ended_hooks_run(session_id))
        return session


def session_abandon(
    *, session_id: UUID | str, actor: Participant | None, reason: str = "abandoned"
) -> InterviewSession:
    """Give up on a scheduled or live session; it is not scored."""
    with session_write(session_id) as write:
        if actor is not None:
            controller_require(write, actor)
        write.require_open()
        _close(write, status=SessionStatus.ABANDONED, reason=reason)
        _ended_event(write, actor=actor, reason=reason)
        transaction.on_commit(lambda: session_abandoned_hooks_run(session_id, reason))
        return write.session


def _close(write: SessionWrite, *, status: str, reason: str) -> None:
    session = write.session
    session.status = status
    session.ended_at = write.now
    session.end_reason = reason[:40]
    write.dirty.update(
        {"status", "ended_at", "end_reason", "phase_actual_seconds", "paused_at", "auto_advance"}
    )
    session.auto_advance = False


def _ended_event(write: SessionWrite, *, actor: Participant | None, reason: str) -> SessionEvent:
    return write.append(
        EventType.ENDED,
        {
            "reason": reason,
            "status": write.session.status,
            "actor": user_ref(actor.user) if actor else None,
            "at": epoch_ms(write.now),
            "timer": write.timer_message(),
        },
        actor_id=actor.user_id if actor else None,
    )
