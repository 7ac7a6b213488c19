"""Client message validation: one place, errors that name the field."""

import json

import pytest

from interviews.live.protocol import (
    AutoAdvanceMessage,
    ChatMessage,
    HintRevealMessage,
    OpMessage,
    PingMessage,
    PrivateNoteMessage,
    ProtocolError,
    SyncMessage,
    TimerMessage,
    message_parse,
)

NODE = {"id": "api", "kind": "service", "x": 1, "y": 2}
UPDATE = "AQEHAAQBA2FwaQtQT1NUIC9saW5rcwA="  # a Yjs update: client 7 types "POST /links" in api


def parse(message):
    return message_parse(json.dumps(message))


def refused(message) -> ProtocolError:
    with pytest.raises(ProtocolError) as caught:
        message_parse(message if isinstance(message, str) else json.dumps(message))
    return caught.value


def test_an_op_is_parsed_with_defaults_filled_in():
    message = parse(
        {
            "type": "op",
            "op_id": "c1-1",
            "base_version": 0,
            "op": {"kind": "node.add", "node": NODE},
            "ref": "r1",
        }
    )
    assert isinstance(message, OpMessage)
    assert message.ref == "r1"
    assert message.op["node"] == {**NODE, "label": "", "notes": "", "replicas": None}


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            {"type": "timer.next", "expected_phase": 1},
            TimerMessage(ref=None, action="next", expected_phase=1),
        ),
        ({"type": "timer.pause"}, TimerMessage(ref=None, action="pause", expected_phase=None)),
        (
            {"type": "timer.auto_advance", "enabled": True},
            AutoAdvanceMessage(ref=None, enabled=True),
        ),
        ({"type": "chat", "text": "hi"}, ChatMessage(ref=None, text="hi")),
        ({"type": "hint.reveal", "index": 0}, HintRevealMessage(ref=None, index=0)),
        (
            {"type": "private_note", "phase": "p", "text": ""},
            PrivateNoteMessage(ref=None, phase="p", text=""),
        ),
        ({"type": "sync", "since": 3}, SyncMessage(ref=None, since=3)),
        ({"type": "ping", "t": 12.5}, PingMessage(ref=None, t=12.5)),
    ],
)
def test_every_message_type_parses(message, expected):
    assert parse(message) == expected


@pytest.mark.parametrize(
    "op",
    [
        {"kind": "node.move", "id": "a", "x": 1, "y": 2},
        {"kind": "node.update", "id": "a", "changes": {"kind": "cache", "replicas": 2}},
        {"kind": "node.delete", "id": "a"},
        {"kind": "edge.add", "edge": {"id": "e", "from": "a", "to": "b"}},
        {"kind": "edge.update", "id": "e", "changes": {"mode": "async"}},
        {"kind": "edge.delete", "id": "e"},
        {"kind": "notes.update", "update": UPDATE},
    ],
)
def test_every_op_kind_parses(op):
    assert parse({"type": "op", "op_id": "x", "base_version": 3, "op": op}).op["kind"] == op["kind"]


@pytest.mark.parametrize(
    ("frame", "code", "names"),
    [
        ("not json", "bad_json", "not JSON"),
        ("[1, 2]", "bad_json", "object"),
        ({"text": "no type"}, "bad_message", "message.type: required"),
        ({"type": "dance"}, "bad_message", "unknown message type 'dance'"),
        ({"type": "chat"}, "bad_message", "chat.text: required"),
        ({"type": "chat", "text": 5}, "bad_message", "chat.text: must be a string"),
        ({"type": "chat", "text": "   "}, "bad_message", "chat.text: must not be blank"),
        ({"type": "chat", "text": "x" * 2001}, "bad_message", "chat.text"),
        ({"type": "chat", "text": "hi", "extra": 1}, "bad_message", "unknown field(s) 'extra'"),
        ({"type": "timer.next"}, "bad_message", "timer.next.expected_phase: required"),
        ({"type": "timer.next", "expected_phase": True}, "bad_message", "must be an integer"),
        ({"type": "timer.auto_advance", "enabled": 1}, "bad_message", "true or false"),
        ({"type": "hint.reveal", "index": -1}, "bad_message", "hint.reveal.index"),
        ({"type": "ping", "t": "now"}, "bad_message", "ping.t"),
        ({"type": "op", "op_id": "", "base_version": 0, "op": {}}, "bad_message", "op.op_id"),
        (
            {"type": "op", "op_id": "a", "base_version": -1, "op": {}},
            "bad_message",
            "op.base_version",
        ),
        (
            {"type": "op", "op_id": "a", "base_version": 0, "op": []},
            "bad_message",
            "op.op: must be an object",
        ),
        (
            {"type": "op", "op_id": "a", "base_version": 0, "op": {"kind": "node.fly"}},
            "bad_message",
            "unknown op 'node.fly'",
        ),
    ],
)
def test_bad_frames_are_refused_naming_the_problem(frame, code, names):
    error = refused(frame)
    assert error.code == code
    assert names in error.message


@pytest.mark.parametrize(
    ("op", "names"),
    [
        ({"kind": "node.add", "node": {**NODE, "kind": "blockchain"}}, "node.add.node.kind"),
        ({"kind": "node.add", "node": {**NODE, "x": float("nan")}}, "node.add.node.x"),
        ({"kind": "node.add", "node": {**NODE, "x": 10**9}}, "node.add.node.x"),
        ({"kind": "node.add", "node": {**NODE, "replicas": 0}}, "node.add.node.replicas"),
        ({"kind": "node.add", "node": {**NODE, "colour": "red"}}, "'colour'"),
        ({"kind": "node.add", "node": {**NODE, "id": "x" * 65}}, "node.add.node.id"),
        ({"kind": "node.update", "id": "a", "changes": {}}, "at least one field"),
        ({"kind": "node.update", "id": "a", "changes": {"x": 1}}, "'x'"),
        ({"kind": "edge.add", "edge": {"id": "e", "from": "a", "to": "a"}}, "different nodes"),
        (
            {"kind": "edge.add", "edge": {"id": "e", "from": "a", "to": "b", "mode": "smoke"}},
            "mode",
        ),
        ({"kind": "notes.update", "update": "not base64!"}, "notes.update.update: not base64"),
        ({"kind": "notes.update", "update": ""}, "notes.update.update"),
        ({"kind": "notes.update", "update": "A" * 60_004}, "notes.update.update"),
        ({"kind": "notes.update", "update": UPDATE, "section": "api"}, "'section'"),
        # The retired diff-match-patch op: clients can no longer send it.
        ({"kind": "notes.patch", "section": "api", "patch": "@@ -0,0 +1 @@\n+x\n"}, "notes.patch"),
    ],
)
def test_bad_ops_are_refused_naming_the_field(op, names):
    error = refused({"type": "op", "op_id": "a", "base_version": 0, "op": op})
    assert error.code == "bad_message"
    assert names in error.message


def test_the_ref_of_a_refused_message_is_kept_for_the_reply():
    assert refused({"type": "chat", "ref": "r9"}).ref == "r9"


def _op_frame(op_json: str, base_version: str = "0") -> str:
    return f'{{"type": "op", "op_id": "a", "base_version": {base_version}, "op": {op_json}}}'


@pytest.mark.parametrize(
    ("frame", "names"),
    [
        # PostgreSQL refuses NUL in text and jsonb: refused here, before any batch.
        (
            _op_frame('{"kind": "edge.update", "id": "e", "changes": {"label": "a\\u0000b"}}'),
            "edge.update.changes.label",
        ),
        (_op_frame('{"kind": "node.delete", "id": "a\\u0000"}'), "node.delete.id"),
        # A lone surrogate is not Unicode: SQLite would store it and then fail every read.
        (
            _op_frame('{"kind": "node.update", "id": "a", "changes": {"label": "x\\ud800"}}'),
            "node.update.changes.label",
        ),
        ('{"type": "chat", "text": "hi \\udfff"}', "chat.text"),
        ('{"type": "private_note", "phase": "p", "text": "\\u0000"}', "private_note.text"),
        # Integers of thousands of digits: out of bounds, naming the field, not server_error.
        (_op_frame('{"kind": "node.delete", "id": "a"}', "9" * 5000), "op.base_version"),
        ('{"type": "sync", "since": -' + "1" * 5000 + "}", "sync.since"),
        ('{"type": "hint.reveal", "index": ' + "7" * 30 + "}", "hint.reveal.index"),
        (
            _op_frame('{"kind": "node.move", "id": "a", "x": ' + "1" * 5000 + ', "y": 0}'),
            "node.move.x",
        ),
        (
            _op_frame('{"kind": "node.update", "id": "a", "changes": {"replicas": 10001}}'),
            "node.update.changes.replicas",
        ),
        ('{"type": "ping", "t": ' + "5" * 5000 + "}", "ping.t"),
    ],
)
def test_text_and_integers_no_database_can_hold_are_refused_naming_the_field(frame, names):
    error = refused(frame)
    assert error.code == "bad_message"
    assert names in error.message


def test_a_ref_that_is_not_valid_text_is_not_echoed():
    error = refused('{"type": "chat", "ref": "r\\u0000"}')
    assert error.ref is None
