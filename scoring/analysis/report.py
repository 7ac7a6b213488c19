"""Assembles the feedback report from the parts (see the package docstring for its shape)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .coverage import SignalFinder, assess_category, unknown_patterns
from .critique import DEFAULT_DEEP_SYNC_THRESHOLD, critique
from .defaults import DEFAULT_CHECKLISTS
from .graph import DiagramGraph
from .inputs import AnalysisInput, NFRCategory, parse_input
from .matching import TextIndex, TextUnit, make_units
from .patterns import PatternResult, evaluate_patterns
from .process import process_report
from .provenance import annotate, provenance_parse
from .score import PhaseContext, coverage_score, coverage_weights, score_report
from .targets import TargetHit, find_targets

ANALYZER_VERSION = "2.2.0"


@dataclass(frozen=True)
class AnalysisConfig:
    deep_sync_threshold: int = DEFAULT_DEEP_SYNC_THRESHOLD


class AnalysisOutOfTime(Exception):
    """``out_of_time()`` said so at a checkpoint; the caller decides what to do instead."""


def _checkpoint(out_of_time: Callable[[], bool] | None) -> None:
    if out_of_time is not None and out_of_time():
        raise AnalysisOutOfTime


def analyse(
    inputs: AnalysisInput | Mapping[str, Any],
    *,
    config: AnalysisConfig | None = None,
    out_of_time: Callable[[], bool] | None = None,
) -> dict[str, Any]:
    """Analyse one finished session. Pure: same input, same output; no I/O, no clock.

    ``out_of_time`` (the caller's clock) is asked between the costly steps; when it answers
    True the analysis stops with AnalysisOutOfTime."""
    data = inputs if isinstance(inputs, AnalysisInput) else parse_input(inputs)
    config = config or AnalysisConfig()
    graph = DiagramGraph(data.board)
    patterns = evaluate_patterns(graph)
    units = build_units(data)
    notes_units = [i for i, u in enumerate(units) if u.source == "notes"]
    _checkpoint(out_of_time)
    index = TextIndex(units)
    targets = find_targets(index)
    checklists, warnings = _checklists(data)
    finder = SignalFinder(index, targets)
    categories = []
    for c in checklists:
        _checkpoint(out_of_time)
        categories.append(assess_category(c, finder, patterns, data.question.focus_weight(c.slug)))
    _checkpoint(out_of_time)
    findings = critique(graph, patterns, index, notes_units, config.deep_sync_threshold)
    process = process_report(data)
    coverage = coverage_score(categories, coverage_weights(categories, data.question))
    ctx = PhaseContext(
        notes=data.board.notes,
        node_count=len(graph.nodes),
        finding_rules=frozenset(f["rule"] for f in findings),
        requirements_before_design=process["requirements_before_design"]["value"],
        estimates_before_design=process["estimates_before_design"]["value"],
        requirements_have_target=_requirements_have_target(index, targets),
        coverage=coverage,
    )
    report = {
        "analyzer_version": ANALYZER_VERSION,
        "nfr": {c["slug"]: c for c in categories},
        "critique": findings,
        "process": process,
        "scores": score_report(categories, data.question, data.scorecard, process["phases"], ctx),
        "study_next": study_next(categories),
        "diagram": diagram_summary(graph, patterns),
        "warnings": warnings + unknown_patterns(checklists, patterns),
    }
    annotate(report, provenance_parse(data.provenance), graph)
    return report


def build_units(data: AnalysisInput) -> list[TextUnit]:
    """All candidate text, in a fixed order: notes sections, node notes and labels (by id),
    edge labels (by id), candidate chat (by seq)."""
    units: list[TextUnit] = []
    for section, text in data.board.notes.sections():
        units += make_units(text, "notes", section=section)
    graph_nodes = sorted(
        data.board.nodes, key=lambda n: (n.id, n.kind, n.label, n.notes)
    )  # ties are identical
    for node in graph_nodes:
        units += make_units(node.notes, "node_notes", node_id=node.id)
        units += make_units(node.label, "label", node_id=node.id)
    for edge in sorted(data.board.edges, key=lambda e: e.id):
        units += make_units(edge.label, "label", edge_id=edge.id)
    chat = sorted((m for m in data.chat if m.who == "candidate"), key=lambda m: (m.seq, m.text))
    for message in chat:
        units += make_units(message.text, "chat", seq=message.seq)
    for note in data.board.texts:  # free text and sticky notes on the canvas
        units += make_units(note.text, "board_text", text_id=note.id)
    return units


def _checklists(data: AnalysisInput) -> tuple[tuple[NFRCategory, ...], list[str]]:
    source = data.checklists or DEFAULT_CHECKLISTS
    seen: set[str] = set()
    unique, warnings = [], []
    for category in source:
        if category.slug in seen:
            warnings.append(f"duplicate NFR category '{category.slug}' ignored")
            continue
        seen.add(category.slug)
        unique.append(category)
    if not data.checklists:
        warnings.append("no checklists given: the built-in default checklist was used")
    return tuple(unique), warnings


def _requirements_have_target(index: TextIndex, targets: list[TargetHit]) -> bool:
    return any(index.units[t.match.unit].section == "requirements" for t in targets)


def study_next(categories: list[dict[str, Any]]) -> list[str]:
    """Concept slugs of missing items: heavier items first, then focus categories, then
    checklist order; each slug once."""
    missing = [
        (-item["weight"], -category["focus_weight"], c, i, item)
        for c, category in enumerate(categories)
        for i, item in enumerate(category["items"])
        if item["status"] == "missing"
    ]
    slugs: list[str] = []
    for *_, item in sorted(missing, key=lambda entry: entry[:4]):
        slugs += [s for s in item["study"] if s not in slugs]
    return slugs


def diagram_summary(graph: DiagramGraph, patterns: dict[str, PatternResult]) -> dict[str, Any]:
    on_path, path_edges = graph.request_path
    chain = graph.longest_sync_chain()
    return {
        "patterns": {
            name: {"holds": r.holds, "nodes": list(r.nodes), "edges": list(r.edges)}
            for name, r in patterns.items()
        },
        "spof": graph.single_points_of_failure(),
        "request_path": {"nodes": sorted(on_path), "edges": sorted(path_edges)},
        "longest_sync_chain": {
            "hops": chain.hops,
            "nodes": list(chain.nodes),
            "edges": list(chain.edges),
        },
    }
