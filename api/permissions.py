"""Who may do what in the API, in one place."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


def is_curator(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and (user.is_staff or user.has_perm("content.change_question"))
    )


class ReadAuthenticatedWriteCurator(BasePermission):
    """Content: any signed-in user reads; curators (and staff) write."""

    message = "Only curators may change content."

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or is_curator(request.user)
