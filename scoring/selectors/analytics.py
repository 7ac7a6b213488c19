"""What curators learn from practice: how questions and rubrics perform across all sessions.

Every figure comes from one aggregate query (or one narrow values() read folded in Python,
where a median or a kappa needs the values), so the page costs the same handful of queries
whatever the number of sessions. Drill sessions (replays of reference sessions) are left out:
they are not practice.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from typing import Any

from django.db.models import Avg, Count, OuterRef, Subquery
from django.db.models.functions import TruncMonth

from interviews.models import InterviewSession

from ..analysis import ANALYZER_VERSION
from ..analysis.agreement import agreement, weighted_kappa
from ..charts import progress_svg
from ..charts.bars import bars_svg, distribution_svg
from ..models import CriterionScore, FeedbackReport, ReportStatus, ScorecardKind

QUESTIONS_SHOWN = 30


def curator_analytics() -> dict[str, Any]:
    attempts = _attempts_per_question()
    coverage = _median_coverage_per_question()
    distribution = _criterion_distribution()
    by_version = _agreement_by_rubric_version()
    drift = _drift_by_month()
    return {
        "attempts": attempts,
        "attempts_svg": bars_svg(
            [(a["title"], a["attempts"]) for a in attempts[:QUESTIONS_SHOWN]],
            title="Sessions per question",
        ),
        "coverage": coverage,
        "coverage_svg": bars_svg(
            [(c["title"], c["median"]) for c in coverage[:QUESTIONS_SHOWN]],
            title="Median NFR coverage per question",
            maximum=100,
        ),
        "distribution": distribution,
        "distribution_svg": distribution_svg(
            [(d["label"], d["counts"]) for d in distribution],
            title="Interviewer scores by criterion",
        ),
        "agreement_by_version": by_version,
        "drift": drift,
        "drift_svg": progress_svg(
            [d["month"] for d in drift],
            {
                "Mean interviewer score (0-100)": [d["score"] for d in drift],
                "Mean NFR coverage": [d["coverage"] for d in drift],
            },
            title="Drift over time",
        )
        if drift
        else "",
    }


def _practice_sessions():
    return InterviewSession.objects.filter(drill__isnull=True)


def _attempts_per_question() -> list[dict[str, Any]]:
    rows = (
        _practice_sessions()
        .values("question__slug", "question__title")
        .annotate(attempts=Count("pk"))
        .order_by("-attempts", "question__slug")
    )
    return [
        {"slug": r["question__slug"], "title": r["question__title"], "attempts": r["attempts"]}
        for r in rows
    ]


def _ready_reports():
    return FeedbackReport.objects.filter(
        status=ReportStatus.READY, analyzer_version=ANALYZER_VERSION, session__drill__isnull=True
    )


def _median_coverage_per_question() -> list[dict[str, Any]]:
    rows = _ready_reports().values_list(
        "session__question__slug", "session__question__title", "result__scores__coverage"
    )
    values: dict[tuple[str, str], list[float]] = defaultdict(list)
    for slug, title, coverage in rows:
        if isinstance(coverage, int | float):
            values[(slug, title)].append(float(coverage))
    out = [
        {"slug": slug, "title": title, "median": statistics.median(v), "reports": len(v)}
        for (slug, title), v in values.items()
    ]
    return sorted(out, key=lambda r: (r["median"], r["slug"]))


def _released_interviewer_scores():
    return CriterionScore.objects.filter(
        scorecard__kind=ScorecardKind.INTERVIEWER,
        scorecard__released_at__isnull=False,
        scorecard__session__drill__isnull=True,
        score__isnull=False,
    )


def _criterion_distribution() -> list[dict[str, Any]]:
    rows = (
        _released_interviewer_scores()
        .values("criterion__version__rubric__slug", "criterion__slug", "criterion__title", "score")
        .annotate(n=Count("pk"))
        .order_by("criterion__version__rubric__slug", "criterion__slug", "score")
    )
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        key = (r["criterion__version__rubric__slug"], r["criterion__slug"])
        entry = grouped.setdefault(
            key, {"label": f"{key[0]}: {r['criterion__title']}", "counts": {}}
        )
        entry["counts"][r["score"]] = entry["counts"].get(r["score"], 0) + r["n"]
    return list(grouped.values())


def _agreement_by_rubric_version() -> list[dict[str, Any]]:
    """Interviewer against shadow scores, per rubric version (released sessions only)."""
    interviewer_score = _released_interviewer_scores().filter(
        scorecard__session=OuterRef("scorecard__session"), criterion=OuterRef("criterion")
    )
    rows = (
        CriterionScore.objects.filter(scorecard__kind=ScorecardKind.SHADOW, score__isnull=False)
        .annotate(theirs=Subquery(interviewer_score.values("score")[:1]))
        .filter(theirs__isnull=False)
        .values_list(
            "criterion__version__rubric__slug",
            "criterion__version__number",
            "theirs",
            "score",
            "scorecard__session_id",
        )
    )
    pairs: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    sessions: dict[tuple[str, int], set] = defaultdict(set)
    for rubric, number, theirs, score, session_id in rows:
        if score is not None:
            pairs[(rubric, number)].append((int(theirs), score))
        sessions[(rubric, number)].add(session_id)
    out = []
    for (rubric, number), found in sorted(pairs.items()):
        summary = agreement(found)
        out.append(
            {
                "rubric": rubric,
                "version": number,
                "sessions": len(sessions[(rubric, number)]),
                "pairs": summary.pairs,
                "exact_percent": summary.exact_percent,
                "within_one_percent": summary.within_one_percent,
                "kappa": weighted_kappa(found),
            }
        )
    return out


def _drift_by_month() -> list[dict[str, Any]]:
    """Per month: the mean released interviewer score (as 0-100) and the mean NFR coverage."""
    scores = (
        _released_interviewer_scores()
        .annotate(month=TruncMonth("scorecard__released_at"))
        .values("month")
        .annotate(mean=Avg("score"))
    )
    coverage = (
        _ready_reports()
        .annotate(month=TruncMonth("finished_at"))
        .values_list("month", "result__scores__coverage")
    )
    by_month: dict[Any, dict[str, Any]] = defaultdict(dict)
    for row in scores:
        by_month[row["month"]]["score"] = round(100 * (row["mean"] - 1) / 3, 1)
    covered: dict[Any, list[float]] = defaultdict(list)
    for month, value in coverage:
        if month is not None and isinstance(value, int | float):
            covered[month].append(float(value))
    for month, values in covered.items():
        by_month[month]["coverage"] = round(statistics.fmean(values), 1)
    return [
        {
            "month": month.strftime("%b %Y"),
            "score": by_month[month].get("score"),
            "coverage": by_month[month].get("coverage"),
        }
        for month in sorted(m for m in by_month if m is not None)
    ]
