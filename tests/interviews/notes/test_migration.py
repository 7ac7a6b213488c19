"""Sessions from before the CRDT keep their notes: the data step of 0002_board_notes_state.

The step runs against rows written the old way (notes as text in the board's JSON, no
document); afterwards the document holds that text, and a running session's log ends with
one op holding the seed, so replaying it rebuilds the same text. SQLite and PostgreSQL.
"""

from __future__ import annotations

import base64
import importlib

from django.apps import apps
from pycrdt import Doc, Text

from interviews.board import NOTE_SECTIONS
from interviews.models import Board, SessionEvent, SessionStatus
from interviews.notes import NotesDocument

from .peers import Peer

step = importlib.import_module("interviews.migrations.0002_board_notes_state")

OLD = {"requirements": "Shorten URLs\n- p99 < 50 ms", "api": "POST /v1/links → 201"}


def _old_board(live_session, status):
    session = live_session.refresh()
    session.status = status
    session.save(update_fields=["status"])
    board = session.board
    board.state = {**board.state, "notes": dict.fromkeys(NOTE_SECTIONS, "") | OLD}
    board.notes_state = b""
    board.save()
    return session


def test_a_running_session_gets_its_text_as_a_document_and_a_seed_op(peer):
    session = _old_board(peer, SessionStatus.LIVE)
    last = session.last_seq
    step.seed_notes(apps, None)
    board = Board.objects.get(pk=session.pk)
    document = NotesDocument(bytes(board.notes_state))
    assert document.texts() == dict.fromkeys(NOTE_SECTIONS, "") | OLD
    seed = SessionEvent.objects.get(session=session, seq=last + 1)
    assert seed.payload["op"]["kind"] == "notes.update"
    assert seed.payload["op"]["sections"] == ["requirements", "api"]
    # Replaying the log's updates from an empty document gives the text, and a browser's
    # edit made on the stored document applies on top of the replayed one too.
    replayed = Doc()
    replayed.apply_update(base64.b64decode(seed.payload["op"]["update"]))
    assert str(replayed.get("api", type=Text)) == OLD["api"]
    browser = Peer(bytes(board.notes_state))
    browser.keystroke("api", len(OLD["api"]), insert=" {id}")
    edit = browser.flush()
    replayed.apply_update(edit)
    assert str(replayed.get("api", type=Text)) == OLD["api"] + " {id}"
    assert document.apply(edit).texts["api"] == OLD["api"] + " {id}"


def test_an_ended_session_gets_its_document_and_no_new_event(peer):
    session = _old_board(peer, SessionStatus.ENDED)
    last = session.last_seq
    step.seed_notes(apps, None)
    board = Board.objects.get(pk=session.pk)
    assert NotesDocument(bytes(board.notes_state)).texts()["requirements"] == OLD["requirements"]
    assert SessionEvent.objects.filter(session=session).count() == last
    session.refresh_from_db()
    assert session.last_seq == last


def test_a_session_without_notes_gets_an_empty_document_and_no_event(solo):
    session = solo.refresh()
    last = session.last_seq
    step.seed_notes(apps, None)
    board = Board.objects.get(pk=session.pk)
    assert NotesDocument(bytes(board.notes_state)).texts() == dict.fromkeys(NOTE_SECTIONS, "")
    assert SessionEvent.objects.filter(session=session).count() == last
