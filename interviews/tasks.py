"""Celery shells over interviews services: bounded, idempotent, nothing else."""

from __future__ import annotations

from celery import shared_task

from .services.lifecycle import sessions_abandon_idle


@shared_task(acks_late=True, soft_time_limit=120, time_limit=150, ignore_result=True)
def sessions_abandon_idle_task() -> int:
    return sessions_abandon_idle()
