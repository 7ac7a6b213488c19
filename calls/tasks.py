"""Celery shell of the calls app: the retention purge (scheduled in CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from .services import recordings_purge


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=3,
    soft_time_limit=300,
    time_limit=360,
    serializer="json",
)
def recordings_purge_task() -> int:
    """Delete recordings past their retention (idempotent: a rerun finds nothing left)."""
    return recordings_purge()
