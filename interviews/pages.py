"""The pages a candidate and an interviewer use: dashboard, new session, lobby, room, summary,
replay. Thin views: every read goes through selectors, every write through services, and
every page of a session first checks that the user takes part in it (404 otherwise, so a
session id leaks nothing).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails

from content import selectors as content_selectors
from content.models import Difficulty, InterviewFramework, Level, Question, RubricCriterion, Tag
from scoring.selectors import report_get

from . import selectors, services
from .errors import SessionError
from .models import InterviewSession, Invite, Participant, Role, SessionMode, SessionStatus

QUESTIONS_PER_PAGE = 8
# Invite tokens are stored hashed, so the link can be shown only by the browser that made it:
# it is kept in the creator's Django session under this key, by session id and role.
INVITE_TOKENS_KEY = "interviews.invite_tokens"

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


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class SessionNewForm(forms.Form):
    question = forms.ModelChoiceField(
        queryset=Question.objects.published(),
        to_field_name="slug",
        widget=forms.RadioSelect,
        error_messages={"required": "Pick a question.", "invalid_choice": "Pick a question."},
    )
    level = forms.ChoiceField(choices=Level.choices, initial=Level.SENIOR)
    mode = forms.ChoiceField(choices=MODE_CHOICES, widget=forms.RadioSelect, initial="solo")
    framework = forms.ModelChoiceField(
        queryset=InterviewFramework.objects.all(), to_field_name="slug", empty_label=None
    )


# ---- helpers ---------------------------------------------------------------------------


def _participant_or_404(request: HtmxHttpRequest, session_id: UUID) -> Participant:
    try:
        return selectors.participant_get(session_id=session_id, user=request.user)
    except Participant.DoesNotExist as exc:
        raise Http404("No such session") from exc


def _url_or_empty(name: str, *args: Any) -> str:
    """URLs of pages other apps may not ship yet (the scoring report)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _redirect(request: HtmxHttpRequest, url: str) -> HttpResponse:
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


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


def _role_of(session: InterviewSession, user: Any) -> str:
    for participant in session.participants.all():
        if participant.user_id == user.pk:
            return participant.role
    return ""


# ---- dashboard and new session ---------------------------------------------------------


@login_required
@require_GET
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    sessions = list(selectors.session_list_for_user(user=request.user))
    groups: dict[str, list[dict]] = {"live": [], "upcoming": [], "ended": []}
    for session in sessions:
        key = DASHBOARD_GROUPS.get(str(session.status), "ended")
        groups[key].append(
            {"session": session, "role": _role_of(session, request.user), "when": _when(session)}
        )
    return render(request, "interviews/pages/dashboard.html", {"groups": groups})


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: HtmxHttpRequest) -> HttpResponse:
    filters = {
        "difficulty": request.GET.get("difficulty", ""),
        "level": request.GET.get("level", ""),
        "tag": request.GET.get("tag", ""),
        "text": request.GET.get("q", "").strip()[:100],
    }
    if request.method == "POST":
        form = SessionNewForm(request.POST)
        if form.is_valid():
            return _session_create(request, form)
    else:
        default = content_selectors.framework_default()
        form = SessionNewForm(
            initial={
                "question": request.GET.get("question", ""),
                "framework": default.slug if default else None,
                "level": filters["level"] or Level.SENIOR,
            }
        )
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
    chosen_question = Question.objects.published().filter(slug=chosen).first() if chosen else None
    context = {
        "form": form,
        "page": page,
        "filters": filters,
        "chosen": chosen,
        "chosen_question": chosen_question,
        "chosen_on_page": any(q.slug == chosen for q in page),
        "difficulties": Difficulty.choices,
        "levels": Level.choices,
        "tags": Tag.objects.filter(questions__published=True).distinct(),
        "querystring": _querystring(request),
    }
    if request.htmx and request.method == "GET":
        return render(request, "interviews/pages/partials/question_picker.html", context)
    return render(request, "interviews/pages/session_new.html", context)


def _querystring(request: HtmxHttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _session_create(request: HtmxHttpRequest, form: SessionNewForm) -> HttpResponse:
    mode, role = MODE_TO_SERVICE[form.cleaned_data["mode"]]
    try:
        session = services.session_create(
            created_by=request.user,
            question=form.cleaned_data["question"],
            level=form.cleaned_data["level"],
            mode=mode,
            framework=form.cleaned_data["framework"],
            creator_role=role,
        )
    except SessionError as exc:
        messages.error(request, exc.message)
        return _redirect(request, reverse("interviews:session_new"))
    if mode == SessionMode.SOLO:
        return _redirect(request, reverse("interviews:room", args=[session.pk]))
    other = Role.CANDIDATE if role == Role.INTERVIEWER else Role.INTERVIEWER
    _invite_issue(request, session, other)
    return _redirect(request, reverse("interviews:lobby", args=[session.pk]))


# ---- lobby: invite links, who has joined, start ---------------------------------------


def _invite_issue(request: HtmxHttpRequest, session: InterviewSession, role: str) -> None:
    issued = services.invite_create(session=session, role=role, created_by=request.user)
    tokens = request.session.get(INVITE_TOKENS_KEY, {})
    # Keep only this session's links and the few most recent sessions'.
    mine = tokens.pop(str(session.pk), {})
    old = mine.get(role)
    if old and old.get("invite_id"):
        stale = Invite.objects.filter(pk=old["invite_id"], used_at__isnull=True).first()
        if stale:
            services.invite_revoke(invite=stale, revoked_by=request.user)
    mine[role] = {"path": issued.path, "invite_id": issued.invite.pk}
    tokens[str(session.pk)] = mine
    request.session[INVITE_TOKENS_KEY] = dict(list(tokens.items())[-20:])


def _lobby_context(request: HtmxHttpRequest, participant: Participant) -> dict:
    session = participant.session
    joined = list(session.participants.select_related("user"))
    online = selectors.online_participant_ids(session=session, now=timezone.now())
    taken = {p.role for p in joined}
    saved = request.session.get(INVITE_TOKENS_KEY, {}).get(str(session.pk), {})
    can_invite = session.created_by_id == request.user.pk or participant.role == Role.INTERVIEWER
    invites = []
    if session.mode == SessionMode.PEER and not session.is_over:
        for role in (Role.CANDIDATE, Role.INTERVIEWER, Role.OBSERVER):
            if role in taken and role != Role.OBSERVER:
                continue
            link = saved.get(role, {}).get("path")
            invites.append(
                {
                    "role": role,
                    "label": Role(role).label,
                    "url": request.build_absolute_uri(link) if link else "",
                }
            )
    controller = Role.CANDIDATE if session.mode == SessionMode.SOLO else Role.INTERVIEWER
    return {
        "session": session,
        "participant": participant,
        "joined": [{"p": p, "online": p.pk in online} for p in joined],
        "invites": invites,
        "can_invite": can_invite,
        "can_start": participant.role == controller and session.status == SessionStatus.SCHEDULED,
        "has_candidate": Role.CANDIDATE in taken,
        "controller_label": Role(controller).label.lower(),
    }


@login_required
@require_GET
def lobby(request: HtmxHttpRequest, session_id: UUID) -> HttpResponse:
    participant = _participant_or_404(request, session_id)
    session = participant.session
    if session.status == SessionStatus.LIVE:
        return _redirect(request, reverse("interviews:room", args=[session.pk]))
    if session.is_over:
        return _redirect(request, reverse("interviews:summary", args=[session.pk]))
    context = _lobby_context(request, participant)
    if request.htmx:
        return render(request, "interviews/pages/partials/lobby_people.html", context)
    return render(request, "interviews/pages/lobby.html", context)


@login_required
@require_POST
def invite_new(request: HtmxHttpRequest, session_id: UUID, role: str) -> HttpResponse:
    participant = _participant_or_404(request, session_id)
    if role not in Role.values:
        raise Http404("No such role")
    try:
        _invite_issue(request, participant.session, role)
    except SessionError as exc:
        messages.error(request, exc.message)
    return _redirect(request, reverse("interviews:lobby", args=[session_id]))


@login_required
@require_POST
def start(request: HtmxHttpRequest, session_id: UUID) -> HttpResponse:
    participant = _participant_or_404(request, session_id)
    try:
        services.session_start(actor=participant)
    except SessionError as exc:
        messages.error(request, exc.message)
        return _redirect(request, reverse("interviews:lobby", args=[session_id]))
    return _redirect(request, reverse("interviews:room", args=[session_id]))


# ---- the room --------------------------------------------------------------------------


@login_required
@require_GET
def session_detail(request: HtmxHttpRequest, session_id: UUID) -> HttpResponse:
    """Send the user to the page that fits the session's state."""
    participant = _participant_or_404(request, session_id)
    session = participant.session
    if session.is_over:
        return redirect("interviews:summary", session.pk)
    if session.status == SessionStatus.SCHEDULED and session.mode == SessionMode.PEER:
        return redirect("interviews:lobby", session.pk)
    return redirect("interviews:room", session.pk)


@login_required
@require_GET
def room(request: HtmxHttpRequest, session_id: UUID) -> HttpResponse:
    participant = _participant_or_404(request, session_id)
    session = participant.session
    if session.is_over:
        return redirect("interviews:summary", session.pk)
    phases = _phases(session)
    question = session.question
    config = {
        "session_id": str(session.pk),
        "ws_path": f"/ws/sessions/{session.pk}/",
        "role": participant.role,
        "mode": session.mode,
        "status": session.status,
        "me": {"id": request.user.pk, "name": request.user.get_username()},
        "phases": phases,
        "estimation_inputs": question.estimation_inputs,
        "summary_url": reverse("interviews:summary", args=[session.pk]),
    }
    if session.mode == SessionMode.SOLO:
        config["coach_url"] = reverse("interviews:coach", args=[session.pk])
    if participant.role == Role.INTERVIEWER:
        config["quick_score"] = _quick_score_config(session)
    context = {
        "session": session,
        "participant": participant,
        "question": question,
        "phases": phases,
        "config": config,
        "is_interviewer": participant.role == Role.INTERVIEWER,
        "is_solo": session.mode == SessionMode.SOLO,
        "can_control": participant.role
        == (Role.CANDIDATE if session.mode == SessionMode.SOLO else Role.INTERVIEWER),
        "note_sections": NOTE_SECTIONS,
        "summary_url": reverse("interviews:summary", args=[session.pk]),
        "report_url": _url_or_empty("scoring:report", session.pk),
        "report": report_get(session=session),
    }
    return render(request, "interviews/room/room.html", context)


def _quick_score_config(session: InterviewSession) -> dict | None:
    """Where the interviewer's quick scores are saved: the scoring app's scorecard, by
    criterion (None while the scoring app offers no scorecard URL)."""
    criteria = RubricCriterion.objects.filter(
        rubric__framework_id=session.framework_id, rubric__level=session.level
    )
    try:
        urls = {
            c.slug: reverse("scoring:scorecard_criterion", args=[session.pk, "interviewer", c.pk])
            for c in criteria
        }
        scorecard_url = reverse("scoring:scorecard", args=[session.pk, "interviewer"])
    except NoReverseMatch:
        return None
    scores: dict[str, int] = {}
    try:
        score_model = apps.get_model("scoring", "CriterionScore")
    except LookupError:
        score_model = None
    if score_model is not None:
        rows = score_model.objects.filter(
            scorecard__session=session, scorecard__kind="interviewer", score__isnull=False
        ).values_list("criterion__slug", "score")
        scores = dict(rows)
    return {"urls": urls, "scores": scores, "scorecard_url": scorecard_url}


NOTE_SECTIONS = [
    ("requirements", "Requirements"),
    ("estimates", "Estimates"),
    ("api", "API"),
    ("data_model", "Data model"),
    ("deep_dive", "Deep dive"),
    ("free", "Free notes"),
]


def _phases(session: InterviewSession) -> list[dict]:
    """The session's frozen phase plan with the candidate-facing guidance of each phase."""
    guidance = {p.slug: p for p in session.framework.phases.all()}
    out = []
    for index, planned in enumerate(session.plan):
        phase = guidance.get(planned.slug)
        out.append(
            {
                "index": index,
                "slug": planned.slug,
                "name": planned.name,
                "planned_seconds": planned.planned_seconds,
                "minutes": round(planned.planned_seconds / 60),
                "goal": phase.goal if phase else "",
                "candidate_guidance": phase.candidate_guidance if phase else "",
                "expected_outputs": phase.expected_outputs if phase else [],
            }
        )
    return out


# ---- after the session -----------------------------------------------------------------


@login_required
@require_GET
def coach(request: HtmxHttpRequest, session_id: UUID) -> JsonResponse:
    """Solo practice: the follow-up questions the room has posed so far, i.e. those of the
    phases the session has reached (never those of phases still ahead)."""
    participant = _participant_or_404(request, session_id)
    session = participant.session
    if session.mode != SessionMode.SOLO:
        raise Http404("Only solo sessions have a coach")
    reached = session.current_phase if session.started_at else -1
    if session.is_over:
        reached = len(session.plan) - 1
    slugs = {p.slug for i, p in enumerate(session.plan) if i <= reached}
    follow_ups = [
        {"phase": f.phase_slug, "text": f.text}
        for f in session.question.follow_ups.order_by("order")
        if f.phase_slug in slugs
    ]
    return JsonResponse({"phase": session.current_phase, "follow_ups": follow_ups})


@login_required
@require_GET
def summary(request: HtmxHttpRequest, session_id: UUID) -> HttpResponse:
    participant = _participant_or_404(request, session_id)
    session = participant.session
    if not session.is_over:
        return redirect("interviews:session_detail", session.pk)
    board = selectors.board_final_get(session_id=session.pk)
    context = {
        "session": session,
        "participant": participant,
        "timings": [
            {
                "name": t.name,
                "planned": f"{round(t.planned_seconds / 60)} min",
                "took": _clock(t.actual_seconds) if t.actual_seconds else "",
                "over": f"+{_clock(t.overrun_seconds)}" if t.overrun_seconds >= 1 else "",
            }
            for t in selectors.timer_history_get(session_id=session.pk)
        ],
        "board": board,
        "node_count": len(board.get("nodes", [])),
        "edge_count": len(board.get("edges", [])),
        "hints": selectors.hints_revealed_list(session_id=session.pk),
        "report_url": _url_or_empty("scoring:report", session.pk),
        "report": report_get(session=session),
        "self_assessment_url": _url_or_empty("scoring:scorecard", session.pk, "self")
        if session.mode == SessionMode.SOLO and participant.role == Role.CANDIDATE
        else "",
        "scorecard_url": _url_or_empty("scoring:scorecard", session.pk, "interviewer")
        if participant.role == Role.INTERVIEWER
        else "",
        "is_solo": session.mode == SessionMode.SOLO,
    }
    return render(request, "interviews/pages/summary.html", context)


def _clock(seconds: float) -> str:
    total = int(round(seconds))
    return f"{total // 60}:{total % 60:02d}"


@login_required
@require_GET
def replay(request: HtmxHttpRequest, session_id: UUID) -> HttpResponse:
    participant = _participant_or_404(request, session_id)
    session = participant.session
    context = {
        "session": session,
        "participant": participant,
        "question": session.question,
        "phases": _phases(session),
        "note_sections": NOTE_SECTIONS,
        "config": {
            "events_url": reverse("interviews:replay_events", args=[session.pk]),
            "phases": _phases(session),
        },
    }
    return render(request, "interviews/room/replay.html", context)


@login_required
@require_GET
def replay_events(request: HtmxHttpRequest, session_id: UUID) -> JsonResponse:
    """The event log as the participant's role may see it (never interviewer-only events
    for the candidate), for the replay page to rebuild the room at any moment."""
    participant = _participant_or_404(request, session_id)
    session = participant.session
    events = selectors.visible_events(session=session, role=participant.role)
    return JsonResponse(
        {
            "session": str(session.pk),
            "role": participant.role,
            "status": session.status,
            "phases": _phases(session),
            "events": [
                {**selectors.event_message(e), "logged_at": int(e.created_at.timestamp() * 1000)}
                for e in events
            ],
        }
    )
