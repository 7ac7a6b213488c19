"""Celery shells over the feedback services: ids in, bounded retries, nothing else."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from .services import feedback, insight

# Sized from the measured worst case (docs/performance.md): input building plus the time
# budget plus the reduced analysis that follows a spent budget, with headroom for a loaded
# worker. The stale sweep's FEEDBACK_STALE_SECONDS must stay above the hard limit.
SOFT_TIME_LIMIT = settings.DESIGNROOM["FEEDBACK_SOFT_TIME_LIMIT"]
HARD_TIME_LIMIT = settings.DESIGNROOM["FEEDBACK_HARD_TIME_LIMIT"]


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError, ConnectionError, TimeoutError),
    retry_backoff=2,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=6,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=HARD_TIME_LIMIT,
    serializer="json",
)
def feedback_generate_task(self, session_id: str) -> str:
    try:
        return feedback.feedback_generate(session_id=session_id)
    except (OperationalError, InterfaceError, ConnectionError, TimeoutError) as exc:
        if self.request.retries >= self.max_retries:
            feedback.feedback_fail(session_id=session_id, reason=f"gave up after retries: {exc}")
        raise


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90, ignore_result=True)
def feedback_sweep_task() -> int:
    return feedback.feedback_sweep_stale()


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError, ConnectionError),
    retry_backoff=1,
    retry_jitter=True,
    max_retries=2,
    soft_time_limit=10,
    time_limit=20,
    ignore_result=True,
    serializer="json",
)
def insight_run_task(session_id: str) -> None:
    # Live results go stale in seconds: a couple of quick retries, then the next change
    # asks for a fresh run anyway.
    insight.insight_run(session_id=session_id)
