"""The live analysis' client messages: shapes and their limits (interviews/live/protocol/insight.py)."""

from __future__ import annotations

import json

import pytest

from interviews.live.protocol import ProtocolError, message_parse


def parse(**message):
    return message_parse(json.dumps(message))


def test_a_surge_gets_its_default_factor_and_a_drill_its_default_window():
    drill = parse(type="drill.start", target={"kind": "surge", "id": "lb"})
    assert drill.target == {"kind": "surge", "id": "lb", "factor": 10}
    assert drill.seconds == 120


@pytest.mark.parametrize(
    ("message", "names"),
    [
        ({"type": "drill.start", "target": {"kind": "meteor", "id": "x"}}, "target.kind"),
        ({"type": "drill.start", "target": {"kind": "component", "id": "x", "factor": 3}},
         "target.factor"),
        ({"type": "drill.start", "target": {"kind": "zone", "id": "z"}, "seconds": 5},
         "seconds"),
        ({"type": "nfr.tick", "category": "a", "item": "b", "verdict": "maybe"}, "verdict"),
        ({"type": "nfr.tick", "category": "a", "item": "b", "note": "x" * 281}, "note"),
        ({"type": "estimates.set", "values": {"peak_qps": -1}}, "peak_qps"),
        ({"type": "estimates.set", "values": {"cache_hit_rate": 1.5}}, "cache_hit_rate"),
        ({"type": "estimates.set", "values": {"mood": 1}}, "unknown field"),
        ({"type": "insight.share", "enabled": "yes"}, "enabled"),
    ],
)  # fmt: skip
def test_bad_messages_are_refused_naming_the_field(message, names):
    with pytest.raises(ProtocolError) as refused:
        parse(**message)
    assert names in refused.value.message


def test_an_untick_has_no_verdict():
    tick = parse(type="nfr.tick", category="availability", item="failover", verdict=None)
    assert tick.verdict is None
    assert tick.note == ""
