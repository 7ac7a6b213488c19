"""Write the content in the database as a canonical pack (one file per kind, one per question)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from content.models import (
    Concept,
    InterviewFramework,
    NFRCategory,
    Question,
    ReferenceSession,
    Rubric,
)

from .pack_capacities import component_capacities_document, question_capacities_serialize
from .pack_reference_sessions import reference_session_serialize
from .pack_schema import CONCEPT, FRAMEWORK, NFR_CATEGORY, QUESTION, RUBRIC, canonical


def framework_serialize(fw: InterviewFramework) -> dict[str, Any]:
    return canonical(
        {
            "slug": fw.slug,
            "name": fw.name,
            "description": fw.description,
            "default": fw.is_default,
            "kind": fw.kind,
            "variant_of": fw.variant_of.slug if fw.variant_of else None,
            # A variant is its base rescaled: its length, not its (copied) phases.
            "minutes": fw.total_minutes if fw.variant_of else None,
            "phases": []
            if fw.variant_of
            else [
                {
                    "slug": p.slug,
                    "name": p.name,
                    "minutes": p.planned_minutes,
                    "goal": p.goal,
                    "candidate_guidance": p.candidate_guidance,
                    "interviewer_guidance": p.interviewer_guidance,
                    "expected_outputs": p.expected_outputs,
                    "interviewer_prompts": p.interviewer_prompts,
                }
                for p in fw.phases.all()
            ],
        },
        FRAMEWORK,
    )


def nfr_category_serialize(cat: NFRCategory) -> dict[str, Any]:
    return canonical(
        {
            "slug": cat.slug,
            "name": cat.name,
            "order": cat.order,
            "summary": cat.summary,
            "why_it_matters": cat.why_it_matters,
            "items": [
                {
                    "slug": item.slug,
                    "statement": item.statement,
                    "why_it_matters": item.why_it_matters,
                    "weight": item.weight,
                    "cues": item.cues,
                    "study": sorted(c.slug for c in item.study_concepts.all()),
                }
                for item in cat.items.all()
            ],
        },
        NFR_CATEGORY,
    )


def concept_serialize(concept: Concept) -> dict[str, Any]:
    return canonical(
        {
            "slug": concept.slug,
            "title": concept.title,
            "summary": concept.summary,
            "when_to_use": concept.when_to_use,
            "trade_offs": concept.trade_offs,
            "pitfalls": concept.pitfalls,
            "related_nfrs": sorted(n.slug for n in concept.related_nfrs.all()),
            "related_concepts": sorted(c.slug for c in concept.related_concepts.all()),
        },
        CONCEPT,
    )


# What question_serialize reads besides the row: prefetch these for a list of questions.
QUESTION_PREFETCH = (
    "tags",
    "focus_links__category",
    "hints",
    "follow_ups",
    "curveballs",
    "related_concepts",
    "component_capacities",
)


def question_serialize(q: Question) -> dict[str, Any]:
    return canonical(
        {
            "slug": q.slug,
            "title": q.title,
            "kind": q.kind,
            "prompt": q.prompt,
            "difficulty": q.difficulty,
            "levels": q.target_levels,
            "tags": sorted(t.slug for t in q.tags.all()),
            "scale_hints": q.scale_hints,
            "estimation_inputs": q.estimation_inputs,
            "functional_requirements": q.functional_requirements,
            "nfr_focus": {f.category.slug: f.weight for f in q.focus_links.all()},
            "hints": [h.text for h in q.hints.all()],
            "follow_ups": [{"phase": f.phase_slug, "text": f.text} for f in q.follow_ups.all()],
            "curveballs": [
                {"text": c.text, "what_good_looks_like": c.what_good_looks_like}
                for c in q.curveballs.all()
            ],
            "strong_answer": q.strong_answer,
            "reference_outline": q.reference_outline,
            "expectations": q.expectations,
            "related_concepts": sorted(c.slug for c in q.related_concepts.all()),
            "published": q.published,
            "starter_board": q.starter_board,
            "component_capacities": question_capacities_serialize(q),
        },
        QUESTION,
    )


def rubric_serialize(rubric: Rubric) -> dict[str, Any]:
    """The rubric as its current version words it (older versions stay in the database)."""
    version = rubric.current_version
    return canonical(
        {
            "slug": rubric.slug,
            "framework": rubric.framework.slug,
            "level": rubric.level,
            "title": version.title if version else rubric.title,
            "description": version.description if version else rubric.description,
            "criteria": [
                {
                    "slug": c.slug,
                    "title": c.title,
                    "phase": c.phase.slug if c.phase else None,
                    "assesses": c.assesses,
                    "weight": c.weight,
                    "anchors": c.anchors,
                }
                for c in (version.criteria.all() if version else [])
            ],
        },
        RUBRIC,
    )


class _PackDumper(yaml.SafeDumper):
    """Block scalars for multi-line text and indented lists, so packs read well and diff well."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = (
        "|" if "\n" in value and not value.startswith((" ", "\n")) and " \n" not in value else None
    )
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_PackDumper.add_representer(str, _str_representer)


def pack_dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_PackDumper, sort_keys=False, allow_unicode=True, width=100)


def content_pack_files() -> dict[str, str]:
    """Return the whole content as {relative path: YAML text}."""
    files = {
        "frameworks.yaml": {
            "frameworks": [
                framework_serialize(f)
                for f in InterviewFramework.objects.select_related("variant_of")
                .prefetch_related("phases")
                .order_by("slug")
            ]
        },
        "nfr.yaml": {
            "nfr_categories": [
                nfr_category_serialize(c)
                for c in NFRCategory.objects.prefetch_related("items__study_concepts").order_by(
                    "order", "slug"
                )
            ]
        },
        "concepts.yaml": {
            "concepts": [
                concept_serialize(c)
                for c in Concept.objects.prefetch_related(
                    "related_nfrs", "related_concepts"
                ).order_by("slug")
            ]
        },
        "rubrics.yaml": {
            "rubrics": [
                rubric_serialize(r)
                for r in Rubric.objects.select_related("framework", "current_version")
                .prefetch_related("current_version__criteria__phase")
                .order_by("framework__slug", "level", "slug")
            ]
        },
    }
    out = {path: pack_dump(data) for path, data in files.items()}
    if capacities := component_capacities_document():  # none in content from before them
        out["capacities.yaml"] = pack_dump(capacities)
    questions = Question.objects.prefetch_related(*QUESTION_PREFETCH).order_by("slug")
    for q in questions:
        out[f"questions/{q.slug}.yaml"] = pack_dump({"questions": [question_serialize(q)]})
    references = ReferenceSession.objects.select_related("question", "framework").order_by("slug")
    for ref in references:
        out[f"reference_sessions/{ref.slug}.yaml"] = pack_dump(
            {"reference_sessions": [reference_session_serialize(ref)]}
        )
    return out


def content_pack_export(*, path: Path) -> list[Path]:
    """Write the content as a pack under path; return the files written."""
    written = []
    for rel, text in content_pack_files().items():
        target = path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written
