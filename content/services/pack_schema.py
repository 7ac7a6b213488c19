"""What a content pack may contain, and validation that names file, entry and field.

The schema is data (one dict per entry kind) so the loader, the exporter and the docs in
docs/content-packs.md agree on one list of fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from content.diagram_vocabulary import NODE_KINDS as DIAGRAM_NODE_KINDS
from content.models import Difficulty, Level, Track

# A field spec: (python type(s), required). Nested lists of entries use a schema name.
STR = (str,)
INT = (int,)
BOOL = (bool,)
STR_LIST = "str_list"


@dataclass(frozen=True)
class Field:
    kind: Any
    required: bool = False
    default: Any = None
    unordered: bool = False  # a set of slugs: the canonical form sorts it

    @property
    def empty(self) -> Any:
        """The value an omitted field takes; the exporter leaves such values out."""
        if self.default is not None:
            return self.default
        if self.kind == STR:
            return ""
        if self.kind == STR_LIST or (isinstance(self.kind, tuple) and self.kind[0] == "entries"):
            return []
        if isinstance(self.kind, tuple) and self.kind[0] in ("mapping", "weights"):
            return {}
        return None


PHASE = {
    "slug": Field(STR, True),
    "name": Field(STR, True),
    "minutes": Field(INT, True),
    "goal": Field(STR, True),
    "candidate_guidance": Field(STR, True),
    "interviewer_guidance": Field(STR, True),
    "expected_outputs": Field(STR_LIST),
    "interviewer_prompts": Field(STR_LIST),
}
FRAMEWORK = {
    "slug": Field(STR, True),
    "name": Field(STR, True),
    "description": Field(STR),
    "default": Field(BOOL, default=False),
    "kind": Field(STR, default=Track.DESIGN.value),
    # A variant names its base and a length instead of listing phases (the loader rescales
    # the base's phases); every other framework lists its phases.
    "variant_of": Field(STR),
    "minutes": Field(INT),
    "phases": Field(("entries", PHASE)),
}
CUES = {"phrases": Field(STR_LIST), "patterns": Field(STR_LIST)}
CHECKLIST_ITEM = {
    "slug": Field(STR, True),
    "statement": Field(STR, True),
    "why_it_matters": Field(STR),
    "weight": Field(INT, default=2),
    "cues": Field(("mapping", CUES)),
    "study": Field(STR_LIST, unordered=True),
}
NFR_CATEGORY = {
    "slug": Field(STR, True),
    "name": Field(STR, True),
    "order": Field(INT, default=0),
    "summary": Field(STR, True),
    "why_it_matters": Field(STR),
    "items": Field(("entries", CHECKLIST_ITEM), True),
}
CONCEPT = {
    "slug": Field(STR, True),
    "title": Field(STR, True),
    "summary": Field(STR, True),
    "when_to_use": Field(STR, True),
    "trade_offs": Field(STR_LIST),
    "pitfalls": Field(STR_LIST),
    "related_nfrs": Field(STR_LIST, unordered=True),
    "related_concepts": Field(STR_LIST, unordered=True),
}
ESTIMATION_INPUT = {
    "name": Field(STR, True),
    "value": Field((int, float), True),
    "unit": Field(STR, True),
}
FOLLOW_UP = {"phase": Field(STR, True), "text": Field(STR, True)}
CURVEBALL = {"text": Field(STR, True), "what_good_looks_like": Field(STR)}
COMPONENT = {
    "component": Field(STR, True),
    "kinds": Field(STR_LIST, unordered=True),  # diagram node kinds that can play it
    "match": Field(STR_LIST, unordered=True),  # words that identify it in a label or notes
}
EXPECTATIONS = {level: Field(STR) for level in Level.values}
NUMBER = (int, float)
# A starter board, in the board's own format (content/starter_boards.py checks the values).
STARTER_NODE = {
    "id": Field(STR, True),
    "kind": Field(STR, True),
    "label": Field(STR),
    "x": Field(NUMBER, True),
    "y": Field(NUMBER, True),
    "notes": Field(STR),
    "replicas": Field(INT),
}
STARTER_EDGE = {
    "id": Field(STR, True),
    "from": Field(STR, True),
    "to": Field(STR, True),
    "label": Field(STR),
    "mode": Field(STR, default="sync"),
}
STARTER_ZONE = {
    "id": Field(STR, True),
    "kind": Field(STR, True),
    "label": Field(STR),
    "x": Field(NUMBER, True),
    "y": Field(NUMBER, True),
    "w": Field(NUMBER, True),
    "h": Field(NUMBER, True),
}
STARTER_TEXT = {
    "id": Field(STR, True),
    "style": Field(STR, default="text"),
    "text": Field(STR),
    "x": Field(NUMBER, True),
    "y": Field(NUMBER, True),
}
STARTER_BOARD = {
    "nodes": Field(("entries", STARTER_NODE)),
    "edges": Field(("entries", STARTER_EDGE)),
    "zones": Field(("entries", STARTER_ZONE)),
    "texts": Field(("entries", STARTER_TEXT)),
}
# What one instance of a component kind takes per second (pack_capacities.py checks values).
COMPONENT_CAPACITY = {
    "kind": Field(STR, True),  # a node kind: the entry's key
    "per_instance": Field(NUMBER, True),
    "unit": Field(STR, default="requests/s"),
    "writes_per_instance": Field(NUMBER),  # databases: writes/s the primary accepts
    "why": Field(STR),
}
QUESTION = {
    "slug": Field(STR, True),
    "title": Field(STR, True),
    "kind": Field(STR, default=Track.DESIGN.value),
    "prompt": Field(STR, True),
    "difficulty": Field(STR, True),
    "levels": Field(STR_LIST, True),
    "tags": Field(STR_LIST, unordered=True),
    "scale_hints": Field(STR),
    "estimation_inputs": Field(("entries", ESTIMATION_INPUT)),
    "functional_requirements": Field(STR_LIST),
    "nfr_focus": Field(("weights",)),
    "hints": Field(STR_LIST),
    "follow_ups": Field(("entries", FOLLOW_UP)),
    "curveballs": Field(("entries", CURVEBALL)),
    "strong_answer": Field(("entries", COMPONENT)),
    "reference_outline": Field(STR, True),
    "expectations": Field(("mapping", EXPECTATIONS)),
    "related_concepts": Field(STR_LIST, unordered=True),
    "published": Field(BOOL, default=True),
    # The board a session starts from (content/starter_boards.py checks its contents).
    "starter_board": Field(("mapping", STARTER_BOARD)),
    # The question's own capacities per kind, over the pack's component_capacities.
    "component_capacities": Field(("entries", COMPONENT_CAPACITY)),
}
CRITERION = {
    "slug": Field(STR, True),
    "title": Field(STR, True),
    "phase": Field(STR),
    "assesses": Field(STR, True),
    "weight": Field(INT, default=1),
    "anchors": Field(STR_LIST, True),
}
RUBRIC = {
    "slug": Field(STR, True),
    "framework": Field(STR, True),
    "level": Field(STR, True),
    "title": Field(STR, True),
    "description": Field(STR),
    "criteria": Field(("entries", CRITERION), True),
}

SECTIONS = {
    "frameworks": FRAMEWORK,
    "nfr_categories": NFR_CATEGORY,
    "concepts": CONCEPT,
    "questions": QUESTION,
    "rubrics": RUBRIC,
}

DIAGRAM_PATTERNS = frozenset(
    {
        "cache_on_read_path",
        "replicated_database",
        "queue_between_services",
        "load_balanced_service",
        "multi_instance_services",
        "cdn_in_front",
        "async_edge",
        "api_gateway_entry",
        "object_store_for_blobs",
        "search_index",
    }
)
# The diagram node kinds (content/diagram_vocabulary.py: the board imports the same list).
NODE_KINDS = frozenset(DIAGRAM_NODE_KINDS)
TRACKS = frozenset(Track.values)
LEVELS = frozenset(Level.values)
DIFFICULTIES = frozenset(Difficulty.values)


class PackValidationError(Exception):
    def __init__(self, file: str, entry: str, field: str, problem: str):
        self.file, self.entry, self.field, self.problem = file, entry, field, problem
        super().__init__(f"{file}: {entry}: field '{field}': {problem}")


def _type_name(kind: Any) -> str:
    if kind == STR_LIST:
        return "a list of strings"
    if isinstance(kind, tuple) and kind and isinstance(kind[0], str):
        return {
            "entries": "a list of mappings",
            "mapping": "a mapping",
            "weights": "a mapping of slug to 1..3",
        }[kind[0]]
    return " or ".join(
        {str: "text", int: "a whole number", float: "a number", bool: "true/false"}[k] for k in kind
    )


def validate_entry(data: Any, schema: dict[str, Field], *, file: str, entry: str) -> None:
    """Check one entry against its schema; raise PackValidationError naming the field."""
    if not isinstance(data, dict):
        raise PackValidationError(file, entry, "-", "expected a mapping of fields")
    for key in data:
        if key not in schema:
            raise PackValidationError(
                file, entry, str(key), f"unknown field (allowed: {', '.join(schema)})"
            )
    for name, spec in schema.items():
        value = data.get(name)
        if value is None:
            if spec.required:
                raise PackValidationError(file, entry, name, "missing required field")
            continue
        _validate_value(value, spec.kind, file=file, entry=entry, field=name)


def _is_weight_map(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 3
        for k, v in value.items()
    )


def _validate_value(value: Any, kind: Any, *, file: str, entry: str, field: str) -> None:
    bad = PackValidationError(
        file, entry, field, f"expected {_type_name(kind)}, got {type(value).__name__}"
    )
    if kind == STR_LIST:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad
        return
    if isinstance(kind, tuple) and kind and isinstance(kind[0], str):
        form = kind[0]
        if form == "entries":
            if not isinstance(value, list):
                raise bad
            for i, sub in enumerate(value):
                label = (
                    sub.get("slug")
                    if isinstance(sub, dict) and isinstance(sub.get("slug"), str)
                    else f"#{i + 1}"
                )
                validate_entry(sub, kind[1], file=file, entry=f"{entry} > {field}[{label}]")
        elif form == "mapping":
            validate_entry(value, kind[1], file=file, entry=f"{entry} > {field}")
        elif form == "weights" and not _is_weight_map(value):
            raise bad
        return
    # bool is an int subclass: a YAML `true` must not pass as a number.
    if isinstance(value, bool) and bool not in kind:
        raise bad
    if not isinstance(value, kind):
        raise bad


def canonical(data: dict[str, Any], schema: dict[str, Field]) -> dict[str, Any]:
    """Return the entry with keys in schema order and default-valued fields left out."""
    out: dict[str, Any] = {}
    for name, spec in schema.items():
        value = data.get(name)
        if value is None or value == spec.empty:
            continue
        if isinstance(spec.kind, tuple) and spec.kind and spec.kind[0] == "entries":
            value = [canonical(v, spec.kind[1]) for v in value]
        elif isinstance(spec.kind, tuple) and spec.kind and spec.kind[0] == "mapping":
            value = canonical(value, spec.kind[1])
            if not value:
                continue
        elif isinstance(spec.kind, tuple) and spec.kind and spec.kind[0] == "weights":
            value = dict(sorted(value.items(), key=lambda kv: (-kv[1], kv[0])))
        elif spec.unordered:
            value = sorted(set(value))
        out[name] = value
    return out


# Reference sessions (calibration drills): a script the product replays as a real session,
# and the reference scores with their rationale.
SCRIPT_NOTES = {"section": Field(STR, True), "text": Field(STR, True)}
SCRIPT_NODE = {
    "id": Field(STR, True),
    "kind": Field(STR, True),
    "label": Field(STR, True),
    "replicas": Field(INT),
    "x": Field(INT, default=0),
    "y": Field(INT, default=0),
}
SCRIPT_EDGE = {
    "from": Field(STR, True),
    "to": Field(STR, True),
    "label": Field(STR),
    "mode": Field(STR),
}
SCRIPT_STEP = {
    "at": Field(INT, True),  # seconds from the start of the session
    "phase": Field(STR),  # move on to this phase first (forward only)
    "say": Field(STR),  # the candidate speaks (chat)
    "ask": Field(STR),  # the interviewer asks (chat)
    "notes": Field(("mapping", SCRIPT_NOTES)),  # the candidate adds to a notes section
    "node": Field(("mapping", SCRIPT_NODE)),  # the candidate draws a component
    "edge": Field(("mapping", SCRIPT_EDGE)),  # the candidate connects two components
}
REFERENCE_SCORE = {
    "criterion": Field(STR, True),
    "score": Field(INT, True),
    "rationale": Field(STR, True),
}
REFERENCE_SESSION = {
    "slug": Field(STR, True),
    "title": Field(STR, True),
    "question": Field(STR, True),
    "framework": Field(STR, True),
    "level": Field(STR, True),
    "strength": Field(STR, True),
    "summary": Field(STR, True),
    "script": Field(("entries", SCRIPT_STEP), True),
    "scores": Field(("entries", REFERENCE_SCORE), True),
}
SECTIONS["reference_sessions"] = REFERENCE_SESSION
SECTIONS["component_capacities"] = COMPONENT_CAPACITY
# The field that names an entry, where it is not its slug.
ENTRY_KEYS = {"component_capacities": "kind"}
# The board's notes sections (interviews/board.py NOTE_SECTIONS; a test keeps them equal:
# content knows nothing of sessions, so it keeps its own copy for validating scripts).
NOTE_SECTION_SLUGS = ("requirements", "estimates", "api", "data_model", "deep_dive", "free")
STRENGTHS = frozenset({"strong", "weak"})
