"""The invite acceptance pages (the room and dashboard pages live elsewhere)."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.users import signed_in

from . import services
from .models import Invite
from .selectors import invite_get_by_token
from .services import InviteRefused

# What each refusal looks like: (HTTP status, headline).
REFUSALS = {
    "unknown": (404, "This invite link does not exist"),
    "used": (410, "This invite has already been used"),
    "expired": (410, "This invite has expired"),
    "revoked": (410, "This invite was withdrawn"),
    "session_over": (410, "This session is over"),
    "role_taken": (409, "This seat is taken"),
    "already_in_session": (409, "You already have a role in this session"),
    "not_allowed": (409, "This invite cannot be used"),
}


@require_GET
@login_required
def invite_detail(request: HttpRequest, token: str) -> HttpResponse:
    """Show what the invite is for, or why it no longer works; accepting is a POST."""
    invite = invite_get_by_token(token=token)
    if invite is None:
        return _refused(request, "unknown", "This invite link does not exist.")
    if invite.used_by_id == request.user.pk:
        return render(request, "interviews/invite_accepted.html", {"invite": invite})
    user_id = cast(int, request.user.pk)  # login_required: an authenticated user
    mine = invite.session.participants.filter(user_id=user_id).first()
    if mine is not None and mine.role == invite.role:
        return render(request, "interviews/invite_accepted.html", {"invite": invite})
    if mine is not None:  # never offer a second role: the POST would be refused anyway
        message = services.one_role_message(mine.role, invite.role)
        return _refused(request, "already_in_session", message, invite=invite)
    reason = invite.refusal_at(timezone.now())
    if not reason and invite.session.is_over:
        reason = "session_over"
    if reason:
        return _refused(request, reason, "", invite=invite)
    return render(request, "interviews/invite_detail.html", {"invite": invite, "token": token})


@require_POST
@login_required
def invite_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        services.invite_accept(token=token, user=signed_in(request.user))
    except InviteRefused as refusal:
        return _refused(request, refusal.reason, refusal.message)
    return redirect("interviews:invite_detail", token=token)


def _refused(
    request: HttpRequest, reason: str, message: str, *, invite: Invite | None = None
) -> HttpResponse:
    status, headline = REFUSALS.get(reason, REFUSALS["not_allowed"])
    context = {"reason": reason, "headline": headline, "message": message, "invite": invite}
    return render(request, "interviews/invite_invalid.html", context, status=status)
