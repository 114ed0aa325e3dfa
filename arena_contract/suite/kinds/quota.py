"""Across the run: X-Arena-Requests-Remaining counts down (never up without a new reset)."""

from __future__ import annotations

from arena_contract.rules import across
from arena_contract.suite.kinds.attempt import Attempt
from arena_contract.suite.kinds.base import Skip, runs_itself


@runs_itself(
    "countdown",
    plan="(no request: reads X-Arena-Requests-Remaining of the answers)",
    cost=lambda sight: 0,
)
def countdown(attempt: Attempt) -> None:
    readings = attempt.run.budget.readings
    if len(readings) < 2:
        raise Skip("fewer than two X-Arena-Requests-Remaining values seen")
    first, last = readings[0], readings[-1]
    attempt.result.properties.append(("remaining", f"{first.remaining} -> {last.remaining}"))
    attempt.result.loose.extend(across.countdown(readings)[:10])
