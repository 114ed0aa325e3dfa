"""The representative sample ``arena-contract record`` saves: breadth first, within the budget.

For every import definition the unfiltered list; then one of each answer the contract
knows (an unknown GUID, a malformed one, no session, a full page of 400, an offset past
the end); then each status filter for every definition, and one single run each. The
order puts the most telling requests first, so a small budget still records something of
everything. The same budget, floor and redaction apply as for the suite.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from arena_contract.exchange import Exchange
from arena_contract.live.budget import BudgetExhausted
from arena_contract.live.client import SESSION, Query, segment
from arena_contract.rules.context import MAX_LIMIT
from arena_contract.suite import plan
from arena_contract.suite.runtime import ProbeRun


class Step(NamedTuple):
    path: str
    label: str
    query: Query = None
    session: Any = SESSION
    #: The definition whose first page this is (its runs give the single-run step).
    page_of: str | None = None


def _steps(run: ProbeRun, pages: dict[str, Exchange], max_imports: int | None) -> Iterator[Step]:
    guids = run.import_guids()
    if max_imports is not None and not run.settings.import_guids:
        guids = guids[:max_imports]  # the first ones discovered, as the probe takes them
    for guid in guids:
        yield Step(plan.runs_path(segment(guid)), "unfiltered list", page_of=guid)
    first = guids[0] if guids else plan.UNKNOWN_GUID
    runs = plan.runs_path(segment(first))
    yield Step(plan.runs_path(plan.UNKNOWN_GUID), "unknown import GUID")
    yield Step(plan.runs_path(plan.malformed_guids(first)[0].segment), "malformed GUID")
    yield Step(runs, "no session", session=None)
    yield Step(runs, "page of 400", [("limit", str(MAX_LIMIT))])
    offset = plan.past_end_offset(pages[first].body) if first in pages else 1_000_000
    yield Step(runs, "offset past the end", [("offset", str(offset))])
    for guid in guids:
        for status in plan.run_statuses():
            yield Step(plan.runs_path(segment(guid)), f"status={status}", [("status", status)])
    for guid in guids:
        listed = plan.pick_finished_run(_results(pages.get(guid)))
        if listed is not None:
            yield Step(plan.run_path(guid, segment(listed["guid"])), "one run")


def _results(exchange: Exchange | None) -> list[Any]:
    body = exchange.body if exchange is not None and exchange.status == 200 else None
    results = body.get("results") if isinstance(body, dict) else None
    return results if isinstance(results, list) else []


def record_sample(run: ProbeRun, *, max_imports: int | None = None) -> int:
    """Send the sample (ArenaUnreachable propagates); returns the requests sent for it.
    Every discovered import definition is recorded, or the first ``max_imports``.
    When the budget stops it, ``run.budget.stop_reason`` says why."""
    pages: dict[str, Exchange] = {}
    sent = 0
    try:
        for step in _steps(run, pages, max_imports):
            exchange = run.get(
                step.path, step.query, part="record", label=step.label, session=step.session
            )
            sent += 1
            # Judged as the probe judges (the configuration applies): the summary counts.
            for finding in run.validator.check(exchange).findings:
                run.sampled[finding.severity] += 1
            if step.page_of is not None:
                pages[step.page_of] = exchange
    except BudgetExhausted:
        pass
    return sent
