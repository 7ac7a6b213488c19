"""Celery shells over practice services (beat: matching, reminders)."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from .services.matcher import offers_match
from .services.reminders import reminders_due_create, reminders_retry

RETRY = {
    "acks_late": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 2,
    "retry_jitter": True,
    "max_retries": 3,
    "soft_time_limit": 60,
    "time_limit": 90,
    "ignore_result": True,
}


@shared_task(**RETRY)
def offers_match_task() -> int:
    return len(offers_match())


@shared_task(**RETRY)
def reminders_send_task() -> int:
    reminders_retry()
    return reminders_due_create()
