"""The board row's notes document: the database is the truth, the process cache a shortcut."""

from __future__ import annotations

import base64

import pytest
from django.db import transaction

from interviews.models import Board
from interviews.notes import NotesDocument, UpdateRefused, stored
from interviews.notes.stored import notes_document, notes_update_apply

from .peers import Peer


@pytest.fixture(autouse=True)
def empty_cache():
    stored.notes_cache_clear()
    yield
    stored.notes_cache_clear()


def _type(board: Board, section: str, text: str) -> bytes:
    peer = Peer(bytes(board.notes_state))
    peer.keystroke(section, len(NotesDocument(bytes(board.notes_state)).text(section)), insert=text)
    return peer.flush()


def _commit_op(session_id, update: bytes) -> dict:
    with transaction.atomic():
        board = Board.objects.select_for_update().get(pk=session_id)
        applied, _ = notes_update_apply(board, update)
        board.version += 1
        board.save()
    return applied


@pytest.mark.django_db(transaction=True)
def test_an_update_is_stored_as_document_and_text_and_logged_as_the_new_part(peer):
    board = Board.objects.get(pk=peer.session.pk)
    update = _type(board, "api", "GET /feed")
    applied = _commit_op(board.pk, update)
    board.refresh_from_db()
    assert board.state["notes"]["api"] == "GET /feed"
    assert NotesDocument(bytes(board.notes_state)).text("api") == "GET /feed"
    assert applied["kind"] == "notes.update"
    assert applied["sections"] == ["api"]
    watcher = Peer()
    watcher.receive(base64.b64decode(applied["update"]))
    assert watcher["api"] == "GET /feed"


@pytest.mark.django_db(transaction=True)
def test_the_cached_document_is_offered_only_after_commit_and_for_its_version(peer):
    session_id = peer.session.pk
    with transaction.atomic():
        board = Board.objects.select_for_update().get(pk=session_id)
        notes_update_apply(board, _type(board, "free", "one"))
        board.version += 1
        board.save()
        assert stored._take(session_id, board.version) is None, "nothing before COMMIT"
    board.refresh_from_db()
    cached = stored._take(session_id, board.version)
    assert cached is not None
    assert cached.text("free") == "one"
    stored._put(session_id, board.version, cached)
    assert stored._take(session_id, board.version + 1) is None, "another version: not used"


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_leaves_no_trace_in_the_cache_or_the_row(peer):
    session_id = peer.session.pk
    _commit_op(session_id, _type(Board.objects.get(pk=session_id), "free", "kept"))
    board = Board.objects.get(pk=session_id)
    lost = _type(board, "free", " lost")

    def batch_that_fails_after_applying():
        with transaction.atomic():
            board = Board.objects.select_for_update().get(pk=session_id)
            notes_update_apply(board, lost)
            board.version += 1
            board.save()
            raise RuntimeError("the batch failed after applying")

    with pytest.raises(RuntimeError):
        batch_that_fails_after_applying()
    board = Board.objects.get(pk=session_id)
    assert board.state["notes"]["free"] == "kept"
    with transaction.atomic():
        board = Board.objects.select_for_update().get(pk=session_id)
        assert notes_document(board).text("free") == "kept", "not the rolled-back document"


@pytest.mark.django_db(transaction=True)
def test_a_refused_update_changes_nothing(peer):
    session_id = peer.session.pk
    with transaction.atomic():
        board = Board.objects.select_for_update().get(pk=session_id)
        with pytest.raises(UpdateRefused):
            notes_update_apply(board, b"\x01\x01\x05")
        board.save()
    board = Board.objects.get(pk=session_id)
    assert bytes(board.notes_state) in (b"", NotesDocument().state())


@pytest.mark.django_db(transaction=True)
def test_ops_of_one_batch_share_the_document_and_the_next_batch_starts_from_it(peer):
    session_id = peer.session.pk
    board = Board.objects.get(pk=session_id)
    writer = Peer(bytes(board.notes_state))
    writer.keystroke("deep_dive", 0, insert="a")
    first = writer.flush()
    writer.keystroke("deep_dive", 1, insert="b")
    second = writer.flush()  # builds on the first: fine only if the batch shares the doc
    with transaction.atomic():
        board = Board.objects.select_for_update().get(pk=session_id)
        for update in (first, second):
            notes_update_apply(board, update)
            board.version += 1
        board.save()
    writer.keystroke("deep_dive", 2, insert="c")
    _commit_op(session_id, writer.flush())
    board.refresh_from_db()
    assert board.state["notes"]["deep_dive"] == "abc"
