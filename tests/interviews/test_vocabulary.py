"""One source per shared word: error codes, notes sections and who runs the timer are defined
once in Python; the client and the templates take them from there.

The error codes reach the client through a golden file that this module checks (and
rewrites with ``UPDATE_GOLDEN=1``, see ``make golden``); static/js/tests/errors.test.js
checks the client against the same file.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from interviews.board import NOTE_SECTION_LIST, NOTE_SECTIONS, board_empty
from interviews.errors import ErrorCode
from interviews.models import Role
from interviews.selectors import session_snapshot

GOLDEN = Path(settings.BASE_DIR) / "tests" / "golden" / "error_codes.json"


def _error_codes() -> dict:
    return {"error_codes": {code.value: code.label for code in ErrorCode}}


def test_the_error_code_golden_file_is_the_python_definition():
    expected = json.dumps(_error_codes(), indent=2) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(expected)
    assert GOLDEN.read_text() == expected, "error codes changed: run `make golden`"


def test_the_board_schema_has_the_notes_sections_of_the_one_list():
    assert tuple(s.slug for s in NOTE_SECTION_LIST) == NOTE_SECTIONS
    assert list(board_empty()["notes"]) == list(NOTE_SECTIONS)


def test_the_analysis_reads_the_sections_of_the_one_list():
    """scoring/analysis is pure Python (it imports no project module), so it spells the
    sections out; this keeps its copy equal to the board's."""
    from scoring.analysis.inputs import NOTE_SECTIONS as ANALYSED

    assert ANALYSED == NOTE_SECTIONS


@pytest.mark.django_db
def test_the_room_renders_a_tab_per_section_from_the_one_list(client, peer, people):
    client.force_login(people["candidate"])
    page = client.get(reverse("interviews:room", args=[peer.session.pk])).content.decode()
    positions = [page.index(f'id="tab-{s.slug}"') for s in NOTE_SECTION_LIST]
    assert positions == sorted(positions)
    for section in NOTE_SECTION_LIST:
        assert f">{section.label}</button>" in page
        assert f'placeholder="{section.placeholder}"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("mode", "controller"), [("peer", Role.INTERVIEWER), ("solo", Role.CANDIDATE)]
)
def test_the_snapshot_tells_each_role_whether_it_runs_the_timer(mode, controller, request):
    live = request.getfixturevalue(mode)
    assert live.session.timer_controller == controller
    now = datetime.now(tz=UTC)
    for participant in (live.interviewer, live.candidate, live.observer):
        if participant is None:
            continue
        you = session_snapshot(session=live.session, participant=participant, now=now)["you"]
        assert you["controls_timer"] is (participant.role == controller)
