"""Content-Security-Policy headers: a strict policy for the app, relaxed only where a
third-party page needs it.

The app itself needs nothing inline: scripts and styles are static files, page data goes
through `json_script`, behaviours through data attributes (static/js/page.js), and htmx runs
without eval and without its injected indicator styles (templates/base.html). So the policy
is `script-src 'self'` and `style-src 'self'` with no 'unsafe-inline' and no nonces.

Settings (their shape follows Django 6.0's built-in CSP, which can replace this module):
  SECURE_CSP              directives sent as Content-Security-Policy (enforced)
  SECURE_CSP_REPORT_ONLY  directives sent as Content-Security-Policy-Report-Only
  SECURE_CSP_PATH_OVERRIDES  {path prefix: {directive: sources}} replacing directives of
                          both policies under that prefix (the first matching prefix wins)

A small middleware of ours rather than django-csp: the app needs no nonces and no per-view
decorators, only a fixed header and one path-scoped relaxation (a settings entry), so a
dependency would add a settings format (django-csp 4.0 changed its own) and no ability.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.http import HttpRequest, HttpResponse

Policy = Mapping[str, Sequence[str]]

ENFORCED = "Content-Security-Policy"
REPORT_ONLY = "Content-Security-Policy-Report-Only"


def policy_header(policy: Policy) -> str:
    """`{"script-src": ["'self'"]}` -> "script-src 'self'" (a directive without sources is a
    bare keyword, e.g. upgrade-insecure-requests)."""
    return "; ".join(" ".join([name, *sources]) for name, sources in policy.items())


def policy_for(path: str, policy: Policy) -> Policy:
    overrides: Mapping[str, Policy] = getattr(settings, "SECURE_CSP_PATH_OVERRIDES", {})
    for prefix, changes in overrides.items():
        if path.startswith(prefix):
            return {**policy, **changes}
    return policy


class ContentSecurityPolicyMiddleware:
    """Adds the configured CSP headers to every response that has none yet."""

    async_capable = True
    sync_capable = True

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response
        if iscoroutinefunction(self.get_response):
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest):
        if iscoroutinefunction(self):
            return self.__acall__(request)
        response = self.get_response(request)
        self._add_headers(request, response)
        return response

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        response = await self.get_response(request)
        self._add_headers(request, response)
        return response

    @staticmethod
    def _add_headers(request: HttpRequest, response: HttpResponse) -> None:
        for header, name in ((ENFORCED, "SECURE_CSP"), (REPORT_ONLY, "SECURE_CSP_REPORT_ONLY")):
            policy = getattr(settings, name, None)
            if policy and header not in response:
                response[header] = policy_header(policy_for(request.path, policy))
