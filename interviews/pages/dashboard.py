"""My sessions, and starting a new one: pick a question, a level, a mode and a framework."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.users import AnyUser, signed_in
from content import selectors as content_selectors
from content.models import Difficulty, InterviewFramework, Level, Question

from .. import selectors, services
from ..errors import SessionError
from ..models import InterviewSession, Role, SessionMode, SessionStatus
from ..services.throttles import SessionCreateThrottled
from .access import HtmxHttpRequest, htmx_redirect, participant_or_404
from .lobby import invite_issue

QUESTIONS_PER_PAGE = 8
DASHBOARD_PAGE_SESSIONS = 20

DASHBOARD_GROUPS = {SessionStatus.LIVE.value: "live", SessionStatus.SCHEDULED.value: "upcoming"}

MODE_CHOICES = [
    ("solo", "Practice alone — the room plays the interviewer"),
    ("peer_candidate", "With a peer as my interviewer — I am the candidate"),
    ("peer_interviewer", "I interview someone — I see the rubric and the reference outline"),
]
MODE_TO_SERVICE = {
    "solo": (SessionMode.SOLO, Role.CANDIDATE),
    "peer_candidate": (SessionMode.PEER, Role.CANDIDATE),
    "peer_interviewer": (SessionMode.PEER, Role.INTERVIEWER),
}


class FrameworkChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = str(obj.name)
        # "Standard system design interview, 45 minutes (45 min)" would say it twice.
        return name if "minutes" in name else f"{name} ({obj.total_minutes} min)"


class SessionNewForm(forms.Form):
    question = forms.ModelChoiceField(
        queryset=Question.objects.published(),
        to_field_name="slug",
        widget=forms.RadioSelect,
        error_messages={"required": "Pick a question.", "invalid_choice": "Pick a question."},
    )
    level = forms.ChoiceField(choices=Level.choices, initial=Level.SENIOR)
    mode = forms.ChoiceField(choices=MODE_CHOICES, widget=forms.RadioSelect, initial="solo")
    framework = FrameworkChoiceField(
        queryset=InterviewFramework.objects.prefetch_related("phases"),
        to_field_name="slug",
        required=False,
        empty_label="The question's usual format",
    )


def _when(session: InterviewSession) -> str:
    """ "started 5 minutes ago", "created just now"."""
    verb, moment = (
        ("ended", session.ended_at)
        if session.ended_at
        else ("started", session.started_at)
        if session.started_at
        else ("created", session.created_at)
    )
    if moment is None or (timezone.now() - moment).total_seconds() < 60:
        return f"{verb} just now"
    return f"{verb} {timesince(moment)} ago"


def _role_of(session: InterviewSession, user: AnyUser) -> str:
    for participant in session.participants.all():  # prefetched by the selector
        if participant.user_id == user.pk:
            return participant.role
    return ""


@login_required
@require_GET
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    """My sessions, a page at a time (live first, then upcoming, then ended, newest first in
    each), so a long history renders one page of rows with a constant number of queries."""
    sessions = selectors.session_list_for_user(user=request.user, live_first=True)
    page = Paginator(sessions, DASHBOARD_PAGE_SESSIONS).get_page(request.GET.get("page"))
    groups: dict[str, list[dict]] = {"live": [], "upcoming": [], "ended": []}
    for session in page:
        key = DASHBOARD_GROUPS.get(str(session.status), "ended")
        groups[key].append(
            {"session": session, "role": _role_of(session, request.user), "when": _when(session)}
        )
    return render(request, "interviews/pages/dashboard.html", {"groups": groups, "page": page})


@login_required
@require_GET
def session_next(request: HtmxHttpRequest) -> HttpResponse:
    """Where sign-in lands: the room of a live peer session, the lobby of an agreed one
    whose lobby is open, else the home page. Sign-in to a peer is two pages: this and the
    room (the lobby moves there when the interview starts)."""
    now = timezone.now()
    for session in selectors.session_list_for_user(user=request.user, live_first=True)[:20]:
        if session.mode != SessionMode.PEER or session.is_over:
            continue
        if session.status == SessionStatus.LIVE:
            return redirect("interviews:room", session.pk)
        if (
            session.scheduled_for
            and session.lobby_is_open(now)
            and now < session.scheduled_for + timedelta(hours=1)
        ):
            return redirect("interviews:lobby", session.pk)
    return redirect("home")


@login_required
@require_POST
def session_cancel(request: HtmxHttpRequest, session_id: UUID) -> HttpResponse:
    """The creator cancels a session that has not started (a matched partner is told)."""
    participant_or_404(request, session_id)
    try:
        services.session_cancel(session_id=session_id, user=signed_in(request.user))
        messages.success(request, "Session cancelled.")
    except SessionError as exc:
        messages.error(request, exc.message)
    return htmx_redirect(request, reverse("interviews:dashboard"))


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: HtmxHttpRequest) -> HttpResponse:
    filters = _filters(request)
    if request.method == "POST":
        form = SessionNewForm(request.POST)
        if form.is_valid():
            created = _session_create(request, form)
            if created is not None:
                return created
    else:
        form = SessionNewForm(
            initial={
                "question": request.GET.get("question", ""),
                "level": filters["level"] or Level.SENIOR,
            }
        )
    context = _session_new_context(request, form, filters)
    if request.htmx and request.method == "GET":
        return render(request, "interviews/pages/partials/question_picker.html", context)
    return render(request, "interviews/pages/session_new.html", context)


def _filters(request: HtmxHttpRequest) -> dict[str, str]:
    return {
        "difficulty": request.GET.get("difficulty", ""),
        "level": request.GET.get("level", ""),
        "tag": request.GET.get("tag", ""),
        "text": request.GET.get("q", "").strip()[:100],
    }


def _session_new_context(
    request: HtmxHttpRequest, form: SessionNewForm, filters: dict[str, str]
) -> dict[str, Any]:
    questions = content_selectors.question_list(
        tag=filters["tag"],
        difficulty=filters["difficulty"],
        level=filters["level"],
        text=filters["text"],
    )
    page = Paginator(questions, QUESTIONS_PER_PAGE).get_page(request.GET.get("page"))
    chosen = form["question"].value() or ""
    if isinstance(chosen, Question):
        chosen = chosen.slug
    return {
        "form": form,
        "page": page,
        "filters": filters,
        "chosen": chosen,
        "chosen_question": content_selectors.question_published_get(slug=chosen),
        "chosen_on_page": any(q.slug == chosen for q in page),
        "difficulties": Difficulty.choices,
        "levels": Level.choices,
        "tags": content_selectors.tag_list_in_use(),
        "querystring": _querystring(request),
    }


def _querystring(request: HtmxHttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _session_create(request: HtmxHttpRequest, form: SessionNewForm) -> HttpResponse | None:
    """Create the session and go to it; on a refusal, None with the reason on the form."""
    mode, role = MODE_TO_SERVICE[form.cleaned_data["mode"]]
    try:
        session = services.session_create(
            created_by=signed_in(request.user),
            question=form.cleaned_data["question"],
            level=form.cleaned_data["level"],
            mode=mode,
            framework=form.cleaned_data["framework"],
            creator_role=role,
        )
    except SessionCreateThrottled as exc:
        form.add_error(None, exc.message)
        context = _session_new_context(request, form, _filters(request))
        response = render(request, "interviews/pages/session_new.html", context, status=429)
        response["Retry-After"] = str(exc.retry_after)
        return response
    except SessionError as exc:
        form.add_error(None, exc.message)  # the choices stay as they were
        return None
    if mode == SessionMode.SOLO:
        return htmx_redirect(request, reverse("interviews:room", args=[session.pk]))
    other = Role.CANDIDATE if role == Role.INTERVIEWER else Role.INTERVIEWER
    invite_issue(request, session, other)
    return htmx_redirect(request, reverse("interviews:lobby", args=[session.pk]))
