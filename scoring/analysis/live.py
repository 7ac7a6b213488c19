"""The live analysis of a running session: coverage, claims, capacity, units, drills, the coach.

    analyser = LiveAnalyser()                     # one per process: it caches
    insight = analyser.run(live_input)            # plain dict in, plain dict out

Input: the analysis input (board, chat, question, checklists; see the package docstring)
plus the live keys:

    phase_slug:   the current phase
    zones:        [{"id", "kind", "label", "x", "y", "w", "h"}]   (read defensively)
    estimates:    {"peak_read_qps", "peak_write_qps", "cache_hit_rate"}  (structured values)
    capacity:     {"defaults": {kind: per-instance/s, "database_writes": primary writes/s},
                   "overrides": {node_id: per-instance/s}}   (a node's own "capacity" wins)
    drills:       [{"target": {...}, "started_at", "seconds"}]  (active first)
    ticks:        {"<category>/<item>": {"verdict": "covered"|"missing", "note"}}
    asked:        [coach question keys already asked]
    follow_ups:   [{"phase", "order", "text"}]
    missing_components: [names of the question's strong-answer components not drawn yet]

It reuses the report's own pieces (graph, patterns, text index, targets, coverage), so a
live verdict is the verdict the report will give for the same text. What does not change
between runs is cached: the coverage of a given text and diagram (a node dragged across the
board changes neither, so its run costs only the cheap parts), keyed by a digest of what the
coverage reads.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from .capacity import Estimates, capacity_findings, capacity_report, own_capacities
from .claims import DEFAULT_PRIMARY_WRITES, check_claims
from .coach import next_question
from .coverage import SignalFinder, assess_category
from .drills import DrillTargetUnknown, blast_radius
from .graph import Chain, DiagramGraph
from .inputs import AnalysisInput, parse_input
from .matching import TextIndex
from .patterns import evaluate_patterns
from .report import _checklists, build_units
from .targets import find_targets
from .units import unit_findings

EVIDENCE_PER_ITEM = 3
CACHE_ENTRIES = 64


class LiveAnalyser:
    """Runs the live analysis; keeps the last coverage results by digest (bounded LRU)."""

    def __init__(self, entries: int = CACHE_ENTRIES) -> None:
        self.entries = entries
        self._coverage: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()
        self._results: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._graphs: OrderedDict[str, DiagramGraph] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def run(self, live: Mapping[str, Any]) -> dict[str, Any]:
        """The live analysis of ``live`` (the result is shared with the cache: read-only)."""
        key = result_digest(live)
        cached = _lru_get(self._results, key)
        if cached is not None:
            return cached
        result = self._run(live)
        _lru_put(self._results, key, result, self.entries)
        return result

    def _graph_of(self, live: Mapping[str, Any], data: AnalysisInput) -> DiagramGraph:
        board = live.get("board") or {}
        key = _digest([_node_rows(board), _edge_rows(board), _positions(live)])
        graph = _lru_get(self._graphs, key)
        if graph is None:
            graph = _MemoGraph(data.board)
            _lru_put(self._graphs, key, graph, self.entries)
        return graph

    def _run(self, live: Mapping[str, Any]) -> dict[str, Any]:
        data = parse_input(live)
        graph = self._graph_of(live, data)
        zones = [z for z in live.get("zones") or [] if isinstance(z, Mapping)]
        sections = data.board.notes.sections()
        categories = self._coverage_of(live, data, graph)
        defaults = _numbers((live.get("capacity") or {}).get("defaults"))
        claims = check_claims(
            data.board,
            sections,
            zones=zones,
            graph=graph,
            primary_writes=defaults.get("database_writes", DEFAULT_PRIMARY_WRITES),
        )
        capacity = _capacity(live, graph)
        drills = _drills(live, graph, zones)
        spof = graph.single_points_of_failure()
        units = unit_findings(sections, live.get("estimates") or {})
        return {
            "coverage": [_with_ticks(c, live.get("ticks") or {}) for c in categories],
            "claims": claims,
            "capacity": capacity,
            "units": units,
            "drills": drills,
            "spof": spof,
            "suggestions": suggestions(categories, claims, spof, graph),
            "coach": next_question(
                phase_slug=str(live.get("phase_slug") or ""),
                claims=claims,
                spof=spof,
                node_kinds={n: node.kind for n, node in graph.nodes.items()},
                node_labels={n: node.label for n, node in graph.nodes.items()},
                estimates_written=bool(data.board.notes.estimates.strip()),
                over_capacity=capacity["over_capacity"],
                drills_run=len(live.get("drills") or []),
                follow_ups=list(live.get("follow_ups") or []),
                asked=set(live.get("asked") or []),
                missing_components=[str(c) for c in live.get("missing_components") or []],
                unit_findings=units,
            ),
        }

    def _coverage_of(
        self, live: Mapping[str, Any], data: AnalysisInput, graph: DiagramGraph
    ) -> list[dict[str, Any]]:
        key = coverage_digest(live)
        cached = _lru_get(self._coverage, key)
        if cached is not None:
            self.hits += 1
            return cached
        self.misses += 1
        patterns = evaluate_patterns(graph)
        index = TextIndex(build_units(data))
        finder = SignalFinder(index, find_targets(index))
        checklists, _ = _checklists(data)
        result = [
            _live_category(assess_category(c, finder, patterns, data.question.focus_weight(c.slug)))
            for c in checklists
        ]
        _lru_put(self._coverage, key, result, self.entries)
        return result


def _lru_get(cache: OrderedDict[str, Any], key: str) -> Any:
    found = cache.get(key)
    if found is not None:
        cache.move_to_end(key)
    return found


def _lru_put(cache: OrderedDict[str, Any], key: str, value: Any, entries: int) -> None:
    cache[key] = value
    if len(cache) > entries:
        cache.popitem(last=False)


class _MemoGraph(DiagramGraph):
    """A diagram kept between runs: what it derives is computed once per diagram."""

    _spof: list[str] | None = None
    _chain: Chain | None = None

    def single_points_of_failure(self) -> list[str]:
        if self._spof is None:
            self._spof = super().single_points_of_failure()
        return list(self._spof)

    def longest_sync_chain(self) -> Chain:
        if self._chain is None:
            self._chain = super().longest_sync_chain()
        return self._chain


def _digest(payload: Any) -> str:
    raw = json.dumps(payload, sort_keys=True, default=str).encode()
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _node_rows(board: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    return sorted(
        (str(n.get("id")), n.get("kind"), n.get("label"), n.get("notes"), n.get("replicas"))
        for n in board.get("nodes") or []
    )


def _edge_rows(board: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    return sorted(
        (str(e.get("id")), e.get("from"), e.get("to"), e.get("label"), e.get("mode"))
        for e in board.get("edges") or []
    )


def _positions(live: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """Positions matter only for zone membership: none without zones."""
    if not live.get("zones"):
        return []
    nodes = (live.get("board") or {}).get("nodes") or []
    return sorted((str(n.get("id")), n.get("x"), n.get("y")) for n in nodes)


def result_digest(live: Mapping[str, Any]) -> str:
    """Everything a run reads. Positions count only when the board has zones (membership);
    otherwise a component dragged across the board changes nothing and the run is reused."""
    keys = ("phase_slug", "estimates", "capacity", "drills", "ticks", "asked", "follow_ups",
            "missing_components")  # fmt: skip
    zones = live.get("zones") or []
    own = [
        (str(n.get("id")), n.get("capacity")) for n in (live.get("board") or {}).get("nodes") or []
    ]
    return _digest(
        [coverage_digest(live), zones, _positions(live), own, [live.get(k) for k in keys]]
    )


def coverage_digest(live: Mapping[str, Any]) -> str:
    """What coverage reads: node kinds, labels, notes and replicas (not positions), edges,
    notes, the candidate's chat, the question's focus and the checklists."""
    board = live.get("board") or {}
    chat = [(m.get("who"), m.get("text")) for m in live.get("chat") or []]
    question = live.get("question") or {}
    return _digest([_node_rows(board), _edge_rows(board), board.get("notes"), chat,
                    question.get("nfr_focus"), live.get("checklists")])  # fmt: skip


def _live_category(category: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "slug": category["slug"],
        "name": category["name"],
        "status": category["status"],
        "focus_weight": category["focus_weight"],
        "items": [
            {
                "slug": item["slug"],
                "statement": item["statement"],
                "status": item["status"],
                "evidence": [_evidence(e) for e in item["evidence"][:EVIDENCE_PER_ITEM]],
            }
            for item in category["items"]
        ],
    }


def _evidence(record: Mapping[str, Any]) -> dict[str, Any]:
    keep = ("source", "section", "line", "text", "nodes", "edges", "pattern", "seq", "strength")
    return {k: record[k] for k in keep if k in record}


def _with_ticks(category: dict[str, Any], ticks: Mapping[str, Any]) -> dict[str, Any]:
    items = []
    for item in category["items"]:
        tick = ticks.get(f"{category['slug']}/{item['slug']}")
        entry = dict(item)
        if isinstance(tick, Mapping):
            entry["interviewer"] = {"verdict": tick.get("verdict"), "note": tick.get("note", "")}
            entry["disagrees"] = verdicts_disagree(item["status"], tick.get("verdict"))
        items.append(entry)
    return {**category, "items": items}


def verdicts_disagree(analyzer: str, interviewer: object) -> bool:
    """The interviewer ticked covered what the analyzer finds missing, or the reverse;
    "partly" agrees with either."""
    return (analyzer, interviewer) in {("missing", "covered"), ("covered", "missing")}


def _capacity(live: Mapping[str, Any], graph: DiagramGraph) -> dict[str, Any]:
    config = live.get("capacity") or {}
    return capacity_with_findings(
        graph,
        (live.get("board") or {}).get("nodes") or [],
        live.get("estimates") or {},
        defaults=config.get("defaults"),
        overrides=config.get("overrides"),
    )


def capacity_with_findings(
    graph: DiagramGraph,
    nodes: list[Mapping[str, Any]],
    estimates: Mapping[str, Any],
    *,
    defaults: object = None,
    overrides: object = None,
) -> dict[str, Any]:
    """The capacity report and its findings. Per instance, the first that is given: the
    component's own capacity (board field), the input's overrides, what its notes state,
    its kind's default."""
    own, own_writes = own_capacities(nodes)
    report = capacity_report(
        graph,
        Estimates.from_values(estimates),
        defaults=_numbers(defaults),
        overrides={**stated_capacities(graph), **_numbers(overrides), **own},
        write_overrides=own_writes,
    )
    report["findings"] = capacity_findings(graph, report)
    return report


STATED_CAPACITY = re.compile(
    r"\bcapacity\s*[:=]?\s*(?:of\s*)?~?(\d+(?:\.\d+)?)\s*(k|m)?\s*"
    r"(?:/s\b|rps\b|qps\b|ops/s|req/s|requests?/s|(?:requests?|ops) (?:per|a) second)"
)


def stated_capacities(graph: DiagramGraph) -> dict[str, float]:
    """Per-instance capacities the components' notes state ("capacity: 3k/s")."""
    found = {}
    for node_id, node in graph.nodes.items():
        match = STATED_CAPACITY.search(node.notes.lower())
        if match:
            scale = {"k": 1e3, "m": 1e6}.get(match.group(2) or "", 1.0)
            found[node_id] = float(match.group(1)) * scale
    return found


def _numbers(raw: object) -> dict[str, float]:
    if not isinstance(raw, Mapping):
        return {}
    out = {}
    for key, value in raw.items():
        if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
            out[str(key)] = float(value)
    return out


def _drills(
    live: Mapping[str, Any], graph: DiagramGraph, zones: list[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    out = []
    for drill in live.get("drills") or []:
        target = drill.get("target") or {}
        try:
            radius = blast_radius(graph, target, zones=zones)
        except DrillTargetUnknown as exc:
            radius = {"target": target, "error": str(exc), "affected": []}
        out.append(
            {**radius, "started_at": drill.get("started_at"), "seconds": drill.get("seconds")}
        )
    return out


def suggestions(
    categories: list[dict[str, Any]],
    claims: list[dict[str, Any]],
    spof: list[str],
    graph: DiagramGraph,
) -> list[dict[str, Any]]:
    """Questions for the interviewer, from the gaps: lone stores, contradictions, then the
    missing items of the categories the question stresses most."""
    out = []
    for node in spof:
        if graph.kind(node) in ("database", "cache", "queue"):
            name = graph.nodes[node].label or node
            out.append({"text": f"{name} has one instance: ask what happens when it fails "
                                "mid-write.", "nodes": [node], "source": "spof"})  # fmt: skip
    for claim in claims:
        out.append({"text": f"Ask about: {claim['message']}", "nodes": claim["nodes"],
                    "source": claim["rule"]})  # fmt: skip
    ranked = sorted(categories, key=lambda c: -c["focus_weight"])
    for category in ranked:
        for item in category["items"]:
            if item["status"] == "missing":
                out.append({"text": f"{category['name']}: ask how the design ensures that "
                                    f"{item['statement'][:1].lower()}{item['statement'][1:]}",
                            "nodes": [], "source": f"{category['slug']}/{item['slug']}"})  # fmt: skip
    return out[:8]
