"""Read and validate a content pack as a whole: every file, section, value and cross-reference
is checked before anything is written (pack_load.py writes what passes)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from content.models import Concept, InterviewFramework, NFRCategory, Phase

from ..starter_boards import starter_board_problems
from .pack_limits import PACK_MAX_FILES, pack_documents_check, yaml_text_check
from .pack_schema import (
    DIAGRAM_PATTERNS,
    DIFFICULTIES,
    ENTRY_KEYS,
    LEVELS,
    NODE_KINDS,
    SECTIONS,
    TRACKS,
    PackValidationError,
    validate_entry,
)

PackError = PackValidationError


@dataclass
class Entry:
    file: str
    section: str
    data: dict[str, Any]

    @property
    def slug(self) -> str:
        return self.data[ENTRY_KEYS.get(self.section, "slug")]

    def error(self, field: str, problem: str) -> PackValidationError:
        return PackValidationError(self.file, f"{self.section}[{self.slug}]", field, problem)


def pack_files_read(path: Path) -> dict[str, str]:
    """Read a pack folder (or one file) as {relative name: text}."""
    files = [path] if path.is_file() else sorted(path.rglob("*.yaml")) + sorted(path.rglob("*.yml"))
    if not files:
        raise PackValidationError(str(path), "-", "-", "no .yaml files found")
    texts = {}
    for file in files:
        rel = str(file.relative_to(path)) if path.is_dir() else file.name
        try:
            texts[rel] = file.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise PackValidationError(rel, "-", "-", "not UTF-8 text") from exc
    return texts


def pack_parse(texts: dict[str, str]) -> dict[str, list[Entry]]:
    """Parse and validate a pack given as {file name: YAML text}; raise PackError on the first problem."""
    if len(texts) > PACK_MAX_FILES:
        raise PackValidationError("-", "-", "-", f"a pack holds at most {PACK_MAX_FILES} files")
    docs = {}
    for name, text in texts.items():
        yaml_text_check(name, text)  # size, depth and aliases, before anything is built
        try:
            docs[name] = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise PackValidationError(name, "-", "-", f"not valid YAML: {exc}") from exc
    return pack_validate(docs)


def pack_validate(docs: dict[str, Any]) -> dict[str, list[Entry]]:
    """Validate parsed pack documents ({file name: mapping of sections}) as a whole."""
    pack_documents_check(docs)  # sizes, depth, NUL, slug rules: what no column could hold
    entries: dict[str, list[Entry]] = {name: [] for name in SECTIONS}
    for rel, doc in docs.items():
        if doc is None:
            continue
        if not isinstance(doc, dict):
            raise PackValidationError(rel, "-", "-", "top level must be a mapping of sections")
        for section, items in doc.items():
            if section not in SECTIONS:
                raise PackValidationError(
                    rel, str(section), "-", f"unknown section (allowed: {', '.join(SECTIONS)})"
                )
            if not isinstance(items, list):
                raise PackValidationError(rel, section, "-", "a section must be a list of entries")
            key = ENTRY_KEYS.get(section, "slug")
            for i, data in enumerate(items):
                label = (
                    data.get(key)
                    if isinstance(data, dict) and isinstance(data.get(key), str)
                    else f"#{i + 1}"
                )
                validate_entry(data, SECTIONS[section], file=rel, entry=f"{section}[{label}]")
                entries[section].append(Entry(rel, section, data))
    _check_duplicates(entries)
    _check_values(entries)
    _check_references(entries)
    from .pack_capacities import component_capacities_check, question_capacities_check
    from .pack_reference_sessions import reference_sessions_check  # they build on Entry

    reference_sessions_check(entries)
    component_capacities_check(entries["component_capacities"])
    for e in entries["questions"]:
        question_capacities_check(e)
    return entries


def _check_duplicates(entries: dict[str, list[Entry]]) -> None:
    for items in entries.values():
        seen: dict[str, Entry] = {}
        for e in items:
            if e.slug in seen:
                key = ENTRY_KEYS.get(e.section, "slug")
                raise e.error(key, f"duplicate {key} '{e.slug}' (also in {seen[e.slug].file})")
            seen[e.slug] = e
    for e in entries["frameworks"]:
        _unique_children(e, "phases")
    for e in entries["nfr_categories"]:
        _unique_children(e, "items")
    for e in entries["rubrics"]:
        _unique_children(e, "criteria")


def _unique_children(e: Entry, key: str) -> None:
    seen: set[str] = set()
    for child in e.data.get(key, []):
        if child["slug"] in seen:
            raise e.error(f"{key}[{child['slug']}].slug", "duplicate slug")
        seen.add(child["slug"])


def _check_values(entries: dict[str, list[Entry]]) -> None:
    if sum(1 for e in entries["frameworks"] if e.data.get("default")) > 1:
        raise entries["frameworks"][-1].error("default", "only one framework can be the default")
    for e in entries["frameworks"]:
        _check_framework_shape(e)
    for e in entries["nfr_categories"]:
        for item in e.data["items"]:
            if not 1 <= item.get("weight", 2) <= 3:
                raise e.error(f"items[{item['slug']}].weight", "must be 1, 2 or 3")
            unknown = set(item.get("cues", {}).get("patterns", [])) - DIAGRAM_PATTERNS
            if unknown:
                raise e.error(
                    f"items[{item['slug']}].cues.patterns",
                    f"unknown pattern(s): {', '.join(sorted(unknown))}",
                )
    for e in entries["questions"]:
        if e.data["difficulty"] not in DIFFICULTIES:
            raise e.error("difficulty", f"must be one of {', '.join(sorted(DIFFICULTIES))}")
        bad = set(e.data["levels"]) - LEVELS
        if bad or not e.data["levels"]:
            raise e.error("levels", f"must be a non-empty list of {', '.join(sorted(LEVELS))}")
        _check_question_track(e)
        problems = starter_board_problems(e.data.get("starter_board"))
        if problems:
            raise e.error("starter_board", "; ".join(problems[:5]))
    for e in entries["rubrics"]:
        if e.data["level"] not in LEVELS:
            raise e.error("level", f"must be one of {', '.join(sorted(LEVELS))}")
        for c in e.data["criteria"]:
            if len(c["anchors"]) != 4:
                raise e.error(
                    f"criteria[{c['slug']}].anchors", "needs exactly four anchored descriptions"
                )
            if not 1 <= c.get("weight", 1) <= 5:
                raise e.error(f"criteria[{c['slug']}].weight", "must be between 1 and 5")


def _check_framework_shape(e: Entry) -> None:
    """A framework lists its phases; a variant names its base and a length instead."""
    d = e.data
    if d.get("kind", "design") not in TRACKS:
        raise e.error("kind", f"must be one of {', '.join(sorted(TRACKS))}")
    if d.get("variant_of"):
        if d.get("phases"):
            raise e.error("phases", "a variant takes its base's phases; give 'minutes' instead")
        if d.get("minutes") is None or d["minutes"] <= 0:
            raise e.error("minutes", "a variant needs its length as a positive number of minutes")
        return
    if d.get("minutes") is not None:
        raise e.error("minutes", "only a variant (with 'variant_of') gives a length")
    if not d.get("phases"):
        raise e.error("phases", "a framework needs at least one phase")
    for p in d["phases"]:
        if p["minutes"] <= 0:
            raise e.error(f"phases[{p['slug']}].minutes", "must be a positive number of minutes")


def _check_question_track(e: Entry) -> None:
    d = e.data
    if d.get("kind", "design") not in TRACKS:
        raise e.error("kind", f"must be one of {', '.join(sorted(TRACKS))}")
    for i, component in enumerate(d.get("strong_answer", []), start=1):
        unknown = set(component.get("kinds", [])) - NODE_KINDS
        if unknown:
            raise e.error(
                f"strong_answer[#{i}].kinds",
                f"unknown node kind(s): {', '.join(sorted(unknown))} "
                f"(allowed: {', '.join(sorted(NODE_KINDS))})",
            )
    if d.get("kind") == "experience":
        missing = [lv for lv in d["levels"] if not d.get("expectations", {}).get(lv)]
        if missing:
            raise e.error(
                "expectations",
                f"an experience prompt says what good looks like for each of its levels "
                f"(missing: {', '.join(missing)})",
            )


def _check_variant_bases(frameworks: list[Entry]) -> set[str]:
    """Each variant's base exists (in the pack or the database), is not itself a variant and
    has at least a minute per phase to give; return the slugs of all variants."""
    in_pack = {e.slug: e.data for e in frameworks}
    stored = {
        f.slug: f
        for f in InterviewFramework.objects.prefetch_related("phases").exclude(slug__in=in_pack)
    }
    variants = {s for s, d in in_pack.items() if d.get("variant_of")}
    variants |= {s for s, f in stored.items() if f.variant_of_id}
    for e in frameworks:
        base = e.data.get("variant_of")
        if not base:
            continue
        if base not in in_pack and base not in stored:
            raise e.error("variant_of", f"unknown framework '{base}'")
        if base in variants:
            raise e.error("variant_of", f"'{base}' is itself a variant; name its base instead")
        base_data = in_pack.get(base)
        base_kind = base_data.get("kind", "design") if base_data else stored[base].kind
        if e.data.get("kind", base_kind) != base_kind:
            raise e.error("kind", f"a variant has its base's kind ('{base_kind}')")
        count = len(base_data["phases"]) if base_data else len(stored[base].phases.all())
        if e.data["minutes"] < count:
            raise e.error("minutes", f"'{base}' has {count} phases: at least a minute each")
    return variants


def _check_references(entries: dict[str, list[Entry]]) -> None:
    concepts = {e.slug for e in entries["concepts"]} | set(
        Concept.objects.values_list("slug", flat=True)
    )
    nfrs = {e.slug for e in entries["nfr_categories"]} | set(
        NFRCategory.objects.values_list("slug", flat=True)
    )
    phases_by_fw: dict[str, set[str]] = defaultdict(set)
    for fw_slug, ph_slug in Phase.objects.values_list("framework__slug", "slug"):
        phases_by_fw[fw_slug].add(ph_slug)
    for e in entries["frameworks"]:  # a framework in the pack replaces its phases
        phases_by_fw[e.slug] = {p["slug"] for p in e.data.get("phases", [])}
    variants = _check_variant_bases(entries["frameworks"])
    for e in entries["frameworks"]:  # a variant has its base's phases
        if e.data.get("variant_of"):
            phases_by_fw[e.slug] = set(phases_by_fw.get(e.data["variant_of"], set()))
    all_phases = set().union(*phases_by_fw.values()) if phases_by_fw else set()

    def check(e: Entry, fieldname: str, values: list[str], known: set[str], what: str) -> None:
        for v in values:
            if v not in known:
                raise e.error(fieldname, f"unknown {what} '{v}'")

    for e in entries["nfr_categories"]:
        for item in e.data["items"]:
            check(e, f"items[{item['slug']}].study", item.get("study", []), concepts, "concept")
    for e in entries["concepts"]:
        check(e, "related_nfrs", e.data.get("related_nfrs", []), nfrs, "NFR category")
        check(e, "related_concepts", e.data.get("related_concepts", []), concepts, "concept")
    for e in entries["questions"]:
        check(e, "related_concepts", e.data.get("related_concepts", []), concepts, "concept")
        check(e, "nfr_focus", list(e.data.get("nfr_focus", {})), nfrs, "NFR category")
        for i, f in enumerate(e.data.get("follow_ups", [])):
            check(e, f"follow_ups[#{i + 1}].phase", [f["phase"]], all_phases, "phase")
    for e in entries["rubrics"]:
        fw = e.data["framework"]
        if fw not in phases_by_fw:
            raise e.error("framework", f"unknown framework '{fw}'")
        if fw in variants:
            raise e.error("framework", f"'{fw}' is a variant, scored with the rubrics of its base")
        for c in e.data["criteria"]:
            if c.get("phase"):
                check(
                    e,
                    f"criteria[{c['slug']}].phase",
                    [c["phase"]],
                    phases_by_fw[fw],
                    f"phase of '{fw}'",
                )
