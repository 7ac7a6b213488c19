"""What a pack may not change because other records depend on it, as clear pack errors.

A rubric's criteria carry the scores of every scorecard written against them (scoring's
``CriterionScore`` and ``Scorecard`` protect them): a pack that drops a scored criterion, or
puts another rubric in the place of a scored one, is refused with what to do instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.models.deletion import ProtectedError

from .pack_validation import Entry


@contextmanager
def scored_criteria_kept(e: Entry) -> Iterator[None]:
    """Around the removal of a rubric's criteria that the pack no longer lists."""
    try:
        yield
    except ProtectedError as exc:
        slugs = sorted({str(getattr(obj, "criterion", obj)) for obj in exc.protected_objects})
        scored = (
            sorted(
                {obj.criterion.slug for obj in exc.protected_objects if hasattr(obj, "criterion")}
            )
            or slugs
        )
        raise e.error(
            "criteria",
            f"criteria {', '.join(scored)} of rubric '{e.slug}' are scored on existing "
            f"scorecards ({len(exc.protected_objects)} scores) and cannot be removed; keep "
            "them in the pack (their title, anchors and weight may change), or remove the "
            "scorecards first",
        ) from exc


@contextmanager
def scored_rubric_kept(e: Entry, replaced: list[str]) -> Iterator[None]:
    """Around the removal of the rubric a pack's rubric replaces (same framework and level)."""
    try:
        yield
    except ProtectedError as exc:
        cards = {obj.pk for obj in exc.protected_objects if type(obj).__name__ == "Scorecard"}
        raise e.error(
            "slug",
            f"the {e.data['level']} rubric of '{e.data['framework']}' is "
            f"'{', '.join(replaced)}', which existing scorecards use ({len(cards) or 'some'}), "
            f"so '{e.slug}' cannot replace it; give this entry the slug "
            f"'{replaced[0]}' to change that rubric's texts instead",
        ) from exc
