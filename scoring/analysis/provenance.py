"""Where and when each cited thing appeared, so the report can link it to the replay.

The input may carry `provenance`: the seq at which each notes line reached its final text,
and the seq at which each node and edge was created:

    {"notes": {section: [seq or None per line]}, "nodes": {id: seq}, "edges": {id: seq}}

Every evidence record of the report then gets a "seq" (a chat message already has one) and
diagram records get the "labels" of their nodes, so nothing needs an internal id to be
shown. Without provenance, notes and diagram records carry no seq.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .graph import DiagramGraph
from .inputs import NOTE_SECTIONS


def provenance_parse(data: Any) -> dict[str, Any]:
    """A tolerant copy of the input's provenance: unknown shapes are dropped."""
    data = data if isinstance(data, Mapping) else {}
    notes = data.get("notes") if isinstance(data.get("notes"), Mapping) else {}
    return {
        "notes": {
            section: [seq if _is_seq(seq) else None for seq in lines]
            for section, lines in notes.items()
            if section in NOTE_SECTIONS and isinstance(lines, list)
        },
        "nodes": _seqs(data.get("nodes")),
        "edges": _seqs(data.get("edges")),
    }


def _seqs(value: Any) -> dict[str, int]:
    if not isinstance(value, Mapping):
        return {}
    return {str(k): v for k, v in value.items() if _is_seq(v)}


def _is_seq(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def annotate(report: dict[str, Any], provenance: dict[str, Any], graph: DiagramGraph) -> None:
    """Add "seq" (and node "labels") to every evidence record of the report, in place, and
    the seq at which each component appeared to the diagram summary."""
    report.setdefault("diagram", {})["component_seqs"] = {
        n: seq for n, seq in sorted(provenance["nodes"].items()) if n in graph.nodes
    }
    for record in _records(report):
        if record.get("source") == "notes":
            lines = provenance["notes"].get(record.get("section"), [])
            line = record.get("line")
            if isinstance(line, int) and 0 < line <= len(lines) and lines[line - 1] is not None:
                record["seq"] = lines[line - 1]
        elif record.get("source") == "diagram":
            nodes = [n for n in record.get("nodes", []) if n in graph.nodes]
            record["labels"] = [graph.nodes[n].label.strip() or graph.kind(n) for n in nodes]
            seqs = [provenance["nodes"][n] for n in nodes if n in provenance["nodes"]]
            seqs += [
                provenance["edges"][e] for e in record.get("edges", []) if e in provenance["edges"]
            ]
            if seqs:
                record["seq"] = min(seqs)


def _records(report: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for category in report.get("nfr", {}).values():
        yield from category.get("evidence", [])
        yield from category.get("declined", [])
        for item in category.get("items", []):
            yield from item.get("evidence", [])
            yield from item.get("declined", [])
    for finding in report.get("critique", []):
        yield from finding.get("evidence", [])
