"""What a diagram may contain: the one list of component kinds, arrow modes, zone kinds and
text styles. Content owns it (packs name kinds in rubrics and starter boards); the board
(``interviews.board``) and its protocol import it from here."""

from __future__ import annotations

NODE_KINDS = (
    "client",
    "load_balancer",
    "api_gateway",
    "service",
    "database",
    "cache",
    "queue",
    "object_store",
    "cdn",
    "search",
    "worker",
    "external",
)
EDGE_MODES = ("sync", "async")
ZONE_KINDS = ("region", "az", "vpc", "dc")
TEXT_STYLES = ("text", "sticky")

# What a component's capacity is counted in: per instance, per second. On a database,
# "writes/s" is what its primary accepts (the other units count its reads per instance); on
# every other kind the units are names for the same thing, the requests it serves.
CAPACITY_UNITS = ("requests/s", "ops/s", "reads/s", "messages/s", "writes/s")
# Kinds with no capacity of their own: the load enters at a client, and an external
# system's limits are someone else's.
UNBOUNDED_KINDS = ("client", "external")
CAPACITY_KINDS = tuple(k for k in NODE_KINDS if k not in UNBOUNDED_KINDS)
MAX_CAPACITY_PER_SECOND = 100_000_000
