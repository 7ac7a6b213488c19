"""Failed sign-ins are counted by django-axes: the log-in form, the admin's and API tokens.

After LOGIN_FAILURE_LIMIT failures for one username from one address, that pair is
locked out for LOGIN_COOLOFF_MINUTES (settings: AXES_*). The log-in page then says so;
a bad API token counts as a failure of the pseudo-username below, so token guessing from
one address stops after the same number of tries. Staff unlock early in the admin
(Axes > Access attempts) or with `manage.py axes_reset_username <name>` / `axes_reset`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# The username API-token failures are counted under: with ("username", "ip_address") as
# the lockout parameters this makes the budget per address, whatever token is tried.
API_TOKEN_CREDENTIALS = {"username": "(api token)"}


def cooloff_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_message() -> str:
    return (
        f"Too many failed log-in attempts for this account from your network. Try again in "
        f"{cooloff_minutes()} minutes, or ask an administrator to unlock the account."
    )


def lockout_response(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the log-in page again, with the reason, as a 429.

    The extra arguments (the original response and the credentials) are ignored: axes
    passes them in a different order on its async path.
    """
    form = AuthenticationForm(request)
    context = {"form": form, "lockout": lockout_message(), "next": ""}
    return render(request, "accounts/login.html", context, status=429)


def api_token_allowed(request: HttpRequest) -> bool:
    """False while this address is locked out of token authentication."""
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.is_allowed(request, API_TOKEN_CREDENTIALS)


def api_token_failure_record(request: HttpRequest) -> bool:
    """Count a bad token like a failed log-in (axes listens to this signal); True when this
    failure reached the limit."""
    user_login_failed.send(sender=__name__, credentials=API_TOKEN_CREDENTIALS, request=request)
    locked = bool(getattr(request, "axes_locked_out", False))
    # The API answers a lockout in its own error shape (a DRF 429), so the middleware must
    # not swap in the log-in page.
    setattr(request, "axes_locked_out", False)  # noqa: B010 (set by axes, untyped)
    return locked
