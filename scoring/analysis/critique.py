"""Design critique: rule-based findings about the diagram, each citing its evidence.

Rules
-----
single_point_of_failure (high)   a non-redundant node on a path users depend on: the request
    path, asynchronous consumers and what they call, scheduled components (graph.py rules).
read_path_without_cache (medium) the notes state a read-heavy workload (workload.py: in
    words, as a ratio of 5:1 or more, or as read and write rates) and neither the diagram
    (cache_on_read_path, cdn_in_front) nor a notes statement that is not declined puts a
    cache or CDN on the read path.
deep_sync_chain (medium)         more than `threshold` sync hops in a row from a client.
async_work_without_queue (medium) the notes describe background/asynchronous work
    (transcoding, notifications, background jobs, ...) or the diagram has async edges, and
    no queue or stream exists (kind queue, or a label naming a broker).
unreachable_store (medium)       a connected store with no service or worker anywhere in its
    part of the diagram (stores with no edges at all are orphans instead).
orphan_component (low)           a node with no edges.
requirement_without_component (medium) a capability named in the requirements notes
    (search, notifications, upload, streaming, payments, ...) that no component serves
    (by kind, or by a label or node note naming it).
replicas_in_one_zone, multi_region_claim_one_region (medium) zones.py: replicas drawn in
    one failure domain; "multi-region" claimed on a board that draws one region.
"""

from __future__ import annotations

from typing import Any

from .graph import DiagramGraph
from .matching import Match, TextIndex, compile_phrase
from .mechanisms import MECHANISMS
from .patterns import PatternResult
from .requirements import CAPABILITIES, Capability
from .vocabulary import phrase_list
from .workload import read_heavy_evidence
from .zones import MULTI_REGION_PHRASES, zone_findings

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
DEFAULT_DEEP_SYNC_THRESHOLD = 4

# Work that happens off the request path, as candidates describe it.
ASYNC_WORK_PHRASES = phrase_list(
    "in the background|background job|background worker|background processing|asynchronously|"
    "async job|async processing|async task|batch job|transcode|send email|email notification|"
    "push notification|fan out|fan-out|thumbnail|offline processing|deferred"
)
# Label/notes substrings that make a node a queue or stream even when its kind is not.
QUEUE_LABEL_WORDS = phrase_list(
    "queue|kafka|sqs|pubsub|pub/sub|topic|event stream|kinesis|rabbit|event bus|message bus|"
    "service bus|broker|nats|pulsar"
)


def finding(
    rule: str,
    severity: str,
    message: str,
    nodes: list[str] | tuple[str, ...] = (),
    edges: list[str] | tuple[str, ...] = (),
    evidence: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "rule": rule,
        "severity": severity,
        "message": message,
        "nodes": list(nodes),
        "edges": list(edges),
        "evidence": evidence or [],
    }


def critique(
    graph: DiagramGraph,
    patterns: dict[str, PatternResult],
    index: TextIndex,
    notes_units: list[int],
    deep_sync_threshold: int = DEFAULT_DEEP_SYNC_THRESHOLD,
) -> list[dict[str, Any]]:
    findings = [
        *spof_findings(graph),
        *read_path_findings(graph, patterns, index, notes_units),
        *deep_chain_findings(graph, deep_sync_threshold),
        *async_without_queue_findings(graph, index, notes_units),
        *unreachable_store_findings(graph),
        *orphan_findings(graph),
        *requirement_findings(graph, index, notes_units),
        *zone_critique(graph, index),
    ]
    return sorted(
        findings,
        key=lambda f: (
            SEVERITY_ORDER[f["severity"]],
            f["rule"],
            f["nodes"],
            f["edges"],
            f["message"],
        ),
    )


def _name(graph: DiagramGraph, node_id: str) -> str:
    """How a message names a component: its label (ids are internal), or its kind."""
    return f"'{display_name(graph, node_id)}'"


def display_name(graph: DiagramGraph, node_id: str) -> str:
    node = graph.nodes[node_id]
    if node.label.strip():
        return node.label.strip()
    kind = node.kind.replace("_", " ") or "component"
    return f"unnamed {kind}"


def spof_findings(graph: DiagramGraph) -> list[dict[str, Any]]:
    _, path_edges = graph.request_path
    findings = []
    for node_id in graph.single_points_of_failure():
        replicas = graph.nodes[node_id].replicas
        count = "replicas not stated" if replicas is None else f"replicas: {replicas}"
        edges = sorted(e.id for e in graph.in_edges[node_id] if e.id in path_edges) or sorted(
            e.id for e in graph.in_edges[node_id] if e.source in graph.dependent_path
        )
        where = (
            "on the request path"
            if node_id in graph.request_path[0]
            else ("that a user-facing flow depends on")
        )
        message = (
            f"{_name(graph, node_id)} runs as a single instance {where} ({count}); "
            "add replicas or a standby with failover."
        )
        evidence = [
            {
                "source": "diagram",
                "nodes": [node_id],
                "edges": edges,
                "pattern": "single_instance_on_request_path",
            }
        ]
        findings.append(
            finding("single_point_of_failure", "high", message, [node_id], edges, evidence)
        )
    return findings


def read_path_findings(
    graph: DiagramGraph,
    patterns: dict[str, PatternResult],
    index: TextIndex,
    notes_units: list[int],
) -> list[dict[str, Any]]:
    evidence = read_heavy_evidence(index, notes_units)
    if not evidence or patterns["cache_on_read_path"].holds or patterns["cdn_in_front"].holds:
        return []
    if _notes_mention_cache(index, notes_units):
        return []
    on_path, path_edges = graph.request_path
    stores = sorted(n for n in on_path if graph.kind(n) in ("database", "search", "object_store"))
    edges = sorted(e.id for n in stores for e in graph.in_edges[n] if e.id in path_edges)
    message = "The notes describe a read-heavy workload, but no cache or CDN serves the read path."
    return [finding("read_path_without_cache", "medium", message, stores, edges, evidence)]


def _notes_mention_cache(index: TextIndex, notes_units: list[int]) -> bool:
    allowed = set(notes_units)
    for mechanism in MECHANISMS:
        if mechanism.name not in ("caching", "edge_delivery", "in_memory_serving"):
            continue
        for text in mechanism.phrases:
            phrase = compile_phrase(text)
            if phrase and any(m.unit in allowed and not m.negated for m in index.find(phrase)):
                return True
    return False


def deep_chain_findings(graph: DiagramGraph, threshold: int) -> list[dict[str, Any]]:
    chain = graph.longest_sync_chain()
    if chain.hops <= threshold:
        return []
    message = (
        f"A request passes {chain.hops} synchronous hops in a row (more than {threshold}): "
        f"{' -> '.join(display_name(graph, n) for n in chain.nodes)}. Each hop adds latency and a failure point; "
        "consider async hand-offs, caching or collapsing services."
    )
    evidence = [
        {
            "source": "diagram",
            "nodes": list(chain.nodes),
            "edges": list(chain.edges),
            "pattern": "sync_chain",
        }
    ]
    return [finding("deep_sync_chain", "medium", message, chain.nodes, chain.edges, evidence)]


def async_without_queue_findings(
    graph: DiagramGraph, index: TextIndex, notes_units: list[int]
) -> list[dict[str, Any]]:
    if _has_queue(graph):
        return []
    allowed = set(notes_units)
    evidence = []
    for text in ASYNC_WORK_PHRASES:
        phrase = compile_phrase(text)
        matches = index.find(phrase) if phrase else []
        evidence += [
            _evidence(index, m, text) for m in matches if m.unit in allowed and not m.negated
        ]
    async_edges = [e for e in graph.edges if e.mode == "async"]
    nodes = sorted({n for e in async_edges for n in (e.source, e.target)})
    if async_edges:
        evidence.append(
            {
                "source": "diagram",
                "nodes": nodes,
                "edges": [e.id for e in async_edges],
                "pattern": "async_edge",
            }
        )
    if not evidence:
        return []
    message = (
        "Work is meant to happen asynchronously, but there is no queue or stream to buffer it, "
        "retry it or let workers scale on their own."
    )
    return [
        finding(
            "async_work_without_queue",
            "medium",
            message,
            nodes,
            [e.id for e in async_edges],
            _unique(evidence),
        )
    ]


def _has_queue(graph: DiagramGraph) -> bool:
    if graph.of_kind("queue"):
        return True
    return any(
        w in f"{n.label} {n.notes}".lower() for n in graph.nodes.values() for w in QUEUE_LABEL_WORDS
    )


def unreachable_store_findings(graph: DiagramGraph) -> list[dict[str, Any]]:
    findings = []
    for node_id in graph.unreachable_stores():
        message = f"{_name(graph, node_id)} is a {graph.kind(node_id).replace('_', ' ')} that no service or worker reaches."
        evidence = [
            {"source": "diagram", "nodes": [node_id], "edges": [], "pattern": "unreachable_store"}
        ]
        findings.append(finding("unreachable_store", "medium", message, [node_id], [], evidence))
    return findings


def orphan_findings(graph: DiagramGraph) -> list[dict[str, Any]]:
    return [
        finding(
            "orphan_component",
            "low",
            f"{_name(graph, n)} is not connected to anything.",
            [n],
            [],
            [{"source": "diagram", "nodes": [n], "edges": [], "pattern": "orphan_component"}],
        )
        for n in graph.orphans()
    ]


def requirement_findings(
    graph: DiagramGraph, index: TextIndex, notes_units: list[int]
) -> list[dict[str, Any]]:
    requirement_units = {u for u in notes_units if index.units[u].section == "requirements"}
    findings = []
    for capability in CAPABILITIES:
        evidence = _capability_mentions(capability, index, requirement_units)
        if evidence and not _served(graph, capability):
            matched = evidence[0]["matched"]
            message = f'The requirements mention {capability.name} ("{matched}"), but no component in the diagram serves it.'
            findings.append(
                finding("requirement_without_component", "medium", message, [], [], evidence[:3])
            )
    return findings


def _capability_mentions(
    capability: Capability, index: TextIndex, units: set[int]
) -> list[dict[str, Any]]:
    evidence = []
    for text in capability.triggers:
        phrase = compile_phrase(text)
        for match in index.find(phrase) if phrase else []:
            sentence = index.sentence(match).lower
            if (
                match.unit in units
                and not match.negated
                and not any(u in sentence for u in capability.unless)
            ):
                evidence.append(_evidence(index, match, capability.name))
    return _unique(sorted(evidence, key=lambda e: (e["line"], e["matched"])))


def _served(graph: DiagramGraph, capability: Capability) -> bool:
    for node in graph.nodes.values():
        if node.kind in ("client", "external"):
            continue  # "Viewers and uploaders" is who asks, not what serves
        text = f"{node.label} {node.notes}".lower()
        if node.kind in capability.kinds or any(w in text for w in capability.label_words):
            return True
    return False


def zone_critique(graph: DiagramGraph, index: TextIndex) -> list[dict[str, Any]]:
    """Zone findings (zones.py), with what the candidate wrote claiming multi-region."""
    if not graph.zones:
        return []
    claims = []
    for text in MULTI_REGION_PHRASES:
        phrase = compile_phrase(text)
        for m in index.find(phrase) if phrase else []:
            if index.units[m.unit].strong and not m.negated:
                claims.append(_evidence(index, m, "multi_region"))
    return zone_findings(graph.zones, list(graph.nodes.values()), _unique(claims))


def _evidence(index: TextIndex, match: Match, cue: str) -> dict[str, Any]:
    return index.units[match.unit].evidence(index.matched_text(match), cue)


def _unique(evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[Any, ...]] = set()
    result = []
    for e in evidence:
        key = (e["source"], e.get("section"), e.get("line"), e.get("pattern"), e.get("matched"))
        if key not in seen:
            seen.add(key)
            result.append(e)
    return result
