"""Rubric versions: a changed rubric becomes a new version once a session uses the current one.

Content knows nothing of sessions or scorecards, so the apps that pin versions register a
rule saying which versions they use (``rubric_version_usage_register``), as they register
who may read interviewer-only material (``content.permissions``).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction

from content.models import Phase, ReferenceSession, Rubric, RubricCriterion, RubricVersion

VersionUsage = Callable[[list[int]], set[int]]

_usage_rules: list[VersionUsage] = []

CRITERION_FIELDS = (
    "title",
    "assesses",
    "weight",
    "phase",
    "anchor_1",
    "anchor_2",
    "anchor_3",
    "anchor_4",
)


def rubric_version_usage_register(rule: VersionUsage) -> None:
    """Add a rule: given version ids, the ones something (a session, a scorecard) pins."""
    if rule not in _usage_rules:
        _usage_rules.append(rule)


def rubric_versions_in_use(ids: Iterable[int]) -> set[int]:
    wanted = list(ids)
    # Reference sessions (content's own) are scored against a version too.
    used = set(
        ReferenceSession.objects.filter(rubric_version_id__in=wanted).values_list(
            "rubric_version_id", flat=True
        )
    )
    for rule in _usage_rules:
        used |= rule(wanted)
    return used & set(wanted)


def rubric_version_in_use(version: RubricVersion) -> bool:
    return bool(rubric_versions_in_use([version.pk]))


@transaction.atomic
def rubric_version_write(
    *, rubric: Rubric, title: str, description: str, criteria: list[dict[str, Any]]
) -> tuple[RubricVersion, bool]:
    """Give the rubric these texts and criteria: in its current version while no session uses
    it, else in a new version (which becomes current). Return the version and whether it is new."""
    current = rubric.current_version
    created = current is None or rubric_version_in_use(current)
    if created:
        number = 1 if current is None else current.number + 1
        version = RubricVersion.objects.create(
            rubric=rubric, number=number, title=title, description=description
        )
        Rubric.objects.filter(pk=rubric.pk).update(current_version=version)
        rubric.current_version = version
    else:
        assert current is not None
        version = current
        version.title, version.description = title, description
        version.save(update_fields=["title", "description"])
        version.criteria.all().delete()
    phases = {p.slug: p for p in Phase.objects.filter(framework_id=rubric.framework_id)}
    RubricCriterion.objects.bulk_create(
        _criterion(version, order, c, phases) for order, c in enumerate(criteria, start=1)
    )
    return version, created


def _criterion(
    version: RubricVersion, order: int, c: dict[str, Any], phases: dict[str, Phase]
) -> RubricCriterion:
    a1, a2, a3, a4 = c["anchors"]
    return RubricCriterion(
        version=version,
        order=order,
        slug=c["slug"],
        phase=phases.get(c["phase"]) if c.get("phase") else None,
        title=c["title"],
        assesses=c["assesses"],
        weight=c.get("weight", 1),
        anchor_1=a1,
        anchor_2=a2,
        anchor_3=a3,
        anchor_4=a4,
    )


def _criterion_texts(c: RubricCriterion) -> dict[str, str]:
    values = {f: getattr(c, f) for f in CRITERION_FIELDS}
    values["phase"] = c.phase.slug if c.phase else ""
    return {k: str(v) for k, v in values.items()}


def rubric_version_diff(old: RubricVersion, new: RubricVersion) -> list[dict[str, Any]]:
    """What changed from ``old`` to ``new``, criterion by criterion: added, removed, or the
    fields that changed with a line diff of each (title and description first)."""
    changes: list[dict[str, Any]] = []
    for field in ("title", "description"):
        before, after = getattr(old, field), getattr(new, field)
        if before != after:
            changes.append(_field_change("rubric", field, before, after))
    before_c = {c.slug: c for c in old.criteria.select_related("phase")}
    after_c = {c.slug: c for c in new.criteria.select_related("phase")}
    for slug in sorted(before_c.keys() - after_c.keys()):
        changes.append({"criterion": slug, "change": "removed", "title": before_c[slug].title})
    for slug in sorted(after_c.keys() - before_c.keys()):
        changes.append({"criterion": slug, "change": "added", "title": after_c[slug].title})
    for slug in sorted(before_c.keys() & after_c.keys()):
        a, b = _criterion_texts(before_c[slug]), _criterion_texts(after_c[slug])
        for field in CRITERION_FIELDS:
            if a[field] != b[field]:
                changes.append(_field_change(slug, field, a[field], b[field]))
    return changes


def _field_change(criterion: str, field: str, before: str, after: str) -> dict[str, Any]:
    lines = difflib.unified_diff(
        before.splitlines(), after.splitlines(), "before", "after", lineterm="", n=1
    )
    return {
        "criterion": criterion,
        "change": "changed",
        "field": field,
        "before": before,
        "after": after,
        "diff": "\n".join(list(lines)[2:]),
    }
