"""The diagram as a directed graph: request path, chains, reachability, single points of failure.

Rules (documented here because the critique and the patterns both rely on them):

- Edges point from caller to callee. Traversals visit neighbours in id order, so every
  result is independent of the order nodes and edges arrive in.
- The *request path* is what a user request can touch while the user waits: every node
  reachable from a client over sync edges, plus a queue that a request-path node writes to
  asynchronously (the enqueue itself is synchronous for the producer). Whatever lies behind
  an async edge — workers, batch jobs — is offline. Without clients, entry components
  (load balancer, API gateway, CDN) with no incoming edge are the starting points.
- The *dependent path* is everything a user-facing flow depends on: the request path,
  what lies behind its queues and async edges (consumers and what they call), and what an
  internal or scheduled component that nothing calls (a scheduler, a producer, an external
  feed pushing data in) reaches.
  Offline components — batch jobs, nightly or hourly jobs (not a scheduler or a sync that
  feeds users), analytics, reporting — and what only they reach are not on it, and neither is a store that only another store writes
  to (a replication target such as a DR copy).
- A node is *redundant* when it has replicas >= 2, or its label/notes mention a standby,
  failover, replica set or cluster (not negated), or it is a load balancer, API gateway,
  CDN or object store with no replica count (treated as a managed, redundant service), or
  with no replica count it is a managed product (SQS, DynamoDB, Pub/Sub, ...) or a compute
  node whose label is plural ("Workers", "API servers").
- A *single point of failure* is a non-redundant node on the dependent path; clients and
  external systems never are.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from functools import cached_property

from .inputs import Board, Edge, Node
from .matching import TextIndex, compile_phrase, make_units

STORE_KINDS = frozenset({"database", "cache", "object_store", "search"})
COMPUTE_KINDS = frozenset({"service", "worker"})
ENTRY_KINDS = frozenset({"load_balancer", "api_gateway", "cdn"})
MANAGED_KINDS = frozenset({"load_balancer", "api_gateway", "cdn", "object_store"})
NEVER_SPOF = frozenset({"client", "external"})
# Labels that make a node offline: what it does never blocks a user-facing flow. A job
# that runs nightly or hourly is offline, but not what starts or feeds user-facing work:
# a "monthly billing scheduler" or a "nightly HR sync" (SCHEDULED_FEEDS).
PERIODIC_WORDS = re.compile(r"\b(?:nightly|hourly|daily|weekly|monthly|quarterly|yearly)\b")
SCHEDULED_FEEDS = re.compile(r"\b(?:schedul\w*|dispatch\w*|trigger\w*|sync|syncs|syncer)\b")
OFFLINE_WORDS = re.compile(
    r"\b(?:batch\w*|offline|analytics?|reporting|reports?|"
    r"exports?|warehouse|"
    r"etl|backfill\w*|recomput\w*|reconcil\w*|archiv\w*|training|bi)\b"
)
MANAGED_PRODUCTS = re.compile(
    r"\b(?:sqs|sns|pub/?sub|kinesis|dynamo(?:db)?|spanner|firestore|cosmos ?db|bigtable|"
    r"event ?hubs?|service ?bus|s3|gcs|aurora|cloud ?storage)\b"
)
# Final label words ending in "s" that are not plurals.
NOT_PLURAL = frozenset(
    [
        "redis",
        "postgres",
        "kubernetes",
        "sqs",
        "sns",
        "kinesis",
        "nats",
        "analytics",
        "metrics",
        "news",
        "status",
        "series",
        "dns",
        "sms",
        "access",
        "address",
        "process",
        "canvas",
        "alias",
        "cors",
        "https",
        "express",
        "elasticache",
        "aws",
        "gcs",
    ]
)
REDUNDANCY_PHRASES = (
    "standby", "failover", "fail over", "replica", "replica set", "cluster", "multi-az",
    "active-active", "active-passive", "redundant", "hot spare", "sentinel", "ha pair",
)  # fmt: skip


@dataclass(frozen=True)
class Chain:
    hops: int
    nodes: tuple[str, ...]
    edges: tuple[str, ...]


class DiagramGraph:
    def __init__(self, board: Board) -> None:
        unique: dict[str, Node] = {}
        # Duplicate ids: keep one deterministic choice, whatever the input order.
        for node in sorted(
            board.nodes,
            key=lambda n: (
                n.id,
                n.kind,
                n.label,
                n.notes,
                -1 if n.replicas is None else n.replicas,
            ),
        ):
            unique.setdefault(node.id, node)
        self.nodes: dict[str, Node] = dict(sorted(unique.items()))
        self.edges: tuple[Edge, ...] = tuple(
            sorted(
                (e for e in board.edges if e.source in self.nodes and e.target in self.nodes),
                key=lambda e: e.id,
            )
        )
        self.edge_by_id = {e.id: e for e in self.edges}
        self.zones = board.zones
        self.out_edges: dict[str, list[Edge]] = {n: [] for n in self.nodes}
        self.in_edges: dict[str, list[Edge]] = {n: [] for n in self.nodes}
        for edge in self.edges:
            self.out_edges[edge.source].append(edge)
            self.in_edges[edge.target].append(edge)
        for edges in (*self.out_edges.values(), *self.in_edges.values()):
            edges.sort(key=lambda e: (e.target, e.source, e.id))

    def kind(self, node_id: str) -> str:
        return self.nodes[node_id].kind

    def of_kind(self, *kinds: str) -> list[str]:
        return [n for n, node in self.nodes.items() if node.kind in kinds]

    def sync_out(self, node_id: str) -> list[Edge]:
        return [e for e in self.out_edges[node_id] if e.mode == "sync"]

    def entries(self) -> list[str]:
        clients = self.of_kind("client")
        if clients:
            return clients
        return [n for n in self.of_kind(*ENTRY_KINDS) if not self.in_edges[n]]

    def reach(self, starts: list[str], *, sync_only: bool) -> dict[str, tuple[str, str] | None]:
        """Breadth-first reach from starts: node -> (previous node, edge id) or None for a start."""
        parents: dict[str, tuple[str, str] | None] = dict.fromkeys(starts)
        queue = deque(starts)
        while queue:
            node = queue.popleft()
            for edge in self.out_edges[node]:
                if (sync_only and edge.mode != "sync") or edge.target in parents:
                    continue
                parents[edge.target] = (node, edge.id)
                queue.append(edge.target)
        return parents

    @staticmethod
    def path_to(
        parents: dict[str, tuple[str, str] | None], node: str
    ) -> tuple[list[str], list[str]]:
        """Nodes and edges from a start to node along the BFS tree."""
        nodes, edges = [node], []
        step = parents.get(node)
        while step is not None:
            previous, edge_id = step
            nodes.append(previous)
            edges.append(edge_id)
            step = parents.get(previous)
        return nodes[::-1], edges[::-1]

    @cached_property
    def request_path(self) -> tuple[frozenset[str], frozenset[str]]:
        nodes = set(self.reach(self.entries(), sync_only=True))
        edges = {e.id for e in self.edges if e.mode == "sync" and e.source in nodes}
        for edge in self.edges:
            if edge.mode == "async" and edge.source in nodes and self.kind(edge.target) == "queue":
                edges.add(edge.id)
        nodes |= {self.edge_by_id[e].target for e in edges}
        return frozenset(nodes), frozenset(edges)

    def is_offline(self, node_id: str) -> bool:
        node = self.nodes[node_id]
        text = f"{node.label} {node.notes}".lower()
        if OFFLINE_WORDS.search(text):
            return True
        return bool(PERIODIC_WORDS.search(text)) and not SCHEDULED_FEEDS.search(node.label.lower())

    @cached_property
    def dependent_path(self) -> frozenset[str]:
        """Nodes a user-facing flow depends on (see the module docstring)."""
        request_nodes, _ = self.request_path
        # Components nothing calls start flows of their own: a scheduler, a producer, or an
        # external feed pushing into the system.
        internal = [
            n for n, node in self.nodes.items()
            if node.kind != "client" and not self.in_edges[n] and self.out_edges[n]
        ]  # fmt: skip
        starts = sorted({*self.entries(), *request_nodes, *internal})
        seen = {n for n in starts if not self.is_offline(n)}
        queue = deque(sorted(seen))
        while queue:
            node = queue.popleft()
            for edge in self.out_edges[node]:
                target = edge.target
                if target in seen or self.is_offline(target):
                    continue
                if self.kind(node) in STORE_KINDS and self.kind(target) in STORE_KINDS:
                    continue  # a replication target, not a dependency of the flow
                seen.add(target)
                queue.append(target)
        return frozenset(seen)

    def is_redundant(self, node_id: str) -> bool:
        node = self.nodes[node_id]
        if node.replicas is not None and node.replicas >= 2:
            return True
        if node.replicas is None and (
            node.kind in MANAGED_KINDS
            or MANAGED_PRODUCTS.search(f"{node.label} {node.notes}".lower())
            or (node.kind in COMPUTE_KINDS and plural_label(node.label))
        ):
            return True
        return mentions_redundancy(node)

    def single_points_of_failure(self) -> list[str]:
        return sorted(
            n
            for n in self.dependent_path
            if self.kind(n) not in NEVER_SPOF and not self.is_redundant(n)
        )

    def orphans(self) -> list[str]:
        return [n for n in self.nodes if not self.in_edges[n] and not self.out_edges[n]]

    def unreachable_stores(self) -> list[str]:
        """Stores (with edges) whose connected part of the diagram has no service or worker."""
        component = self._components()
        served = {component[n] for n in self.of_kind(*COMPUTE_KINDS)}
        return [
            n
            for n in self.of_kind(*STORE_KINDS)
            if (self.in_edges[n] or self.out_edges[n]) and component[n] not in served
        ]

    def _components(self) -> dict[str, int]:
        component: dict[str, int] = {}
        for number, start in enumerate(self.nodes):
            if start in component:
                continue
            component[start] = number
            queue = deque([start])
            while queue:
                node = queue.popleft()
                for edge in (*self.out_edges[node], *self.in_edges[node]):
                    for other in (edge.source, edge.target):
                        if other not in component:
                            component[other] = number
                            queue.append(other)
        return component

    def longest_sync_chain(self) -> Chain:
        """The longest run of sync hops from an entry; edges back into the current path
        (cycles) are skipped."""
        memo: dict[str, Chain] = {}
        best = Chain(0, (), ())
        for start in self.entries():
            chain = self._longest_from(start, memo)
            if chain.hops > best.hops:
                best = chain
        return best

    def _longest_from(self, start: str, memo: dict[str, Chain]) -> Chain:
        if start in memo:
            return memo[start]
        on_path = {start}
        stack = [(start, iter(self.sync_out(start)))]
        while stack:
            node, children = stack[-1]
            child = next(
                (e.target for e in children if e.target not in on_path and e.target not in memo),
                None,
            )
            if child is not None:
                on_path.add(child)
                stack.append((child, iter(self.sync_out(child))))
                continue
            stack.pop()
            on_path.discard(node)
            memo[node] = self._best_step(node, memo, on_path)
        return memo[start]

    def _best_step(self, node: str, memo: dict[str, Chain], on_path: set[str]) -> Chain:
        best = Chain(0, (node,), ())
        for edge in self.sync_out(node):
            below = memo.get(edge.target)
            if below is not None and edge.target not in on_path and below.hops + 1 > best.hops:
                best = Chain(below.hops + 1, (node, *below.nodes), (edge.id, *below.edges))
        return best


def plural_label(label: str) -> bool:
    """'Sender workers', 'API servers' name several instances; 'Scheduler', 'Postgres' one."""
    words = re.findall(r"[a-z]+", re.sub(r"\([^)]*\)", " ", label.lower()))
    if not words:
        return False
    last = words[-1]
    return (
        len(last) > 3
        and last.endswith("s")
        and not last.endswith(("ss", "us", "is"))
        and last not in NOT_PLURAL
    )


def mentions_redundancy(node: Node) -> bool:
    """True when the node's label or notes describe a standby/replica set (not negated)."""
    text = "\n".join(t for t in (node.label, node.notes) if t)
    if not text:
        return False
    index = TextIndex(make_units(text, "label", node_id=node.id))
    for phrase_text in REDUNDANCY_PHRASES:
        phrase = compile_phrase(phrase_text)
        if phrase and any(not m.negated for m in index.find(phrase)):
            return True
    return False
