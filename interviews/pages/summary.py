"""After the session: time per phase, the final design, and the way to the feedback report
(whose live status the scoring app serves as an htmx partial)."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from .. import selectors
from ..models import Role, SessionMode
from .access import HtmxHttpRequest, participant_or_404, url_or_empty


def _clock(seconds: float) -> str:
    total = int(round(seconds))
    return f"{total // 60}:{total % 60:02d}"


def _timings(session_id: UUID) -> list[dict[str, str]]:
    return [
        {
            "name": t.name,
            "planned": f"{round(t.planned_seconds / 60)} min",
            "took": _clock(t.actual_seconds) if t.actual_seconds else "",
            "over": f"+{_clock(t.overrun_seconds)}" if t.overrun_seconds >= 1 else "",
        }
        for t in selectors.timer_history_get(session_id=session_id)
    ]


@login_required
@require_GET
def summary(request: HtmxHttpRequest, session_id: UUID) -> HttpResponse:
    participant = participant_or_404(request, session_id)
    session = participant.session
    if not session.is_over:
        return redirect("interviews:session_detail", session.pk)
    board = selectors.board_final_get(session_id=session.pk)
    solo_candidate = session.mode == SessionMode.SOLO and participant.role == Role.CANDIDATE
    context = {
        "session": session,
        "participant": participant,
        "timings": _timings(session.pk),
        "board": board,
        "node_count": len(board.get("nodes", [])),
        "edge_count": len(board.get("edges", [])),
        "hints": selectors.hints_revealed_list(session_id=session.pk),
        "report_url": url_or_empty("scoring:report", session.pk),
        "report_status_url": url_or_empty("scoring:report_status", session.pk),
        "self_assessment_url": url_or_empty("scoring:scorecard", session.pk, "self")
        if solo_candidate
        else "",
        "scorecard_url": url_or_empty("scoring:scorecard", session.pk, "interviewer")
        if participant.role == Role.INTERVIEWER
        else "",
        # Raters compare their scores once the interviewer releases (scoring's agreement page).
        "agreement_url": url_or_empty("scoring:agreement", session.pk)
        if participant.role in (Role.INTERVIEWER, Role.OBSERVER) and session.mode == "peer"
        else "",
        "shadow_scorecard_url": url_or_empty("scoring:scorecard", session.pk, "shadow")
        if participant.role == Role.OBSERVER
        else "",
        "is_solo": session.mode == SessionMode.SOLO,
        # A role swap: the interview that follows this one, its lobby open now.
        "next_session": session.followed_by.filter(
            participants__user_id=participant.user_id
        ).first(),
        "rate_url": url_or_empty("practice:rate", session.pk)
        if participant.role == Role.CANDIDATE and session.mode == SessionMode.PEER
        else "",
    }
    return render(request, "interviews/pages/summary.html", context)
