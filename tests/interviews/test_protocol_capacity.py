"""A component's own capacity on the normal board op: bounds and units checked."""

from __future__ import annotations

import pytest

from interviews.live.protocol import ProtocolError, op_parse

NODE = {"id": "a", "kind": "service", "x": 0, "y": 0}


def test_a_node_may_carry_its_capacity_per_instance():
    op = op_parse(
        {"kind": "node.add", "node": {**NODE, "capacity": {"value": 3000, "unit": "requests/s"}}}
    )
    assert op["node"]["capacity"] == {"value": 3000, "unit": "requests/s"}
    changed = op_parse(
        {
            "kind": "node.update",
            "id": "a",
            "changes": {"capacity": {"value": 2.5, "unit": "writes/s"}},
        }
    )
    assert changed["changes"] == {"capacity": {"value": 2.5, "unit": "writes/s"}}


def test_a_null_capacity_clears_it_and_a_node_without_one_has_none():
    cleared = op_parse({"kind": "node.update", "id": "a", "changes": {"capacity": None}})
    assert cleared["changes"] == {"capacity": None}
    assert "capacity" not in op_parse({"kind": "node.add", "node": NODE})["node"]


@pytest.mark.parametrize(
    ("capacity", "problem"),
    [
        ({"value": 0, "unit": "ops/s"}, "capacity.value: must be a number above 0"),
        ({"value": 1e9, "unit": "ops/s"}, "at most 100,000,000 per second"),
        ({"value": "3k", "unit": "ops/s"}, "capacity.value"),
        ({"value": True, "unit": "ops/s"}, "capacity.value"),
        ({"value": float("nan"), "unit": "ops/s"}, "capacity.value"),
        ({"value": 10, "unit": "requests/day"}, "capacity.unit: must be one of requests/s"),
        ({"value": 10}, "capacity.unit"),
        ({"value": 10, "unit": "ops/s", "burst": 2}, "capacity"),
        (3000, "capacity: must be an object"),
    ],
)
def test_a_bad_capacity_is_refused_naming_the_field(capacity, problem):
    with pytest.raises(ProtocolError, match="node.update.changes.capacity") as refused:
        op_parse({"kind": "node.update", "id": "a", "changes": {"capacity": capacity}})
    assert problem in str(refused.value)
