"""The page walk: the whole list, page by page (about a quarter of the list a page, at most
400). A run repeated across the pages is ``list.pages-overlap``'s (the run's validator sees
the pages in order, as ``check`` sees a recording of them); a run the walk never showed is
``probe.page-missing``."""

from __future__ import annotations

from typing import Any

from arena_contract.live.budget import BudgetExhausted
from arena_contract.rules import across
from arena_contract.suite import inputs
from arena_contract.suite.kinds.attempt import Attempt
from arena_contract.suite.kinds.base import Sight, Skip, runs_itself


def _pages(sight: Sight) -> int:
    total = inputs.list_total(sight.page.body) if sight.page is not None else None
    if total is None:
        return 4
    return total // inputs.walk_limit(total) + 1


@runs_itself(
    "walk",
    plan="{runs}?offset=...&limit=...: the whole list, page by page",
    cost=_pages,
    estimated=True,
)
def walk(attempt: Attempt) -> None:
    first = attempt.first()
    limit = inputs.walk_limit(inputs.list_total(first.body))
    path = attempt.runs_path()
    walked: set[Any] = set()
    counts: set[Any] = set()
    pages = 0
    stopped = None
    for offset in inputs.walk_offsets(limit):
        try:
            exchange = attempt.get(
                path,
                [("offset", str(offset)), ("limit", str(limit))],
                label=f"walk offset={offset}",
            )
        except BudgetExhausted as exc:
            stopped = str(exc)
            break
        pages += 1
        shown = inputs.runs_on(exchange)
        walked.update(r.get("guid") for r in shown if r.get("guid") is not None)
        attempt.check(exchange, *across.status(exchange, 200))
        if isinstance(exchange.body, dict):
            counts.add(exchange.body.get("count"))
        if exchange.status != 200 or len(shown) < limit:
            break
    attempt.result.properties.append(("walk", f"{pages} pages of {limit}: {len(walked)} runs"))
    if stopped is None:  # what a walk cut short did not show is not missing
        missing = across.page_missing(first, walked, counts)
        if missing:
            attempt.note(first, missing)
    if stopped and not any(c.errors for c in attempt.result.checked):
        raise Skip(f"arena-contract stopped: {stopped}")
    if stopped:
        attempt.result.failures.append(f"(stopped early: {stopped})")
