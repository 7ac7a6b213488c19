"""Reads of the content model, shaped for pages and the API."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import (
    ComponentCapacity,
    Concept,
    Difficulty,
    InterviewFramework,
    Level,
    NFRCategory,
    Question,
    QuestionNFRFocus,
    Rubric,
    RubricVersion,
    Tag,
)


def question_list(
    *,
    tag: str = "",
    difficulty: str = "",
    level: str = "",
    text: str = "",
    published_only: bool = True,
) -> QuerySet[Question]:
    """Questions filtered as the library page offers; tags and focus prefetched."""
    qs = Question.objects.all()
    if published_only:
        qs = qs.published()
    if tag:
        qs = qs.filter(tags__slug=tag)
    if difficulty in Difficulty.values:
        qs = qs.filter(difficulty=difficulty)
    if level in Level.values:
        # target_levels is a JSON list; matching the quoted value works on SQLite and PostgreSQL.
        qs = qs.filter(target_levels__icontains=f'"{level}"')
    if text:
        qs = qs.filter(
            Q(title__icontains=text) | Q(prompt__icontains=text) | Q(tags__slug__icontains=text)
        )
    return qs.distinct().prefetch_related(
        "tags", Prefetch("focus_links", QuestionNFRFocus.objects.select_related("category"))
    )


def question_get_for_candidate(*, slug: str) -> Question:
    return (
        Question.objects.published()
        .prefetch_related("tags", "related_concepts", "focus_links__category")
        .get(slug=slug)
    )


def library_overview() -> dict[str, Any]:
    """The library's front page: what there is to read, with counts."""
    rows = Question.objects.published().order_by().values("difficulty").annotate(n=Count("pk"))
    by_difficulty = {row["difficulty"]: row["n"] for row in rows}
    return {
        "question_count": sum(by_difficulty.values()),
        "difficulties": [
            (label.lower(), by_difficulty[value])
            for value, label in Difficulty.choices
            if by_difficulty.get(value)
        ],
        "concepts": list(Concept.objects.only("slug", "title")),
        "frameworks": list(
            InterviewFramework.objects.annotate(phase_count=Count("phases")).order_by(
                "-is_default", "name"
            )
        ),
        "nfr_categories": list(NFRCategory.objects.annotate(item_count=Count("items"))),
    }


def question_published_get(*, slug: str) -> Question | None:
    return Question.objects.published().filter(slug=slug).first() if slug else None


def tag_list_in_use() -> QuerySet[Tag]:
    """Tags of published questions, for the filters of the question pickers."""
    return Tag.objects.filter(questions__published=True).distinct()


def concept_list(*, text: str = "") -> QuerySet[Concept]:
    qs = Concept.objects.prefetch_related("related_nfrs", "related_concepts")
    if text:
        qs = qs.filter(Q(title__icontains=text) | Q(summary__icontains=text))
    return qs


def concept_get(*, slug: str) -> Concept:
    return Concept.objects.prefetch_related("related_nfrs", "related_concepts", "questions").get(
        slug=slug
    )


def framework_get(*, slug: str) -> InterviewFramework:
    return InterviewFramework.objects.prefetch_related("phases").get(slug=slug)


def framework_default() -> InterviewFramework | None:
    return (
        InterviewFramework.objects.filter(is_default=True).first()
        or InterviewFramework.objects.first()
    )


def nfr_category_list() -> QuerySet[NFRCategory]:
    return NFRCategory.objects.prefetch_related("items__study_concepts")


def framework_list() -> QuerySet[InterviewFramework]:
    return InterviewFramework.objects.prefetch_related("phases").order_by("slug")


def question_list_for_api() -> QuerySet[Question]:
    """All questions (curators see drafts too: the API filters nothing by publication)."""
    return Question.objects.prefetch_related(
        "tags",
        "focus_links__category",
        "hints",
        "follow_ups",
        "curveballs",
        "related_concepts",
        "component_capacities",
    ).order_by("slug")


def rubric_list() -> QuerySet[Rubric]:
    return (
        Rubric.objects.select_related("framework", "current_version")
        .prefetch_related("current_version__criteria__phase")
        .order_by("slug")
    )


def rubric_for(*, framework: InterviewFramework, level: str) -> Rubric | None:
    """The rubric that scores a framework's sessions at a level; a variant of a framework is
    scored with its base's rubrics (same phases, other minutes)."""
    return (
        Rubric.objects.filter(framework_id=framework.rubric_framework_id, level=level)
        .select_related("current_version")
        .prefetch_related("current_version__criteria__phase")
        .first()
    )


def rubric_version_current_for(
    *, framework: InterviewFramework, level: str
) -> RubricVersion | None:
    """The version a session of this framework and level created now pins."""
    rubric = rubric_for(framework=framework, level=level)
    return rubric.current_version if rubric is not None else None


def rubric_version_list(*, rubric: Rubric) -> QuerySet[RubricVersion]:
    """A rubric's versions, oldest first, each with its criteria."""
    return rubric.versions.prefetch_related("criteria__phase").order_by("number")


def component_capacity_defaults(*, question_id: int | None = None) -> dict[str, float]:
    """Per-instance capacity per second by component kind, as the capacity analysis reads it:
    ``{kind: per_instance}`` plus ``database_writes`` for the primary's writes. With a
    question: its own figures over the pack's."""
    rows = ComponentCapacity.objects.filter(Q(question=None) | Q(question_id=question_id))
    out: dict[str, float] = {}
    for row in sorted(rows, key=lambda r: r.question_id is not None):  # the question's last
        out[row.kind] = row.per_instance
        if row.kind == "database" and row.writes_per_instance is not None:
            out["database_writes"] = row.writes_per_instance
    return out
