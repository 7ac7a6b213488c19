"""Zones on the board: which components sit where, and what that says about the design.

Pure: plain data in, plain data out. A zone is ``{"id", "kind", "label", "x", "y", "w",
"h"}`` (kind ``region`` | ``az`` | ``vpc`` | ``dc``; x/y its top-left corner); a component is
in a zone when its centre (its ``x``, ``y``) lies inside the zone's rectangle, edges
included. Zones nest: a component in an AZ drawn inside a region is in both.

Findings (only when the board has zones at all, so a board drawn without them is judged as
before):

replicas_in_one_zone (medium)  a replicated component (replicas >= 2) whose every copy sits
    in one failure domain (a region, AZ or data centre) while the board draws several of
    that kind and no component of the same kind in another: losing that zone loses it all.
multi_region_claim_one_region (medium) the notes or chat say "multi-region" (or "across
    regions", "active-active regions", ...) but the board draws a single region.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

ZONE_KINDS = ("region", "az", "vpc", "dc")
# Zones that fail as a unit; a VPC is a network boundary, not a failure domain.
FAILURE_DOMAINS = ("region", "az", "dc")
KIND_NAMES = {"region": "region", "az": "availability zone", "dc": "data centre"}
MULTI_REGION_PHRASES = (
    "multi-region",
    "multi region",
    "multiple regions",
    "across regions",
    "cross-region",
    "cross region",
    "several regions",
    "two regions",
    "geo-replicated",
    "geo-redundant",
    "active-active",
)


@dataclass(frozen=True)
class Zone:
    id: str
    kind: str
    label: str
    x: float
    y: float
    w: float
    h: float

    def holds(self, x: float, y: float) -> bool:
        return self.x <= x <= self.x + self.w and self.y <= y <= self.y + self.h

    @property
    def name(self) -> str:
        return self.label.strip() or f"unnamed {KIND_NAMES.get(self.kind, self.kind)}"


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def parse_zones(raw: Any) -> tuple[Zone, ...]:
    """Zones from plain data, skipping anything malformed; in id order (input order is not
    meaningful)."""
    zones = []
    for z in raw if isinstance(raw, list | tuple) else ():
        if not isinstance(z, Mapping) or z.get("kind") not in ZONE_KINDS:
            continue
        box = [_number(z.get(k)) for k in ("x", "y", "w", "h")]
        if not isinstance(z.get("id"), str) or not z["id"] or None in box:
            continue
        x, y, w, h = (v for v in box if v is not None)
        if w <= 0 or h <= 0:
            continue
        label = str(z["label"]) if isinstance(z.get("label"), str) else ""
        zones.append(Zone(z["id"], z["kind"], label, x, y, w, h))
    return tuple(sorted(zones, key=lambda zone: zone.id))


def members(zones: Sequence[Zone], nodes: Iterable[Any]) -> dict[str, list[str]]:
    """Node id -> the ids of the zones holding its centre, the largest first. ``nodes`` are
    objects or mappings with ``id``, ``x`` and ``y``."""
    out: dict[str, list[str]] = {}
    ordered = sorted(zones, key=lambda z: (-(z.w * z.h), z.id))
    for node in nodes:
        get = node.get if isinstance(node, Mapping) else lambda k, n=node: getattr(n, k, None)
        node_id, x, y = get("id"), _number(get("x")), _number(get("y"))
        if not isinstance(node_id, str):
            continue
        if x is None or y is None:
            out[node_id] = []
            continue
        out[node_id] = [z.id for z in ordered if z.holds(x, y)]
    return out


def zone_membership(board: Mapping[str, Any]) -> dict[str, list[str]]:
    """For a board state (``{"nodes": [...], "zones": [...]}``): node id -> the ids of the
    zones it is in, the largest first (so a region comes before the AZ inside it)."""
    nodes = [n for n in board.get("nodes") or () if isinstance(n, Mapping)]
    return members(parse_zones(board.get("zones")), nodes)


def zone_findings(
    zones: Sequence[Zone], nodes: Sequence[Any], claims: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The zone findings; ``claims`` are evidence records of text claiming multi-region."""
    if not zones:
        return []
    return [*_replica_findings(zones, nodes), *_multi_region_findings(zones, claims)]


def _replica_findings(zones: Sequence[Zone], nodes: Sequence[Any]) -> list[dict[str, Any]]:
    inside = members(zones, nodes)
    by_id = {z.id: z for z in zones}
    findings = []
    for node in sorted(nodes, key=lambda n: n.id):
        if (node.replicas or 0) < 2:
            continue
        for kind in FAILURE_DOMAINS:
            drawn = [z for z in zones if z.kind == kind]
            holding = [by_id[z] for z in inside.get(node.id, []) if by_id[z].kind == kind]
            if len(drawn) < 2 or len(holding) != 1:
                continue
            zone = holding[0]
            if _copy_elsewhere(node, zone, inside, by_id, nodes):
                continue
            name = node.label.strip() or node.kind.replace("_", " ")
            message = (
                f"All {node.replicas} replicas of '{name}' sit in one {KIND_NAMES[kind]}, "
                f"'{zone.name}', though the design has {len(drawn)}: spread them so losing "
                "one zone does not take it down."
            )
            evidence = [
                {
                    "source": "diagram",
                    "nodes": [node.id],
                    "edges": [],
                    "pattern": "replicas_in_one_zone",
                    "zones": [zone.id],
                }
            ]
            findings.append(_finding("replicas_in_one_zone", message, [node.id], evidence))
            break  # the widest failure domain already says it
    return findings


def _copy_elsewhere(node: Any, zone: Zone, inside: dict, by_id: dict, nodes: Sequence[Any]) -> bool:
    """Whether a component of the same kind is drawn in another zone of that zone's kind:
    the design draws one copy per zone rather than one box for all replicas."""
    for other in nodes:
        if other.id == node.id or other.kind != node.kind:
            continue
        if any(by_id[z].kind == zone.kind and z != zone.id for z in inside.get(other.id, [])):
            return True
    return False


def _multi_region_findings(
    zones: Sequence[Zone], claims: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    regions = [z for z in zones if z.kind == "region"]
    if not claims or len(regions) != 1:
        return []
    message = (
        f"The design is described as multi-region, but the board draws one region "
        f"('{regions[0].name}'): draw the second region and what is replicated to it."
    )
    evidence = [
        *claims,
        {
            "source": "diagram",
            "nodes": [],
            "edges": [],
            "pattern": "single_region",
            "zones": [regions[0].id],
        },
    ]
    return [_finding("multi_region_claim_one_region", message, [], evidence)]


def _finding(rule: str, message: str, nodes: list[str], evidence: list) -> dict[str, Any]:
    # The shape of critique.finding (not imported: critique imports this module).
    return {
        "rule": rule,
        "severity": "medium",
        "message": message,
        "nodes": nodes,
        "edges": [],
        "evidence": evidence,
    }
