"""Invite links: issue, revoke, accept."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.users import User

from ..errors import ErrorCode, SessionError
from ..models import InterviewSession, Invite, Participant, Role, SessionMode
from .sessions import participant_add
from .writes import session_write


class InviteRefused(Exception):
    """The invite cannot make this user a participant; ``reason`` names why."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class IssuedInvite:
    invite: Invite
    token: str  # shown once; only its hash is stored

    @property
    def path(self) -> str:
        return reverse("interviews:invite_detail", args=[self.token])


def invite_create(
    *, session: InterviewSession, role: str, created_by: User, ttl: timedelta | None = None
) -> IssuedInvite:
    """Issue an invite link for a role; candidate and interviewer links work once."""
    _require_inviter(session, created_by)
    if role not in Role.values:
        raise SessionError(ErrorCode.BAD_MESSAGE, f"role must be one of {Role.values}")
    if session.mode == SessionMode.SOLO and role != Role.CANDIDATE:
        raise SessionError(ErrorCode.FORBIDDEN, "a solo session has a candidate only")
    if session.is_over:
        raise SessionError(ErrorCode.SESSION_ENDED, "the session is over")
    if role != Role.OBSERVER and session.participants.filter(role=role).exists():
        raise SessionError(ErrorCode.INVALID_STATE, f"the session already has a {role}")
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    ttl = ttl or timedelta(hours=settings.DESIGNROOM["INVITE_TTL_HOURS"])
    invite = Invite.objects.create(
        session=session,
        role=role,
        token_hash=Invite.token_digest(token),
        created_by=created_by,
        created_at=now,
        expires_at=now + ttl,
    )
    return IssuedInvite(invite=invite, token=token)


def _require_inviter(session: InterviewSession, user: User) -> None:
    if session.created_by_id == user.pk:
        return
    if session.participants.filter(user=user, role=Role.INTERVIEWER).exists():
        return
    raise SessionError(ErrorCode.FORBIDDEN, "only the session's creator or interviewer invites")


def invite_revoke(*, invite: Invite, revoked_by: User) -> Invite:
    """Make an unused invite stop working."""
    _require_inviter(invite.session, revoked_by)
    if invite.revoked_at is None:
        invite.revoked_at = timezone.now()
        invite.save(update_fields=["revoked_at"])
    return invite


def invite_accept(*, token: str, user: User) -> Participant:
    """Make ``user`` a participant with the invite's role, or say why not.

    Accepting your own already-used invite again returns your participation, so a
    double-submitted form or a refreshed page does no harm.
    """
    with transaction.atomic():
        invite = (
            Invite.objects.select_for_update().filter(token_hash=Invite.token_digest(token)).first()
        )
        if invite is None:
            raise InviteRefused("unknown", "This invite link does not exist.")
        mine = Participant.objects.filter(session_id=invite.session_id, user=user).first()
        if mine is not None and (invite.used_by_id == user.pk or mine.role == invite.role):
            return mine
        if mine is not None:
            raise InviteRefused("already_in_session", one_role_message(mine.role, invite.role))
        _refuse_unusable(invite, timezone.now())
        with session_write(invite.session_id) as write:
            try:
                participant = participant_add(write, user=user, role=invite.role)
            except SessionError as exc:
                raise InviteRefused(_reason_for(exc), exc.message) from None
        if invite.is_single_use:
            invite.used_at = write.now
            invite.used_by = user
            invite.save(update_fields=["used_at", "used_by"])
        return participant


def one_role_message(current: str, offered: str) -> str:
    """Why an account cannot take a second role in a session (a candidate interviewing
    themselves would score their own interview into their progress)."""
    return (
        f"You are already the {current} of this session, and one account holds one role "
        f"per session. The {offered} must join with their own account."
    )


def _refuse_unusable(invite: Invite, now) -> None:
    messages = {
        "revoked": "This invite was withdrawn by the person who sent it.",
        "used": "This invite has already been used.",
        "expired": "This invite has expired.",
    }
    reason = invite.refusal_at(now)
    if reason:
        raise InviteRefused(reason, messages[reason])


def _reason_for(exc: SessionError) -> str:
    if exc.code == ErrorCode.SESSION_ENDED:
        return "session_over"
    if exc.code == ErrorCode.INVALID_STATE:
        return "role_taken"
    return "not_allowed"
