"""When the live analysis runs: debounced per session, and never where the change happened.

A change (an op, a chat message) asks for a run. The first ask of a quiet session takes a
per-session lease in the cache for ``INSIGHT_DEBOUNCE_SECONDS`` and schedules one run at
the end of it; every ask while the lease is held is absorbed by that run, which reads the
session as it is by then. So a burst of N changes costs one run, and a session is analysed
at most once per window. A phase change (and the analysis' own events: a tick, a drill,
sharing switched on) asks for a run now, without waiting for the window.

Where it happens: the commit's thread (the op batch thread, a request) only appends the ask
to this process's background thread, which takes the lease (one cache ``add``) and, once
per window, schedules the run: on the real stack a Celery task sent with a countdown (one
broker publish); with eager tasks (the embedded default, the tests), where a task would run
inside its caller, the same background thread runs it at the end of the window.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from asgiref.sync import SyncToAsync
from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections

logger = logging.getLogger(__name__)

T = TypeVar("T")

LEASE_KEY = "insight:lease:{session_id}"


def insight_debounce_seconds() -> float:
    return float(settings.DESIGNROOM.get("INSIGHT_DEBOUNCE_SECONDS", 3))


def insight_schedule(*, session_id: str, urgent: bool, run: Callable[[str, float], None]) -> bool:
    """Ask for a run of the session's analysis; True when this ask scheduled one.
    ``run(session_id, delay)`` schedules it (a task send, or the background thread)."""
    window = insight_debounce_seconds()
    if urgent:
        run(session_id, 0.0)
        return True
    if not cache.add(LEASE_KEY.format(session_id=session_id), 1, timeout=max(window, 1)):
        return False  # a run is already due at the end of the window
    run(session_id, window)
    return True


def insight_lease_release(*, session_id: str) -> None:
    """The run starts: changes from now on ask for the next one."""
    cache.delete(LEASE_KEY.format(session_id=session_id))


class DelayedRunner:
    """One daemon thread running callables at their due time (eager tasks only)."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Callable[[], object]]] = []
        self._count = itertools.count()
        self._cv = threading.Condition()
        self._busy = 0
        self._thread: threading.Thread | None = None

    def submit(self, fn: Callable[[], object], delay: float) -> None:
        with self._cv:
            heapq.heappush(self._heap, (time.monotonic() + delay, next(self._count), fn))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="insight", daemon=True)
                self._thread.start()
            self._cv.notify()

    def idle(self, timeout: float = 10.0) -> bool:
        """Wait until nothing is due or running (tests, benchmarks); False on timeout."""
        deadline = time.monotonic() + timeout
        with self._cv:
            while self._heap or self._busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cv.wait(min(left, 0.05))
        return True

    def _loop(self) -> None:
        while True:
            with self._cv:
                while not self._heap or self._heap[0][0] > time.monotonic():
                    wait = self._heap[0][0] - time.monotonic() if self._heap else None
                    self._cv.wait(wait)
                _, _, fn = heapq.heappop(self._heap)
                self._busy += 1
            try:
                _embedded.runs = True
                fn()
            except Exception:
                logger.exception("live analysis run failed")
            finally:
                close_old_connections()
                with self._cv:
                    self._busy -= 1
                    self._cv.notify_all()


_embedded = threading.local()  # set on the runner's thread: its runs are eager tasks


def on_database_thread(fn: Callable[..., T], /, **kwargs: Any) -> T:
    """Run one ORM step of a live-analysis run where the process's websocket consumers and
    op batches do their ORM work (asgiref's one sync thread), when the run is this process's
    runner's (eager tasks: the embedded default, the tests); a Celery worker just calls.

    SQLite takes one writer at a time and, in the tests' shared-cache memory database,
    refuses a second connection outright ("table is locked") instead of waiting, so the
    reads and writes of a run take their turn on that thread, between op batches. The
    analysis itself runs on the runner's thread: the ops never wait for its CPU time.
    (Wrapping the whole run in ``async_to_sync(sync_to_async(...))`` did not do this:
    inside ``async_to_sync`` a thread-sensitive call runs on the calling thread.)"""
    if getattr(_embedded, "runs", False):
        return SyncToAsync.single_thread_executor.submit(functools.partial(fn, **kwargs)).result()
    return fn(**kwargs)


_runner = DelayedRunner()


def insight_runner() -> DelayedRunner:
    return _runner
