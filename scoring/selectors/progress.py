"""The candidate's progress across sessions: scores and NFR coverage, a page at a time."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator

from accounts.users import User
from content.models import NFRCategory
from interviews.models import Role

from ..analysis import ANALYZER_VERSION
from ..charts import progress_svg
from ..models import FeedbackReport, ReportStatus

# Sessions per page of the progress page (and its API): the chart and the coverage table.
PROGRESS_PAGE_SESSIONS = 20


def progress_context(*, user: User, page: str | int | None = None) -> dict[str, Any]:
    """Scores and per-NFR coverage across the user's sessions as a candidate: one page of
    PROGRESS_PAGE_SESSIONS (page 1 the most recent), oldest first on the page."""
    ready = (
        FeedbackReport.objects.filter(
            session__participants__user=user,
            session__participants__role=Role.CANDIDATE,
            status=ReportStatus.READY,
            analyzer_version=ANALYZER_VERSION,
        )
        .select_related("session__question")
        .order_by("-session__ended_at", "-session__created_at", "-pk")
    )
    page_of = Paginator(ready, PROGRESS_PAGE_SESSIONS).get_page(page)
    reports = list(reversed(page_of.object_list))
    labels = [r.session.ended_at.strftime("%d %b") if r.session.ended_at else "?" for r in reports]
    categories = list(NFRCategory.objects.order_by("order", "slug").values_list("slug", "name"))
    coverage_rows = [
        {
            "slug": slug,
            "name": name,
            "cells": [
                (r.result or {}).get("nfr", {}).get(slug, {}).get("status", "") for r in reports
            ],
        }
        for slug, name in categories
    ]
    overall = progress_svg(
        labels,
        {
            "Overall": [r.overall_score for r in reports],
            "NFR coverage": [(r.result or {}).get("scores", {}).get("coverage") for r in reports],
        },
        title="Score across sessions",
    )
    return {
        "reports": reports,
        "page": page_of,
        "coverage_rows": coverage_rows,
        "overall_svg": overall if reports else "",
    }
