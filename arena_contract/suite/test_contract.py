"""arena-contract's bundled contract suite for GET /imports/<GUID>/runs.

Collected only when the plugin is asked for it (``pytest --arena-url=URL`` or
``--arena-contract``); anywhere else its tests skip. The tests run in this file's
order: the essential probes first (for each import definition: the unfiltered list,
each filter alone, the page boundaries; then every malformed-GUID form, an unknown
GUID and the session cases), then filter pairs, single runs, paging through the whole
list, and exploration, which spends only what is left of the budget. When the budget
or the floor stops the run, the remaining tests are skipped with the reason.

Where Arena's behaviour is undocumented (limit over 400, what ``count`` counts, a filter
value no run has, an unknown GUID) any answer in Arena's documented form passes, and the
terminal summary reports which one the workspace gave.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable, Iterator
from typing import Any, NoReturn, TypeVar

import pytest

from arena_contract.exchange import Exchange
from arena_contract.findings import Finding
from arena_contract.live.budget import BudgetExhausted
from arena_contract.live.client import (
    INVALID_SESSION,
    ArenaUnreachable,
    RequestFailed,
    segment,
)
from arena_contract.plugin import RUN_KEY
from arena_contract.rules.context import MAX_LIMIT
from arena_contract.suite import plan
from arena_contract.suite.checks import answer, failure_message, judge, probe_finding, request_line
from arena_contract.suite.runtime import ProbeRun

T = TypeVar("T")


class ContractWarning(UserWarning):
    """A warning finding (e.g. an unknown field); --arena-strict makes it a failure."""


# -- fixtures and helpers ---------------------------------------------------------------


def _slot_ids(config: pytest.Config) -> list[str]:
    run = config.stash.get(RUN_KEY, None)
    if run is None:
        return ["import0"]
    given = run.settings.import_guids
    return list(given) if given else [f"import{i}" for i in range(run.settings.max_imports)]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "import_slot" in metafunc.fixturenames:
        ids = _slot_ids(metafunc.config)
        metafunc.parametrize("import_slot", range(len(ids)), ids=ids)


@pytest.fixture(scope="session")
def arena_probe(pytestconfig: pytest.Config) -> Iterator[ProbeRun]:
    run = pytestconfig.stash.get(RUN_KEY, None)
    if run is None:
        pytest.skip("arena-contract's suite runs with --arena-url=URL or --arena-contract")
    try:
        run.start()
    except OSError as exc:
        run.fatal = f"cannot start the bundled mock: {exc.strerror or exc}"
        pytest.exit(f"arena-contract: {run.fatal}", returncode=2)
    yield run
    run.close()


def call(run: ProbeRun, fetch: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fetch(...)``, with the budget's stop as a skip and an unreachable Arena as the end."""
    try:
        return fetch(*args, **kwargs)
    except BudgetExhausted as exc:
        pytest.skip(f"arena-contract stopped: {exc}")
    except ArenaUnreachable as exc:
        unreachable(run, exc)


def unreachable(run: ProbeRun, exc: ArenaUnreachable) -> NoReturn:
    """A failed request (timeout, broken answer) fails the test; no connection at all (or a
    refused login) ends the run."""
    if isinstance(exc, RequestFailed):
        pytest.fail(str(exc), pytrace=False)
    run.fatal = str(exc)
    pytest.exit(f"arena-contract: {exc}", returncode=2)


def get(
    run: ProbeRun,
    path: str,
    query: Any = None,
    *,
    part: str = "essential",
    label: str = "",
    **kwargs: Any,
) -> Exchange:
    return call(run, run.get, path, query, part=part, label=label, **kwargs)


def expect(
    run: ProbeRun,
    exchange: Exchange,
    *extra: Finding,
    record: Callable[[str, object], None] | None = None,
) -> None:
    """Fail with every error finding; warn with the others."""
    verdict = judge(exchange, *extra, validator=run.validator)
    if record is not None:
        record("request", request_line(exchange))
    if verdict.warnings:
        warnings.warn(ContractWarning(failure_message(exchange, verdict.warnings)), stacklevel=2)
    if verdict.errors:
        pytest.fail(verdict.message(), pytrace=False)


def status_is(exchange: Exchange, *allowed: int) -> list[Finding]:
    if exchange.status in allowed:
        return []
    wanted = allowed[0] if len(allowed) == 1 else list(allowed)
    return [
        probe_finding(
            "probe.status",
            f"HTTP {exchange.status}, expected {wanted}",
            target="status",
            expected=wanted,
            actual=exchange.status,
        )
    ]


def results_of(exchange: Exchange) -> list[Any]:
    body = exchange.body
    results = body.get("results") if exchange.status == 200 and isinstance(body, dict) else None
    return results if isinstance(results, list) else []


def observe(
    run: ProbeRun, record: Callable[[str, object], None], topic: str, what: str, detail: str = ""
) -> None:
    """Report what the workspace did where Arena's docs are silent (summary and JUnit XML)."""
    run.observe(topic, what)
    record("observed", f"{topic}: {what}{f' ({detail})' if detail else ''}")


def first_import(run: ProbeRun) -> str:
    guids = call(run, run.import_guids)
    return guids[0] if guids else plan.UNKNOWN_GUID


@pytest.fixture
def import_guid(arena_probe: ProbeRun, import_slot: int) -> str:
    guids = call(arena_probe, arena_probe.import_guids)
    if import_slot >= len(guids):
        pytest.skip(f"the workspace lists {len(guids)} import definition(s)")
    return guids[import_slot]


@pytest.fixture
def seen_runs(arena_probe: ProbeRun, import_guid: str) -> list[dict[str, Any]]:
    return call(arena_probe, arena_probe.seen_runs, import_guid)


def picked(runs: list[dict[str, Any]]) -> dict[str, Any]:
    run = plan.pick_run(runs)
    if run is None:
        pytest.skip("no runs seen for this import definition")
    return run


# -- essential: discovery, the unfiltered list, each filter, the page boundaries ----------


def test_import_list(arena_probe: ProbeRun, record_property: Any) -> None:
    if arena_probe.settings.import_guids:
        pytest.skip("import GUIDs given: no discovery")
    guids = call(arena_probe, arena_probe.import_guids)
    assert arena_probe.discovery is not None
    expect(
        arena_probe,
        arena_probe.discovery,
        *status_is(arena_probe.discovery, 200),
        record=record_property,
    )
    if not guids:
        pytest.skip("GET /imports lists no import definition: give --arena-import-guid")


def test_unfiltered_list(arena_probe: ProbeRun, import_guid: str, record_property: Any) -> None:
    page = call(arena_probe, arena_probe.first_page, import_guid)
    expect(arena_probe, page, *status_is(page, 200), record=record_property)


FILTER_CASES = [(name, kind) for name in plan.FILTER_NAMES for kind in ("seen", "unseen")]


@pytest.mark.parametrize(("name", "kind"), FILTER_CASES, ids=[f"{n}-{k}" for n, k in FILTER_CASES])
def test_filter_alone(
    arena_probe: ProbeRun,
    import_guid: str,
    seen_runs: list[dict[str, Any]],
    name: str,
    kind: str,
    record_property: Any,
) -> None:
    path = plan.runs_path(segment(import_guid))
    if kind == "unseen":
        # Undocumented: a value no run has may match nothing or be refused; both keep the form.
        exchange = get(arena_probe, path, [(name, plan.NO_MATCH[name])], label=f"{name} unseen")
        observe(arena_probe, record_property, f"{name} value no run has", answer(exchange))
        expect(arena_probe, exchange, *status_is(exchange, 200, 400), record=record_property)
        return
    run = picked(seen_runs)
    value = plan.run_value(run, name)
    if value is None:
        pytest.skip(f"the run seen has no {name}")
    exchange = get(arena_probe, path, [(name, value)], label=f"{name} seen")
    expect(
        arena_probe,
        exchange,
        *status_is(exchange, 200),
        *_misses(exchange, run, [name]),
        record=record_property,
    )


def _misses(exchange: Exchange, run: dict[str, Any], names: list[str]) -> list[Finding]:
    """The run the values came from must be among the matches (when the page can show it)."""
    if exchange.status != 200:
        return []
    results = results_of(exchange)
    wanted = ", ".join(f"{n}={plan.run_value(run, n)!r}" for n in names)
    if not results:
        return [
            probe_finding(
                "probe.filter-misses",
                f"{wanted} (from run {run.get('guid')}) matched nothing",
                pointer="/results",
                expected=">= 1 result",
                actual=0,
            )
        ]
    if "number" in names and all(
        r.get("guid") != run.get("guid") for r in results if isinstance(r, dict)
    ):
        return [
            probe_finding(
                "probe.filter-misses",
                f"{wanted}: run {run.get('guid')} is not among the results",
                pointer="/results",
                expected=run.get("guid"),
            )
        ]
    return []


def test_page_limit_one(
    arena_probe: ProbeRun, import_guid: str, seen_runs: list[dict[str, Any]], record_property: Any
) -> None:
    exchange = get(
        arena_probe, plan.runs_path(segment(import_guid)), [("limit", "1")], label="limit=1"
    )
    results = results_of(exchange)
    extra = status_is(exchange, 200)
    if exchange.status == 200 and seen_runs and not results:
        extra.append(
            probe_finding(
                "probe.page-short",
                "limit=1 gave no run but the list has runs",
                pointer="/results",
                expected=1,
                actual=0,
            )
        )
    count = exchange.body.get("count") if isinstance(exchange.body, dict) else None
    if len(results) == 1 and isinstance(count, int):
        if count > 1:
            reading = "count = total of matches"
        elif len(seen_runs) > 1:
            reading = "count = results on the page"
        else:
            reading = "undetermined (one run only)"
        observe(arena_probe, record_property, "count", reading, f"limit=1: count {count}")
    expect(arena_probe, exchange, *extra, record=record_property)


def test_page_limit_max(
    arena_probe: ProbeRun, import_guid: str, seen_runs: list[dict[str, Any]], record_property: Any
) -> None:
    exchange = get(
        arena_probe,
        plan.runs_path(segment(import_guid)),
        [("limit", str(MAX_LIMIT))],
        label=f"limit={MAX_LIMIT}",
    )
    extra = status_is(exchange, 200)
    shown = len(results_of(exchange))
    if exchange.status == 200 and shown < len(seen_runs):
        extra.append(
            probe_finding(
                "probe.page-short",
                f"limit={MAX_LIMIT} gave {shown} runs, fewer than the "
                f"{len(seen_runs)} of the default page",
                pointer="/results",
                expected=f">= {len(seen_runs)}",
                actual=shown,
            )
        )
    expect(arena_probe, exchange, *extra, record=record_property)


def test_page_limit_over_max(arena_probe: ProbeRun, import_guid: str, record_property: Any) -> None:
    # Undocumented: Arena may refuse (400/4329 by its list convention) or clamp to 400.
    exchange = get(
        arena_probe,
        plan.runs_path(segment(import_guid)),
        [("limit", str(MAX_LIMIT + 1))],
        label=f"limit={MAX_LIMIT + 1}",
    )
    observe(arena_probe, record_property, f"limit > {MAX_LIMIT}", answer(exchange))
    expect(arena_probe, exchange, *status_is(exchange, 200, 400), record=record_property)


def test_page_offset_past_end(
    arena_probe: ProbeRun, import_guid: str, record_property: Any
) -> None:
    first = call(arena_probe, arena_probe.first_page, import_guid)
    offset = plan.past_end_offset(first.body)
    exchange = get(
        arena_probe,
        plan.runs_path(segment(import_guid)),
        [("offset", str(offset))],
        label=f"offset={offset} (past the end)",
    )
    observe(arena_probe, record_property, "offset past the end", answer(exchange))
    extra = status_is(exchange, 200, 400)
    if results_of(exchange):
        extra.append(
            probe_finding(
                "probe.page-past-end",
                f"offset={offset} is past the end but the page has runs",
                pointer="/results",
                expected=0,
                actual=len(results_of(exchange)),
            )
        )
    expect(arena_probe, exchange, *extra, record=record_property)


# -- essential: malformed and unknown GUIDs, the session ----------------------------------


@pytest.mark.parametrize("form", plan.MALFORMED_FORMS)
def test_malformed_import_guid(arena_probe: ProbeRun, form: str, record_property: Any) -> None:
    # The rule error.bad-guid holds the expectation: 400, code 3011, the GUID quoted as sent.
    malformed = {m.form: m for m in plan.malformed_guids(first_import(arena_probe))}[form]
    exchange = get(arena_probe, plan.runs_path(malformed.segment), label=f"malformed GUID {form}")
    expect(arena_probe, exchange, record=record_property)


def test_unknown_import_guid(arena_probe: ProbeRun, record_property: Any) -> None:
    exchange = get(arena_probe, plan.runs_path(plan.UNKNOWN_GUID), label="unknown import GUID")
    observe(arena_probe, record_property, "unknown import GUID", answer(exchange))
    expect(arena_probe, exchange, record=record_property)


@pytest.mark.parametrize("case", ["missing", "invalid"])
def test_session_required(arena_probe: ProbeRun, case: str, record_property: Any) -> None:
    guid = first_import(arena_probe)
    session = None if case == "missing" else INVALID_SESSION
    exchange = get(
        arena_probe, plan.runs_path(segment(guid)), session=session, label=f"{case} session"
    )
    observe(arena_probe, record_property, f"{case} session", answer(exchange))
    expect(arena_probe, exchange, *status_is(exchange, 401), record=record_property)


# -- combinations: filters in pairs -------------------------------------------------------


@pytest.mark.parametrize("pair", plan.FILTER_PAIRS, ids=["+".join(p) for p in plan.FILTER_PAIRS])
def test_filter_pair(
    arena_probe: ProbeRun,
    import_guid: str,
    seen_runs: list[dict[str, Any]],
    pair: tuple[str, str],
    record_property: Any,
) -> None:
    run = picked(seen_runs)
    query = [(name, plan.run_value(run, name)) for name in pair]
    if any(value is None for _, value in query):
        pytest.skip(f"the run seen lacks one of {', '.join(pair)}")
    exchange = get(
        arena_probe,
        plan.runs_path(segment(import_guid)),
        query,
        part="combinations",
        label="+".join(pair),
    )
    expect(
        arena_probe,
        exchange,
        *status_is(exchange, 200),
        *_misses(exchange, run, list(pair)),
        record=record_property,
    )


# -- single runs --------------------------------------------------------------------------


#: Fields that may change between two requests while a run is not finished.
_MOVING = {
    "status",
    "completionDateTime",
    "totalCount",
    "successCount",
    "errorCount",
    "warnings",
    "changes",
}


def test_single_run(
    arena_probe: ProbeRun, import_guid: str, seen_runs: list[dict[str, Any]], record_property: Any
) -> None:
    listed = plan.pick_finished_run(seen_runs)
    if listed is None:
        pytest.skip("no runs seen for this import definition")
    exchange = get(
        arena_probe,
        plan.run_path(import_guid, segment(listed["guid"])),
        part="single-run",
        label="one run",
    )
    extra = status_is(exchange, 200)
    single = exchange.body if exchange.status == 200 and isinstance(exchange.body, dict) else None
    if single is not None:
        finished = listed.get("status") in ("COMPLETE", "ERROR", "PURGED")
        for key, value in listed.items():
            if not finished and key in _MOVING:
                continue
            if single.get(key, _ABSENT) != value:
                extra.append(
                    probe_finding(
                        "probe.single-run",
                        f"{key} differs from the run in the list",
                        pointer=f"/{key}",
                        expected=value,
                        actual=single.get(key, "(absent)"),
                    )
                )
    expect(arena_probe, exchange, *extra, record=record_property)


_ABSENT = object()


def test_unknown_run_guid(arena_probe: ProbeRun, import_guid: str, record_property: Any) -> None:
    exchange = get(
        arena_probe,
        plan.run_path(import_guid, plan.UNKNOWN_GUID),
        part="single-run",
        label="unknown run GUID",
    )
    observe(arena_probe, record_property, "unknown run GUID", answer(exchange))
    expect(arena_probe, exchange, record=record_property)


def test_malformed_run_guid(
    arena_probe: ProbeRun, import_guid: str, seen_runs: list[dict[str, Any]], record_property: Any
) -> None:
    listed = plan.pick_finished_run(seen_runs)
    run_guid = listed["guid"] if listed else plan.UNKNOWN_GUID
    exchange = get(
        arena_probe,
        plan.run_path(import_guid, segment(run_guid + " ")),
        part="single-run",
        label="malformed run GUID",
    )
    expect(arena_probe, exchange, record=record_property)


# -- paging through the whole list --------------------------------------------------------


def test_page_walk(arena_probe: ProbeRun, import_guid: str, record_property: Any) -> None:
    first = call(arena_probe, arena_probe.first_page, import_guid)
    limit = plan.walk_limit(plan.list_total(first.body))
    path = plan.runs_path(segment(import_guid))
    problems: list[str] = []
    repeats: list[tuple[Exchange, Finding]] = []
    first_seen: dict[str, int] = {}
    counts: set[Any] = set()
    pages = 0
    stopped = None
    for offset in plan.walk_offsets(limit):
        try:
            exchange = arena_probe.get(
                path,
                [("offset", str(offset)), ("limit", str(limit))],
                part="paging",
                label=f"walk offset={offset}",
            )
        except BudgetExhausted as exc:
            stopped = str(exc)
            break
        except ArenaUnreachable as exc:
            unreachable(arena_probe, exc)
        pages += 1
        for index, run in enumerate(results_of(exchange)):
            guid = run.get("guid") if isinstance(run, dict) else None
            if guid in first_seen:
                repeats.append(
                    (
                        exchange,
                        probe_finding(
                            "probe.page-repeat",
                            f"run {guid} (offset {offset + index}) was already on "
                            f"the page at offset {first_seen[guid]}",
                            pointer=f"/results/{index}/guid",
                            actual=guid,
                        ),
                    )
                )
            elif guid is not None:
                first_seen[guid] = offset + index
        verdict = judge(exchange, *status_is(exchange, 200), validator=arena_probe.validator)
        if verdict.errors:
            problems.append(verdict.message())
        if verdict.warnings:
            warnings.warn(
                ContractWarning(failure_message(exchange, verdict.warnings)), stacklevel=1
            )
        if isinstance(exchange.body, dict):
            counts.add(exchange.body.get("count"))
        if exchange.status != 200 or len(results_of(exchange)) < limit:
            break
    record_property("walk", f"{pages} pages of {limit}: {len(first_seen)} runs")
    problems += _repeats(repeats, counts, arena_probe)
    if stopped is None:  # what a walk cut short did not show is not missing
        problems += _missing(first, first_seen, counts, arena_probe)
    if problems:
        pytest.fail(
            "\n".join(problems) + (f"\n(stopped early: {stopped})" if stopped else ""),
            pytrace=False,
        )
    if stopped:
        pytest.skip(f"arena-contract stopped: {stopped}")


def _repeats(repeats: list[tuple[Exchange, Finding]], counts: set[Any], run: ProbeRun) -> list[str]:
    """Repeated runs fail the walk when the list did not change meanwhile (the same total
    on every page); a list that grew while it was paged shifts, so then they only warn."""
    # The configuration (ignore, warn, baseline) settles them as it does every finding.
    repeats = [(e, f) for e, found in repeats for f in run.validator.settle(e, [found])]
    if not repeats:
        return []
    stable = len(counts) == 1 and isinstance(next(iter(counts)), int)
    failing = stable or run.settings.strict
    messages = []
    for exchange, finding in repeats[:10]:
        message = failure_message(exchange, [finding])
        if failing and finding.severity == "error":
            messages.append(message)
        else:
            note = "" if failing else "\n(the list changed while it was paged)"
            warnings.warn(ContractWarning(f"{message}{note}"), stacklevel=2)
    return messages


def _missing(first: Exchange, walked: dict[str, int], counts: set[Any], run: ProbeRun) -> list[str]:
    found = []
    on_first = [r.get("guid") for r in results_of(first) if isinstance(r, dict)]
    lost = [g for g in on_first if g not in walked]
    if lost:
        found.append(
            probe_finding(
                "probe.page-missing",
                f"{len(lost)} run(s) of the first page never came up while paging",
                pointer="/results",
                expected=lost[:5],
            )
        )
    count = next(iter(counts)) if len(counts) == 1 else None
    if isinstance(count, int) and count > len(on_first) and count != len(walked):
        found.append(
            probe_finding(
                "probe.page-missing",
                f"paging showed {len(walked)} distinct runs but count is {count}",
                pointer="/count",
                expected=count,
                actual=len(walked),
            )
        )
    problems = []
    for finding in run.validator.settle(first, found):  # the configuration applies
        if finding.severity == "error":
            problems.append(failure_message(first, [finding]))
        else:
            warnings.warn(ContractWarning(failure_message(first, [finding])), stacklevel=2)
    return problems


# -- exploration: spends only what is left ------------------------------------------------


def _exploration(
    run: ProbeRun, name: str, explore: Callable[..., Any], guid: str, record_property: Any
) -> None:
    examples = min(run.settings.examples, run.budget.available())
    if run.settings.examples == 0:
        pytest.skip("exploration is off (--arena-examples 0)")
    if examples == 0:
        pytest.skip(f"arena-contract stopped: {run.budget.stop_reason or 'no budget left'}")
    call(run, run.seen_runs, guid)  # so a stop or an outage is told the usual way
    result = explore(run, guid, examples)
    if result.unreachable is not None:
        unreachable(run, result.unreachable)
    observe(run, record_property, name, result.summary())
    for line in result.warnings[:5]:
        warnings.warn(ContractWarning(line), stacklevel=2)
    if result.failures:
        shown = result.failures[:10]
        more = len(result.failures) - len(shown)
        pytest.fail("\n".join(shown) + (f"\n... and {more} more" if more else ""), pytrace=False)
    if result.stopped and not result.sent:
        pytest.skip(f"arena-contract stopped: {result.stopped}")


def test_explore_hypothesis(arena_probe: ProbeRun, import_guid: str, record_property: Any) -> None:
    from arena_contract.suite.explore import explore_queries

    _exploration(
        arena_probe, "exploration (Hypothesis)", explore_queries, import_guid, record_property
    )


def test_explore_schemathesis(arena_probe: ProbeRun, record_property: Any) -> None:
    from arena_contract.suite.explore import explore_schemathesis

    guid = first_import(arena_probe)
    _exploration(
        arena_probe, "exploration (Schemathesis)", explore_schemathesis, guid, record_property
    )


# -- across the run -----------------------------------------------------------------------


def test_requests_remaining_counts_down(arena_probe: ProbeRun, record_property: Any) -> None:
    readings = arena_probe.budget.readings
    if len(readings) < 2:
        pytest.skip("fewer than two X-Arena-Requests-Remaining values seen")
    problems = []
    for before, after in itertools.pairwise(readings):
        if after.remaining > before.remaining and after.reset == before.reset:
            problems.append(
                probe_finding(
                    "probe.countdown",
                    f"X-Arena-Requests-Remaining went up from {before.remaining} "
                    f"to {after.remaining} with no new reset time",
                    target="headers",
                    pointer="X-Arena-Requests-Remaining",
                    expected=f"<= {before.remaining}",
                    actual=after.remaining,
                )
            )
    first, last = readings[0], readings[-1]
    if last.remaining >= first.remaining and last.reset == first.reset:
        problems.append(
            probe_finding(
                "probe.countdown",
                f"X-Arena-Requests-Remaining never counted down over {len(readings)} answers",
                target="headers",
                pointer="X-Arena-Requests-Remaining",
                expected=f"< {first.remaining}",
                actual=last.remaining,
            )
        )
    record_property("remaining", f"{first.remaining} -> {last.remaining}")
    if problems:
        from arena_contract.reporters.describe import describe

        pytest.fail("\n".join(f"  - {describe(p)}" for p in problems[:10]), pytrace=False)
