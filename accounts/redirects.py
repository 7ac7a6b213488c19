"""Where a `next` parameter may send the browser: only back to this site.

Every view that follows a `next` goes through ``safe_next_url``, which is Django's
``url_has_allowed_host_and_scheme`` (the check ``LoginView`` uses): it refuses other hosts
(`https://evil.example/`, `//evil.example/`, `\\\\evil.example`, `https:evil.example`),
other schemes (`javascript:`), control characters, and http targets from an https page.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request: HttpRequest) -> str:
    """The request's `next` (POST first, then the query string) if it stays on this site;
    '' otherwise, so the caller falls back to its own default."""
    candidate = (request.POST.get("next") or request.GET.get("next") or "").strip()
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""
