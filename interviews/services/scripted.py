"""A scripted session: a written interview (a content reference session) played through the
same services as a live one, so the replay, the report and scoring treat it like any other.

Two built-in accounts (inactive: nobody signs in as them) speak the script's interviewer and
candidate lines; the viewer watches as the session's observer and may shadow-score it. The
events are then dated by the script's clock, so the replay runs at the pace it was written.
"""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Case, DateTimeField, Value, When
from django.utils import timezone
from pycrdt import Doc, Text

from accounts.users import User
from content.models import ReferenceSession

from ..errors import SessionError
from ..models import Board, InterviewSession, Participant, Role, SessionEvent, SessionMode
from .board_ops import OpRequest, board_ops_apply
from .room import chat_post
from .sessions import participant_add, session_end, session_start
from .throttles import session_create_allowed_require
from .timers import phase_step
from .writes import session_write

SCRIPT_INTERVIEWER = "reference-interviewer"
SCRIPT_CANDIDATE = "reference-candidate"


def _script_user(username: str) -> User:
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def scripted_session_create(*, reference: ReferenceSession, viewer: User) -> InterviewSession:
    """Play the reference session's script as a new ended peer session that ``viewer``
    observes; it counts toward the viewer's budget of new sessions."""
    session_create_allowed_require(user=viewer)
    with transaction.atomic():
        session, interviewer, candidate = _session_open(reference, viewer)
        stamps = _script_play(session, reference.script, interviewer, candidate)
        session_end(session_id=session.pk, actor=interviewer)
        _stamps_apply(session, stamps, end_at=reference.script[-1]["at"] + 60)
    session.refresh_from_db()
    return session


def _session_open(
    reference: ReferenceSession, viewer: User
) -> tuple[InterviewSession, Participant, Participant]:
    phases = list(reference.framework.phases.order_by("order"))
    plan = [
        {"slug": p.slug, "name": p.name, "planned_seconds": p.planned_minutes * 60} for p in phases
    ]
    session = InterviewSession.objects.create(
        question=reference.question,
        framework=reference.framework,
        level=reference.level,
        mode=SessionMode.PEER,
        created_by=viewer,
        phase_plan=plan,
        phase_actual_seconds=[0.0] * len(plan),
        # Scored against the anchors the reference scores were given with.
        rubric_version=reference.rubric_version,
    )
    Board.objects.create(session=session)
    with session_write(session.pk) as write:
        interviewer = participant_add(
            write, user=_script_user(SCRIPT_INTERVIEWER), role=Role.INTERVIEWER
        )
        candidate = participant_add(write, user=_script_user(SCRIPT_CANDIDATE), role=Role.CANDIDATE)
        participant_add(write, user=viewer, role=Role.OBSERVER)
    return session, interviewer, candidate


def _script_play(
    session: InterviewSession,
    script: list[dict[str, Any]],
    interviewer: Participant,
    candidate: Participant,
) -> list[tuple[int, int]]:
    """Play every step; return (last seq of the step, its second) to date the events by."""
    session_start(actor=interviewer)
    slugs = [p["slug"] for p in session.phase_plan]
    current, version, stamps = 0, 0, []
    for index, step in enumerate(script):
        while step.get("phase") and slugs[current] != step["phase"]:
            phase_step(actor=interviewer, direction="next", expected_phase=current)
            current += 1
        if step.get("say") or step.get("ask"):
            speaker = candidate if step.get("say") else interviewer
            event = chat_post(actor=speaker, text=step.get("say") or step["ask"])
        else:
            event = _op(candidate, f"script-{index}", version, _step_op(session, step))
            version = event.payload["version"]
        stamps.append((event.seq, step["at"]))
    return stamps


def _op(actor: Participant, op_id: str, version: int, op: dict[str, Any]) -> SessionEvent:
    [result] = board_ops_apply(requests=[OpRequest(actor, op_id, version, op)])
    if isinstance(result, SessionError):
        raise result  # a script the pack validated plays; this would be a bug worth seeing
    return result


def _step_op(session: InterviewSession, step: dict[str, Any]) -> dict[str, Any]:
    if step.get("node"):
        node = {"x": 0, "y": 0, "notes": "", "replicas": None, **step["node"]}
        return {"kind": "node.add", "node": node}
    if step.get("edge"):
        e = step["edge"]
        edge = {
            "id": f"{e['from']}-{e['to']}",
            "from": e["from"],
            "to": e["to"],
            "label": e.get("label", ""),
            "mode": e.get("mode", "sync"),
        }
        return {"kind": "edge.add", "edge": edge}
    return _notes_append(session, step["notes"]["section"], step["notes"]["text"])


def _notes_append(session: InterviewSession, section: str, text: str) -> dict[str, Any]:
    """A notes.update op adding a line at the end of a section, as the browser would."""
    board = Board.objects.get(session=session)
    doc: Doc = Doc()
    if board.notes_state:
        doc.apply_update(bytes(board.notes_state))
    notes = doc.get(section, type=Text)
    before = doc.get_state()
    current = str(notes)
    with doc.transaction():
        notes.insert(len(current.encode()), ("\n" if current else "") + text)
    return {"kind": "notes.update", "update": base64.b64encode(doc.get_update(before)).decode()}


def _stamps_apply(session: InterviewSession, stamps: list[tuple[int, int]], *, end_at: int) -> None:
    """Date each event by the script's clock (an event takes the time of the step it ends)."""
    start = timezone.now() - timedelta(seconds=end_at)
    whens, low = [], 0
    for seq, at in stamps:
        whens.append(When(seq__gt=low, seq__lte=seq, then=Value(start + timedelta(seconds=at))))
        low = seq
    SessionEvent.objects.filter(session=session).update(
        created_at=Case(*whens, default=Value(start + timedelta(seconds=end_at)),
                        output_field=DateTimeField())
    )  # fmt: skip
    InterviewSession.objects.filter(pk=session.pk).update(
        started_at=start, ended_at=start + timedelta(seconds=end_at)
    )
