"""The feedback task through a real Celery worker process on Redis, including a worker killed mid-task."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from scoring.models import FeedbackReport, ReportStatus
from tests.conftest import requires_services

pytestmark = [requires_services, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker_mode():
    """Send tasks to Redis instead of running them inline (the test settings run them eagerly)."""
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = True


def _worker_env(**extra: str) -> dict[str, str]:
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        REDIS_URL=settings.REDIS_URL,
        CELERY_VISIBILITY_TIMEOUT="4",
        **extra,
    )
    return env


@contextmanager
def celery_worker(name: str, **env: str) -> Iterator[subprocess.Popen]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-P",
            "solo",
            "-n",
            f"{name}@%h",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        cwd=settings.BASE_DIR,
        env=_worker_env(**env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def _wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def _status(session) -> str | None:
    return FeedbackReport.objects.filter(session=session).values_list("status", flat=True).first()


def _end(played) -> None:
    from tests.scoring.conftest import play

    play(
        played.session, played.candidate, played.interviewer
    )  # real commits: on_commit sends the task


def test_a_real_worker_writes_the_report(broker_mode, peer_session):
    with celery_worker("plain"):
        _end(peer_session)
        _wait_for(lambda: _status(peer_session.session) == ReportStatus.READY, 60, "a ready report")
    report = FeedbackReport.objects.get(session=peer_session.session)
    assert report.result["nfr"]["latency"]["status"] == "covered"
    assert report.attempts == 1


def test_worker_killed_mid_task_still_yields_exactly_one_report(
    broker_mode, peer_session, settings
):
    """SIGKILL the worker while it holds the report: the task is redelivered (acks_late) or the
    stale sweep re-queues it, and exactly one ready report results."""
    with celery_worker("doomed", FEEDBACK_FAULT_DELAY_SECONDS="30") as doomed:
        _end(peer_session)
        _wait_for(
            lambda: _status(peer_session.session) == ReportStatus.RUNNING,
            60,
            "the worker to claim the report",
        )
        os.killpg(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=10)
    assert _status(peer_session.session) == ReportStatus.RUNNING  # nobody finished it

    settings.DESIGNROOM = {**settings.DESIGNROOM, "FEEDBACK_STALE_SECONDS": 2}
    with celery_worker("rescuer", FEEDBACK_STALE_SECONDS="2"):
        deadline = time.monotonic() + 90
        swept = False
        while _status(peer_session.session) != ReportStatus.READY:
            assert time.monotonic() < deadline, "the report was never finished"
            if not swept and time.monotonic() > deadline - 75:
                from scoring.services import feedback_sweep_stale

                swept = feedback_sweep_stale() > 0  # what celery beat does every minute
            time.sleep(0.3)
    reports = FeedbackReport.objects.filter(session=peer_session.session)
    assert reports.count() == 1
    report = reports.get()
    assert report.status == ReportStatus.READY
    assert report.attempts >= 2
    assert report.result["analyzer_version"] == report.analyzer_version
