"""Matches as iCalendar: one VEVENT per match (its UID stable across reschedules, its
SEQUENCE one more each time), sent as attachments and served as a personal feed."""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event, vText

from .models import Match, MatchStatus

PRODID = "-//Designroom//Practice matches//EN"


def match_uid(match: Match) -> str:
    return f"match-{match.pk}@designroom"


def lobby_url(match: Match) -> str:
    if match.first_session_id is None:
        return settings.SITE_URL + reverse("practice:match_detail", args=[match.pk])
    return settings.SITE_URL + reverse("interviews:lobby", args=[match.first_session_id])


def match_event(match: Match, *, partner_name: str, now: datetime) -> Event:
    event = Event()
    event.add("uid", match_uid(match))
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", match.starts_at.astimezone(UTC))
    event.add("dtend", match.ends_at.astimezone(UTC))
    event.add("sequence", match.sequence)
    kind = "swap: you interview and are interviewed" if match.swap else "one interview"
    event.add("summary", f"System design practice with {partner_name}")
    event.add(
        "description",
        f"Mock interview practice on Designroom ({kind}). The lobby opens 10 minutes "
        f"before: {lobby_url(match)}",
    )
    event.add("url", lobby_url(match))
    event["location"] = vText(lobby_url(match))
    cancelled = match.status == MatchStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def calendar_bytes(events: list[Event], *, method: str = "PUBLISH", name: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()
