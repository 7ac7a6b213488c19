"""What the report, scorecard and progress pages show, already shaped for their templates."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet

from accounts.users import AnyUser
from calls.selectors import talk_time_report
from content.models import Concept, Track
from content.permissions import material_readable
from content.strong_answer import strong_answer_coverage
from interviews.models import InterviewSession, Participant, Role, SessionMode, SessionStatus
from interviews.permissions import can_read_interviewer_only, session_role, sessions_readable_filter
from interviews.selectors import history

from ..analysis import ANALYZER_VERSION
from ..charts import diagram_svg, timeline_svg
from ..models import (
    CriterionScore,
    FeedbackReport,
    HireSignal,
    ReportStatus,
    Scorecard,
    ScorecardKind,
)
from ..permissions import can_read_scorecard, scorecards_readable_filter
from .live_report import live_report_context
from .tags import scorecard_tags

# Rows read per query when streaming exports (their prefetches run once per chunk).
EXPORT_CHUNK = 500

# A self-rating and the analysis disagree when they are more than one rubric level apart.
DISAGREEMENT_POINTS = 34
# The report links the first few concepts; the JSON keeps the full list.
STUDY_NEXT_SHOWN = 6


def report_get(*, session: InterviewSession) -> FeedbackReport | None:
    """The current analyzer's report; without one, the newest ready report of an older
    version (it keeps its version and is shown as such until it is regenerated)."""
    current = FeedbackReport.objects.filter(
        session=session, analyzer_version=ANALYZER_VERSION
    ).first()
    if current is not None:
        return current
    return (
        FeedbackReport.objects.filter(session=session, status=ReportStatus.READY)
        .order_by("-finished_at", "-analyzer_version")
        .first()
    )


def _visible_scorecard(session: InterviewSession, user: AnyUser, kind: str) -> Scorecard | None:
    card = (
        Scorecard.objects.filter(session=session, kind=kind)
        .select_related("session__rubric_version", "rubric", "author")
        .prefetch_related("scores__criterion__phase")
        .first()
    )
    return card if card is not None and can_read_scorecard(user=user, scorecard=card) else None


def report_context(*, session: InterviewSession, user: AnyUser) -> dict[str, Any]:
    role = session_role(user=user, session=session)
    report = report_get(session=session)
    result = report.result if report is not None and report.result else None
    interviewer_card = _visible_scorecard(session, user, ScorecardKind.INTERVIEWER)
    self_card = _visible_scorecard(session, user, ScorecardKind.SELF)
    context: dict[str, Any] = {
        "session": session,
        "role": role,
        "is_interviewer": role == Role.INTERVIEWER,
        "report": report,
        "result": result,
        "scorecard": interviewer_card,
        "self_assessment": self_card,
        "needs_self_assessment": (
            session.mode == SessionMode.SOLO
            and role == Role.CANDIDATE
            and session.status == SessionStatus.ENDED
            and (self_card is None or self_card.submitted_at is None)
        ),
        "private_notes": _private_notes(session, result) if role == Role.INTERVIEWER else [],
        "talk_time": talk_time_report(session=session),
    }
    if result:
        context |= _result_context(session, result, self_card)
    context |= live_report_context(
        session=session,
        result=result,
        interviewer_view=can_read_interviewer_only(user=user, session=session),
        role=role,
    )
    context["tag_names"] = dict(scorecard_tags(session=session)) if interviewer_card else {}
    return context


def _private_notes(
    session: InterviewSession, result: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """The interviewer's notes, each under its phase's name (a slug is internal)."""
    names = {
        p.get("slug"): p.get("name")
        for p in ((result or {}).get("process") or {}).get("phases", [])
        if isinstance(p, dict)
    }
    return [
        {
            "phase_name": names.get(n.phase_slug)
            or n.phase_slug.replace("-", " ").replace("_", " ").capitalize(),
            "text": n.text,
        }
        for n in history.private_note_list(session_id=session.pk)
    ]


def _result_context(
    session: InterviewSession, result: dict[str, Any], self_card: Scorecard | None
) -> dict[str, Any]:
    board = history.board_final_get(session_id=session.pk)
    question = session.question
    coverage = strong_answer_coverage(question.strong_answer, board.get("nodes", []))
    findings = result.get("critique", [])
    categories = list(result.get("nfr", {}).values())
    concepts = {c.slug: c for c in Concept.objects.filter(slug__in=result.get("study_next", []))}
    return {
        "categories": categories,
        "findings": findings,
        "diagram_svg": diagram_svg(
            board, findings, title=f"Final diagram: {session.question.title}"
        ),
        "timeline_svg": timeline_svg(result.get("process", {}).get("phases", [])),
        "study_next": [concepts[s] for s in result.get("study_next", []) if s in concepts][
            :STUDY_NEXT_SHOWN
        ],
        "strengths": [c for c in categories if c["status"] == "covered" and c.get("focus_weight")][
            :3
        ]
        or [c for c in categories if c["status"] == "covered"][:3],
        "gaps": sorted(
            (c for c in categories if c["status"] != "covered"),
            key=lambda c: -(c.get("focus_weight") or 0),
        )[:3],
        "disagreements": _disagreements(result, self_card),
        "experience": question.kind == Track.EXPERIENCE,
        "expectations": (question.expectations or {}).get(session.level, ""),
        "strong_answer": coverage,
        "strong_answer_present": sum(1 for row in coverage if row["present"]),
    }


def _disagreements(result: dict[str, Any], self_card: Scorecard | None) -> list[dict[str, Any]]:
    """Criteria where the candidate's self-rating and the analysis of that phase differ by more than a level."""
    if self_card is None or self_card.submitted_at is None:
        return []
    automated = {p["slug"]: p.get("automated") for p in result.get("scores", {}).get("phases", [])}
    rows = []
    for row in self_card.scores.all():
        phase = row.criterion.phase.slug if row.criterion.phase else None
        analysed = automated.get(phase) if phase else None
        if row.score is None or analysed is None:
            continue
        rated = round(100 * (row.score - 1) / 3)
        if abs(rated - analysed) >= DISAGREEMENT_POINTS:
            rows.append(
                {
                    "criterion": row.criterion,
                    "self_points": rated,
                    "analysis_points": round(analysed),
                    "direction": "higher" if rated > analysed else "lower",
                }
            )
    return rows


def report_export(*, session: InterviewSession, user: AnyUser) -> dict[str, Any]:
    """The report as JSON, with only what this user may see."""
    context = report_context(session=session, user=user)
    report = context["report"]
    interviewer_view = can_read_interviewer_only(user=user, session=session)
    return {
        "schema": "designroom.report/1",
        "session": {
            "id": str(session.pk),
            "question": session.question.slug,
            "mode": session.mode,
            "level": session.level,
            "status": session.status,
            "rubric_version": rubric_version_export(session),
        },
        "report": None
        if report is None
        else {
            "status": report.status,
            "analyzer_version": report.analyzer_version,
            "overall_score": report.overall_score,
            "failure_reason": report.failure_reason,
            "finished_at": report.finished_at.isoformat() if report.finished_at else None,
            # The curveballs' texts are the question's interviewer-only material.
            "result": report_result_visible(
                report.result,
                interviewer_view=material_readable(
                    user=user, kind="question", pk=session.question_id
                ),
            ),
        },
        "scorecard": scorecard_export(context["scorecard"]),
        "self_assessment": scorecard_export(context["self_assessment"]),
        "shadow_scorecards": [
            scorecard_export(card) for card in shadow_scorecards_visible(session=session, user=user)
        ],
        "needs_self_assessment": context["needs_self_assessment"],
        "private_notes": private_notes_export(session=session) if interviewer_view else [],
        "strong_answer": context.get("strong_answer", []),
    }


def diagram_export(*, session: InterviewSession) -> dict[str, Any]:
    """The final diagram and the report's findings marked on it (what the report page draws)."""
    report = report_get(session=session)
    result = report.result if report is not None and report.status == ReportStatus.READY else None
    return {
        "title": f"Final diagram: {session.question.title}",
        "board": history.board_final_get(session_id=session.pk),
        "findings": (result or {}).get("critique", []),
    }


def report_result_visible(result: Any, *, interviewer_view: bool) -> Any:
    """The analysis as a viewer may see it: the curveballs' texts are interviewer-only."""
    if interviewer_view or not isinstance(result, dict):
        return result
    process = result.get("process")
    curveballs = process.get("curveballs") if isinstance(process, dict) else None
    if (
        not isinstance(process, dict)
        or not isinstance(curveballs, dict)
        or "items" not in curveballs
    ):
        return result
    items = [{"handled": item.get("handled")} for item in curveballs["items"]]
    return {**result, "process": {**process, "curveballs": {**curveballs, "items": items}}}


def private_notes_export(*, session: InterviewSession) -> list[dict[str, Any]]:
    """The interviewer's notes per phase (only for viewers of interviewer-only material)."""
    return [
        {
            "phase": note.phase_slug,
            "author": note.author.get_username(),
            "text": note.text,
            "updated_at": note.updated_at.isoformat(),
        }
        for note in history.private_note_list(session_id=session.pk)
    ]


def shadow_scorecards_visible(*, session: InterviewSession, user: AnyUser) -> list[Scorecard]:
    """The session's shadow scorecards this user may read (their own; all of them for the
    raters once the interviewer released), scores prefetched."""
    return list(
        Scorecard.objects.filter(session=session, kind=ScorecardKind.SHADOW)
        .filter(scorecards_readable_filter(user=user))
        .select_related("session__rubric_version", "rubric", "author")
        .prefetch_related(
            Prefetch(
                "scores",
                CriterionScore.objects.select_related("criterion").order_by("criterion__order"),
            )
        )
        .order_by("pk")
    )


def rubric_version_export(session: InterviewSession) -> dict[str, Any] | None:
    """Which wording of which rubric scores the session (None before it has one)."""
    version = session.rubric_version
    if version is None:
        return None
    return {"rubric": version.rubric.slug, "number": version.number, "title": version.title}


def scorecard_export(card: Scorecard | None) -> dict[str, Any] | None:
    if card is None:
        return None
    return {
        "kind": card.kind,
        "author": card.author.get_username(),
        "counts_toward_score": card.counts_toward_score,
        "rubric": card.rubric.slug,
        "rubric_version": card.session.rubric_version.number
        if card.session.rubric_version
        else None,
        "hire_signal": card.hire_signal or None,
        "summary": card.summary,
        "released_at": card.released_at.isoformat() if card.released_at else None,
        "criteria": [
            {
                "slug": s.criterion.slug,
                "title": s.criterion.title,
                "score": s.score,
                "comment": s.comment,
                "tag": s.tag,
            }
            for s in card.scores.all()
        ],
    }


def scorecard_context(*, scorecard: Scorecard) -> dict[str, Any]:
    rows = list(scorecard.scores.select_related("criterion__phase").order_by("criterion__order"))
    return {
        "card": scorecard,
        "session": scorecard.session,
        "rows": rows,
        "hire_signals": HireSignal.choices,
        "tag_options": scorecard_tags(session=scorecard.session),
    }


def scorecard_export_rows(
    *, user: AnyUser, sessions: QuerySet[InterviewSession]
) -> Iterator[Scorecard]:
    """The scorecards of these sessions that the user may read, read in chunks, scores prefetched."""
    cards = (
        Scorecard.objects.filter(session__in=sessions.values("pk"))
        .filter(scorecards_readable_filter(user=user))
        .select_related("session__question", "session__rubric_version", "author", "rubric")
        .prefetch_related(
            Prefetch(
                "scores",
                CriterionScore.objects.select_related("criterion").order_by("criterion__order"),
            )
        )
        .order_by("session__created_at", "session_id", "kind")
    )
    return cards.iterator(chunk_size=EXPORT_CHUNK)


def report_export_rows(
    *, user: AnyUser, sessions: QuerySet[InterviewSession]
) -> Iterator[FeedbackReport]:
    """The current reports of these sessions that the user may read, read in chunks, each
    session's candidates prefetched (as ``session.candidates``)."""
    readable = sessions.filter(sessions_readable_filter(user=user)).values("pk")
    reports = (
        FeedbackReport.objects.filter(session__in=readable, analyzer_version=ANALYZER_VERSION)
        .select_related("session__question")
        .prefetch_related(
            Prefetch(
                "session__participants",
                Participant.objects.filter(role=Role.CANDIDATE).select_related("user"),
                to_attr="candidates",
            )
        )
        .order_by("session__created_at", "session_id")
    )
    return reports.iterator(chunk_size=EXPORT_CHUNK)
