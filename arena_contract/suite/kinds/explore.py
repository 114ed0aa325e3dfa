"""Exploration: generated queries (Hypothesis, then Schemathesis), spending only what the
budget leaves; every answer through the contract's rules (``suite/explore.py`` sends)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from arena_contract.suite.kinds.attempt import Attempt
from arena_contract.suite.kinds.base import Sight, Skip, runs_itself


def _examples(sight: Sight) -> int:
    return sight.settings.examples


def _exploration(attempt: Attempt, topic: str, explore: Callable[..., Any]) -> None:
    run = attempt.run
    if run.settings.examples == 0:
        raise Skip(f"exploration is off ({run.settings.flag('examples')} 0)")
    examples = min(run.settings.examples, run.budget.available())
    if examples == 0:
        raise Skip(f"arena-contract stopped: {run.budget.stop_reason or 'no budget left'}")
    guid = attempt.guid
    attempt.seen_runs()  # so a stop or an outage is told the usual way
    result = explore(run, guid, examples)
    attempt.result.sent += result.sent
    if result.unreachable is not None:
        raise result.unreachable
    attempt.observe_reading(
        topic, result.summary(), {"requests": result.sent, "answers": dict(result.answers)}
    )
    attempt.result.checked.extend(result.judged)
    attempt.result.failures.extend(result.failures)
    if result.stopped and not result.sent:
        raise Skip(f"arena-contract stopped: {result.stopped}")


@runs_itself(
    "explore-hypothesis",
    plan="{runs}?<generated queries> (Hypothesis)",
    cost=_examples,
    elastic=True,
)
def explore_hypothesis(attempt: Attempt) -> None:
    from arena_contract.suite.explore import explore_queries

    _exploration(attempt, "exploration (Hypothesis)", explore_queries)


@runs_itself(
    "explore-schemathesis",
    plan="{runs}?<generated queries> (Schemathesis)",
    cost=_examples,
    elastic=True,
)
def explore_schemathesis(attempt: Attempt) -> None:
    from arena_contract.suite.explore import explore_schemathesis

    _exploration(attempt, "exploration (Schemathesis)", explore_schemathesis)
