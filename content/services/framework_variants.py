"""Framework variants: a base framework's phases rescaled to another length.

A variant (``InterviewFramework.variant_of``) keeps its own Phase rows so sessions, the room
and rubric criteria work unchanged; they are copies of the base's phases with the minutes
rescaled, rewritten whenever the pack is loaded and the copy no longer matches.
"""

from __future__ import annotations

from math import floor
from typing import Any

from content.models import InterviewFramework, Phase

COPIED_FIELDS = (
    "slug",
    "name",
    "goal",
    "candidate_guidance",
    "interviewer_guidance",
    "expected_outputs",
    "interviewer_prompts",
)


def phase_minutes_rescaled(minutes: list[int], total: int) -> list[int]:
    """Scale phase lengths to sum to ``total``, each at least one minute.

    Largest remainder: every phase gets the whole minutes of its exact share, and the minutes
    left over go to the largest fractional parts (earlier phases win ties), so the result is
    deterministic and as close to proportional as whole minutes allow.
    """
    if total < len(minutes) or not minutes or sum(minutes) <= 0:
        raise ValueError(f"cannot spread {total} minutes over {len(minutes)} phases")
    exact = [m * total / sum(minutes) for m in minutes]
    out = [max(1, floor(x)) for x in exact]
    by_remainder = sorted(range(len(out)), key=lambda i: (-(exact[i] - floor(exact[i])), i))
    while sum(out) < total:
        for i in by_remainder:
            if sum(out) == total:
                break
            out[i] += 1
    by_size = sorted(range(len(out)), key=lambda i: (-out[i], i))
    while sum(out) > total:  # only when the one-minute floor pushed the sum over
        for i in by_size:
            if sum(out) > total and out[i] > 1:
                out[i] -= 1
    return out


def variant_phases(base: InterviewFramework, total: int) -> list[dict[str, Any]]:
    """The phases a variant of ``base`` lasting ``total`` minutes should have, in order."""
    phases = list(base.phases.order_by("order"))
    minutes = phase_minutes_rescaled([p.planned_minutes for p in phases], total)
    return [
        {**{f: getattr(p, f) for f in COPIED_FIELDS}, "planned_minutes": m}
        for p, m in zip(phases, minutes, strict=True)
    ]


def variant_phases_stored(variant: InterviewFramework) -> list[dict[str, Any]]:
    fields = (*COPIED_FIELDS, "planned_minutes")
    return [{f: getattr(p, f) for f in fields} for p in variant.phases.order_by("order")]


def variant_phases_write(variant: InterviewFramework, phases: list[dict[str, Any]]) -> None:
    """Replace the variant's phases with ``phases`` (criteria never point at a variant's)."""
    variant.phases.all().delete()
    Phase.objects.bulk_create(
        Phase(framework=variant, order=order, **p) for order, p in enumerate(phases, start=1)
    )


def variants_refresh(*, minutes: dict[str, int]) -> set[str]:
    """Rewrite every variant's phases that no longer match its base, at the length given in
    ``minutes`` (by slug; others keep their length); return the slugs rewritten."""
    rewritten = set()
    for variant in InterviewFramework.objects.filter(variant_of__isnull=False).select_related(
        "variant_of"
    ):
        base = variant.variant_of
        if base is None:  # filtered out above; narrows the type
            continue
        expected = variant_phases(base, minutes.get(variant.slug, variant.total_minutes))
        if expected != variant_phases_stored(variant):
            variant_phases_write(variant, expected)
            rewritten.add(variant.slug)
    return rewritten
