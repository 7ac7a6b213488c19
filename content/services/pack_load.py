"""Load a content pack: validate everything first, then upsert by slug in one transaction."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from content.models import (
    ChecklistItem,
    Concept,
    Curveball,
    FollowUp,
    Hint,
    InterviewFramework,
    NFRCategory,
    Phase,
    Question,
    QuestionNFRFocus,
    Rubric,
    RubricCriterion,
    Tag,
)

from . import pack_export as export
from .pack_schema import (
    DIAGRAM_PATTERNS,
    DIFFICULTIES,
    LEVELS,
    SECTIONS,
    PackValidationError,
    canonical,
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


@dataclass
class PackLoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))

    def count(self, kind: str, outcome: str) -> None:
        idx = {"created": 0, "updated": 1, "unchanged": 2}[outcome]
        setattr(self, outcome, getattr(self, outcome) + 1)
        self.by_kind[kind][idx] += 1

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


# --- reading and validation -------------------------------------------------


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


# --- writing -----------------------------------------------------------------


def content_pack_load(*, path: Path, dry_run: bool = False) -> PackLoadResult:
    """Validate a pack folder, then upsert it by slug atomically; report created/updated/unchanged."""
    return content_pack_apply(entries=pack_parse(pack_files_read(path)), dry_run=dry_run)


def content_pack_apply(*, entries: dict[str, list[Entry]], dry_run: bool = False) -> PackLoadResult:
    """Upsert validated pack entries by slug in one transaction."""
    result = PackLoadResult()
    with transaction.atomic():
        # Categories and concepts point at each other: write them all, then link them.
        nfr_outcomes = [(e, _upsert_nfr_category(e)) for e in entries["nfr_categories"]]
        concept_outcomes = [(e, _upsert_concept(e)) for e in entries["concepts"]]
        for kind, outcomes, link in (
            ("concepts", concept_outcomes, _link_concept),
            ("nfr_categories", nfr_outcomes, _link_nfr_category),
        ):
            for e, outcome in outcomes:
                if outcome:
                    link(e)
                result.count(kind, outcome or "unchanged")
        for e in entries["frameworks"]:
            _upsert_framework(e, result)
        for e in entries["questions"]:
            _upsert_question(e, result)
        for e in entries["rubrics"]:
            _upsert_rubric(e, result)
        if dry_run:
            transaction.set_rollback(True)
    return result


def _outcome(existing: Any, entry: Entry, serialize: Any, schema: dict) -> str | None:
    """'created', 'updated', or None when the stored entry already equals the pack's."""
    if existing is None:
        return "created"
    if serialize(existing) == canonical(entry.data, schema):
        return None
    return "updated"


def _record(result: PackLoadResult, kind: str, outcome: str | None) -> None:
    result.count(kind, outcome or "unchanged")


def _reorder_guard(qs: Any) -> None:
    """Move existing orders out of the way so a reordered list never hits the unique order."""
    for obj in qs:
        obj.order += 10000
        obj.save(update_fields=["order"])


def _upsert_nfr_category(e: Entry) -> str | None:
    """Write a category and its items (study links come later, once concepts exist)."""
    d = e.data
    existing = NFRCategory.objects.filter(slug=e.slug).first()
    outcome = _outcome(existing, e, export.nfr_category_serialize, SECTIONS["nfr_categories"])
    if outcome is None:
        return None
    fields = {
        "name": d["name"],
        "order": d.get("order", 0),
        "summary": d["summary"],
        "why_it_matters": d.get("why_it_matters", ""),
    }
    cat, _ = NFRCategory.objects.update_or_create(slug=e.slug, defaults=fields)
    cat.items.exclude(slug__in=[i["slug"] for i in d["items"]]).delete()
    _reorder_guard(cat.items.all())
    for order, item in enumerate(d["items"], start=1):
        ChecklistItem.objects.update_or_create(
            category=cat,
            slug=item["slug"],
            defaults={
                "order": order,
                "statement": item["statement"],
                "why_it_matters": item.get("why_it_matters", ""),
                "weight": item.get("weight", 2),
                "cues": {k: v for k, v in item.get("cues", {}).items() if v},
            },
        )
    return outcome


def _link_nfr_category(e: Entry) -> None:
    items = {i.slug: i for i in ChecklistItem.objects.filter(category__slug=e.slug)}
    for item in e.data["items"]:
        items[item["slug"]].study_concepts.set(
            Concept.objects.filter(slug__in=item.get("study", []))
        )


def _upsert_concept(e: Entry) -> str | None:
    """Write a concept's own fields (links come later, once every concept exists)."""
    d = e.data
    existing = Concept.objects.filter(slug=e.slug).first()
    outcome = _outcome(existing, e, export.concept_serialize, SECTIONS["concepts"])
    if outcome is None:
        return None
    Concept.objects.update_or_create(
        slug=e.slug,
        defaults={
            "title": d["title"],
            "summary": d["summary"],
            "when_to_use": d["when_to_use"],
            "trade_offs": d.get("trade_offs", []),
            "pitfalls": d.get("pitfalls", []),
        },
    )
    return outcome


def _link_concept(e: Entry) -> None:
    concept = Concept.objects.get(slug=e.slug)
    concept.related_nfrs.set(NFRCategory.objects.filter(slug__in=e.data.get("related_nfrs", [])))
    concept.related_concepts.set(
        Concept.objects.filter(slug__in=e.data.get("related_concepts", []))
    )


def _upsert_framework(e: Entry, result: PackLoadResult) -> None:
    d = e.data
    fw = InterviewFramework.objects.filter(slug=e.slug).first()
    outcome = _outcome(fw, e, export.framework_serialize, SECTIONS["frameworks"])
    _record(result, "frameworks", outcome)
    if outcome is None:
        return
    if d.get("default"):
        InterviewFramework.objects.exclude(slug=e.slug).filter(is_default=True).update(
            is_default=False
        )
    fw, _ = InterviewFramework.objects.update_or_create(
        slug=e.slug,
        defaults={
            "name": d["name"],
            "description": d.get("description", ""),
            "is_default": d.get("default", False),
        },
    )
    fw.phases.exclude(slug__in=[p["slug"] for p in d["phases"]]).delete()
    _reorder_guard(fw.phases.all())
    for order, p in enumerate(d["phases"], start=1):
        Phase.objects.update_or_create(
            framework=fw,
            slug=p["slug"],
            defaults={
                "name": p["name"],
                "order": order,
                "planned_minutes": p["minutes"],
                "goal": p["goal"],
                "candidate_guidance": p["candidate_guidance"],
                "interviewer_guidance": p["interviewer_guidance"],
                "expected_outputs": p.get("expected_outputs", []),
                "interviewer_prompts": p.get("interviewer_prompts", []),
            },
        )


def _upsert_question(e: Entry, result: PackLoadResult) -> None:
    d = e.data
    q = (
        Question.objects.filter(slug=e.slug)
        .prefetch_related(
            "tags", "focus_links__category", "hints", "follow_ups", "curveballs", "related_concepts"
        )
        .first()
    )
    outcome = _outcome(q, e, export.question_serialize, SECTIONS["questions"])
    _record(result, "questions", outcome)
    if outcome is None:
        return
    q, _ = Question.objects.update_or_create(
        slug=e.slug,
        defaults={
            "title": d["title"],
            "prompt": d["prompt"],
            "difficulty": d["difficulty"],
            "target_levels": d["levels"],
            "scale_hints": d.get("scale_hints", ""),
            "estimation_inputs": d.get("estimation_inputs", []),
            "functional_requirements": d.get("functional_requirements", []),
            "reference_outline": d["reference_outline"],
            "published": d.get("published", True),
        },
    )
    q.tags.set([Tag.objects.get_or_create(slug=t)[0] for t in d.get("tags", [])])
    q.related_concepts.set(Concept.objects.filter(slug__in=d.get("related_concepts", [])))
    q.focus_links.all().delete()
    cats = {c.slug: c for c in NFRCategory.objects.filter(slug__in=list(d.get("nfr_focus", {})))}
    QuestionNFRFocus.objects.bulk_create(
        QuestionNFRFocus(question=q, category=cats[slug], weight=w)
        for slug, w in d.get("nfr_focus", {}).items()
    )
    q.hints.all().delete()
    Hint.objects.bulk_create(
        Hint(question=q, order=i, text=t) for i, t in enumerate(d.get("hints", []), start=1)
    )
    q.follow_ups.all().delete()
    FollowUp.objects.bulk_create(
        FollowUp(question=q, order=i, phase_slug=f["phase"], text=f["text"])
        for i, f in enumerate(d.get("follow_ups", []), start=1)
    )
    q.curveballs.all().delete()
    Curveball.objects.bulk_create(
        Curveball(
            question=q,
            order=i,
            text=c["text"],
            what_good_looks_like=c.get("what_good_looks_like", ""),
        )
        for i, c in enumerate(d.get("curveballs", []), start=1)
    )


def _upsert_rubric(e: Entry, result: PackLoadResult) -> None:
    d = e.data
    rubric = Rubric.objects.filter(slug=e.slug).select_related("framework").first()
    outcome = _outcome(rubric, e, export.rubric_serialize, SECTIONS["rubrics"])
    _record(result, "rubrics", outcome)
    if outcome is None:
        return
    fw = InterviewFramework.objects.get(slug=d["framework"])
    Rubric.objects.filter(framework=fw, level=d["level"]).exclude(slug=e.slug).delete()
    rubric, _ = Rubric.objects.update_or_create(
        slug=e.slug,
        defaults={
            "framework": fw,
            "level": d["level"],
            "title": d["title"],
            "description": d.get("description", ""),
        },
    )
    rubric.criteria.exclude(slug__in=[c["slug"] for c in d["criteria"]]).delete()
    _reorder_guard(rubric.criteria.all())
    phases = {p.slug: p for p in fw.phases.all()}
    for order, c in enumerate(d["criteria"], start=1):
        a1, a2, a3, a4 = c["anchors"]
        RubricCriterion.objects.update_or_create(
            rubric=rubric,
            slug=c["slug"],
            defaults={
                "order": order,
                "phase": phases.get(c["phase"]) if c.get("phase") else None,
                "title": c["title"],
                "assesses": c["assesses"],
                "weight": c.get("weight", 1),
                "anchor_1": a1,
                "anchor_2": a2,
                "anchor_3": a3,
                "anchor_4": a4,
            },
        )
