"""Time for the mock: injectable, so tests move it instead of sleeping.

The clock only drives what Arena derives from "now": the ``Date`` header,
session idle expiry and the 24-hour request window. Dates inside the data come
from the seeded dataset, never from the clock, so a response body does not
change when time passes.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Protocol

#: Where a FakeClock starts unless told otherwise: its first request window then
#: resets at 2026-07-29T00:00:00Z, the value the Prismatic connector's tests use.
FAKE_EPOCH = datetime(2026, 7, 28, tzinfo=timezone.utc)


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...


class SystemClock:
    """The wall clock (what `arena-contract serve` uses)."""

    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class FakeClock:
    """A clock that only moves when told to; safe to move from another thread."""

    def __init__(self, start: datetime = FAKE_EPOCH) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware start time")
        self._now = start.astimezone(timezone.utc)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> datetime:
        """Move forward ``seconds`` (negative moves back) and return the new time."""
        with self._lock:
            self._now += timedelta(seconds=seconds)
            return self._now

    def set(self, when: datetime) -> None:
        with self._lock:
            self._now = when.astimezone(timezone.utc)


def iso_utc(when: datetime) -> str:
    """Arena's date-time form: ISO-8601 UTC, whole seconds, ``Z`` (``2021-09-15T00:00:00Z``)."""
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def http_date(when: datetime) -> str:
    """RFC 9110 HTTP-date for the ``Date`` header (``Tue, 28 Jul 2026 00:00:00 GMT``)."""
    return format_datetime(when.astimezone(timezone.utc).replace(microsecond=0), usegmt=True)
