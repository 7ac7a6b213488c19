"""Read and validate a content pack as a whole: every file, section, value and cross-reference
is checked before anything is written (pack_load.py writes what passes)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from content.models import Concept, NFRCategory, Phase

from .pack_schema import (
    DIAGRAM_PATTERNS,
    DIFFICULTIES,
    LEVELS,
    SECTIONS,
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
        return self.data["slug"]

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
    docs = {}
    for name, text in texts.items():
        try:
            docs[name] = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise PackValidationError(name, "-", "-", f"not valid YAML: {exc}") from exc
    return pack_validate(docs)


def pack_validate(docs: dict[str, Any]) -> dict[str, list[Entry]]:
    """Validate parsed pack documents ({file name: mapping of sections}) as a whole."""
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
            for i, data in enumerate(items):
                label = (
                    data.get("slug")
                    if isinstance(data, dict) and isinstance(data.get("slug"), str)
                    else f"#{i + 1}"
                )
                validate_entry(data, SECTIONS[section], file=rel, entry=f"{section}[{label}]")
                entries[section].append(Entry(rel, section, data))
    _check_duplicates(entries)
    _check_values(entries)
    _check_references(entries)
    return entries


def _check_duplicates(entries: dict[str, list[Entry]]) -> None:
    for items in entries.values():
        seen: dict[str, Entry] = {}
        for e in items:
            if e.slug in seen:
                raise e.error("slug", f"duplicate slug '{e.slug}' (also in {seen[e.slug].file})")
            seen[e.slug] = e
    for e in entries["frameworks"]:
        _unique_children(e, "phases")
    for e in entries["nfr_categories"]:
        _unique_children(e, "items")
    for e in entries["rubrics"]:
        _unique_children(e, "criteria")


def _unique_children(e: Entry, key: str) -> None:
    seen: set[str] = set()
    for child in e.data[key]:
        if child["slug"] in seen:
            raise e.error(f"{key}[{child['slug']}].slug", "duplicate slug")
        seen.add(child["slug"])


def _check_values(entries: dict[str, list[Entry]]) -> None:
    if sum(1 for e in entries["frameworks"] if e.data.get("default")) > 1:
        raise entries["frameworks"][-1].error("default", "only one framework can be the default")
    for e in entries["frameworks"]:
        if not e.data["phases"]:
            raise e.error("phases", "a framework needs at least one phase")
        for p in e.data["phases"]:
            if p["minutes"] <= 0:
                raise e.error(
                    f"phases[{p['slug']}].minutes", "must be a positive number of minutes"
                )
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
        phases_by_fw[e.slug] = {p["slug"] for p in e.data["phases"]}
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
        for c in e.data["criteria"]:
            if c.get("phase"):
                check(
                    e,
                    f"criteria[{c['slug']}].phase",
                    [c["phase"]],
                    phases_by_fw[fw],
                    f"phase of '{fw}'",
                )
