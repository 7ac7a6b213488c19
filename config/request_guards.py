"""Refusals made before any view runs, for input no view could use.

A NUL character in a query parameter: PostgreSQL cannot hold NUL in text, so a search, a
filter or a slug lookup that passes it on fails inside the database (a 500) rather than
matching nothing. No page or endpoint has a use for one, so the request is answered 400:
in the API's JSON error shape under /api/, as a short page elsewhere. (Form fields are
checked by their forms and services, which name the field.)
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

from api.errors import api_error_response

MESSAGE = "A query parameter contains a NUL character (%00), which no page accepts."


class NulInQueryRefused:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any("\x00" in key or "\x00" in value for key, value in _pairs(request)):
            if request.path.startswith("/api/"):
                return api_error_response(400, "bad_request", MESSAGE)
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _pairs(request: HttpRequest) -> list[tuple[str, str]]:
    return [(key, value) for key, values in request.GET.lists() for value in values]
