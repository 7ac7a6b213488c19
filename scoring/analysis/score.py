"""Scores 0..100: per phase and overall, blending the interviewer's scorecard with automation.

scorecard   = weighted mean over scored criteria of 100 x (score - 1) / 3 (1 -> 0, 4 -> 100)
coverage    = weighted mean of category scores; weights are the question's nfr_focus
              (only focus categories count); without a focus every category weighs 1
overall     = 0.6 x scorecard + 0.4 x coverage   (= coverage when nothing is scored)
phase       = 0.6 x scorecard of the phase's criteria + 0.4 x automated, where automated is
              the mean of the available signals: time discipline (100 up to 110 % of the
              planned time, falling linearly to 0 at 200 %) and a content signal for phases
              the analysis recognises by slug (requirements, estimation, high-level design,
              deep dive). A phase with only one side uses that side; with neither, None.
The "formula" dict in the output spells out these strings with the weights actually used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .inputs import Criterion, Notes, Question, Scorecard

SCORECARD_WEIGHT = 0.6
AUTOMATED_WEIGHT = 0.4
ON_TIME_FACTOR = 1.1
ZERO_AT_FACTOR = 2.0
STRUCTURAL_RULES = frozenset({"orphan_component", "unreachable_store"})


@dataclass(frozen=True)
class PhaseContext:
    """What the content signals of the phases look at."""

    notes: Notes
    node_count: int
    finding_rules: frozenset[str]
    requirements_before_design: bool | None
    estimates_before_design: bool | None
    requirements_have_target: bool
    coverage: float


def scorecard_points(score: int) -> float:
    return 100 * (score - 1) / 3


def weighted_scorecard(criteria: list[Criterion] | tuple[Criterion, ...]) -> float | None:
    scored = [c for c in criteria if c.score is not None]
    total = sum(c.weight for c in scored)
    if not total:
        return None
    return sum(c.weight * scorecard_points(c.score or 1) for c in scored) / total


def coverage_weights(categories: list[dict[str, Any]], question: Question) -> dict[str, int]:
    present = [c["slug"] for c in categories]
    focus = {slug: weight for slug, weight in question.nfr_focus if slug in present}
    return focus or dict.fromkeys(present, 1)


def coverage_score(categories: list[dict[str, Any]], weights: dict[str, int]) -> float:
    total = sum(weights.values())
    if not total:
        return 0.0
    weighted = sum(
        weights[c["slug"]] * float(c["score"]) for c in categories if c["slug"] in weights
    )
    return weighted / total


def combine(scorecard: float | None, automated: float | None) -> float | None:
    if scorecard is None:
        return automated
    if automated is None:
        return scorecard
    return SCORECARD_WEIGHT * scorecard + AUTOMATED_WEIGHT * automated


def time_discipline(phase: dict[str, Any]) -> float | None:
    planned: float = phase["planned_minutes"]
    actual: float | None = phase["actual_minutes"]
    if actual is None or planned <= 0:
        return None
    ratio = actual / planned
    if ratio <= ON_TIME_FACTOR:
        return 100.0
    return max(0.0, 100 * (ZERO_AT_FACTOR - ratio) / (ZERO_AT_FACTOR - ON_TIME_FACTOR))


def phase_content(slug: str, ctx: PhaseContext) -> float | None:
    """A content signal for phases recognisable by slug; None for the others."""
    if "requirement" in slug:
        checks = [
            bool(ctx.notes.requirements.strip()),
            ctx.requirements_have_target,
            ctx.requirements_before_design is True,
        ]
    elif "estimat" in slug or "capacity" in slug:
        checks = [
            any(ch.isdigit() for ch in ctx.notes.estimates),
            ctx.estimates_before_design is True,
        ]
    elif "deep" in slug:
        return ctx.coverage
    elif "design" in slug:
        checks = [
            ctx.node_count >= 3,
            bool(ctx.notes.api.strip()),
            bool(ctx.notes.data_model.strip()),
            not ctx.finding_rules & STRUCTURAL_RULES,
        ]
    else:
        return None
    return 100 * sum(checks) / len(checks)


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def phase_scores(
    phases: list[dict[str, Any]], scorecard: Scorecard | None, ctx: PhaseContext
) -> list[dict[str, Any]]:
    criteria = scorecard.criteria if scorecard else ()
    slugs = [p["slug"] for p in phases]
    extra = sorted({c.phase_slug for c in criteria if c.phase_slug and c.phase_slug not in slugs})
    by_slug = {p["slug"]: p for p in phases}
    result = []
    for slug in [*slugs, *extra]:
        card = weighted_scorecard([c for c in criteria if c.phase_slug == slug])
        phase = by_slug.get(slug, {})
        skipped = phase.get("status") == "skipped"
        # A phase nobody spent time on has no time discipline to reward: it is "skipped".
        timing = time_discipline(phase) if phase and not skipped else None
        content = None if skipped else phase_content(slug, ctx)
        automated = _mean([timing, content])
        result.append({
            "slug": slug,
            "name": phase.get("name") or slug,
            "skipped": skipped,
            "scorecard": _round(card),
            "time_discipline": _round(timing),
            "content": _round(content),
            "automated": _round(automated),
            "score": _round(combine(card, automated)),
        })  # fmt: skip
    return result


def explanations(
    weights: dict[str, int], has_scorecard: bool, names: dict[str, str]
) -> dict[str, str]:
    """The formulas in plain words, for the report's "how is this computed" disclosure."""
    focus = ", ".join(names.get(slug, slug) for slug in sorted(weights))
    overall = (
        f"The overall score mixes the interviewer's scorecard ({SCORECARD_WEIGHT:.0%}) with the "
        f"NFR coverage ({AUTOMATED_WEIGHT:.0%})."
        if has_scorecard
        else "With no scored scorecard, the overall score is the NFR coverage."
    )
    return {
        "overall": overall,
        "coverage": f"NFR coverage averages the scores of the qualities this question focuses on "
        f"({focus}), the more important ones counting more.",
        "category": "Each quality scores half for being addressed at all (covered counts fully, "
        "partly half) and half for how much of its checklist was addressed.",
        "scorecard": "The scorecard turns each criterion's 1-4 rating into 0-100 and averages "
        "them by their weights.",
        "phase": "A phase's score mixes its scorecard criteria with what the analysis can tell: "
        "time kept (full marks up to 10 % over plan, none at double the plan) and, for "
        "requirements, estimation and design phases, what the notes and diagram show. A phase "
        "no time was spent on is marked skipped.",
    }


def formulas(weights: dict[str, int], has_scorecard: bool) -> dict[str, str]:
    focus = ", ".join(f"{slug} x{w}" for slug, w in sorted(weights.items()))
    overall = (
        f"overall = {SCORECARD_WEIGHT} × scorecard + {AUTOMATED_WEIGHT} × coverage"
        if has_scorecard
        else "overall = 1.0 × coverage (no scored scorecard criteria)"
    )
    return {
        "overall": overall,
        "coverage": f"coverage = Σ weight × category_score / Σ weight over [{focus}]",
        "category": "category_score = 100 × (0.5 × status_credit + 0.5 × Σ item_weight × item_credit / Σ item_weight); "
        "credit: covered 1, partly 0.5, missing 0",
        "scorecard": "scorecard = Σ criterion_weight × 100 × (score − 1) / 3 / Σ criterion_weight",
        "phase": f"phase = {SCORECARD_WEIGHT} × phase_scorecard + {AUTOMATED_WEIGHT} × automated; "
        "automated = mean(time_discipline, content); time_discipline = 100 up to 110 % of plan, "
        "falling linearly to 0 at 200 %",
    }


def score_report(
    categories: list[dict[str, Any]],
    question: Question,
    scorecard: Scorecard | None,
    phases: list[dict[str, Any]],
    ctx: PhaseContext,
) -> dict[str, Any]:
    weights = coverage_weights(categories, question)
    card = weighted_scorecard(scorecard.criteria) if scorecard else None
    return {
        "overall": _round(combine(card, ctx.coverage)),
        "coverage": _round(ctx.coverage),
        "scorecard": _round(card),
        "coverage_weights": dict(sorted(weights.items())),
        "phases": phase_scores(phases, scorecard, ctx),
        "hire_signal": scorecard.hire_signal if scorecard else None,
        "formula": formulas(weights, card is not None),
        "explanation": explanations(
            weights, card is not None, {c["slug"]: c["name"] for c in categories}
        ),
    }
