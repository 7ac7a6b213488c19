"""The feedback report's life: request (queue on commit), generate (claim, analyse, store), sweep.

A report row exists once per session and analyzer version. Generation claims the row with a
fresh `claim` id under a row lock, analyses outside any transaction, and stores the result
only if its claim still stands, so a worker that was presumed dead and replaced can never
overwrite the newer run, and exactly one report results whatever is redelivered.

Requests coalesce: a report already queued stays queued (one task is on its way), and a
request while it runs only sets `rerun_requested`, so the run in progress finishes and one
more run follows it; no number of requests restarts an analysis or queues a second one.

The analysis is bounded twice: its input is capped (selectors.analysis_input.InputCaps) and
it runs under FEEDBACK_TIME_BUDGET_SECONDS; past the budget a reduced analysis (notes and the
diagram, without chat and node notes) is stored instead, marked partial. A failed report is
retried by the sweep with exponential backoff until FEEDBACK_MAX_FAILURES.
"""

from __future__ import annotations

import logging
import time
import uuid
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..analysis import ANALYZER_VERSION, AnalysisOutOfTime, analyse
from ..models import FeedbackReport, ReportStatus
from ..selectors.analysis_input import analysis_input_build

log = logging.getLogger(__name__)


def _uuid(value: UUID | str) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


def _conf(name: str) -> Any:
    return settings.DESIGNROOM[name]


def _stale_after() -> timedelta:
    return timedelta(seconds=_conf("FEEDBACK_STALE_SECONDS"))


def _enqueue_on_commit(session_id: UUID | str) -> None:
    from ..tasks import feedback_generate_task

    transaction.on_commit(lambda: feedback_generate_task.delay(str(session_id)))


def _is_running_elsewhere(report: FeedbackReport, now: datetime) -> bool:
    return bool(
        report.status == ReportStatus.RUNNING
        and report.started_at
        and report.started_at > now - _stale_after()
    )


@transaction.atomic
def feedback_request(*, session_id: UUID | str) -> FeedbackReport:
    """Queue the session's report, coalescing with a run that is queued or in progress.

    The task is sent once the transaction commits, and only when no run is on its way.
    """
    now = timezone.now()
    report, created = FeedbackReport.objects.select_for_update().get_or_create(
        session_id=session_id,
        analyzer_version=ANALYZER_VERSION,
        defaults={"status": ReportStatus.QUEUED, "queued_at": now},
    )
    if created:
        _enqueue_on_commit(session_id)
    elif report.status == ReportStatus.QUEUED:
        pass  # a task is on its way (the sweep re-sends one whose message was lost)
    elif _is_running_elsewhere(report, now):
        if not report.rerun_requested:
            report.rerun_requested = True
            report.save(update_fields=["rerun_requested"])
    else:
        _requeue(report, now, reset_failures=True)
    return report


def _requeue(report: FeedbackReport, now: datetime, *, reset_failures: bool) -> None:
    """Back to the queue with no claim (a worker still on the old one will not store)."""
    report.status, report.queued_at, report.claim = ReportStatus.QUEUED, now, None
    report.failure_reason, report.rerun_requested, report.retry_at = "", False, None
    fields = ["status", "queued_at", "claim", "failure_reason", "rerun_requested", "retry_at"]
    if reset_failures:
        report.failures = 0
        fields.append("failures")
    report.save(update_fields=fields)
    _enqueue_on_commit(report.session_id)


def feedback_generate(*, session_id: UUID | str) -> str:
    """Generate the report if it is waiting; return what happened ('ready', 'failed', 'skipped')."""
    claim = _claim(session_id)
    if claim is None:
        return "skipped"
    delay = _conf("FEEDBACK_FAULT_DELAY_SECONDS")
    if delay:  # fault-injection tests widen the window in which a worker can be killed
        time.sleep(delay)
    try:
        result = analyse_within_budget(analysis_input_build(session_id=session_id))
    except Exception as exc:
        if _is_transient(exc):
            _release(session_id, claim)
            raise  # the task retries with backoff
        log.exception("feedback analysis failed for session %s", session_id)
        _finish(
            session_id,
            claim,
            status=ReportStatus.FAILED,
            reason=f"{type(exc).__name__}: {exc}"[:2000],
        )
        return "failed"
    stored = _finish(session_id, claim, status=ReportStatus.READY, result=result)
    return "ready" if stored else "skipped"


def analyse_within_budget(
    data: dict[str, Any], *, budget_seconds: float | None = None
) -> dict[str, Any]:
    """The analysis of ``data`` within the time budget, with ``result["limits"]`` saying
    what was cut (input caps) or left unread (the budget ran out)."""
    budget = _conf("FEEDBACK_TIME_BUDGET_SECONDS") if budget_seconds is None else budget_seconds
    truncated = (data.pop("limits", None) or {}).get("truncated", {})
    deadline = time.monotonic() + budget
    not_read: list[str] = []
    try:
        result = analyse(data, out_of_time=lambda: time.monotonic() > deadline)
    except AnalysisOutOfTime:
        log.warning("feedback analysis over its %.0f s budget: storing a reduced one", budget)
        not_read = ["chat", "node_notes", "labels", "snapshots", "timeline"]
        result = analyse(_reduced_input(data))
    result["limits"] = {
        "partial": bool(truncated or not_read),
        "truncated": truncated,
        "not_read": not_read,
        "time_budget_seconds": budget,
    }
    return result


def _reduced_input(data: dict[str, Any]) -> dict[str, Any]:
    """The notes sections and the diagram's shape (kinds, edges, replicas; no labels or node
    notes): bounded by the protocol (6 x 20,000 characters, 300 nodes, 600 edges), so it
    runs in a fraction of the budget (docs/performance.md)."""
    board = data.get("board") or {}
    nodes = [{**n, "notes": "", "label": ""} for n in board.get("nodes", [])]
    edges = [{**e, "label": ""} for e in board.get("edges", [])]
    return {
        **data,
        "board": {**board, "nodes": nodes, "edges": edges},
        "chat": [],
        "snapshots": [],
        "timeline": {**(data.get("timeline") or {}), "events": []},
    }


def feedback_fail(*, session_id: UUID | str, reason: str) -> None:
    """Mark a report failed after its task gave up retrying (the sweep may retry it later)."""
    with transaction.atomic():
        report = (
            FeedbackReport.objects.select_for_update()
            .filter(
                session_id=_uuid(session_id),
                analyzer_version=ANALYZER_VERSION,
                status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING],
            )
            .first()
        )
        if report is not None:
            _record_outcome(report, status=ReportStatus.FAILED, reason=reason)


def _is_transient(exc: Exception) -> bool:
    from django.db import InterfaceError, OperationalError

    return isinstance(exc, OperationalError | InterfaceError | ConnectionError | TimeoutError)


@transaction.atomic
def _claim(session_id: UUID | str) -> UUID | None:
    session_id = _uuid(session_id)
    now = timezone.now()
    report = (
        FeedbackReport.objects.select_for_update()
        .filter(session_id=session_id, analyzer_version=ANALYZER_VERSION)
        .first()
    )
    if report is None or report.status in (ReportStatus.READY, ReportStatus.FAILED):
        return None
    if _is_running_elsewhere(report, now):
        return None
    report.status, report.claim, report.started_at = ReportStatus.RUNNING, uuid.uuid4(), now
    report.attempts += 1
    report.save(update_fields=["status", "claim", "started_at", "attempts"])
    return report.claim


@transaction.atomic
def _release(session_id: UUID | str, claim: UUID) -> None:
    session_id = _uuid(session_id)
    FeedbackReport.objects.filter(
        session_id=session_id, analyzer_version=ANALYZER_VERSION, claim=claim
    ).update(status=ReportStatus.QUEUED, claim=None)


@transaction.atomic
def _finish(
    session_id: UUID | str,
    claim: UUID,
    *,
    status: str,
    result: dict | None = None,
    reason: str = "",
) -> bool:
    """Store the outcome if this claim still holds the row (a newer request voids it)."""
    report = (
        FeedbackReport.objects.select_for_update()
        .filter(session_id=_uuid(session_id), analyzer_version=ANALYZER_VERSION, claim=claim)
        .first()
    )
    if report is None:
        return False
    _record_outcome(report, status=status, result=result, reason=reason)
    return True


def _record_outcome(
    report: FeedbackReport, *, status: str, result: dict | None = None, reason: str = ""
) -> None:
    """Store a run's outcome on the locked row, then queue the run asked for meanwhile, or
    schedule the retry of a failure."""
    now = timezone.now()
    report.status, report.claim, report.finished_at = status, None, now
    report.failure_reason = reason[:2000]
    if result is not None:
        report.result, report.overall_score = result, round(result["scores"]["overall"])
    if status == ReportStatus.FAILED:
        report.failures += 1
        report.retry_at = _retry_at(report.failures, now)
    else:
        report.failures, report.retry_at = 0, None
    report.save()
    if report.rerun_requested:
        _requeue(report, now, reset_failures=True)


def _retry_at(failures: int, now: datetime) -> datetime | None:
    """When the sweep retries after the n-th failure: base x 2^(n-1); None past the limit."""
    if failures >= _conf("FEEDBACK_MAX_FAILURES"):
        return None
    return now + timedelta(seconds=_conf("FEEDBACK_RETRY_BASE_SECONDS") * 2 ** (failures - 1))


def feedback_sweep_stale() -> int:
    """Re-queue reports whose worker died ('running' too long), whose message was lost
    ('queued' too long), or whose failure is due for a retry; return how many."""
    now = timezone.now()
    cutoff = now - _stale_after()
    due = (
        FeedbackReport.objects.filter(status=ReportStatus.RUNNING, started_at__lt=cutoff)
        | FeedbackReport.objects.filter(status=ReportStatus.QUEUED, queued_at__lt=cutoff)
        | FeedbackReport.objects.filter(status=ReportStatus.FAILED, retry_at__lte=now)
    )
    count = sum(_requeue_if_due(pk, now) for pk in due.values_list("pk", flat=True))
    if count:
        log.warning("re-queued %d stale or failed feedback report(s)", count)
    return count


@transaction.atomic
def _requeue_if_due(pk: int, now: datetime) -> bool:
    report = FeedbackReport.objects.select_for_update().filter(pk=pk).first()
    if report is None:
        return False
    stale = (report.status == ReportStatus.RUNNING and not _is_running_elsewhere(report, now)) or (
        report.status == ReportStatus.QUEUED
        and report.queued_at is not None
        and report.queued_at < now - _stale_after()
    )
    retry = report.status == ReportStatus.FAILED and report.retry_at and report.retry_at <= now
    if not (stale or retry):
        return False  # changed since the sweep's query
    _requeue(report, now, reset_failures=False)
    return True
