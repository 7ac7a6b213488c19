"""Opening and closing sockets: presence, counted in the database so every process agrees.

A participant is online while at least one of their ``LiveConnection`` rows is fresh. Rows
of a server process that died without closing its sockets stop counting once ``seen_at``
is older than the presence TTL (clients ping every 25 seconds), and
are swept, with the matching "offline" events, the next time anyone connects or leaves.
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.users import User

from ..errors import NotParticipant
from ..models import EventType, LiveConnection, Participant
from ..selectors.snapshot import PRESENCE_TTL, session_resync
from .writes import SessionWrite, session_write, user_ref


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


def connection_close(*, participant: Participant, channel_name: str) -> None:
    """Forget a socket; the participant goes offline when it was their last."""
    with session_write(participant.session_id) as write:
        LiveConnection.objects.filter(channel_name=channel_name).delete()
        _stale_sweep(write)
        if not _is_online(participant, write):
            _presence_changed(write, participant, online=False)


def connection_touch(*, participant: Participant, channel_name: str) -> None:
    """Keep a socket's presence fresh (called on client pings, throttled by the consumer)."""
    with session_write(participant.session_id) as write:
        LiveConnection.objects.filter(channel_name=channel_name).update(seen_at=write.now)


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
