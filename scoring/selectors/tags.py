"""What a scorecard comment can be tagged with: a component of the final board or a phase."""

from __future__ import annotations

from interviews.models import InterviewSession
from interviews.selectors import history

KIND_NAMES = {
    "load_balancer": "load balancer",
    "api_gateway": "API gateway",
    "object_store": "object store",
}


def scorecard_tags(*, session: InterviewSession) -> list[tuple[str, str]]:
    """(value, label) pairs: "component:<node id>" named by its label, "phase:<slug>" by the
    phase's name, in board and framework order."""
    board = history.board_final_get(session_id=session.pk)
    components = [
        (f"component:{node['id']}", _component_name(node))
        for node in board.get("nodes", [])
        if node.get("id")
    ]
    phases = [
        (f"phase:{phase.slug}", phase.name)
        for phase in session.framework.phases.order_by("order", "slug")
    ]
    return components + phases


def _component_name(node: dict) -> str:
    label = str(node.get("label") or "").strip()
    kind = str(node.get("kind") or "component")
    return label or f"unnamed {KIND_NAMES.get(kind, kind.replace('_', ' '))}"
