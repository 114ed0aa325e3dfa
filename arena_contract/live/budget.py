"""The request budget: a hard cap on requests sent, and a floor on Arena's own quota.

Arena counts every request against the workspace's 24-hour quota (shared by every
integration of the workspace) and reports what is left in ``X-Arena-Requests-Remaining``.
Two limits stop the probe before it sends a request:

- ``max_requests``: at most this many requests in all, login and logout included;
- ``min_remaining``: never let the remaining quota fall below this floor.

A request can be *reserved* (the logout, booked at login), so that stopping never
strands a session: the reserved requests are kept out of what the other requests may use.
A 429 from Arena stops the run too. Thread-safe: Hypothesis and Schemathesis run in the
test's thread, but the plugin may read the summary from another.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from arena_contract.live.options import pytest_flag
from arena_contract.numbers import parse_count


class BudgetExhausted(Exception):
    """No request may be sent any more; ``str()`` says which limit stopped it."""


@dataclass(frozen=True)
class Reading:
    """One X-Arena-Requests-Remaining value, with the reset time it belongs to."""

    remaining: int
    reset: str | None


class Budget:
    def __init__(
        self,
        max_requests: int,
        min_remaining: int,
        *,
        spell: Callable[[str], str] = pytest_flag,
    ) -> None:
        self.max_requests = max_requests
        self.min_remaining = min_remaining
        #: An option's flag as the run's surface spells it (live/options.py), for messages.
        self.spell = spell
        self.spent = 0
        self.by_part: Counter[str] = Counter()
        self.readings: list[Reading] = []
        self.reserved = 0
        self.stop_reason: str | None = None
        self.header_missing = 0
        self._lock = threading.Lock()

    @property
    def last_remaining(self) -> int | None:
        return self.readings[-1].remaining if self.readings else None

    def available(self) -> int:
        """How many more ordinary requests may be sent."""
        with self._lock:
            return self._available()

    def _available(self) -> int:
        if self.stop_reason:
            return 0
        left = self.max_requests - self.spent - self.reserved
        last = self.last_remaining
        if last is not None:  # each request may use one unit of Arena's quota
            left = min(left, last - self.min_remaining - self.reserved)
        return max(left, 0)

    def take(self, part: str, *, reserve: int = 0, reserved: bool = False) -> None:
        """Count one request for ``part``, or raise BudgetExhausted.

        ``reserve`` books that many requests for later (a login books its logout);
        ``reserved`` spends one booked earlier, which nothing can refuse.
        """
        with self._lock:
            if reserved:
                self.reserved = max(self.reserved - 1, 0)
            else:
                if self.stop_reason is None and self._available() < 1 + reserve:
                    self.stop_reason = self._why()
                if self.stop_reason:
                    raise BudgetExhausted(self.stop_reason)
                self.reserved += reserve
            self.spent += 1
            self.by_part[part] += 1

    def _why(self) -> str:
        if self.max_requests - self.spent - self.reserved < 1:
            return f"the request budget ({self.spell('max-requests')} {self.max_requests}) is spent"
        return (
            f"X-Arena-Requests-Remaining reached the floor ({self.spell('min-remaining')} "
            f"{self.min_remaining}; last seen {self.last_remaining})"
        )

    def release(self) -> None:
        """Give back a reservation that will not be used (the logout of a failed login)."""
        with self._lock:
            self.reserved = max(self.reserved - 1, 0)

    def observe(self, status: int | None, headers: Mapping[str, str] | None) -> None:
        """Read Arena's quota headers from a response; a 429 stops the run.

        A value that is not a count in ASCII digits (``²``, ``+5``, 5,000 nines) is no
        reading: it is counted as missing, and only the cap applies until a real one comes.
        """
        value = headers.get("X-Arena-Requests-Remaining") if headers is not None else None
        remaining = parse_count(value)
        with self._lock:
            if remaining is not None and headers is not None:
                reset = headers.get("X-Arena-Next-Request-Limit-Reset")
                self.readings.append(Reading(remaining, reset))
            elif headers is not None:
                self.header_missing += 1
            if status == 429 and not self.stop_reason:
                self.stop_reason = "Arena's 24-hour request limit is reached (HTTP 429)"

    def stop(self, reason: str) -> None:
        with self._lock:
            self.stop_reason = self.stop_reason or reason
