"""The room (board, notes, phase bar; the interviewer's panels), the solo coach, and the
replay of a session's event log."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from content.permissions import material_readable

from .. import selectors, services
from ..models import InterviewSession, Participant, Role, SessionMode, SessionStatus
from ..selectors.replay import replay_page
from .access import HtmxHttpRequest, participant_or_404, url_or_empty

REPLAY_PAGE_EVENTS = 500


@login_required
@require_GET
def session_detail(request: HtmxHttpRequest, session_id: UUID) -> HttpResponse:
    """Send the user to the page that fits the session's state."""
    participant = participant_or_404(request, session_id)
    session = participant.session
    if session.is_over:
        return redirect("interviews:summary", session.pk)
    if session.status == SessionStatus.SCHEDULED and session.mode == SessionMode.PEER:
        return redirect("interviews:lobby", session.pk)
    return redirect("interviews:room", session.pk)


@login_required
@require_GET
def room(request: HtmxHttpRequest, session_id: UUID) -> HttpResponse:
    participant = participant_or_404(request, session_id)
    session = participant.session
    if session.is_over:
        return redirect("interviews:summary", session.pk)
    if not session.lobby_is_open(timezone.now()):
        return redirect("interviews:lobby", session.pk)
    services.participant_seen(participant=participant)
    phases = selectors.session_phase_plan(session=session)
    context = {
        "session": session,
        "participant": participant,
        "question": session.question,
        "phases": phases,
        "config": _room_config(request, participant, phases),
        "is_interviewer": participant.role == Role.INTERVIEWER,
        # The outline is interviewer-only material: shown by the rule of content.permissions.
        "show_outline": participant.role == Role.INTERVIEWER
        and material_readable(user=request.user, kind="question", pk=session.question_id),
        "is_solo": session.mode == SessionMode.SOLO,
        "can_control": participant.role == session.timer_controller,
        "summary_url": reverse("interviews:summary", args=[session.pk]),
        # An observer scores the session blind on a shadow scorecard (scoring's page).
        "shadow_scorecard_url": url_or_empty("scoring:scorecard", session.pk, "shadow")
        if participant.role == Role.OBSERVER
        else "",
    }
    return render(request, "interviews/room/room.html", context)


def _room_config(
    request: HtmxHttpRequest, participant: Participant, phases: list[dict[str, Any]]
) -> dict[str, Any]:
    """What the room's script starts from (the rest arrives in the websocket snapshot)."""
    session: InterviewSession = participant.session
    config: dict[str, Any] = {
        "session_id": str(session.pk),
        "ws_path": f"/ws/sessions/{session.pk}/",
        "role": participant.role,
        "mode": session.mode,
        "status": session.status,
        "me": {"id": request.user.pk, "name": request.user.get_username()},
        "phases": phases,
        "estimation_inputs": session.question.estimation_inputs,
        "summary_url": reverse("interviews:summary", args=[session.pk]),
    }
    if session.mode == SessionMode.SOLO:
        config["coach_url"] = reverse("interviews:coach", args=[session.pk])
    if participant.role == Role.INTERVIEWER:
        # Where the quick scores are saved is the scoring app's business: it answers there.
        config["quick_score_url"] = url_or_empty("scoring:quick_score", session.pk)
    return config


@login_required
@require_GET
def coach(request: HtmxHttpRequest, session_id: UUID) -> JsonResponse:
    """Solo practice: the follow-up questions the room has posed so far, i.e. those of the
    phases the session has reached (never those of phases still ahead)."""
    participant = participant_or_404(request, session_id)
    session = participant.session
    if session.mode != SessionMode.SOLO:
        raise Http404("Only solo sessions have a coach")
    follow_ups = selectors.follow_ups_posed(session=session)
    return JsonResponse({"phase": session.current_phase, "follow_ups": follow_ups})


@login_required
@require_GET
def replay(request: HtmxHttpRequest, session_id: UUID) -> HttpResponse:
    participant = participant_or_404(request, session_id)
    session = participant.session
    phases = selectors.session_phase_plan(session=session)
    context = {
        "session": session,
        "participant": participant,
        "question": session.question,
        "phases": phases,
        "config": {
            "events_url": reverse("interviews:replay_events", args=[session.pk]),
            "phases": phases,
            "starter": selectors.board_starter_get(session_id=session.pk),
        },
    }
    return render(request, "interviews/room/replay.html", context)


@login_required
@require_GET
def replay_events(request: HtmxHttpRequest, session_id: UUID) -> JsonResponse:
    """The event log as the participant's role may see it (never interviewer-only events
    for the candidate), for the replay page to rebuild the room at any moment: a page of
    REPLAY_PAGE_EVENTS after ``?after=<seq>``, and the URL of the next page (null at the end),
    so a long session never has to be held in memory whole."""
    participant = participant_or_404(request, session_id)
    session = participant.session
    after = request.GET.get("after", "0")
    if not after.isdigit():
        return JsonResponse({"error": "after must be a seq: a whole number ≥ 0"}, status=400)
    events, next_after = replay_page(
        session=session, role=participant.role, after=int(after), limit=REPLAY_PAGE_EVENTS
    )
    url = reverse("interviews:replay_events", args=[session.pk])
    return JsonResponse(
        {
            "session": str(session.pk),
            "role": participant.role,
            "status": session.status,
            "phases": selectors.session_phase_plan(session=session),
            "events": events,
            "next": f"{url}?after={next_after}" if next_after is not None else None,
        }
    )
