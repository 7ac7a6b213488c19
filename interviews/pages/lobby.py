"""The lobby of a peer session: invite links, who has joined, and the start button."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.users import signed_in

from .. import selectors, services
from ..errors import SessionError
from ..models import InterviewSession, Participant, Role, SessionMode, SessionStatus
from ..services.lifecycle import HERE_NOW
from .access import HtmxHttpRequest, htmx_redirect, participant_or_404

# Invite tokens are stored hashed, so the link can be shown only by the browser that made it:
# it is kept in the creator's Django session under this key, by session id and role.
INVITE_TOKENS_KEY = "interviews.invite_tokens"


def invite_issue(request: HtmxHttpRequest, session: InterviewSession, role: str) -> None:
    """A fresh invite link for ``role``, kept in this browser; the link it replaces is revoked."""
    issued = services.invite_create(session=session, role=role, created_by=signed_in(request.user))
    tokens = request.session.get(INVITE_TOKENS_KEY, {})
    # Keep only this session's links and the few most recent sessions'.
    mine = tokens.pop(str(session.pk), {})
    old = mine.get(role)
    if old and old.get("invite_id"):
        stale = selectors.invite_unused_get(invite_id=old["invite_id"])
        if stale:
            services.invite_revoke(invite=stale, revoked_by=signed_in(request.user))
    mine[role] = {"path": issued.path, "invite_id": issued.invite.pk}
    tokens[str(session.pk)] = mine
    request.session[INVITE_TOKENS_KEY] = dict(list(tokens.items())[-20:])


def _invite_links(
    request: HtmxHttpRequest, session: InterviewSession, taken: set[str]
) -> list[dict[str, Any]]:
    """One link per role still open (observers always), as far as this browser made them."""
    if session.mode != SessionMode.PEER or session.is_over:
        return []
    saved = request.session.get(INVITE_TOKENS_KEY, {}).get(str(session.pk), {})
    invites = []
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
    return invites


def _seats(
    session: InterviewSession, joined: list[Participant], online: set[int], me: Participant
) -> list[dict[str, Any]]:
    """Who is here and who is awaited, in words: one line per seat of the session."""
    now = timezone.now()
    seats = []
    for p in joined:
        here = p.pk == me.pk or p.pk in online or bool(p.seen_at and now - p.seen_at < HERE_NOW)
        state = "here" if here else ("left" if p.arrived_at else "awaited")
        seats.append({"p": p, "role": p.role, "state": state, "online": here})
    taken = {p.role for p in joined}
    wanted = (
        [Role.CANDIDATE] if session.mode == SessionMode.SOLO else [Role.INTERVIEWER, Role.CANDIDATE]
    )
    for role in wanted:
        if role not in taken:
            seats.append({"p": None, "role": role, "state": "empty", "online": False})
    return seats


def _lobby_context(request: HtmxHttpRequest, participant: Participant) -> dict[str, Any]:
    session = participant.session
    services.participant_seen(participant=participant)
    joined = selectors.participant_list(session=session)
    online = selectors.online_participant_ids(session=session, now=timezone.now())
    taken = {p.role for p in joined}
    is_open = session.lobby_is_open(timezone.now())
    can_invite = session.created_by_id == request.user.pk or participant.role == Role.INTERVIEWER
    controller = session.timer_controller
    return {
        "session": session,
        "participant": participant,
        "joined": [{"p": p, "online": p.pk in online} for p in joined],
        "seats": _seats(session, joined, online, participant),
        "lobby_open": is_open,
        "opens_at": session.lobby_opens_at,
        "invites": _invite_links(request, session, taken),
        "can_invite": can_invite,
        "can_start": participant.role == controller
        and session.status == SessionStatus.SCHEDULED
        and is_open,
        "has_candidate": Role.CANDIDATE in taken,
        "controller_label": Role(controller).label.lower(),
    }


@login_required
@require_GET
def lobby(request: HtmxHttpRequest, session_id: UUID) -> HttpResponse:
    participant = participant_or_404(request, session_id)
    session = participant.session
    if session.status == SessionStatus.LIVE:
        return htmx_redirect(request, reverse("interviews:room", args=[session.pk]))
    if session.is_over:
        return htmx_redirect(request, reverse("interviews:summary", args=[session.pk]))
    context = _lobby_context(request, participant)
    if request.htmx:
        return render(request, "interviews/pages/partials/lobby_people.html", context)
    return render(request, "interviews/pages/lobby.html", context)


@login_required
@require_POST
def invite_new(request: HtmxHttpRequest, session_id: UUID, role: str) -> HttpResponse:
    participant = participant_or_404(request, session_id)
    if role not in Role.values:
        raise Http404("No such role")
    try:
        invite_issue(request, participant.session, role)
    except SessionError as exc:
        messages.error(request, exc.message)
    return htmx_redirect(request, reverse("interviews:lobby", args=[session_id]))


@login_required
@require_POST
def start(request: HtmxHttpRequest, session_id: UUID) -> HttpResponse:
    participant = participant_or_404(request, session_id)
    try:
        services.session_start(actor=participant)
    except SessionError as exc:
        messages.error(request, exc.message)
        return htmx_redirect(request, reverse("interviews:lobby", args=[session_id]))
    return htmx_redirect(request, reverse("interviews:room", args=[session_id]))
