"""Calibration drill pages: the reference sessions, a drill in progress (replay, blind
scoring), and its comparison with the reference once submitted."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from content.models import ReferenceSession
from interviews.services.throttles import SessionCreateThrottled

from . import services
from .selectors import scorecard_tags
from .selectors.drills import (
    calibration_status,
    drill_attempt_get,
    drill_comparison,
    reference_session_list,
)


@login_required
@require_GET
def drill_list(request):
    context = {
        "references": reference_session_list(user=request.user),
        "status": calibration_status(user=request.user),
    }
    return render(request, "scoring/drills.html", context)


@login_required
@require_POST
def drill_start(request, slug):
    reference = get_object_or_404(ReferenceSession, slug=slug)
    try:
        attempt = services.drill_start(user=request.user, reference=reference)
    except SessionCreateThrottled as exc:
        context = {
            "references": reference_session_list(user=request.user),
            "status": calibration_status(user=request.user),
            "error": exc.message,
        }
        response = render(request, "scoring/drills.html", context, status=429)
        response["Retry-After"] = str(exc.retry_after)
        return response
    return redirect("scoring:drill", attempt_id=attempt.pk)


def _attempt(request, attempt_id):
    attempt = drill_attempt_get(user=request.user, attempt_id=attempt_id)
    if attempt is None:
        raise Http404("No such drill")  # someone else's drill does not exist for you
    return attempt


@login_required
@require_GET
def drill_detail(request, attempt_id):
    attempt = _attempt(request, attempt_id)
    card = services.drill_scorecard(attempt)
    rows = list(card.scores.select_related("criterion__phase").order_by("criterion__order"))
    context = {
        "attempt": attempt,
        "reference": attempt.reference,
        "session": attempt.session,
        "card": card,
        "rows": rows,
        "tag_options": scorecard_tags(session=attempt.session),
        "comparison": drill_comparison(attempt=attempt),
        "status": calibration_status(user=request.user),
    }
    return render(request, "scoring/drill.html", context)


@login_required
@require_POST
def drill_submit(request, attempt_id):
    attempt = _attempt(request, attempt_id)
    try:
        services.drill_submit(attempt=attempt, user=request.user)
    except services.ScoringError as exc:
        messages.error(request, str(exc))
    return redirect("scoring:drill", attempt_id=attempt.pk)
