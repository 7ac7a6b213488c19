"""Matching a question's strong-answer components against a diagram's nodes."""

from __future__ import annotations

from content.strong_answer import node_plays, strong_answer_coverage

GATEWAY = {"component": "WebSocket gateway tier", "kinds": ["service"], "match": ["websocket"]}
QUEUE = {"component": "Fan-out through a log", "kinds": ["queue"], "match": []}
TRANSCODER = {"component": "Transcoding workers", "kinds": ["worker"], "match": ["transcod"]}
FRONTIER = {"component": "URL frontier", "kinds": [], "match": ["url frontier"]}


def node(kind: str, label: str, notes: str = "") -> dict:
    return {"id": label.lower().replace(" ", "-"), "kind": kind, "label": label, "notes": notes}


def test_kind_and_a_match_word_are_both_needed():
    assert node_plays(GATEWAY, node("service", "WebSocket gateway"))
    assert not node_plays(GATEWAY, node("database", "WebSocket gateway"))
    assert not node_plays(GATEWAY, node("service", "Chat service"))


def test_notes_count_as_well_as_the_label():
    assert node_plays(GATEWAY, node("service", "Edge", notes="holds the websockets"))


def test_a_component_without_match_words_is_played_by_its_kind():
    assert node_plays(QUEUE, node("queue", "Kafka"))
    assert not node_plays(QUEUE, node("cache", "Redis"))


def test_word_forms():
    assert node_plays(TRANSCODER, node("worker", "Transcoder pool"))
    assert node_plays(GATEWAY, node("service", "WebSockets"))
    # Short match words must be whole words (plural allowed), never a prefix.
    log = {"component": "Op log", "kinds": [], "match": ["log"]}
    assert node_plays(log, node("database", "Op logs"))
    assert not node_plays(log, node("service", "Login service"))


def test_phrases_are_consecutive_words():
    assert node_plays(FRONTIER, node("queue", "URL frontier"))
    assert not node_plays(FRONTIER, node("queue", "URL list and frontier"))


def test_coverage_lists_every_component_in_order_with_the_nodes_that_play_it():
    nodes = [node("service", "WebSocket gateway"), node("queue", "Kafka"), node("queue", "SQS")]
    assert strong_answer_coverage([GATEWAY, TRANSCODER, QUEUE], nodes) == [
        {"component": "WebSocket gateway tier", "present": True, "nodes": ["WebSocket gateway"]},
        {"component": "Transcoding workers", "present": False, "nodes": []},
        {"component": "Fan-out through a log", "present": True, "nodes": ["Kafka", "SQS"]},
    ]


def test_missing_or_odd_node_fields_do_not_break_matching():
    assert not node_plays(GATEWAY, {"id": "x"})
    assert strong_answer_coverage([QUEUE], [{"id": "q1", "kind": "queue", "label": None}]) == [
        {"component": "Fan-out through a log", "present": True, "nodes": ["q1"]}
    ]
