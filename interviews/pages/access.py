"""What every session page starts with: the htmx-aware request, the participant check
(404 for anyone else, so a session id leaks nothing) and the htmx-aware redirect."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails

from accounts.users import signed_in

from .. import selectors
from ..models import Participant


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def participant_or_404(request: HtmxHttpRequest, session_id: UUID) -> Participant:
    try:
        return selectors.participant_get(session_id=session_id, user=signed_in(request.user))
    except Participant.DoesNotExist as exc:
        raise Http404("No such session") from exc


def htmx_redirect(request: HtmxHttpRequest, url: str) -> HttpResponse:
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def url_or_empty(name: str, *args: Any) -> str:
    """URLs of pages other apps may not ship (the scoring report): '' when there is none."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
