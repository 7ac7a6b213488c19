"""The user types every app passes around, in one place.

Requests and websocket scopes carry Django's ``User`` or, before sign-in, ``AnonymousUser``;
reads that answer anyone take ``AnyUser``, writes and per-user reads take ``User``.
"""

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied

AnyUser: TypeAlias = User | AnonymousUser

__all__ = ["AnonymousUser", "AnyUser", "User", "signed_in"]


def signed_in(user: AnyUser) -> User:
    """The signed-in user behind a door that requires sign-in; refuse anyone else.

    Views and API views check sign-in already (``login_required``, ``IsAuthenticated``); this
    narrows the type for the service they call and refuses, rather than trusts, if a door
    ever forgets.
    """
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        raise PermissionDenied("sign in first")
    return user
