"""Load a content pack: validate everything first (pack_validation.py), then upsert by slug in
one transaction."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    Tag,
)

from . import framework_variants as variants
from . import pack_export as export
from .pack_capacities import component_capacity_upsert, question_capacities_write
from .pack_conflicts import scored_rubric_kept
from .pack_reference_sessions import reference_session_upsert
from .pack_schema import COMPONENT, EXPECTATIONS, SECTIONS, STARTER_BOARD, canonical
from .pack_validation import Entry, pack_files_read, pack_parse
from .rubric_versions import rubric_version_write


@dataclass
class PackLoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    # Rubrics whose current version a session used: their change became a new version.
    versions_created: list[str] = field(default_factory=list)

    def count(self, kind: str, outcome: str) -> None:
        idx = {"created": 0, "updated": 1, "unchanged": 2}[outcome]
        setattr(self, outcome, getattr(self, outcome) + 1)
        self.by_kind[kind][idx] += 1

    def __str__(self) -> str:
        counts = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.versions_created:
            counts += f"; new rubric versions: {', '.join(self.versions_created)}"
        return counts


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
        _upsert_frameworks(entries["frameworks"], result)
        for e in entries["questions"]:
            _upsert_question(e, result)
        for e in entries["rubrics"]:
            _upsert_rubric(e, result)
        for e in entries["reference_sessions"]:  # scored against the rubrics just written
            _record(result, "reference_sessions", reference_session_upsert(e))
        for e in entries["component_capacities"]:
            _record(result, "component_capacities", component_capacity_upsert(e))
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


def _upsert_frameworks(frameworks: list[Entry], result: PackLoadResult) -> None:
    """Bases before variants (a variant's phases are copies of its base's); then rewrite the
    variants whose copies no longer match - a base in this pack may have changed."""
    is_variant = {e.slug: bool(e.data.get("variant_of")) for e in frameworks}
    outcomes = {
        e.slug: _upsert_framework(e) for e in sorted(frameworks, key=lambda e: is_variant[e.slug])
    }
    rewritten = variants.variants_refresh(
        minutes={e.slug: e.data["minutes"] for e in frameworks if is_variant[e.slug]}
    )
    for e in frameworks:
        outcome = outcomes[e.slug]
        if outcome is None and e.slug in rewritten:
            outcome = "updated"
        _record(result, "frameworks", outcome)


def _upsert_framework(e: Entry) -> str | None:
    """Write a framework and, unless it is a variant, its phases; return the outcome."""
    d = e.data
    fw = InterviewFramework.objects.filter(slug=e.slug).first()
    outcome = _outcome(fw, e, export.framework_serialize, SECTIONS["frameworks"])
    if outcome is None:
        return None
    if d.get("default"):
        InterviewFramework.objects.exclude(slug=e.slug).filter(is_default=True).update(
            is_default=False
        )
    base = InterviewFramework.objects.get(slug=d["variant_of"]) if d.get("variant_of") else None
    fw, _ = InterviewFramework.objects.update_or_create(
        slug=e.slug,
        defaults={
            "name": d["name"],
            "description": d.get("description", ""),
            "is_default": d.get("default", False),
            "kind": base.kind if base else d.get("kind", "design"),
            "variant_of": base,
        },
    )
    if base is None:
        _phases_write(fw, d["phases"])
    return outcome


def _phases_write(fw: InterviewFramework, phases: list[dict[str, Any]]) -> None:
    fw.phases.exclude(slug__in=[p["slug"] for p in phases]).delete()
    _reorder_guard(fw.phases.all())
    for order, p in enumerate(phases, start=1):
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
    q = Question.objects.filter(slug=e.slug).prefetch_related(*export.QUESTION_PREFETCH).first()
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
            "kind": d.get("kind", "design"),
            "strong_answer": [canonical(c, COMPONENT) for c in d.get("strong_answer", [])],
            "expectations": canonical(d.get("expectations", {}), EXPECTATIONS),
            "starter_board": canonical(d.get("starter_board") or {}, STARTER_BOARD),
        },
    )
    _question_children_replace(q, d)
    question_capacities_write(q, d.get("component_capacities", []))


def _question_children_replace(q: Question, d: dict[str, Any]) -> None:
    """Tags, links, NFR focus, hints, follow-ups and curveballs: replaced as the pack has them."""
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
    """Write a rubric; once a session uses its current version, the change is a new version."""
    d = e.data
    rubric = (
        Rubric.objects.filter(slug=e.slug).select_related("framework", "current_version").first()
    )
    outcome = _outcome(rubric, e, export.rubric_serialize, SECTIONS["rubrics"])
    _record(result, "rubrics", outcome)
    if outcome is None:
        return
    fw = InterviewFramework.objects.get(slug=d["framework"])
    replaced = Rubric.objects.filter(framework=fw, level=d["level"]).exclude(slug=e.slug)
    with scored_rubric_kept(e, list(replaced.values_list("slug", flat=True))):
        replaced.delete()
    texts = {"title": d["title"], "description": d.get("description", "")}
    rubric, _ = Rubric.objects.update_or_create(
        slug=e.slug, defaults={"framework": fw, "level": d["level"], **texts}
    )
    version, created = rubric_version_write(rubric=rubric, criteria=d["criteria"], **texts)
    if created and version.number > 1:
        result.versions_created.append(f"{rubric.slug} v{version.number}")
