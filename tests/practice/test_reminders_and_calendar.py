"""Reminders go out once each, with a correct .ics; the feed answers its owner's token only;
local times survive DST; no-shows rematch; the idle sweep closes abandoned sessions."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core import mail
from icalendar import Calendar

from interviews.models import InterviewSession, Participant, SessionStatus
from interviews.services import sessions_abandon_idle
from practice.models import Match, MatchStatus, NoShow, Offer, Reminder
from practice.selectors import reliability_of
from practice.services.feeds import feed_create, feed_user_get
from practice.services.matches import MatchRefused, match_cancel, no_show_report
from practice.services.offers import OfferRefused, OfferRequest, offer_create
from practice.services.reminders import reminders_due_create
from practice.timezones import LocalTimeError, local_to_utc

from .conftest import NOW, offer, person

pytestmark = pytest.mark.usefixtures("core_content")


@pytest.fixture
def matched(frozen, django_capture_on_commit_callbacks):
    ada, bob = person("ada"), person("bob")
    with django_capture_on_commit_callbacks(execute=True):
        offer(ada, hours=30, role="interviewer")
        offer(bob, hours=30, role="candidate")
    return Match.objects.get()


def test_a_match_emails_both_people_once_with_the_calendar_file(matched):
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.test", "bob@example.test"]
    message = next(m for m in mail.outbox if m.to == ["bob@example.test"])
    assert "ada" in message.body
    assert "lobby opens 10 minutes before" in message.body
    name, content, mimetype = message.attachments[0]
    assert name == "practice.ics"
    assert mimetype.startswith("text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["uid"]) == f"match-{matched.pk}@designroom"
    assert event.decoded("dtstart") == matched.starts_at
    assert event.decoded("dtend") == matched.ends_at
    assert str(event["status"]) == "CONFIRMED"
    assert f"/sessions/{matched.first_session_id}/lobby/" in str(event["url"])


def test_day_and_quarter_hour_reminders_go_out_once_each(
    matched, frozen, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_due_create() == 0  # 30 hours ahead: nothing due yet
    frozen.move_to(matched.starts_at - timedelta(hours=23))
    with django_capture_on_commit_callbacks(execute=True):
        reminders_due_create()
        reminders_due_create()  # a second worker, or the next beat
    assert len(mail.outbox) == 2
    assert all("Tomorrow" in m.subject for m in mail.outbox)
    frozen.move_to(matched.starts_at - timedelta(minutes=10))
    with django_capture_on_commit_callbacks(execute=True):
        reminders_due_create()
        reminders_due_create()
    assert len(mail.outbox) == 4
    assert Reminder.objects.filter(sent_at__isnull=False).count() == 6


def test_a_cancellation_tells_the_partner_with_a_cancel_ics(
    matched, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        match_cancel(match_id=matched.pk, user=matched.user_first)
    [message] = mail.outbox
    assert message.to == ["bob@example.test"]
    calendar = Calendar.from_ical(message.attachments[0][1])
    assert str(calendar["method"]) == "CANCEL"
    assert str(calendar.walk("VEVENT")[0]["status"]) == "CANCELLED"
    assert (
        InterviewSession.objects.get(pk=matched.first_session_id).status == SessionStatus.ABANDONED
    )
    assert Offer.objects.get(pk=matched.offer_second_id).status == "open"  # bob waits again


def test_the_feed_answers_its_owner_only_and_stops_when_revoked(client, matched):
    ada, bob = matched.user_first, matched.user_second
    token = feed_create(user=ada)
    assert feed_user_get(user_id=ada.pk, token=token) == ada
    assert feed_user_get(user_id=bob.pk, token=token) is None
    response = client.get(f"/practice/calendar/{ada.pk}/{token}.ics")
    assert response.status_code == 200
    assert (
        Calendar.from_ical(response.content).walk("VEVENT")[0]["uid"]
        == f"match-{matched.pk}@designroom"
    )
    assert client.get(f"/practice/calendar/{bob.pk}/{token}.ics").status_code == 404
    feed_create(user=ada)  # a new link revokes the old
    assert client.get(f"/practice/calendar/{ada.pk}/{token}.ics").status_code == 404


def test_local_times_across_dst():
    # Paris goes from 02:00 to 03:00 on 29 March 2026 and back on 25 October 2026
    with pytest.raises(LocalTimeError, match="does not exist"):
        local_to_utc(date(2026, 3, 29), time(2, 30), "Europe/Paris")
    assert local_to_utc(date(2026, 3, 28), time(18, 0), "Europe/Paris") == datetime(
        2026, 3, 28, 17, tzinfo=UTC
    )
    assert local_to_utc(date(2026, 3, 30), time(18, 0), "Europe/Paris") == datetime(
        2026, 3, 30, 16, tzinfo=UTC
    )
    # the repeated hour is its first occurrence (summer time)
    assert local_to_utc(date(2026, 10, 25), time(2, 30), "Europe/Paris") == datetime(
        2026, 10, 25, 0, 30, tzinfo=UTC
    )
    with pytest.raises(LocalTimeError, match="not a time zone"):
        local_to_utc(date(2026, 3, 30), time(18, 0), "Mars/Olympus")


def test_offers_in_two_zones_meet_at_the_same_instant(frozen):
    # 18:00 in New York on 10 March (EDT, UTC-4, two days after the change) is 22:00 UTC
    offer_create(
        user=person("ny"),
        request=OfferRequest(
            date(2026, 3, 10), time(18, 0), "America/New_York", 60, "senior", "swap"
        ),
    )
    offer_create(
        user=person("paris"),
        request=OfferRequest(date(2026, 3, 10), time(23, 0), "Europe/Paris", 60, "senior", "swap"),
    )
    from practice.services.matcher import offers_match

    [match] = offers_match()
    assert match.starts_at == datetime(2026, 3, 10, 22, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"day": date(2026, 3, 1)}, "in the past"),
        ({"duration_minutes": 600}, "not 600"),
        ({"duration_minutes": 0}, "not 0"),
        ({"day": date(2026, 6, 1)}, "30 days"),
        ({"level": "wizard"}, "Level"),
        ({"tags": ("nope",)}, "Unknown topics"),
        ({"time_zone": "Nowhere/City"}, "not a time zone"),
    ],
)
def test_bad_offers_are_refused_and_nothing_is_created(frozen, change, message):
    fields = {
        "day": date(2026, 3, 3),
        "clock": time(10, 0),
        "time_zone": "UTC",
        "duration_minutes": 60,
        "level": "senior",
        "role": "swap",
        "tags": (),
        **change,
    }
    with pytest.raises(OfferRefused, match=message):
        offer_create(user=person("ada"), request=OfferRequest(**fields))
    assert Offer.objects.count() == 0


def test_an_offer_overlapping_ones_own_is_refused(frozen):
    ada = person("ada")
    offer(ada, hours=26, minutes=90, match=False)
    with pytest.raises(OfferRefused, match="overlaps your offer"):
        offer(ada, hours=27, minutes=45, match=False)
    assert Offer.objects.count() == 1


def test_a_no_show_rematches_the_present_user_with_someone_waiting(matched, frozen):
    ada = matched.user_first
    with pytest.raises(MatchRefused, match="10 minutes"):
        no_show_report(match_id=matched.pk, user=ada, then="rematch")
    frozen.move_to(matched.starts_at + timedelta(minutes=11))
    waiting = person("cy")
    offer_create(
        user=waiting,
        request=OfferRequest(
            (matched.starts_at + timedelta(minutes=15)).date(),
            (matched.starts_at + timedelta(minutes=15)).time(),
            "UTC",
            90,
            "senior",
            "candidate",
        ),
    )
    no_show_report(match_id=matched.pk, user=ada, then="rematch")
    from practice.services.matcher import offers_match

    offers_match()
    assert NoShow.objects.get().user == matched.user_second
    assert Match.objects.get(pk=matched.pk).status == MatchStatus.NO_SHOW
    rematch = Match.objects.exclude(pk=matched.pk).get()
    assert {rematch.user_first, rematch.user_second} == {ada, waiting}
    assert reliability_of(user_id=matched.user_second_id).kept == 0


def test_a_no_show_can_turn_into_solo_practice(matched, frozen):
    frozen.move_to(matched.starts_at + timedelta(minutes=11))
    solo = no_show_report(match_id=matched.pk, user=matched.user_second, then="solo")
    assert solo.mode == "solo"
    assert solo.question_id == matched.first_session.question_id


def test_no_show_is_refused_once_the_partner_arrived(matched, frozen):
    frozen.move_to(matched.starts_at + timedelta(minutes=11))
    Participant.objects.filter(user=matched.user_second).update(arrived_at=matched.starts_at)
    with pytest.raises(MatchRefused, match="arrived"):
        no_show_report(match_id=matched.pk, user=matched.user_first, then="solo")
    assert NoShow.objects.count() == 0


def test_the_idle_sweep_abandons_only_idle_sessions(matched, frozen):
    session = matched.first_session
    frozen.move_to(matched.starts_at + timedelta(minutes=60))
    assert sessions_abandon_idle() == 0  # agreed for an hour ago: not idle yet
    frozen.move_to(matched.starts_at + timedelta(hours=4))
    assert sessions_abandon_idle() == 1
    session.refresh_from_db()
    assert session.status == SessionStatus.ABANDONED
    assert session.end_reason == "idle"
    assert sessions_abandon_idle() == 0


def test_moving_a_match_moves_its_sessions_and_tells_both_with_a_new_sequence(
    matched, frozen, django_capture_on_commit_callbacks
):
    from practice.services.matches import match_reschedule

    mail.outbox.clear()
    later = matched.starts_at + timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        match_reschedule(match_id=matched.pk, user=matched.user_second, starts_at=later)
    matched.refresh_from_db()
    assert matched.sequence == 1
    assert InterviewSession.objects.get(pk=matched.first_session_id).scheduled_for == later
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.test", "bob@example.test"]
    event = Calendar.from_ical(mail.outbox[0].attachments[0][1]).walk("VEVENT")[0]
    assert event["sequence"] == 1
    assert event.decoded("dtstart") == later
    with pytest.raises(MatchRefused, match="5 minutes"):
        match_reschedule(match_id=matched.pk, user=matched.user_first, starts_at=NOW)
    assert Match.objects.get(pk=matched.pk).starts_at == later
