"""Open redirect: a `next` pointing off the site is never followed, after sign-up or log-in."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

OFFSITE = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "\\\\evil.example",
    "\\/evil.example",
    "/\\evil.example",
    "https:evil.example",
    "HTTPS://EVIL.EXAMPLE/",
    "  //evil.example/",
    "\t//evil.example/",
    "javascript:alert(1)",
    "http://testserver.evil.example/",
    "ftp://evil.example/",
]


def _signup(client, next_url: str, username: str):
    return client.post(
        f"{reverse('accounts:signup')}?next={next_url}",
        {
            "username": username,
            "password1": "a-long-pass-phrase-9",
            "password2": "a-long-pass-phrase-9",
        },
    )


@pytest.mark.parametrize("target", OFFSITE)
def test_signup_never_redirects_off_site(client, target):
    from urllib.parse import quote

    response = _signup(client, quote(target, safe=""), "newcomer")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


@pytest.mark.parametrize("target", OFFSITE)
def test_signup_ignores_an_off_site_next_in_the_form_too(client, target):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "newcomer",
            "password1": "a-long-pass-phrase-9",
            "password2": "a-long-pass-phrase-9",
            "next": target,
        },
    )
    assert response["Location"] == reverse("home")


def test_signup_follows_a_next_on_this_site(client):
    response = _signup(client, "/sessions/new/", "newcomer")
    assert response["Location"] == "/sessions/new/"


def test_signup_page_carries_a_safe_next_and_drops_an_unsafe_one(client):
    page = client.get(f"{reverse('accounts:signup')}?next=/library/").content.decode()
    assert 'name="next" value="/library/"' in page
    page = client.get(f"{reverse('accounts:signup')}?next=//evil.example/").content.decode()
    assert "evil.example" not in page


@pytest.mark.parametrize("target", OFFSITE)
def test_login_never_redirects_off_site(client, user, target):
    response = client.post(
        reverse("accounts:login"),
        {"username": "ada", "password": "pw-ada-123456", "next": target},
    )
    assert response.status_code == 302
    assert "evil" not in response["Location"].lower()
    assert not response["Location"].lower().startswith(("javascript", "ftp"))


def test_the_invite_login_round_trip_keeps_its_own_path(client, user):
    """An invite sends anonymous visitors to log in with next=<invite path>; that path is kept."""
    invite_path = "/sessions/invite/some-token/"
    response = client.post(
        reverse("accounts:login"),
        {"username": "ada", "password": "pw-ada-123456", "next": invite_path},
    )
    assert response["Location"] == invite_path
