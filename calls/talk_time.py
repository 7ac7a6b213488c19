"""Talk time per person per phase, from the call's speaking events: plain data in and out.

A person speaks from a ``speaking: true`` event until their next ``speaking: false``, a
mute, their leaving the call, the call's end or the session's end, whichever comes first.
Phases are the spans between the timer's phase changes. Overlapping speech counts for both.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

STOPPERS = ("leave", "end")


@dataclass(frozen=True)
class PhaseSpan:
    index: int
    start_ms: int
    end_ms: int


def phase_spans(changes: Iterable[tuple[int, int]], end_ms: int) -> list[PhaseSpan]:
    """``changes`` are (at, phase index entered) in time order; the last span ends at
    ``end_ms``. A phase entered twice (``previous``) has two spans."""
    ordered = sorted(changes)
    spans = []
    for (at, index), following in zip(ordered, [*ordered[1:], (end_ms, -1)], strict=True):
        if following[0] > at:
            spans.append(PhaseSpan(index, at, following[0]))
    return spans


def speaking_intervals(events: Iterable[dict], end_ms: int) -> dict[int, list[tuple[int, int]]]:
    """Per user id, the (start, end) ms of each run of speech."""
    open_since: dict[int, int] = {}
    runs: dict[int, list[tuple[int, int]]] = defaultdict(list)

    def close(user: int, at: int) -> None:
        start = open_since.pop(user, None)
        if start is not None and at > start:
            runs[user].append((start, at))

    for event in events:
        action, at = event.get("action"), int(event.get("at", 0))
        if action == "end":
            for user in list(open_since):
                close(user, at)
            continue
        user = event.get("user", {}).get("id")
        if user is None:
            continue
        if action == "speaking" and event.get("speaking"):
            open_since.setdefault(user, at)
        elif (
            (action == "speaking")
            or (action == "mute" and event.get("muted"))
            or action in STOPPERS
        ):
            close(user, at)
    for user in list(open_since):
        close(user, end_ms)
    return dict(runs)


def talk_time_per_phase(
    *, events: Iterable[dict], spans: list[PhaseSpan]
) -> dict[int, dict[int, int]]:
    """phase index -> user id -> ms spoken in that phase."""
    end_ms = max((s.end_ms for s in spans), default=0)
    runs = speaking_intervals(events, end_ms)
    totals: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for user, intervals in runs.items():
        for start, stop in intervals:
            for span in spans:
                overlap = min(stop, span.end_ms) - max(start, span.start_ms)
                if overlap > 0:
                    totals[span.index][user] += overlap
    return {phase: dict(users) for phase, users in totals.items()}
