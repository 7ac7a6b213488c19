"""Two workers at once: each reminder still goes out once, each offer is matched once.

Real transactions (no test-wide transaction), two threads, each with its own database
connection, on PostgreSQL: the row locks and the unique reminder row do the work. (The
embedded default's test database is SQLite in memory, whose shared cache refuses a second
writer instead of waiting; its file database serialises writers with IMMEDIATE
transactions.)"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection

from practice.models import Match, Reminder
from practice.services.matcher import offers_match
from practice.services.reminders import reminders_due_create
from tests.conftest import requires_services

from .conftest import offer, person

pytestmark = [
    requires_services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("core_content"),
]


def _twice_at_once(work) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def run() -> None:
        try:
            start.wait()
            work()
        except BaseException as exc:  # noqa: BLE001 — reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return errors


def test_two_matcher_runs_at_once_match_each_offer_once(frozen):
    for name in ("a1", "a2", "a3", "a4"):
        offer(person(name), hours=26, match=False)
    assert _twice_at_once(offers_match) == []
    assert Match.objects.count() == 2
    matched = [m.offer_first_id for m in Match.objects.all()] + [
        m.offer_second_id for m in Match.objects.all()
    ]
    assert len(set(matched)) == 4


def test_two_reminder_workers_at_once_send_each_reminder_once(frozen):
    offer(person("ada"), hours=30, role="interviewer")
    offer(person("bob"), hours=30, role="candidate")  # the matched emails: not sent here
    match = Match.objects.get()
    mail.outbox.clear()
    frozen.move_to(match.starts_at - timedelta(hours=23))
    assert _twice_at_once(reminders_due_create) == []
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.test", "bob@example.test"]
    assert Reminder.objects.filter(kind="day_before", sent_at__isnull=False).count() == 2
