"""The practice pages: offer a time, see matches, cancel or move them, report a no-show,
the calendar feed, rating an interviewer, profiles with block and report."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.users import User, signed_in
from interviews.models import InterviewSession

from . import selectors
from .calendar import calendar_bytes, match_event
from .forms import InterviewerFeedbackForm, OfferForm, ReportForm, RescheduleForm
from .models import Match, MatchStatus, Offer
from .services import feeds
from .services.matches import MatchRefused, match_cancel, match_reschedule, no_show_report
from .services.offers import OfferRefused, offer_create, offer_withdraw, profile_get
from .services.people import (
    PeopleRefused,
    Rating,
    interviewer_feedback_submit,
    user_block,
    user_report,
    user_unblock,
)
from .timezones import LocalTimeError, local_label, local_to_utc


def _match_rows(user: User, zone: str) -> list[dict[str, Any]]:
    now = timezone.now()
    rows = []
    for match in selectors.match_list_for_user(user_id=user.pk)[:30]:
        partner = match.user_second if user.pk == match.user_first_id else match.user_first
        rows.append(
            {
                "match": match,
                "partner": partner,
                "when": local_label(match.starts_at, zone),
                "upcoming": match.status == MatchStatus.SCHEDULED and match.ends_at > now,
            }
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def practice_home(request: HttpRequest) -> HttpResponse:
    user = signed_in(request.user)
    profile = profile_get(user=user)
    form = OfferForm(
        request.POST or None,
        initial={
            "time_zone": profile.time_zone,
            "email": user.email,
            "duration_minutes": 60,
            "tags": request.GET.getlist("tag")[:5],
        },
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            offer_create(user=user, request=form.offer_request())
        except OfferRefused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            status = 429 if exc.retry_after else 400
        else:
            if user.email != form.cleaned_data["email"]:
                user.email = form.cleaned_data["email"]
                user.save(update_fields=["email"])
            messages.success(request, "Offered. You get an email as soon as someone fits.")
            return redirect("practice:home")
    elif request.method == "POST":
        status = 400
    context = {
        "form": form,
        "offers": [
            {"offer": o, "when": local_label(o.starts_at, o.time_zone)}
            for o in selectors.offer_list_for_user(user_id=user.pk, open_only=True)
        ],
        "matches": _match_rows(user, profile.time_zone),
        "zone": profile.time_zone,
    }
    return render(request, "practice/home.html", context, status=status)


@login_required
@require_POST
def offer_withdraw_view(request: HttpRequest, offer_id: UUID) -> HttpResponse:
    try:
        offer_withdraw(offer_id=offer_id, user=signed_in(request.user))
    except Offer.DoesNotExist as exc:
        raise Http404("No such offer") from exc
    except OfferRefused as exc:
        messages.error(request, exc.message)
    return redirect("practice:home")


def _match_or_404(request: HttpRequest, match_id: UUID) -> Match:
    try:
        return selectors.match_get_for_user(match_id=match_id, user_id=signed_in(request.user).pk)
    except Match.DoesNotExist as exc:
        raise Http404("No such match") from exc


@login_required
@require_GET
def match_detail(request: HttpRequest, match_id: UUID) -> HttpResponse:
    from .services.matches import no_show_allowed_at, partner_absent

    match = _match_or_404(request, match_id)
    user = signed_in(request.user)
    partner = match.user_second if user.pk == match.user_first_id else match.user_first
    zone = profile_get(user=user).time_zone
    now = timezone.now()
    scheduled = match.status == MatchStatus.SCHEDULED
    context = {
        "match": match,
        "partner": partner,
        "reliability": selectors.reliability_of(user_id=partner.pk),
        "when": local_label(match.starts_at, zone),
        "zone": zone,
        "can_change": scheduled and match.starts_at > now,
        "can_report_no_show": scheduled
        and now >= no_show_allowed_at(match)
        and partner_absent(match, user),
        "reschedule_form": RescheduleForm(),
    }
    return render(request, "practice/match_detail.html", context)


@login_required
@require_GET
def match_ics(request: HttpRequest, match_id: UUID) -> HttpResponse:
    match = _match_or_404(request, match_id)
    partner = match.user_second if request.user.pk == match.user_first_id else match.user_first
    body = calendar_bytes(
        [match_event(match, partner_name=partner.get_username(), now=timezone.now())]
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="practice.ics"'
    return response


@login_required
@require_POST
def match_cancel_view(request: HttpRequest, match_id: UUID) -> HttpResponse:
    match = _match_or_404(request, match_id)
    try:
        match_cancel(match_id=match.pk, user=signed_in(request.user))
        messages.success(request, "Cancelled; your partner has been told.")
    except MatchRefused as exc:
        messages.error(request, exc.message)
    return redirect("practice:match_detail", match_id=match.pk)


@login_required
@require_POST
def match_reschedule_view(request: HttpRequest, match_id: UUID) -> HttpResponse:
    match = _match_or_404(request, match_id)
    user = signed_in(request.user)
    form = RescheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a day and a time.")
        return redirect("practice:match_detail", match_id=match.pk)
    try:
        starts_at = local_to_utc(
            form.cleaned_data["day"], form.cleaned_data["clock"], profile_get(user=user).time_zone
        )
        match_reschedule(match_id=match.pk, user=user, starts_at=starts_at)
        messages.success(request, "Moved; you both get the new time by email.")
    except (MatchRefused, LocalTimeError) as exc:
        messages.error(request, getattr(exc, "message", str(exc)))
    return redirect("practice:match_detail", match_id=match.pk)


@login_required
@require_POST
def no_show_view(request: HttpRequest, match_id: UUID) -> HttpResponse:
    match = _match_or_404(request, match_id)
    try:
        made = no_show_report(
            match_id=match.pk, user=signed_in(request.user), then=request.POST.get("then", "")
        )
    except MatchRefused as exc:
        messages.error(request, exc.message)
        return redirect("practice:match_detail", match_id=match.pk)
    if isinstance(made, InterviewSession):
        return redirect("interviews:room", session_id=made.pk)
    messages.success(request, "Looking for someone waiting for a practice now.")
    return redirect("practice:home")


@login_required
@require_http_methods(["GET", "POST"])
def calendar_page(request: HttpRequest) -> HttpResponse:
    user = signed_in(request.user)
    feed_url = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            feeds.feed_revoke(user=user)
            messages.success(request, "Your calendar link no longer works.")
            return redirect("practice:calendar")
        token = feeds.feed_create(user=user)
        feed_url = request.build_absolute_uri(reverse("practice:feed", args=[user.pk, token]))
    has_feed = user.practice_feeds.filter(revoked_at__isnull=True).exists()
    return render(request, "practice/calendar.html", {"feed_url": feed_url, "has_feed": has_feed})


@require_GET
def feed(request: HttpRequest, user_id: int, token: str) -> HttpResponse:
    """The calendar feed: no sign-in (calendar apps have none), the secret token instead."""
    owner = feeds.feed_user_get(user_id=user_id, token=token)
    if owner is None:
        return HttpResponse(
            "This calendar link is not valid: it was replaced or turned off. Make a new one "
            "on the Calendar link page.",
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    events = []
    for match in selectors.match_list_for_user(user_id=owner.pk)[:200]:
        partner = match.user_second if owner.pk == match.user_first_id else match.user_first
        events.append(match_event(match, partner_name=partner.get_username(), now=timezone.now()))
    body = calendar_bytes(events, name="Designroom practice")
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
@require_http_methods(["GET", "POST"])
def interviewer_rate(request: HttpRequest, session_id: UUID) -> HttpResponse:
    user = signed_in(request.user)
    session = get_object_or_404(InterviewSession, pk=session_id, participants__user=user)
    done = selectors.interviewer_feedback_for(session_id=session.pk, author_id=user.pk)
    form = InterviewerFeedbackForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid() and done is None:
        try:
            interviewer_feedback_submit(
                session_id=session.pk, author=user, rating=Rating(**form.cleaned_data)
            )
        except PeopleRefused as exc:
            form.add_error(None, exc.message)
            status = exc.status
        else:
            messages.success(request, "Thank you: your interviewer sees your rating.")
            return redirect("interviews:summary", session_id=session.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "practice/rate.html",
        {"form": form, "session": session, "done": done},
        status=status,
    )


def _person_or_404(request: HttpRequest, username: str) -> User:
    viewer = signed_in(request.user)
    person = get_object_or_404(User, username=username)
    if (
        person.pk != viewer.pk
        and not viewer.is_staff
        and not selectors.shared_practice_exists(user_id=viewer.pk, other_id=person.pk)
    ):
        raise Http404("No such person")
    return person


@login_required
@require_GET
def profile(request: HttpRequest, username: str) -> HttpResponse:
    person = _person_or_404(request, username)
    context = selectors.profile_summary(user=person)
    context["is_me"] = person.pk == request.user.pk
    context["blocked"] = signed_in(request.user).practice_blocks.filter(blocked=person).exists()
    context["report_form"] = ReportForm()
    return render(request, "practice/profile.html", context)


@login_required
@require_POST
def person_block(request: HttpRequest, username: str) -> HttpResponse:
    person = _person_or_404(request, username)
    try:
        if request.POST.get("action") == "unblock":
            user_unblock(blocker=signed_in(request.user), blocked=person)
        else:
            user_block(blocker=signed_in(request.user), blocked=person)
            messages.success(request, f"You will not be matched with {username} again.")
    except PeopleRefused as exc:
        messages.error(request, exc.message)
    return redirect("practice:profile", username=username)


@login_required
@require_POST
def person_report(request: HttpRequest, username: str) -> HttpResponse:
    person = _person_or_404(request, username)
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Pick a reason; details are at most 2000 characters.")
    else:
        try:
            user_report(reporter=signed_in(request.user), reported=person, **form.cleaned_data)
            messages.success(request, "Reported; the staff will look at it.")
        except PeopleRefused as exc:
            messages.error(request, exc.message)
    return redirect("practice:profile", username=username)
