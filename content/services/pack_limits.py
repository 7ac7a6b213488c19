"""Limits on a content pack, checked before it is parsed into Python objects (the YAML text)
and before any of it is validated or written (the parsed documents): every door (the API's
import and entry writes, ``loadcontent``) goes through both, so a bad pack is a clear
error naming file, entry and field, never a RecursionError, a 19 MB expansion of 18 KB of
aliases, or a database error.

The values are in docs/content-packs.md ("Limits"); the built-in pack uses a fraction of
each (its deepest entry nests 7 levels, its longest list has 27 entries, its longest text
field 3.7 KB).
"""

from __future__ import annotations

import math
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug

from content.models import (
    ChecklistItem,
    Concept,
    FollowUp,
    InterviewFramework,
    NFRCategory,
    Phase,
    Question,
    Rubric,
    RubricCriterion,
    Tag,
)

from .pack_schema import PackValidationError

PACK_MAX_FILES = 500
FILE_MAX_CHARS = 1_000_000  # one YAML file, as written
YAML_MAX_DEPTH = 16  # nested mappings and lists in one file
YAML_MAX_ALIASES = 100  # *alias references in one file
YAML_MAX_EXPANDED_CHARS = 2_000_000  # a file's text once every alias is expanded
SECTION_MAX_ENTRIES = 1000  # entries of one section in one file
ENTRY_MAX_DEPTH = 8  # levels inside one entry (the built-in pack needs 4)
LIST_MAX_ITEMS = 100  # any list inside an entry (hints, phases, criteria, tags, ...)
TEXT_MAX_CHARS = 20_000  # any text without a shorter column limit
NUMBER_MAX = 10**15  # estimation inputs and the like; small-integer columns have their own

# Fields stored in columns with a length: the shortest column a field of that name goes to.
# Read from the models, so a migration that changes a length changes the limit.


def _shortest(field: str, *models: Any) -> int:
    return min(model._meta.get_field(field).max_length for model in models)


FIELD_MAX_CHARS = {
    "slug": _shortest(
        "slug",
        InterviewFramework,
        Phase,
        NFRCategory,
        ChecklistItem,
        Concept,
        Question,
        Rubric,
        RubricCriterion,
    ),
    "tags": _shortest("slug", Tag),
    "phase": _shortest("phase_slug", FollowUp),
    "framework": _shortest("slug", InterviewFramework),
    "title": _shortest("title", Concept, Question, Rubric, RubricCriterion),
    "name": _shortest("name", InterviewFramework, Phase, NFRCategory),
    "difficulty": _shortest("difficulty", Question),
    "level": _shortest("level", Rubric),
}
SLUG_FIELDS = frozenset({"slug", "tags"})
# Integers stored in small-integer columns (PostgreSQL smallint: up to 32767).
FIELD_MAX_NUMBER = {"minutes": 600, "order": 32767, "weight": 32767}

_NODE_START = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_NODE_END = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def yaml_text_check(name: str, text: str) -> None:
    """Refuse a YAML file that is too large, too deep, or amplifies through aliases, from its
    parser events alone (nothing is built, so neither memory nor recursion grow)."""
    if len(text) > FILE_MAX_CHARS:
        raise _file_error(name, f"is {len(text):,} characters; at most {FILE_MAX_CHARS:,}")
    anchored: dict[str, int] = {}  # anchor -> its node's expanded size
    open_nodes: list[tuple[str | None, int]] = []  # (anchor, expanded size when it opened)
    expanded = aliases = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > YAML_MAX_ALIASES:
                    raise _file_error(name, f"uses more than {YAML_MAX_ALIASES} aliases (*name)")
                expanded += anchored.get(event.anchor or "", 0)
            elif isinstance(event, yaml.ScalarEvent):
                expanded += len(event.value)
                if event.anchor:
                    anchored[event.anchor] = len(event.value)
            elif isinstance(event, _NODE_START):
                open_nodes.append((event.anchor, expanded))
                if len(open_nodes) > YAML_MAX_DEPTH:
                    raise _file_error(name, f"is nested deeper than {YAML_MAX_DEPTH} levels")
            elif isinstance(event, _NODE_END):
                anchor, size_at_start = open_nodes.pop()
                if anchor:
                    anchored[anchor] = expanded - size_at_start
            if expanded > YAML_MAX_EXPANDED_CHARS:
                raise _file_error(
                    name,
                    f"would expand to more than {YAML_MAX_EXPANDED_CHARS:,} characters once its "
                    "aliases are resolved",
                )
    except yaml.YAMLError as exc:
        raise _file_error(name, f"not valid YAML: {exc}") from exc


def pack_documents_check(docs: dict[str, Any]) -> None:
    """Refuse parsed pack documents ({file: {section: [entries]}}) with too many files or
    entries, entries nested too deep, or values no column can hold: NUL characters,
    over-long text, slugs outside Django's slug rules, huge or non-finite numbers."""
    if len(docs) > PACK_MAX_FILES:
        raise _file_error("-", f"a pack holds at most {PACK_MAX_FILES} files")
    for file, doc in docs.items():
        if not isinstance(doc, dict):
            continue  # pack_validate names the shape problem
        for section, entries in doc.items():
            if not isinstance(entries, list):
                continue
            if len(entries) > SECTION_MAX_ENTRIES:
                raise PackValidationError(
                    file, str(section), "-", f"at most {SECTION_MAX_ENTRIES} entries per file"
                )
            for index, entry in enumerate(entries):
                _entry_check(entry, file=file, entry=f"{section}[{_label(entry, index)}]")


def _label(entry: Any, index: int) -> str:
    slug = entry.get("slug") if isinstance(entry, dict) else None
    if isinstance(slug, str) and len(slug) <= FIELD_MAX_CHARS["slug"] and "\x00" not in slug:
        return slug
    return f"#{index + 1}"


def _entry_check(data: Any, *, file: str, entry: str) -> None:
    """Walk one entry without recursion (a deep one must not overflow the stack). A list's
    items are checked under the list's field name (each of ``tags`` is a slug)."""
    stack: list[tuple[Any, str, int, str]] = [(data, "", 0, "")]
    while stack:
        value, path, depth, name = stack.pop()
        if depth > ENTRY_MAX_DEPTH:
            raise PackValidationError(
                file, entry, path, f"nested deeper than {ENTRY_MAX_DEPTH} levels"
            )
        if isinstance(value, dict):
            for key, sub in value.items():
                key_text = str(key)
                if "\x00" in key_text:
                    raise PackValidationError(file, entry, path or "-", _NUL)
                stack.append((sub, f"{path}.{key_text}" if path else key_text, depth + 1, key_text))
        elif isinstance(value, list):
            if len(value) > LIST_MAX_ITEMS:
                raise PackValidationError(
                    file, entry, path, f"at most {LIST_MAX_ITEMS} items (got {len(value)})"
                )
            for index, sub in enumerate(value):
                stack.append((sub, f"{path}[#{index + 1}]", depth + 1, name))
        else:
            problem = _scalar_problem(value, name)
            if problem:
                raise PackValidationError(file, entry, path or "-", problem)


_NUL = "contains a NUL character (\\x00), which cannot be stored"


def _scalar_problem(value: Any, name: str) -> str:
    if isinstance(value, str):
        if "\x00" in value:
            return _NUL
        limit = FIELD_MAX_CHARS.get(name, TEXT_MAX_CHARS)
        if len(value) > limit:
            return f"at most {limit:,} characters (got {len(value):,})"
        if name in SLUG_FIELDS:
            try:
                validate_slug(value)
            except ValidationError:
                return (
                    f"'{value}' is not a slug: use ASCII letters, digits, hyphens and "
                    "underscores only"
                )
    elif isinstance(value, float) and not math.isfinite(value):
        return "must be a finite number"
    elif isinstance(value, int | float) and not isinstance(value, bool):
        limit = FIELD_MAX_NUMBER.get(name, NUMBER_MAX)
        if abs(value) > limit:
            return f"must be at most {limit:,}"
    return ""


def _file_error(name: str, problem: str) -> PackValidationError:
    return PackValidationError(name, "-", "-", problem)
