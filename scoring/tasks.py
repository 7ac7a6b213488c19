"""Celery shells over the feedback services: ids in, bounded retries, nothing else."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from .services import feedback


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError, ConnectionError, TimeoutError),
    retry_backoff=2,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=6,
    soft_time_limit=60,
    time_limit=90,
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
