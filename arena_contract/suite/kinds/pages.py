"""Probes of paging: a short page at an offset inside the list, limit=1, limit=400 (alone
or with the status filter), limit over 400, an offset past the end, a page at a given
offset and limit."""

from __future__ import annotations

from typing import Any

from arena_contract.exchange import Exchange
from arena_contract.rules import across
from arena_contract.rules.context import MAX_LIMIT
from arena_contract.suite import inputs
from arena_contract.suite.kinds.attempt import Attempt, picked
from arena_contract.suite.kinds.base import Request, Seen, Sight, Skip, sends
from arena_contract.suite.kinds.lists import runs_path
from arena_contract.suite.probe import SHORT_LIMIT, Probe


def _count(exchange: Exchange) -> Any:
    return exchange.body.get("count") if isinstance(exchange.body, dict) else None


def _observe_count(attempt: Attempt, exchange: Exchange, limit: int) -> None:
    """What ``count`` counts, read from a page shorter than the list."""
    results, count = inputs.runs_on(exchange), _count(exchange)
    if not results or not isinstance(count, int) or isinstance(count, bool):
        return
    if count > len(results):
        reading, value = "count = total of matches", "total"
    elif len(attempt.seen_runs()) > len(results):
        reading, value = "count = results on the page", "page"
    else:
        reading, value = "undetermined (one page only)", None
    attempt.observe_reading("count", reading, {"reading": value}, f"limit={limit}: count {count}")


def short_inside_query(first: Exchange) -> list[tuple[str, str]]:
    """A short page at an offset inside the list, that the list can fill: limit 5 from the
    sixth run of a long list; for a shorter one, a smaller page that still ends in it."""
    shown = len(inputs.runs_on(first))
    limit = max(1, min(SHORT_LIMIT, shown - 1))
    offset = max(0, min(SHORT_LIMIT, shown - limit))
    return [("offset", str(offset)), ("limit", str(limit))]


def short_inside(probe: Probe, seen: Seen) -> Request:
    first = seen.first()
    if not inputs.runs_on(first):
        raise Skip("no runs seen for this import definition")
    query = short_inside_query(first)
    if probe.kind == "offset-inside" and query[0][1] == "0":
        raise Skip("a list of one run has no offset inside it")
    return Request(runs_path(seen), query, label="short page at an inside offset")


def _short_inside_plan(sight: Sight) -> str:
    page = sight.page
    query = short_inside_query(page) if page is not None else [("offset", "5"), ("limit", "5")]
    return sight.runs + "?" + "&".join(f"{k}={v}" for k, v in query)


@sends("short-page", short_inside, plan=_short_inside_plan, needs_runs=True)
def _short_page(attempt: Attempt, exchange: Exchange) -> None:
    seen = attempt.seen_runs()
    (_, offset), (_, limit) = short_inside_query(attempt.first())
    offset_, limit_ = int(offset), int(limit)
    extra = across.status(exchange, 200)
    if exchange.status == 200:
        expected = min(limit_, len(seen) - offset_)  # the first page shows that many there
        shown = len(inputs.runs_on(exchange))
        extra += across.page_short(
            f"limit={limit_} at offset {offset_}", shown, expected, compare="exact"
        )
    _observe_count(attempt, exchange, limit_)
    attempt.check(exchange, *extra)


@sends("offset-inside", short_inside, plan=_short_inside_plan, needs_runs=True)
def _offset_inside(attempt: Attempt, exchange: Exchange) -> None:
    first = attempt.first()
    seen = inputs.runs_on(first)
    offset = int(short_inside_query(first)[0][1])
    results = inputs.runs_on(exchange)
    extra = across.status(exchange, 200)
    stable = _count(exchange) == _count(first)  # the list did not change in between
    if exchange.status == 200 and results and stable and offset < len(seen):
        extra += across.page_offset(offset, seen[offset].get("guid"), results[0].get("guid"))
    attempt.check(exchange, *extra)


def limit_one(probe: Probe, seen: Seen) -> Request:
    seen.first()  # the list's runs are known before: the page must show one of them
    return Request(runs_path(seen), [("limit", "1")], label="limit=1")


@sends("limit-1", limit_one, plan="{runs}?limit=1")
def _limit_one(attempt: Attempt, exchange: Exchange) -> None:
    extra = across.status(exchange, 200)
    if exchange.status == 200:
        shown = len(inputs.runs_on(exchange))
        extra += across.page_short("limit=1", shown, len(attempt.seen_runs()), compare="some")
    _observe_count(attempt, exchange, 1)
    attempt.check(exchange, *extra)


def _status_seen(seen: Seen) -> str:
    status = inputs.run_value(picked(seen), "status")
    if status is None:
        raise Skip("the run seen has no status")
    return status


def limit_max(probe: Probe, seen: Seen) -> Request:
    """limit=400; sharing the status filter's request (``request`` "status-max"), with the
    status of the run seen."""
    seen.first()  # the list's runs are known before: the page must show them all
    query = [("limit", str(MAX_LIMIT))]
    if probe.request == "status-max":
        query.insert(0, ("status", _status_seen(seen)))
    label = "&".join(f"{k}={v}" for k, v in query)
    return Request(runs_path(seen), query, label=label)


def _limit_max_plan(sight: Sight) -> str:
    if sight.probe.request == "status-max":
        return f"{sight.runs}?status=<a value seen>&limit={MAX_LIMIT}"
    return f"{sight.runs}?limit={MAX_LIMIT}"


@sends("limit-max", limit_max, plan=_limit_max_plan)
def _limit_max(attempt: Attempt, exchange: Exchange) -> None:
    seen = attempt.seen_runs()
    wanted, what = len(seen), f"limit={MAX_LIMIT}"
    if attempt.probe.request == "status-max":
        status = _status_seen(attempt)
        wanted = sum(inputs.run_value(r, "status") == status for r in seen)
        what = f"status={status}&limit={MAX_LIMIT}"
    extra = across.status(exchange, 200)
    if exchange.status == 200:
        extra += across.page_short(what, len(inputs.runs_on(exchange)), wanted)
    attempt.check(exchange, *extra)


def limit_over_max(probe: Probe, seen: Seen) -> Request:
    limit = MAX_LIMIT + 1
    return Request(runs_path(seen), [("limit", str(limit))], label=f"limit={limit}")


@sends("limit-over-max", limit_over_max, plan=lambda s: f"{s.runs}?limit={MAX_LIMIT + 1}")
def _limit_over_max(attempt: Attempt, exchange: Exchange) -> None:
    # Arena's 3220 text says 1-400, so it likely refuses (400/3220); it may clamp to 400.
    attempt.observe(f"limit > {MAX_LIMIT}", exchange)
    attempt.check(exchange, *across.status(exchange, 200, 400))


def offset_past_end(probe: Probe, seen: Seen) -> Request:
    offset = inputs.past_end_offset(seen.first().body)
    return Request(
        runs_path(seen), [("offset", str(offset))], label=f"offset={offset} (past the end)"
    )


@sends("offset-past-end", offset_past_end, plan="{runs}?offset=<past the end>")
def _offset_past_end(attempt: Attempt, exchange: Exchange) -> None:
    offset = inputs.past_end_offset(attempt.first().body)
    attempt.observe("offset past the end", exchange)
    extra = across.status(exchange, 200, 400) + across.page_past_end(exchange, offset)
    attempt.check(exchange, *extra)


def page_at(probe: Probe, seen: Seen) -> Request:
    """``arg`` is the query, ``limit=5&offset=0``: a page known beforehand (``record``
    samples two pages of a walk)."""
    query = [tuple(pair.split("=", 1)) for pair in probe.arg.split("&")]
    return Request(runs_path(seen), query, label=probe.arg)  # type: ignore[arg-type]


@sends("page-at", page_at, plan="{runs}?{arg}")
def _page_at(attempt: Attempt, exchange: Exchange) -> None:
    attempt.check(exchange, *across.status(exchange, 200))
