"""Probes of the list and its filters: the discovery, the first page, each filter with a
value a run has, with one no run has, and two at once."""

from __future__ import annotations

from arena_contract.exchange import Exchange
from arena_contract.live.client import segment
from arena_contract.rules import across
from arena_contract.rules.context import MAX_LIMIT
from arena_contract.suite import inputs
from arena_contract.suite.kinds.attempt import Attempt, picked
from arena_contract.suite.kinds.base import Request, Seen, Sight, Skip, runs_itself, sends
from arena_contract.suite.probe import Probe


def runs_path(seen: Seen) -> str:
    return inputs.runs_path(segment(seen.guid))


def _discovery_plan(sight: Sight) -> str:
    return (
        "(none: GUIDs given)" if sight.settings.import_guids else f"GET /imports?limit={MAX_LIMIT}"
    )


@runs_itself(
    "discovery",
    plan=_discovery_plan,
    cost=lambda sight: 0 if sight.settings.import_guids else 1,
)
def discovery(attempt: Attempt) -> None:
    run = attempt.run
    if run.settings.import_guids:
        raise Skip("import GUIDs given: no discovery")
    before = run.budget.by_part["discovery"]
    guids = run.survey.import_guids()
    attempt.result.sent += run.budget.by_part["discovery"] - before
    answer = run.survey.discovery
    assert answer is not None
    attempt.check(answer, *across.status(answer, 200))
    if not guids and not attempt.result.checked[-1].errors:
        flag = run.settings.flag("import-guid")
        raise Skip(f"GET /imports lists no import definition: give {flag}")


def first_page(probe: Probe, seen: Seen) -> Request:
    return Request(runs_path(seen), label="unfiltered list")


def _first_page_plan(sight: Sight) -> str:
    shown = inputs.page_kind(sight.page) if sight.page is not None else None
    return sight.runs + (f" ({shown})" if shown else "")


# Costs nothing of its own: finding the definition looked at its first page.
@sends("first-page", first_page, plan=_first_page_plan, cost=lambda sight: 0)
def _first_page(attempt: Attempt, page: Exchange) -> None:
    attempt.check(page, *across.status(page, 200))
    first_with_runs = "list-with-runs" in attempt.probe.behaviours[:1]
    if first_with_runs and page.status == 200 and not inputs.runs_on(page):
        raise Skip("no definition with runs among those looked at")


def filter_seen(probe: Probe, seen: Seen) -> Request:
    name = probe.arg
    value = inputs.run_value(picked(seen), name)
    if value is None:
        raise Skip(f"the run seen has no {name}")
    query = [(name, value)]
    if probe.request == "status-max":  # shares its request with the limit=400 probe
        query.append(("limit", str(MAX_LIMIT)))
    return Request(runs_path(seen), query, label=f"{name} seen")


def _filter_seen_plan(sight: Sight) -> str:
    extra = f"&limit={MAX_LIMIT}" if sight.probe.request == "status-max" else ""
    return f"{sight.runs}?{sight.probe.arg}=<a value seen>{extra}"


@sends("filter-seen", filter_seen, plan=_filter_seen_plan, needs_runs=True)
def _filter_seen(attempt: Attempt, exchange: Exchange) -> None:
    misses = across.filter_misses(exchange, picked(attempt), [attempt.probe.arg])
    attempt.check(exchange, *across.status(exchange, 200), *misses)


def filter_unseen(probe: Probe, seen: Seen) -> Request:
    name = probe.arg
    return Request(runs_path(seen), [(name, inputs.NO_MATCH[name])], label=f"{name} unseen")


@sends("filter-unseen", filter_unseen, plan="{runs}?{arg}=<a value no run has>")
def _filter_unseen(attempt: Attempt, exchange: Exchange) -> None:
    # Undocumented: a value no run has may match nothing or be refused; both keep the form.
    attempt.observe(f"{attempt.probe.arg} value no run has", exchange)
    attempt.check(exchange, *across.status(exchange, 200, 400))


def filter_pair(probe: Probe, seen: Seen) -> Request:
    pair = probe.arg.split("+")
    run = picked(seen)
    query = [(name, inputs.run_value(run, name)) for name in pair]
    if any(value is None for _, value in query):
        raise Skip(f"the run seen lacks one of {', '.join(pair)}")
    return Request(runs_path(seen), query, label=probe.arg)  # type: ignore[arg-type]


def _filter_pair_plan(sight: Sight) -> str:
    return f"{sight.runs}?" + "&".join(f"{n}=<seen>" for n in sight.probe.arg.split("+"))


@sends("filter-pair", filter_pair, plan=_filter_pair_plan, needs_runs=True)
def _filter_pair(attempt: Attempt, exchange: Exchange) -> None:
    pair = attempt.probe.arg.split("+")
    misses = across.filter_misses(exchange, picked(attempt), pair)
    attempt.check(exchange, *across.status(exchange, 200), *misses)


def filter_value(probe: Probe, seen: Seen) -> Request:
    """``arg`` is ``name=value``: a filter with a value known beforehand (a documented
    status; ``record`` samples each)."""
    name, _, value = probe.arg.partition("=")
    return Request(runs_path(seen), [(name, value)], label=probe.arg)


@sends("filter-value", filter_value, plan="{runs}?{arg}")
def _filter_value(attempt: Attempt, exchange: Exchange) -> None:
    attempt.check(exchange, *across.status(exchange, 200))
