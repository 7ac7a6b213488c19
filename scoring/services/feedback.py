"""The feedback report's life: request (queue on commit), generate (claim, analyse, store), sweep.

A report row exists once per session and analyzer version. Generation claims the row with a
fresh `claim` id under a row lock, analyses outside any transaction, and stores the result
only if its claim still stands, so a worker that was presumed dead and replaced can never
overwrite the newer run, and exactly one report results whatever is redelivered.
"""

from __future__ import annotations

import logging
import time
import uuid
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..analysis import ANALYZER_VERSION, analyse
from ..models import FeedbackReport, ReportStatus
from ..selectors.analysis_input import analysis_input_build

log = logging.getLogger(__name__)


def _uuid(value: UUID | str) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


def _stale_after() -> timedelta:
    return timedelta(seconds=settings.DESIGNROOM["FEEDBACK_STALE_SECONDS"])


def _enqueue_on_commit(session_id: UUID | str) -> None:
    from ..tasks import feedback_generate_task

    transaction.on_commit(lambda: feedback_generate_task.delay(str(session_id)))


@transaction.atomic
def feedback_request(*, session_id: UUID | str) -> FeedbackReport:
    """Queue (or re-queue) the session's report; the task is sent once the transaction commits."""
    now = timezone.now()
    report, created = FeedbackReport.objects.select_for_update().get_or_create(
        session_id=session_id,
        analyzer_version=ANALYZER_VERSION,
        defaults={"status": ReportStatus.QUEUED, "queued_at": now},
    )
    if not created:
        # A new claim is needed: a worker still running the old one will not store its result.
        report.status, report.queued_at, report.claim, report.failure_reason = (
            ReportStatus.QUEUED,
            now,
            None,
            "",
        )
        report.save(update_fields=["status", "queued_at", "claim", "failure_reason"])
    _enqueue_on_commit(session_id)
    return report


def feedback_generate(*, session_id: UUID | str) -> str:
    """Generate the report if it is waiting; return what happened ('ready', 'failed', 'skipped')."""
    claim = _claim(session_id)
    if claim is None:
        return "skipped"
    delay = settings.DESIGNROOM.get("FEEDBACK_FAULT_DELAY_SECONDS", 0)
    if delay:  # fault-injection tests widen the window in which a worker can be killed
        time.sleep(delay)
    try:
        result = analyse(analysis_input_build(session_id=session_id))
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


def feedback_fail(*, session_id: UUID | str, reason: str) -> None:
    """Mark a report failed after its task gave up retrying."""
    session_id = _uuid(session_id)
    FeedbackReport.objects.filter(
        session_id=session_id,
        analyzer_version=ANALYZER_VERSION,
        status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING],
    ).update(
        status=ReportStatus.FAILED,
        failure_reason=reason[:2000],
        claim=None,
        finished_at=timezone.now(),
    )


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
    running_elsewhere = (
        report.status == ReportStatus.RUNNING
        and report.started_at
        and report.started_at > now - _stale_after()
    )
    if running_elsewhere:
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
    session_id = _uuid(session_id)
    fields: dict[str, Any] = {
        "status": status,
        "claim": None,
        "finished_at": timezone.now(),
        "failure_reason": reason,
    }
    if result is not None:
        fields |= {"result": result, "overall_score": round(result["scores"]["overall"])}
    updated = FeedbackReport.objects.filter(
        session_id=session_id, analyzer_version=ANALYZER_VERSION, claim=claim
    ).update(**fields)
    return bool(updated)


def feedback_sweep_stale() -> int:
    """Re-queue reports whose worker died ('running' too long) or whose message was lost."""
    cutoff = timezone.now() - _stale_after()
    stale = FeedbackReport.objects.filter(
        status=ReportStatus.RUNNING, started_at__lt=cutoff
    ) | FeedbackReport.objects.filter(status=ReportStatus.QUEUED, queued_at__lt=cutoff)
    count = 0
    for report in stale.only("session_id"):
        feedback_request(session_id=report.session_id)
        count += 1
    if count:
        log.warning("re-queued %d stale feedback report(s)", count)
    return count
