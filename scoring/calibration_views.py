"""Pages of rater calibration: where a session's raters agree, and the interviewer's choice
to let a shadow scorecard count toward the candidate's score."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from interviews.models import Role
from interviews.permissions import session_role

from . import services
from .models import Scorecard, ScorecardKind
from .selectors.agreement import session_agreement
from .views import _session_for


@login_required
@require_GET
def agreement(request, session_id):
    """The interviewer's released scores beside each shadow scorecard, with the anchors."""
    session = _session_for(request, session_id)
    context = session_agreement(session=session, user=request.user)
    if context is None:
        # Not released yet: say so to the raters; to anyone else the page does not exist.
        role = session_role(user=request.user, session=session)
        if role not in (Role.INTERVIEWER, Role.OBSERVER):
            raise Http404("No such page")
        return render(request, "scoring/agreement_pending.html", {"session": session})
    return render(request, "scoring/agreement.html", {"session": session, **context})


@login_required
@require_POST
def shadow_count(request, session_id, scorecard_id):
    """The interviewer folds a shadow scorecard into the candidate's score, or takes it out."""
    session = _session_for(request, session_id)
    card = Scorecard.objects.filter(
        pk=scorecard_id, session=session, kind=ScorecardKind.SHADOW
    ).first()
    if card is None:
        raise Http404("No such scorecard")
    counts = request.POST.get("counts") == "1"
    try:
        services.scorecard_fold_in(scorecard=card, user=request.user, counts=counts)
    except PermissionDenied:
        raise Http404("No such scorecard") from None
    messages.success(
        request,
        "These scores now count toward the candidate's score."
        if counts
        else "These scores no longer count toward the candidate's score.",
    )
    return redirect("scoring:agreement", session_id=session.pk)
