"""Scorecards, the feedback report and progress pages (htmx partials for live updates)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from interviews.models import InterviewSession

from . import permissions, selectors, services
from .models import ScorecardKind
from .selectors.agreement import rater_agreement_history
from .selectors.drills import calibration_status


def _session_for(request, session_id) -> InterviewSession:
    session = (
        InterviewSession.objects.select_related("question", "framework")
        .filter(pk=session_id)
        .first()
    )
    if session is None or not permissions.can_read_report(user=request.user, session=session):
        raise Http404("No such session")  # do not reveal that a session exists
    return session


def _kind(kind: str) -> str:
    if kind not in ScorecardKind.values:
        raise Http404("No such scorecard")
    return kind


@login_required
@require_GET
def report(request, session_id):
    session = _session_for(request, session_id)
    context = selectors.report_context(session=session, user=request.user)
    if context["needs_self_assessment"]:
        messages.info(
            request,
            "Rate yourself first: the report then shows where you and the analysis disagree.",
        )
        return redirect("scoring:scorecard", session_id=session.pk, kind=ScorecardKind.SELF)
    return render(request, "scoring/report.html", context)


@login_required
@require_GET
def report_status(request, session_id):
    """The status badge: loaded by htmx into the session summary, and polled (``?poll=1``)
    while the report is queued or running; a poll that finds it ready reloads the page."""
    session = _session_for(request, session_id)
    report = selectors.report_get(session=session)
    polled = request.htmx and request.GET.get("poll") == "1"
    if polled and report is not None and report.status == "ready":
        from django_htmx.http import HttpResponseClientRefresh

        return HttpResponseClientRefresh()
    context = {"session": session, "report": report}
    return render(request, "scoring/partials/report_status.html", context)


@login_required
@require_GET
def quick_score(request, session_id):
    """The room's quick-score panel, for the session's interviewer only (404 for anyone
    else): where each criterion's score is saved, and the scores saved so far."""
    session = _session_for(request, session_id)
    kind = ScorecardKind.INTERVIEWER
    if not permissions.can_write_scorecard(user=request.user, session=session, kind=kind):
        raise Http404("No such scorecard")
    criteria = selectors.quick_score_criteria(session=session)
    return JsonResponse(
        {
            "urls": {
                c.slug: reverse("scoring:scorecard_criterion", args=[session.pk, kind, c.pk])
                for c in criteria
            },
            "scores": selectors.quick_scores_saved(session=session),
            "scorecard_url": reverse("scoring:scorecard", args=[session.pk, kind]),
        }
    )


@login_required
@require_GET
def report_json(request, session_id):
    session = _session_for(request, session_id)
    return JsonResponse(
        selectors.report_export(session=session, user=request.user), json_dumps_params={"indent": 2}
    )


@login_required
@require_POST
def report_regenerate(request, session_id):
    session = _session_for(request, session_id)
    try:
        report = services.feedback_regenerate(session=session, user=request.user)
    except services.RegenerateRefused as refused:
        if refused.reason == "forbidden":
            raise PermissionDenied from None
        if refused.reason == "throttled":
            response = render(
                request,
                "scoring/regenerate_refused.html",
                {"session": session, "message": refused.message},
                status=429,
            )
            response["Retry-After"] = str(refused.retry_after)
            return response
        messages.error(request, refused.message)
        return redirect("scoring:report", session_id=session.pk)
    if report.rerun_requested:
        messages.info(request, "The report is being written; it will be written again after.")
    else:
        messages.success(request, "The report is being regenerated.")
    return redirect("scoring:report", session_id=session.pk)


def _scorecard(request, session_id, kind):
    session = _session_for(request, session_id)
    try:
        return services.scorecard_get_or_create(
            session=session, kind=_kind(kind), user=request.user
        )
    except services.ScoringError as exc:
        raise Http404(str(exc)) from exc


@login_required
@require_GET
def scorecard_edit(request, session_id, kind):
    if kind == ScorecardKind.SHADOW:
        session = _session_for(request, session_id)
        if permissions.interviewer_scorecard_released(session=session):
            # Shadow scores freeze at the release; what is left is to compare them.
            return redirect("scoring:agreement", session_id=session.pk)
    card = _scorecard(request, session_id, kind)
    template = "scoring/partials/scorecard_form.html" if request.htmx else "scoring/scorecard.html"
    return render(request, template, selectors.scorecard_context(scorecard=card))


def _score_value(raw: str | None) -> int | None:
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        return -1  # refused by the service with a clear message


@login_required
@require_POST
def scorecard_criterion_save(request, session_id, kind, criterion_id):
    card = _scorecard(request, session_id, kind)
    try:
        row = services.scorecard_score_set(
            scorecard=card,
            user=request.user,
            criterion_id=criterion_id,
            score=_score_value(request.POST.get("score")),
            comment=request.POST.get("comment"),
            tag=request.POST.get("tag"),
        )
    except services.ScoringError as exc:
        return render(request, "scoring/partials/save_error.html", {"error": str(exc)}, status=400)
    context = {"row": row, "card": card, "saved": True}
    context["tag_options"] = selectors.scorecard_tags(session=card.session)
    return render(request, "scoring/partials/criterion_row.html", context)


@login_required
@require_POST
def scorecard_overall_save(request, session_id, kind):
    card = _scorecard(request, session_id, kind)
    try:
        services.scorecard_update(
            scorecard=card,
            user=request.user,
            hire_signal=request.POST.get("hire_signal"),
            summary=request.POST.get("summary"),
        )
    except services.ScoringError as exc:
        return render(request, "scoring/partials/save_error.html", {"error": str(exc)}, status=400)
    return render(request, "scoring/partials/saved.html")


@login_required
@require_POST
def scorecard_release(request, session_id, kind):
    card = _scorecard(request, session_id, kind)
    services.scorecard_release(scorecard=card, user=request.user)
    messages.success(request, "Scorecard released: the candidate can now see it.")
    return redirect("scoring:scorecard", session_id=session_id, kind=kind)


@login_required
@require_POST
def scorecard_submit(request, session_id, kind):
    card = _scorecard(request, session_id, kind)
    services.scorecard_submit(scorecard=card, user=request.user)
    return redirect("scoring:report", session_id=session_id)


@login_required
@require_GET
def progress(request):
    context = selectors.progress_context(user=request.user, page=request.GET.get("page"))
    # As a rater: drills passed toward "calibrated", and agreement with other raters.
    context["calibration"] = calibration_status(user=request.user)
    context["agreement"] = rater_agreement_history(user=request.user)
    return render(request, "scoring/progress.html", context)
