"""Opening and closing sockets: presence, counted in the database so every process agrees.

A participant is online while at least one of their ``LiveConnection`` rows is fresh. Rows
of a server process that died without closing its sockets stop counting once ``seen_at``
is older than the presence TTL (clients ping every 25 seconds), and
are swept, with the matching "offline" events, the next time anyone connects or leaves.

Presence is coalesced: a participant's last socket closing does not make them offline at
once; its row lingers for ``PRESENCE_GRACE`` (it turns stale then), so a reload or a
connect/close loop reconnects before the grace ends and logs nothing. The consumer sweeps
after the grace (``connection_sweep``); if its process dies first, the next connect, leave
or ping of anyone in the session sweeps instead. Flapping thus costs at most one
online/offline pair per grace period, however fast the loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings

from accounts.users import User

from ..errors import NotParticipant
from ..models import EventType, LiveConnection, Participant
from ..selectors.snapshot import PRESENCE_TTL, session_resync
from .writes import SessionWrite, session_write, user_ref

PRESENCE_GRACE = timedelta(seconds=settings.DESIGNROOM.get("PRESENCE_GRACE_SECONDS", 2))


@dataclass(frozen=True)
class Opened:
    participant: Participant
    message: dict  # the first message for the socket: snapshot or replay


def connection_open(
    *, session_id: str, user: User, channel_name: str, since: int | None = None
) -> Opened:
    """Register a socket, announce presence, and return its snapshot or replay."""
    with session_write(session_id) as write:
        participant = (
            Participant.objects.select_related("user").filter(session=write.session, user=user)
        ).first()
        if participant is None:
            raise NotParticipant(f"{user} in {session_id}")
        _stale_sweep(write)
        was_online = _is_online(participant, write)
        LiveConnection.objects.update_or_create(
            channel_name=channel_name,
            defaults={"participant": participant, "connected_at": write.now, "seen_at": write.now},
        )
        if not was_online:
            _presence_changed(write, participant, online=True)
        message = session_resync(
            session=write.session, participant=participant, since=since, now=write.now
        )
        return Opened(participant=participant, message=message)


def connection_close(*, participant: Participant, channel_name: str) -> bool:
    """Forget a socket. Return True when it was the participant's last: they stay online
    for PRESENCE_GRACE, and go offline at the next ``connection_sweep`` after it."""
    with session_write(participant.session_id) as write:
        mine = LiveConnection.objects.filter(channel_name=channel_name)
        _stale_sweep(write)
        fresh = participant.connections.filter(seen_at__gte=write.now - PRESENCE_TTL)
        if write.session.is_over or fresh.exclude(channel_name=channel_name).exists():
            mine.delete()
            return False
        # Stale (so swept, and offline announced) once the grace is over.
        mine.update(seen_at=write.now - PRESENCE_TTL + PRESENCE_GRACE)
        return True


def connection_sweep(*, session_id: str) -> None:
    """Announce the participants whose last socket went stale as offline."""
    with session_write(session_id) as write:
        _stale_sweep(write)


def connection_touch(*, participant: Participant, channel_name: str) -> None:
    """Keep a socket's presence fresh (called on client pings, throttled by the consumer)."""
    with session_write(participant.session_id) as write:
        LiveConnection.objects.filter(channel_name=channel_name).update(seen_at=write.now)
        _stale_sweep(write)  # a lingering closed socket, or a dead process's


def connection_resync(*, participant: Participant, since: int) -> dict:
    """What a socket missed after ``since``: a replay, or a snapshot when that is
    impossible; read under the session lock, after any catch-up the timer owes."""
    with session_write(participant.session_id) as write:
        return session_resync(
            session=write.session, participant=participant, since=since, now=write.now
        )


def _is_online(participant: Participant, write: SessionWrite) -> bool:
    fresh_since = write.now - PRESENCE_TTL
    return participant.connections.filter(seen_at__gte=fresh_since).exists()


def _stale_sweep(write: SessionWrite) -> None:
    cutoff = write.now - PRESENCE_TTL
    stale = LiveConnection.objects.filter(
        participant__session=write.session, seen_at__lt=cutoff
    ).select_related("participant__user")
    gone = {c.participant for c in stale}
    if not gone:
        return
    stale.delete()
    for participant in gone:
        if not _is_online(participant, write):
            _presence_changed(write, participant, online=False)


def _presence_changed(write: SessionWrite, participant: Participant, *, online: bool) -> None:
    participant.left_at = None if online else write.now
    participant.save(update_fields=["left_at"])
    if write.session.is_over:
        return  # the log of a finished session stays as it ended
    write.append(
        EventType.PRESENCE,
        {"user": user_ref(participant.user), "role": participant.role, "online": online},
        actor_id=participant.user_id,
    )
