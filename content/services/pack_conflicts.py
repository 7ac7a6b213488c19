"""What a pack may not change because other records depend on it, as clear pack errors.

A changed rubric that sessions use becomes a new version (``rubric_versions``), so its
texts and criteria may change freely; but a pack that puts another rubric in the place of
one whose versions sessions pin (same framework and level, another slug) would delete
that history, and is refused with what to do instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.models.deletion import ProtectedError

from .pack_validation import Entry


@contextmanager
def scored_rubric_kept(e: Entry, replaced: list[str]) -> Iterator[None]:
    """Around the removal of the rubric a pack's rubric replaces (same framework and level)."""
    try:
        yield
    except ProtectedError as exc:
        sessions = {obj.pk for obj in exc.protected_objects}
        raise e.error(
            "slug",
            f"the {e.data['level']} rubric of '{e.data['framework']}' is "
            f"'{', '.join(replaced)}', which existing sessions and their scorecards use "
            f"({len(sessions)} rows), so '{e.slug}' cannot replace it; give this entry the "
            f"slug '{replaced[0]}' to change that rubric (the change becomes a new version)",
        ) from exc
