"""Exploration: generated queries, within what is left of the budget.

Two generators, one way of sending: every request goes through the run's client (so the
budget, the floor, redirects and the HAR file apply) and every answer through the
contract's rules. Hypothesis and Schemathesis are used only to *generate*: derandomized,
no example database, no shrinking (a shrink would spend requests), each distinct query
sent once. Failures are collected and reported together at the end.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from arena_contract.live.budget import BudgetExhausted
from arena_contract.live.client import ArenaUnreachable, RequestFailed, segment
from arena_contract.redact import MASK
from arena_contract.suite.inputs import runs_path
from arena_contract.suite.judge import answer, verdict_of
from arena_contract.suite.result import Verdict
from arena_contract.suite.runtime import ProbeRun


@dataclass
class Exploration:
    sent: int = 0
    #: Each answer with the contract's errors or warnings in it.
    judged: list[Verdict] = field(default_factory=list)
    #: Failures that are not the contract's findings (Schemathesis's own checks, timeouts).
    failures: list[str] = field(default_factory=list)
    answers: Counter[str] = field(default_factory=Counter)
    stopped: str | None = None
    #: Arena could not be reached: the caller ends the run, as for any other request.
    unreachable: ArenaUnreachable | None = None

    def summary(self) -> str:
        counted = ", ".join(f"{what} x{n}" for what, n in sorted(self.answers.items()))
        return f"{self.sent} requests: {counted or 'none'}"


def _generate(strategy: Any, examples: int, visit: Callable[[Any], None]) -> None:
    from hypothesis import HealthCheck, Phase, given, settings

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(value: Any) -> None:
        visit(value)

    run()


def _pairs(query: dict[str, Any]) -> list[tuple[str, str]]:
    pairs = []
    for name, value in query.items():
        for item in value if isinstance(value, list) else [value]:
            text = str(item).lower() if isinstance(item, bool) else str(item)
            pairs.append((name, text))
    return sorted(pairs)


def _explore(
    run: ProbeRun,
    strategy: Any,
    examples: int,
    send: Callable[[Any], tuple[Any, list[str]]],
    key: Callable[[Any], Iterable],
) -> Exploration:
    """Send each distinct generated value once; ``send`` returns the answer and the failures
    of other checks run on it (Schemathesis's own); the contract's rules are applied here."""
    result = Exploration()
    seen: set[tuple] = set()

    def visit(value: Any) -> None:
        if result.stopped:
            return
        marker = tuple(key(value))
        if marker in seen:
            return
        seen.add(marker)
        try:
            exchange, other_checks = send(value)
        except BudgetExhausted as exc:
            result.stopped = str(exc)
            return
        except RequestFailed as exc:
            result.failures.append(str(exc))
            return
        except ArenaUnreachable as exc:  # not raised through Hypothesis: it would replay it
            result.stopped, result.unreachable = str(exc), exc
            return
        result.sent += 1
        result.answers[answer(exchange, counted=False)] += 1
        verdict = verdict_of(exchange, run.contract_findings(exchange), (), run.validator)
        if verdict.errors or verdict.warnings:
            result.judged.append(verdict)
        result.failures.extend(other_checks)

    _generate(strategy, examples, visit)
    return result


def explore_queries(run: ProbeRun, guid: str, examples: int) -> Exploration:
    """Hypothesis over ``strategies.query_params`` built from the runs seen."""
    from arena_contract.strategies import query_params

    path = runs_path(segment(guid))

    def send(params: dict[str, str]) -> tuple[Any, list[str]]:
        return run.get(
            path, sorted(params.items()), part="exploration", label=f"hypothesis {sorted(params)}"
        ), []

    return _explore(
        run,
        query_params(run.survey.seen_runs(guid)),
        examples,
        send,
        key=lambda params: sorted(params.items()),
    )


def explore_schemathesis(run: ProbeRun, guid: str, examples: int) -> Exploration:
    """Schemathesis cases for GET /imports/{guid}/runs, checked by Schemathesis's own
    conformance checks (this project's rules are applied as for every answer)."""
    from arena_contract.suite import st_checks

    operation = st_checks.operation()
    strategy = operation.as_strategy(path_parameters={"guid": guid})
    path = runs_path(segment(guid))

    def send(case: Any) -> tuple[Any, list[str]]:
        sent = run.send(
            path,
            _pairs(case.query),
            part="schemathesis",
            label=f"schemathesis {sorted(case.query)}",
        )
        # The session id must not reach Schemathesis's messages (its curl line shows headers).
        if "arena_session_id" in sent.response.request.headers:
            sent.response.request.headers["arena_session_id"] = MASK
        return sent.exchange, st_checks.failures(case, sent.response, own_only=True)

    return _explore(run, strategy, examples, send, key=lambda case: _pairs(case.query))
