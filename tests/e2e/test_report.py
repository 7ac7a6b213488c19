"""The feedback report in a real browser: evidence opens the replay at its moment with the
element highlighted, and the print layout shows everything and nothing of the page chrome.

The finished session is played through the app's services in the server's own database
(manage.py shell), so the report is the one the worker writes for a real session.
"""

from __future__ import annotations

import re

import pytest

from .conftest import _manage, screenshot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SEED = """
from django.contrib.auth import get_user_model
from content.models import Question
from interviews.models import Participant, Role
from interviews.services import invite_accept, invite_create, session_create
from tests.scoring.conftest import play
users = get_user_model().objects
interviewer_user = users.get(username="ivy-report")
session = session_create(created_by=interviewer_user, question=Question.objects.get(slug="url-shortener"),
                         level="senior", mode="peer")
interviewer = Participant.objects.get(session=session, role=Role.INTERVIEWER)
issued = invite_create(session=session, role=Role.CANDIDATE, created_by=interviewer_user)
candidate = invite_accept(token=issued.token, user=users.get(username="cody-report"))
play(session, candidate, interviewer)
print(session.pk)
"""


@pytest.fixture(scope="module")
def reported(live_asgi):
    for name in ("ivy-report", "cody-report"):
        live_asgi.create_user(name)
    session_id = _manage(live_asgi.env, "shell", "-c", SEED).strip().splitlines()[-1]
    return live_asgi, session_id


def _open_report(new_page, reported, username: str = "cody-report"):
    server, session_id = reported
    page = new_page()
    sign_in(page, server, username)
    page.goto(f"{server.url}/sessions/{session_id}/report/")
    page.wait_for_selector(".report .heatmap")
    return page, server, session_id


def test_diagram_evidence_opens_the_replay_at_its_seq_with_the_component_highlighted(
    new_page, reported
):
    page, server, session_id = _open_report(new_page, reported)
    finding = page.locator(".finding.sev-high a.ev-link").first
    href = finding.get_attribute("href")
    seq = int(re.search(r"seq=(\d+)", href).group(1))
    assert "highlight=node%3Adb" in href
    finding.click()
    page.wait_for_url(re.compile(rf"/replay/\?seq={seq}&"))
    page.wait_for_selector('#replay-board .board-node.is-highlighted[data-id="db"]')
    # The replay stands at that moment: the database was just added, later edges not yet.
    assert page.locator("#replay-board .board-node").count() == 5
    assert page.locator("#replay-board .board-edge").count() == 0
    assert not page.errors
    screenshot(page, "replay-from-report-node")


def test_notes_evidence_opens_the_replay_with_the_line_selected(new_page, reported):
    page, server, session_id = _open_report(new_page, reported)
    page.locator("details.nfr").first.evaluate("el => el.open = true")
    page.evaluate("document.querySelectorAll('details.nfr').forEach((d) => d.open = true)")
    link = page.locator('a.ev-link[href*="highlight=notes%3Adeep_dive"]').first
    link.click()
    page.wait_for_selector("#notes-deep_dive.is-highlighted")
    area = page.locator("#notes-deep_dive")
    assert area.is_visible()  # its tab was selected
    line = int(area.get_attribute("data-highlight-line"))
    selected = area.evaluate("el => el.value.slice(el.selectionStart, el.selectionEnd)")
    assert selected == area.evaluate("el => el.value").splitlines()[line - 1]
    assert not page.errors


def test_print_layout_shows_every_section_and_no_page_chrome(new_page, reported):
    page, server, session_id = _open_report(new_page, reported)
    page.emulate_media(media="print")
    assert not page.locator(".report .actions").is_visible()
    assert not page.locator(".report-status").is_visible()
    # Every checklist row's evidence is on paper, not behind a click.
    hidden = page.evaluate(
        "[...document.querySelectorAll('details.nfr table')].filter((t) => !t.offsetParent).length"
    )
    assert hidden == 0
    width = page.evaluate("document.documentElement.clientWidth")
    overflow = page.evaluate(
        "[...document.querySelectorAll('.report svg, .report table')]"
        ".filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length"
    )
    assert width > 0
    assert overflow == 0
    path = screenshot(page, "report-print")
    assert path.stat().st_size > 10_000
