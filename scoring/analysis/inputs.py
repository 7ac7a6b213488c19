"""The analysis input as frozen dataclasses, and a tolerant parser from plain dicts.

The worker builds one plain dict per session (see `parse_input` for the exact shape) and
never hands Django objects to the analysis. Missing keys take empty defaults; values of the
wrong type are dropped rather than raising, because a half-filled board from a real
session must still produce a report.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .zones import Zone, parse_zones

NODE_KINDS = (
    "client", "load_balancer", "api_gateway", "service", "database", "cache", "queue",
    "object_store", "cdn", "search", "worker", "external",
)  # fmt: skip
NOTE_SECTIONS = ("requirements", "estimates", "api", "data_model", "deep_dive", "free")
EDGE_MODES = ("sync", "async")


@dataclass(frozen=True)
class Node:
    id: str
    kind: str
    label: str = ""
    x: float | None = None
    y: float | None = None
    notes: str = ""
    replicas: int | None = None  # None: not stated on the board


@dataclass(frozen=True)
class Edge:
    id: str
    source: str  # "from" in the dict form
    target: str  # "to" in the dict form
    label: str = ""
    mode: str = "sync"


@dataclass(frozen=True)
class Notes:
    requirements: str = ""
    estimates: str = ""
    api: str = ""
    data_model: str = ""
    deep_dive: str = ""
    free: str = ""

    def section(self, name: str) -> str:
        return str(getattr(self, name, ""))

    def sections(self) -> tuple[tuple[str, str], ...]:
        return tuple((name, self.section(name)) for name in NOTE_SECTIONS)


@dataclass(frozen=True)
class BoardText:
    """Free text or a sticky note on the canvas (style "text" or "sticky")."""

    id: str
    style: str
    text: str


@dataclass(frozen=True)
class Board:
    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()
    notes: Notes = field(default_factory=Notes)
    zones: tuple[Zone, ...] = ()  # zones.py: regions, AZs, VPCs, data centres
    texts: tuple[BoardText, ...] = ()


@dataclass(frozen=True)
class Snapshot:
    phase_slug: str
    board: Board


@dataclass(frozen=True)
class ChatMessage:
    who: str  # "candidate" | "interviewer"
    text: str
    seq: int


@dataclass(frozen=True)
class PhaseTiming:
    slug: str
    name: str
    planned_minutes: float
    actual_seconds: float | None = None
    started_seq: int | None = None
    ended_seq: int | None = None


@dataclass(frozen=True)
class TimelineEvent:
    seq: int
    kind: str  # "notes" (with section) | "diagram" | anything else (ignored)
    section: str | None = None


@dataclass(frozen=True)
class Timeline:
    phases: tuple[PhaseTiming, ...] = ()
    events: tuple[TimelineEvent, ...] = ()


@dataclass(frozen=True)
class Curveball:
    text: str
    handled: bool | None = None


@dataclass(frozen=True)
class Question:
    slug: str = ""
    title: str = ""
    nfr_focus: tuple[tuple[str, int], ...] = ()  # sorted (category slug, weight 1..3)
    functional_requirements: tuple[str, ...] = ()
    estimation_inputs: tuple[Any, ...] = ()

    def focus_weight(self, category: str) -> int:
        return dict(self.nfr_focus).get(category, 0)


@dataclass(frozen=True)
class Cues:
    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChecklistItem:
    slug: str
    statement: str = ""
    weight: int = 2
    cues: Cues = field(default_factory=Cues)
    study: tuple[str, ...] = ()


@dataclass(frozen=True)
class NFRCategory:
    slug: str
    name: str = ""
    items: tuple[ChecklistItem, ...] = ()


@dataclass(frozen=True)
class Criterion:
    slug: str
    phase_slug: str | None = None
    weight: int = 1
    score: int | None = None  # 1..4


@dataclass(frozen=True)
class Scorecard:
    criteria: tuple[Criterion, ...] = ()
    hire_signal: str | None = None


@dataclass(frozen=True)
class AnalysisInput:
    board: Board = field(default_factory=Board)
    snapshots: tuple[Snapshot, ...] = ()
    chat: tuple[ChatMessage, ...] = ()
    timeline: Timeline = field(default_factory=Timeline)
    hints_revealed: tuple[str | int, ...] = ()
    curveballs: tuple[Curveball, ...] = ()
    question: Question = field(default_factory=Question)
    checklists: tuple[NFRCategory, ...] = ()
    scorecard: Scorecard | None = None
    provenance: Mapping[str, Any] = field(default_factory=dict)  # see provenance.py


def parse_input(data: Mapping[str, Any]) -> AnalysisInput:
    """Build an AnalysisInput from the plain-dict form documented in the package docstring."""
    scorecard = data.get("scorecard")
    return AnalysisInput(
        board=parse_board(data.get("board") or {}),
        snapshots=tuple(
            Snapshot(_str(s.get("phase_slug")), parse_board(s.get("board") or {}))
            for s in _mappings(data.get("snapshots"))
        ),
        chat=tuple(
            ChatMessage(_str(m.get("who")), _str(m.get("text")), _int_or(m.get("seq"), i))
            for i, m in enumerate(_mappings(data.get("chat")))
        ),
        timeline=_parse_timeline(data.get("timeline") or {}),
        hints_revealed=tuple(
            h for h in _list(data.get("hints_revealed")) if isinstance(h, str | int)
        ),
        curveballs=tuple(
            Curveball(
                _str(c.get("text")),
                c.get("handled") if isinstance(c.get("handled"), bool) else None,
            )
            for c in _mappings(data.get("curveballs"))
        ),
        question=_parse_question(data.get("question") or {}),
        checklists=tuple(_parse_category(c) for c in _mappings(data.get("checklists"))),
        scorecard=_parse_scorecard(scorecard) if isinstance(scorecard, Mapping) else None,
        provenance=_mapping(data.get("provenance")),
    )


def parse_board(data: Mapping[str, Any]) -> Board:
    nodes = tuple(
        Node(
            id=_str(n.get("id")),
            kind=_str(n.get("kind")),
            label=_str(n.get("label")),
            x=_float(n.get("x")),
            y=_float(n.get("y")),
            notes=_str(n.get("notes")),
            replicas=_int(n.get("replicas"), None),
        )
        for n in _mappings(data.get("nodes"))
        if _str(n.get("id"))
    )
    notes = _mapping(data.get("notes"))
    texts = sorted(
        (
            BoardText(_str(t.get("id")), _str(t.get("style")) or "text", _str(t.get("text")))
            for t in _mappings(data.get("texts"))
            if _str(t.get("id"))
        ),
        key=lambda t: (t.id, t.style, t.text),
    )
    return Board(
        nodes=nodes,
        edges=_parse_edges(_mappings(data.get("edges"))),
        notes=Notes(**{name: _str(notes.get(name)) for name in NOTE_SECTIONS}),
        zones=parse_zones(data.get("zones")),
        texts=tuple(texts),
    )


def _parse_edges(raw: list[Mapping[str, Any]]) -> tuple[Edge, ...]:
    """Edges without an id get one from their endpoints, so the id does not depend on the
    order the edges arrive in."""
    edges: list[Edge] = []
    used: set[str] = set()
    fields = ("id", "from", "to", "label", "mode")
    for e in sorted(raw, key=lambda e: tuple(_str(e.get(f)) for f in fields)):
        source, target = _str(e.get("from")), _str(e.get("to"))
        edge_id = _str(e.get("id")) or f"{source}->{target}"
        suffix = 2
        while edge_id in used:
            edge_id, suffix = f"{_str(e.get('id')) or f'{source}->{target}'}#{suffix}", suffix + 1
        used.add(edge_id)
        mode = _str(e.get("mode")) if _str(e.get("mode")) in EDGE_MODES else "sync"
        edges.append(Edge(edge_id, source, target, _str(e.get("label")), mode))
    return tuple(edges)


def _parse_timeline(data: Mapping[str, Any]) -> Timeline:
    phases = tuple(
        PhaseTiming(
            slug=_str(p.get("slug")),
            name=_str(p.get("name")) or _str(p.get("slug")),
            planned_minutes=_float(p.get("planned_minutes")) or 0.0,
            actual_seconds=_float(p.get("actual_seconds")),
            started_seq=_int(p.get("started_seq"), None),
            ended_seq=_int(p.get("ended_seq"), None),
        )
        for p in _mappings(data.get("phases"))
    )
    events = tuple(
        TimelineEvent(
            _int(e.get("seq"), 0) or 0, _str(e.get("kind")), _str(e.get("section")) or None
        )
        for e in _mappings(data.get("events"))
        if _int(e.get("seq"), None) is not None
    )
    return Timeline(phases, events)


def _parse_question(data: Mapping[str, Any]) -> Question:
    focus = _mapping(data.get("nfr_focus"))
    return Question(
        slug=_str(data.get("slug")),
        title=_str(data.get("title")),
        nfr_focus=tuple(
            sorted(
                (str(k), max(1, min(3, _int_or(w, 1)))) for k, w in focus.items() if _int(w, None)
            )
        ),
        functional_requirements=tuple(_str(r) for r in _list(data.get("functional_requirements"))),
        estimation_inputs=tuple(_list(data.get("estimation_inputs"))),
    )


def _parse_category(data: Mapping[str, Any]) -> NFRCategory:
    items = []
    for item in _mappings(data.get("items")):
        cues = _mapping(item.get("cues"))
        items.append(
            ChecklistItem(
                slug=_str(item.get("slug")),
                statement=_str(item.get("statement")),
                weight=max(1, min(3, _int(item.get("weight"), 2) or 2)),
                cues=Cues(
                    tuple(_str(p) for p in _list(cues.get("phrases")) if _str(p).strip()),
                    tuple(_str(p) for p in _list(cues.get("patterns")) if _str(p).strip()),
                ),
                study=tuple(_str(s) for s in _list(item.get("study")) if _str(s)),
            )
        )
    return NFRCategory(
        _str(data.get("slug")), _str(data.get("name")) or _str(data.get("slug")), tuple(items)
    )


def _parse_scorecard(data: Mapping[str, Any]) -> Scorecard:
    criteria = tuple(
        Criterion(
            slug=_str(c.get("slug")),
            phase_slug=_str(c.get("phase_slug")) or None,
            weight=max(1, _int(c.get("weight"), 1) or 1),
            score=_score(c.get("score")),
        )
        for c in _mappings(data.get("criteria"))
    )
    hire = data.get("hire_signal")
    return Scorecard(criteria, str(hire) if hire is not None else None)


def _score(value: Any) -> int | None:
    score = _int(value, None)
    return score if score is not None and 1 <= score <= 4 else None


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, Sequence) and not isinstance(value, str | bytes) else []


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _mappings(value: Any) -> list[Mapping[str, Any]]:
    return [v for v in _list(value) if isinstance(v, Mapping)]


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


def _int(value: Any, default: int | None) -> int | None:
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return default


def _int_or(value: Any, default: int) -> int:
    number = _int(value, None)
    return default if number is None else number


def _float(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None  # NaN/inf mean "unknown"
