"""DRF authentication by API token: `Authorization: Token <raw>` (or `Bearer <raw>`).

Bad tokens count as failed log-ins (accounts.lockout): an address that sends too many
is refused with 429 before any token it sends is even looked at, until the cool-off ends.
"""

from rest_framework import authentication, exceptions

from . import lockout
from .services import api_token_authenticate


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("token", "bearer")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() not in self.keywords:
            return None
        django_request = request._request
        if not lockout.api_token_allowed(django_request):
            raise self._locked_out()
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Malformed Authorization header: expected 'Token <value>'."
            )
        token = api_token_authenticate(raw=header[1])
        if token is None:
            if lockout.api_token_failure_record(django_request):
                raise self._locked_out()
            raise exceptions.AuthenticationFailed("Invalid or revoked API token.")
        return token.user, token

    @staticmethod
    def _locked_out() -> exceptions.Throttled:
        return exceptions.Throttled(
            wait=lockout.cooloff_minutes() * 60,
            detail="Too many invalid API tokens from your address; try again later.",
        )

    def authenticate_header(self, request):
        return "Token"
