"""Built-in recognisers: the mechanism lexicon (lexicon.py) and the diagram patterns per quality.

The content pack's checklist items bring their own cue phrases, but whether a sentence
gives a mechanism, and which qualities that mechanism serves, is the lexicon's call, so the
verdict does not depend on how well a checklist's cues were written (coverage.py).
"""

from __future__ import annotations

from .lexicon import KNOWN_CATEGORIES, MECHANISMS, Mechanism, mechanisms_for

__all__ = ["CATEGORY_PATTERNS", "KNOWN_CATEGORIES", "MECHANISMS", "Mechanism", "mechanisms_for"]

# Diagram patterns that hint at each quality. Structure alone is weak evidence ("partly"):
# the labelled sessions show interviewers do not credit boxes nobody explained.
CATEGORY_PATTERNS: dict[str, tuple[str, ...]] = {
    "scalability": ("load_balanced_service", "multi_instance_services", "queue_between_services"),
    "performance": ("cache_on_read_path", "cdn_in_front", "search_index"),
    "latency": ("cache_on_read_path", "cdn_in_front"),
    "reliability": ("queue_between_services", "replicated_database"),
    "availability": ("load_balanced_service", "replicated_database", "multi_instance_services"),
    "fault_tolerance": ("replicated_database", "multi_instance_services", "queue_between_services"),
    "consistency": (),
    "security": ("api_gateway_entry",),
    "disaster_recovery": (),
    "observability": (),
}
