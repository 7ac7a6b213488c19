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
