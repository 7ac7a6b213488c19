"""Finding a partner in a real browser: two people offer overlapping times, are matched,
read the email (from the server's file outbox), meet in the lobby, run both swapped
interviews, and rate each other."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from .conftest import asgi_serve, sign_in

LOBBY = re.compile(r"/sessions/[0-9a-f-]{36}/lobby/")


@pytest.fixture(scope="module")
def outbox(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("outbox")


@pytest.fixture(scope="module")
def server(tmp_path_factory, chromium_path, outbox):
    yield from asgi_serve(
        tmp_path_factory,
        "practice",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(outbox),
    )


def _mails_to(outbox: Path, address: str) -> list[str]:
    found = []
    for file in sorted(outbox.iterdir()):
        for message in file.read_text().split("-" * 79):
            if f"To: {address}" in message:
                found.append(message)
    return found


def _offer(page, server, start: datetime) -> None:
    page.goto(f"{server.url}/practice/")
    page.fill("#id_day", start.strftime("%Y-%m-%d"))
    page.fill("#id_clock", start.strftime("%H:%M"))
    page.fill("#id_time_zone", "UTC")
    page.select_option("#id_duration_minutes", "90")
    page.select_option("#id_role", "swap")
    page.get_by_role("button", name="Offer this time").click()
    page.wait_for_selector(".messages >> text=Offered")


def _interview(interviewer, candidate) -> str:
    """The interviewer starts from the lobby, both are in the room, the interviewer ends."""
    interviewer.wait_for_selector("#lobby-people >> text=here now")
    interviewer.get_by_role("button", name="Start the interview").click()
    interviewer.wait_for_url("**/room/")
    candidate.wait_for_url("**/room/", timeout=20_000)
    interviewer.wait_for_selector("#connection[data-status=online]")
    interviewer.once("dialog", lambda dialog: dialog.accept())
    interviewer.get_by_role("button", name="End", exact=True).click()
    for page in (interviewer, candidate):
        page.wait_for_selector("#ended-dialog[open]")
        page.locator("#ended-dialog a").click()
        page.wait_for_url("**/summary/")
    return candidate.url


def _rate(candidate, scores: tuple[int, int, int], comment: str) -> None:
    candidate.get_by_role("link", name="Rate your interviewer").click()
    for name, score in zip(("preparedness", "clarity", "hints"), scores, strict=True):
        candidate.check(f"input[name={name}][value='{score}']")
    candidate.fill("textarea[name=comment]", comment)
    candidate.get_by_role("button", name="Send rating").click()
    candidate.wait_for_selector(".messages >> text=your interviewer sees your rating")


def test_two_people_are_matched_meet_swap_and_rate_each_other(server, new_page, outbox):
    server.create_user("ada", "ada@example.test")
    server.create_user("bob", "bob@example.test")
    ada, bob = new_page(), new_page()
    sign_in(ada, server, "ada")
    sign_in(bob, server, "bob")
    # Soon enough that the lobby is open at once (it opens 10 minutes before).
    start = (datetime.now(tz=UTC) + timedelta(minutes=8)).replace(second=0, microsecond=0)
    _offer(ada, server, start)
    _offer(bob, server, start)
    bob.reload()
    bob.wait_for_selector("#matches-title")

    [mail] = _mails_to(outbox, "bob@example.test")
    assert "Practice partner found" in mail
    assert "text/calendar" in mail
    assert "BEGIN:VEVENT" in mail or "practice.ics" in mail
    lobby_path = LOBBY.search(mail).group(0)

    # Bob follows the email's link; ada signs in again and lands in the lobby directly.
    bob.goto(f"{server.url}{lobby_path}")
    bob.wait_for_selector("#lobby-people >> text=ada")
    sign_in(ada, server, "ada")
    ada.wait_for_url(f"**{lobby_path}")
    bob.wait_for_selector("#lobby-people >> text=here now")

    # First interview: ada (who offered first) interviews bob; bob rates her.
    _interview(ada, bob)
    _rate(bob, (4, 3, 4), "Clear prompts and well-timed hints.")
    # The swapped interview: its lobby opened as the first ended.
    for page in (ada, bob):
        page.get_by_role("link", name="Swap roles: go to the next interview").click()
        page.wait_for_url(LOBBY)
    assert ada.url == bob.url != f"{server.url}{lobby_path}"
    _interview(bob, ada)
    _rate(ada, (3, 3, 2), "Good pacing.")

    # Each sees the other's averages on their profile.
    ada.goto(f"{server.url}/practice/people/bob/")
    ada.wait_for_selector("text=preparedness 3.0, clarity 3.0, use of hints 2.0")
    bob.goto(f"{server.url}/practice/people/ada/")
    bob.wait_for_selector("text=preparedness 4.0, clarity 3.0, use of hints 4.0")
