"""signed_in narrows a request's user for the services, and refuses anyone not signed in."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from accounts.users import signed_in
from tests.factories import UserFactory


@pytest.mark.django_db
def test_a_signed_in_user_passes_through_unchanged():
    user = UserFactory()
    assert signed_in(user) is user


def test_an_anonymous_user_is_refused():
    with pytest.raises(PermissionDenied):
        signed_in(AnonymousUser())
