"""Time for the mock: injectable, so tests move it instead of sleeping.

The clock only drives what Arena derives from "now": the ``Date`` header,
session idle expiry and the 24-hour request window. Dates inside the data come
from the seeded dataset, never from the clock, so a response body does not
change when time passes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from email.utils import format_datetime
from typing import Literal, Protocol
from zoneinfo import ZoneInfo

#: Arena's quota window starts "at midnight Pacific Time" (api_licensing.md).
PACIFIC = ZoneInfo("America/Los_Angeles")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

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


def arena_date(when: datetime) -> str:
    """Arena's form of X-Arena-Next-Request-Limit-Reset (api_licensing.md), in Pacific time:
    ``Fri, 02-May-2014 14:22:13 GMT-0700 (PDT)``. Names are spelt out, not taken from the
    C library's locale."""
    local = when.astimezone(PACIFIC)
    offset = local.strftime("%z")  # -0700 or -0800
    return (
        f"{_DAYS[local.weekday()]}, {local.day:02d}-{_MONTHS[local.month - 1]}-{local.year:04d} "
        f"{local:%H:%M:%S} GMT{offset} ({local.tzname()})"
    )


def next_midnight_pacific(now: datetime) -> datetime:
    """The first midnight in Pacific time after ``now`` (UTC): when Arena's quota resets.

    Midnight exists once every day in America/Los_Angeles (the clocks change at 02:00), so a
    window lasts 23, 24 or 25 hours.
    """
    day: date = now.astimezone(PACIFIC).date() + timedelta(days=1)
    return datetime.combine(day, time(0), tzinfo=PACIFIC).astimezone(timezone.utc)


ResetFormat = Literal["arena", "iso", "http"]
#: How the mock writes X-Arena-Next-Request-Limit-Reset (and the 4084 message's reset time):
#: Arena's documented form by default; ISO-8601 UTC and HTTP-date behind the ``reset_format``
#: switch, for clients that must also survive those.
RESET_FORMATS: dict[str, Callable[[datetime], str]] = {
    "arena": arena_date,
    "iso": iso_utc,
    "http": http_date,
}
