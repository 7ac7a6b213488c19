"""Local wall-clock times to instants and back, with the two DST traps named: a time the
clocks skip (spring forward) does not exist, a time they repeat (fall back) is ambiguous."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones


class LocalTimeError(ValueError):
    """A local time that names no instant, or a zone that does not exist."""


@lru_cache(maxsize=1)
def zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def zone_get(name: str) -> ZoneInfo:
    if name not in zone_names():
        raise LocalTimeError(f"'{name[:64]}' is not a time zone (try Europe/Paris or UTC)")
    return ZoneInfo(name)


def local_to_utc(day: date, clock: time, zone_name: str) -> datetime:
    """The instant ``day`` at ``clock`` names in ``zone_name``.

    A skipped time is refused; a repeated one is taken at its first occurrence (the earlier
    instant, before the clocks go back), which is what calendar apps do."""
    zone = zone_get(zone_name)
    first = datetime.combine(day, clock).replace(tzinfo=zone, fold=0)
    back = first.astimezone(UTC).astimezone(zone)
    if back.replace(tzinfo=None) != first.replace(tzinfo=None):
        raise LocalTimeError(
            f"{clock:%H:%M} on {day:%Y-%m-%d} does not exist in {zone_name}: the clocks "
            "go forward over it; pick a time after the change"
        )
    return first.astimezone(UTC)


def utc_to_local(moment: datetime, zone_name: str) -> datetime:
    try:
        return moment.astimezone(zone_get(zone_name))
    except LocalTimeError:
        return moment.astimezone(UTC)


def local_label(moment: datetime, zone_name: str) -> str:
    """ "Tue 3 Mar 2026, 18:30 (Europe/Paris)"."""
    local = utc_to_local(moment, zone_name)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M} ({local.tzname()}, {zone_name})"
