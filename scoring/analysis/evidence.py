"""Evidence records: the line a verdict cites, its highlighted words, best first, once each.

A record cites one place (a notes line, a chat message, a node's notes or label, an edge
label, or a diagram pattern). Records citing the same place are merged into one, with the
highlights and mechanisms of all of them. Order: strong before weak, then lines that carry
more distinct mechanisms, then notes before diagram text before chat, then document order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .inputs import NOTE_SECTIONS
from .matching import Match, TextIndex

MAX_EVIDENCE = 6
_SOURCE_RANK = {
    "notes": 0,
    "node_notes": 1,
    "board_text": 1,
    "edge_label": 1,
    "label": 2,
    "chat": 3,
    "pattern": 4,
}


@dataclass(frozen=True)
class Signal:
    """One piece of evidence found in the text or the diagram."""

    strong: bool
    evidence: dict[str, Any]
    rank: tuple[Any, ...]  # sort key: strong first, then source, section, line
    links: frozenset[str] = frozenset()  # stems tying a built-in signal to cue-less items
    where: tuple[int, int, int, int] | None = None  # unit, sentence, first, last token
    mechanism: str = ""

    def overlaps(self, other: Signal) -> bool:
        if self.where is None or other.where is None:
            return False
        a, b = self.where, other.where
        return a[:2] == b[:2] and a[2] <= b[3] and b[2] <= a[3]


def text_record(index: TextIndex, match: Match, cue: str, mechanism: str = "") -> dict[str, Any]:
    """The record citing the line of a match, with the matched words highlighted: spans are
    [start, end) offsets into the record's "text" (the line without surrounding blanks)."""
    unit = index.units[match.unit]
    record = unit.evidence(index.matched_text(match), cue)
    lead = len(unit.text) - len(unit.text.lstrip())
    limit = len(unit.text.strip())
    record["highlights"] = [
        [max(0, a - lead), min(limit, b - lead)] for a, b in index.spans(match) if b - lead > 0
    ]
    record["mechanisms"] = [mechanism] if mechanism else []
    return record


def rank_of(index: TextIndex, match: Match, strong: bool) -> tuple[Any, ...]:
    unit = index.units[match.unit]
    section = NOTE_SECTIONS.index(unit.section) if unit.section in NOTE_SECTIONS else 0
    source = "edge_label" if unit.edge_id and unit.source == "label" else unit.source
    return (not strong, _SOURCE_RANK[source], section, unit.line or 0, unit.seq or 0, match.unit)


def _place(record: dict[str, Any]) -> tuple[Any, ...]:
    return (
        record["source"], record.get("section"), record.get("line"), record.get("seq"),
        tuple(record.get("nodes", ())), tuple(record.get("edges", ())), record.get("pattern"),
        record.get("text") if record["source"] == "diagram" else None,
    )  # fmt: skip


def evidence_list(signals: list[Signal], limit: int = MAX_EVIDENCE) -> list[dict[str, Any]]:
    """Merged, ordered records. When any signal is strong only strong ones are cited: a
    covered verdict shows its reasons, not the hints around them."""
    if any(s.strong for s in signals):
        signals = [s for s in signals if s.strong]
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    ranks: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for signal in sorted(signals, key=lambda s: (s.rank, str(s.evidence.get("cue", "")))):
        place = _place(signal.evidence)
        if place not in merged:
            merged[place] = _copy(signal.evidence)
            ranks[place] = signal.rank
        else:
            _merge_into(merged[place], signal.evidence)
    ordered = sorted(
        merged,
        key=lambda p: (ranks[p][0], -len(merged[p].get("mechanisms") or ()), ranks[p][1:]),
    )
    return [merged[p] for p in ordered[:limit]]


def _copy(record: dict[str, Any]) -> dict[str, Any]:
    copy = dict(record)
    for key in ("highlights", "mechanisms", "nodes", "edges"):
        if key in copy:
            copy[key] = [list(v) if isinstance(v, list) else v for v in copy[key]]
    return copy


def _merge_into(target: dict[str, Any], other: dict[str, Any]) -> None:
    if "highlights" in other:
        spans = {tuple(s) for s in target.get("highlights", [])} | {
            tuple(s) for s in other["highlights"]
        }
        target["highlights"] = [list(s) for s in _union(sorted(spans))]
    for name in other.get("mechanisms") or []:
        if name not in target.setdefault("mechanisms", []):
            target["mechanisms"].append(name)
    if other.get("strength") == "strong":
        target["strength"] = "strong"


def _union(spans: list[tuple[int, ...]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def declined_list(
    records: list[dict[str, Any]], supported: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Mentions that were refused, deferred or rejected, once per place, leaving out places
    already cited as support."""
    seen = {_place(r) for r in supported}
    result: dict[tuple[Any, ...], dict[str, Any]] = {}
    for record in records:
        place = _place(record)
        if place in seen:
            continue
        if place in result:
            _merge_into(result[place], record)
        else:
            result[place] = _copy(record)
    return list(result.values())[:MAX_EVIDENCE]
