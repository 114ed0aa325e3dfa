"""Running one probe: build its request from what was seen, send it (once per run), check it.

Each probe kind is one function ``(ctx) -> None`` registered in :data:`KINDS`; it asks the
:class:`Ctx` for answers and adds the suite's own findings (``probe.*``) to them. The result
is a plain value (:class:`Result`): the pytest item turns it into a pass, a failure, warnings
or a skip, and the reports (text, JSON, JUnit, GitHub) read the same values. Nothing here
knows pytest.

Where Arena's behaviour is undocumented (limit over 400, what ``count`` counts, a filter value
no run has, an unknown GUID) any answer in Arena's documented form passes, and the
observation is recorded for the summary.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from arena_contract.exchange import Exchange
from arena_contract.findings import Finding
from arena_contract.live.budget import BudgetExhausted
from arena_contract.live.client import (
    INVALID_SESSION,
    SESSION,
    ArenaUnreachable,
    Query,
    RequestFailed,
    segment,
)
from arena_contract.reporters.describe import describe
from arena_contract.rules.context import MAX_LIMIT
from arena_contract.suite import plan
from arena_contract.suite.checks import (
    Verdict,
    answer,
    answer_value,
    failure_message,
    probe_finding,
    verdict_of,
)
from arena_contract.suite.probes import SHORT_LIMIT, Probe
from arena_contract.suite.runtime import NoDefinition, ProbeRun, runs_on
from arena_contract.vocabulary import UNFINISHED_RUN_STATUSES


class Skip(Exception):
    """The probe cannot run (the budget stopped, nothing to take a value from)."""


@dataclass
class Result:
    probe: Probe
    outcome: str = "passed"  # passed, failed, skipped
    reason: str = ""
    checked: list[Verdict] = field(default_factory=list)
    #: Findings across answers, of no one answer (X-Arena-Requests-Remaining's countdown).
    loose: list[Finding] = field(default_factory=list)
    #: Failures that are not findings (Schemathesis's own checks, a timeout).
    failures: list[str] = field(default_factory=list)
    properties: list[tuple[str, str]] = field(default_factory=list)
    #: Requests this probe sent (an answer another probe already had costs nothing).
    sent: int = 0
    #: Arena could not be reached at all: the run ends.
    fatal: ArenaUnreachable | None = None

    def failure_text(self) -> str:
        lines = [failure_message(c.exchange, c.errors) for c in self.checked if c.errors]
        lines += [f"  - [error] {describe(f)}" for f in self.loose if f.severity == "error"]
        return "\n".join(lines + self.failures)

    def warning_texts(self) -> list[str]:
        return [failure_message(c.exchange, c.warnings) for c in self.checked if c.warnings]


class Ctx:
    """What a probe kind works with: the run, its slot's definition, and its result."""

    def __init__(self, run: ProbeRun, probe: Probe) -> None:
        self.run = run
        self.probe = probe
        self.result = Result(probe)
        self._guid: str | None = None

    # -- what the probe needs -----------------------------------------------------------

    @property
    def guid(self) -> str:
        """The slot's definition (looking at first pages as needed)."""
        if self._guid is None:
            self._guid = self.run.slot_guid(self.probe.slot, self.probe.part)
        return self._guid

    def any_guid(self) -> str:
        """A real GUID to build a malformed one or a session request from (no survey)."""
        try:
            guids = self.run.import_guids()
        except NoDefinition:
            guids = []
        return guids[0] if guids else plan.UNKNOWN_GUID

    def first(self) -> Exchange:
        return self.run.first_page(self.guid, self.probe.part)

    def seen_runs(self) -> list[dict[str, Any]]:
        return runs_on(self.first())

    def picked(self) -> dict[str, Any]:
        run = plan.pick_run(self.seen_runs())
        if run is None:
            raise Skip("no runs seen for this import definition")
        return run

    def runs_path(self) -> str:
        return plan.runs_path(segment(self.guid))

    # -- sending and checking -----------------------------------------------------------

    def get(
        self, path: str, query: Query = None, *, label: str = "", session: Any = SESSION
    ) -> Exchange:
        exchange, sent = self.run.fetch(
            path, query, part=self.probe.part, label=label or self.probe.name, session=session
        )
        self.result.sent += sent
        return exchange

    def check(self, exchange: Exchange, *extra: Finding) -> None:
        """The contract's findings for ``exchange`` with the probe's own ``extra``."""
        findings = self.run.contract_findings(exchange)
        self.note(exchange, findings, extra)
        self.result.properties.append(("request", _request(exchange)))

    def note(
        self, exchange: Exchange, findings: list[Finding], extra: tuple[Finding, ...] = ()
    ) -> None:
        verdict = verdict_of(exchange, findings, extra, self.run.validator)
        self.result.checked.append(verdict)

    def observe(self, topic: str, exchange: Exchange, detail: str = "") -> None:
        """What the workspace did where Arena's docs are silent (summary, JUnit, JSON)."""
        self.observe_reading(topic, answer(exchange), answer_value(exchange), detail)

    def observe_reading(
        self, topic: str, what: str, value: dict[str, Any] | None = None, detail: str = ""
    ) -> None:
        self.run.observe(topic, what, value)
        self.result.properties.append(
            ("observed", f"{topic}: {what}" + (f" ({detail})" if detail else ""))
        )


def _request(exchange: Exchange) -> str:
    from arena_contract.suite.checks import request_line

    return request_line(exchange)


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
    return runs_on(exchange) if exchange.status == 200 else []


KINDS: dict[str, Callable[[Ctx], None]] = {}


def kind(name: str) -> Callable[[Callable[[Ctx], None]], Callable[[Ctx], None]]:
    def register(function: Callable[[Ctx], None]) -> Callable[[Ctx], None]:
        KINDS[name] = function
        return function

    return register


def execute(run: ProbeRun, probe: Probe) -> Result:
    """Run one probe; its result is also kept in ``run.results`` for the reports."""
    ctx = Ctx(run, probe)
    result = ctx.result
    try:
        KINDS[probe.kind](ctx)
    except Skip as exc:
        result.outcome, result.reason = "skipped", str(exc)
    except NoDefinition as exc:
        result.outcome, result.reason = "skipped", str(exc)
    except BudgetExhausted as exc:
        result.outcome, result.reason = "skipped", f"arena-contract stopped: {exc}"
    except RequestFailed as exc:
        result.failures.append(str(exc))
    except ArenaUnreachable as exc:
        result.outcome, result.reason, result.fatal = "skipped", str(exc), exc
    failed = result.failures or result.loose or any(c.errors for c in result.checked)
    if result.outcome != "skipped" and failed:
        result.outcome = "failed"
    run.results[probe.name] = result
    return result


# -- lists and filters -------------------------------------------------------------------


@kind("discovery")
def _discovery(ctx: Ctx) -> None:
    run = ctx.run
    if run.settings.import_guids:
        raise Skip("import GUIDs given: no discovery")
    before = run.budget.by_part["discovery"]
    guids = run.import_guids()
    ctx.result.sent += run.budget.by_part["discovery"] - before
    assert run.discovery is not None
    ctx.check(run.discovery, *status_is(run.discovery, 200))
    if not guids and not ctx.result.checked[-1].errors:
        raise Skip("GET /imports lists no import definition: give --arena-import-guid")


@kind("first-page")
def _first_page(ctx: Ctx) -> None:
    page = ctx.first()
    ctx.check(page, *status_is(page, 200))
    behaviour = ctx.probe.behaviours[0] if ctx.probe.behaviours else ""
    shown = results_of(page)
    if behaviour == "list-with-runs" and page.status == 200 and not shown:
        raise Skip("no definition with runs among those looked at")


@kind("filter-seen")
def _filter_seen(ctx: Ctx) -> None:
    name = ctx.probe.arg
    run = ctx.picked()
    value = plan.run_value(run, name)
    if value is None:
        raise Skip(f"the run seen has no {name}")
    query = [(name, value)]
    if ctx.probe.request == "status-max":  # shares its request with the limit=400 probe
        query.append(("limit", str(MAX_LIMIT)))
    exchange = ctx.get(ctx.runs_path(), query, label=f"{name} seen")
    ctx.check(exchange, *status_is(exchange, 200), *_misses(exchange, run, [name]))


@kind("filter-unseen")
def _filter_unseen(ctx: Ctx) -> None:
    # Undocumented: a value no run has may match nothing or be refused; both keep the form.
    name = ctx.probe.arg
    exchange = ctx.get(ctx.runs_path(), [(name, plan.NO_MATCH[name])], label=f"{name} unseen")
    ctx.observe(f"{name} value no run has", exchange)
    ctx.check(exchange, *status_is(exchange, 200, 400))


@kind("filter-pair")
def _filter_pair(ctx: Ctx) -> None:
    pair = ctx.probe.arg.split("+")
    run = ctx.picked()
    query = [(name, plan.run_value(run, name)) for name in pair]
    if any(value is None for _, value in query):
        raise Skip(f"the run seen lacks one of {', '.join(pair)}")
    exchange = ctx.get(ctx.runs_path(), query, label=ctx.probe.arg)  # type: ignore[arg-type]
    ctx.check(exchange, *status_is(exchange, 200), *_misses(exchange, run, pair))


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
    if "number" in names and all(r.get("guid") != run.get("guid") for r in results):
        return [
            probe_finding(
                "probe.filter-misses",
                f"{wanted}: run {run.get('guid')} is not among the results",
                pointer="/results",
                expected=run.get("guid"),
            )
        ]
    return []


# -- pages ----------------------------------------------------------------------------------


def _count(exchange: Exchange) -> Any:
    return exchange.body.get("count") if isinstance(exchange.body, dict) else None


def _observe_count(ctx: Ctx, exchange: Exchange, limit: int) -> None:
    """What ``count`` counts, read from a page shorter than the list."""
    results, count = results_of(exchange), _count(exchange)
    if not results or not isinstance(count, int) or isinstance(count, bool):
        return
    if count > len(results):
        reading, value = "count = total of matches", "total"
    elif len(ctx.seen_runs()) > len(results):
        reading, value = "count = results on the page", "page"
    else:
        reading, value = "undetermined (one page only)", None
    ctx.observe_reading("count", reading, {"reading": value}, f"limit={limit}: count {count}")


def short_inside_query(first: Exchange) -> list[tuple[str, str]]:
    """A short page at an offset inside the list, that the list can fill: limit 5 from the
    sixth run of a long list; for a shorter one, a smaller page that still ends in it."""
    shown = len(results_of(first))
    limit = max(1, min(SHORT_LIMIT, shown - 1))
    offset = max(0, min(SHORT_LIMIT, shown - limit))
    return [("offset", str(offset)), ("limit", str(limit))]


@kind("short-page")
def _short_page(ctx: Ctx) -> None:
    first = ctx.first()
    seen = results_of(first)
    if not seen:
        raise Skip("no runs seen for this import definition")
    query = short_inside_query(first)
    offset, limit = int(query[0][1]), int(query[1][1])
    exchange = ctx.get(ctx.runs_path(), query, label="short page at an inside offset")
    results = results_of(exchange)
    extra = status_is(exchange, 200)
    expected = min(limit, len(seen) - offset)  # the first page shows that many there
    if exchange.status == 200 and len(results) != expected:
        extra.append(
            probe_finding(
                "probe.page-short",
                f"limit={limit} at offset {offset} gave {len(results)} runs; the first page "
                f"shows {expected} from there",
                pointer="/results",
                expected=expected,
                actual=len(results),
            )
        )
    _observe_count(ctx, exchange, limit)
    ctx.check(exchange, *extra)


@kind("offset-inside")
def _offset_inside(ctx: Ctx) -> None:
    first = ctx.first()
    seen = results_of(first)
    if not seen:
        raise Skip("no runs seen for this import definition")
    query = short_inside_query(first)
    offset = int(query[0][1])
    if offset == 0:
        raise Skip("a list of one run has no offset inside it")
    exchange = ctx.get(ctx.runs_path(), query, label="short page at an inside offset")
    results = results_of(exchange)
    extra = status_is(exchange, 200)
    stable = _count(exchange) == _count(first)  # the list did not change in between
    if exchange.status == 200 and results and stable and offset < len(seen):
        wanted, got = seen[offset].get("guid"), results[0].get("guid")
        if wanted != got:
            extra.append(
                probe_finding(
                    "probe.page-offset",
                    f"offset={offset} starts at run {got}, not at the run the first page "
                    f"shows at that position ({wanted})",
                    pointer="/results/0/guid",
                    expected=wanted,
                    actual=got,
                )
            )
    ctx.check(exchange, *extra)


@kind("limit-1")
def _limit_one(ctx: Ctx) -> None:
    seen = ctx.seen_runs()
    exchange = ctx.get(ctx.runs_path(), [("limit", "1")], label="limit=1")
    results = results_of(exchange)
    extra = status_is(exchange, 200)
    if exchange.status == 200 and seen and not results:
        extra.append(
            probe_finding(
                "probe.page-short",
                "limit=1 gave no run but the list has runs",
                pointer="/results",
                expected=1,
                actual=0,
            )
        )
    _observe_count(ctx, exchange, 1)
    ctx.check(exchange, *extra)


@kind("limit-max")
def _limit_max(ctx: Ctx) -> None:
    seen = ctx.seen_runs()
    query: list[tuple[str, str]] = [("limit", str(MAX_LIMIT))]
    wanted = len(seen)
    what = f"limit={MAX_LIMIT}"
    if ctx.probe.request == "status-max":  # the status filter's request: shares it
        run = ctx.picked()
        status = plan.run_value(run, "status")
        if status is None:
            raise Skip("the run seen has no status")
        query = [("status", status), *query]
        wanted = sum(plan.run_value(r, "status") == status for r in seen)
        what = f"status={status}&limit={MAX_LIMIT}"
    exchange = ctx.get(ctx.runs_path(), query, label=what)
    extra = status_is(exchange, 200)
    shown = len(results_of(exchange))
    if exchange.status == 200 and shown < wanted:
        extra.append(
            probe_finding(
                "probe.page-short",
                f"{what} gave {shown} runs, fewer than the {wanted} of the default page",
                pointer="/results",
                expected=f">= {wanted}",
                actual=shown,
            )
        )
    ctx.check(exchange, *extra)


@kind("limit-over-max")
def _limit_over_max(ctx: Ctx) -> None:
    # Arena's 3220 text says 1-400, so it likely refuses (400/3220); it may clamp to 400.
    limit = MAX_LIMIT + 1
    exchange = ctx.get(ctx.runs_path(), [("limit", str(limit))], label=f"limit={limit}")
    ctx.observe(f"limit > {MAX_LIMIT}", exchange)
    ctx.check(exchange, *status_is(exchange, 200, 400))


@kind("offset-past-end")
def _offset_past_end(ctx: Ctx) -> None:
    offset = plan.past_end_offset(ctx.first().body)
    exchange = ctx.get(
        ctx.runs_path(), [("offset", str(offset))], label=f"offset={offset} (past the end)"
    )
    ctx.observe("offset past the end", exchange)
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
    ctx.check(exchange, *extra)


# -- GUIDs and the session --------------------------------------------------------------------


@kind("malformed")
def _malformed(ctx: Ctx) -> None:
    # The rule error.bad-guid holds the expectation: 400, code 3011, the GUID quoted as sent.
    form = ctx.probe.arg
    malformed = {m.form: m for m in plan.malformed_guids(ctx.any_guid())}[form]
    exchange = ctx.get(plan.runs_path(malformed.segment), label=f"malformed GUID {form}")
    ctx.check(exchange)


@kind("unknown-guid")
def _unknown_guid(ctx: Ctx) -> None:
    exchange = ctx.get(plan.runs_path(plan.UNKNOWN_GUID), label="unknown import GUID")
    ctx.observe("unknown import GUID", exchange)
    ctx.check(exchange)


@kind("session")
def _session(ctx: Ctx) -> None:
    case = ctx.probe.arg
    session = None if case == "missing" else INVALID_SESSION
    path = plan.runs_path(segment(ctx.any_guid()))
    exchange = ctx.get(path, session=session, label=f"{case} session")
    ctx.observe(f"{case} session", exchange)
    ctx.check(exchange, *status_is(exchange, 401))


# -- single runs ----------------------------------------------------------------------------

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
_ABSENT = object()


@kind("single-run")
def _single_run(ctx: Ctx) -> None:
    listed = plan.pick_finished_run(ctx.seen_runs())
    if listed is None:
        raise Skip("no runs seen for this import definition")
    exchange = ctx.get(plan.run_path(ctx.guid, segment(listed["guid"])), label="one run")
    extra = status_is(exchange, 200)
    single = exchange.body if exchange.status == 200 and isinstance(exchange.body, dict) else None
    if single is not None:
        finished = listed.get("status") not in UNFINISHED_RUN_STATUSES
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
    ctx.check(exchange, *extra)


@kind("unknown-run")
def _unknown_run(ctx: Ctx) -> None:
    exchange = ctx.get(plan.run_path(ctx.guid, plan.UNKNOWN_GUID), label="unknown run GUID")
    ctx.observe("unknown run GUID", exchange)
    ctx.check(exchange)


@kind("malformed-run")
def _malformed_run(ctx: Ctx) -> None:
    listed = plan.pick_finished_run(ctx.seen_runs())
    run_guid = listed["guid"] if listed else plan.UNKNOWN_GUID
    exchange = ctx.get(plan.run_path(ctx.guid, segment(run_guid + " ")), label="malformed run GUID")
    ctx.check(exchange)


# -- paging through the whole list --------------------------------------------------------


@kind("walk")
def _walk(ctx: Ctx) -> None:
    run = ctx.run
    first = ctx.first()
    limit = plan.walk_limit(plan.list_total(first.body))
    path = ctx.runs_path()
    repeats: list[tuple[Exchange, Finding]] = []
    first_seen: dict[str, int] = {}
    counts: set[Any] = set()
    pages = 0
    stopped = None
    for offset in plan.walk_offsets(limit):
        try:
            exchange = ctx.get(
                path,
                [("offset", str(offset)), ("limit", str(limit))],
                label=f"walk offset={offset}",
            )
        except BudgetExhausted as exc:
            stopped = str(exc)
            break
        pages += 1
        for index, listed in enumerate(results_of(exchange)):
            guid = listed.get("guid")
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
        ctx.check(exchange, *status_is(exchange, 200))
        if isinstance(exchange.body, dict):
            counts.add(exchange.body.get("count"))
        if exchange.status != 200 or len(results_of(exchange)) < limit:
            break
    ctx.result.properties.append(("walk", f"{pages} pages of {limit}: {len(first_seen)} runs"))
    stable = len(counts) == 1 and isinstance(next(iter(counts)), int)
    for exchange, finding in repeats[:10]:
        if stable or run.settings.strict:
            ctx.note(exchange, [finding])
        else:  # a list that grew while it was paged shifts: a warning then
            ctx.note(exchange, [_warning(finding, "the list changed while it was paged")])
    if stopped is None:  # what a walk cut short did not show is not missing
        missing = _missing(first, first_seen, counts)
        if missing:
            ctx.note(first, missing)
    if stopped and not any(c.errors for c in ctx.result.checked):
        raise Skip(f"arena-contract stopped: {stopped}")
    if stopped:
        ctx.result.failures.append(f"(stopped early: {stopped})")


def _warning(finding: Finding, why: str) -> Finding:
    return Finding(
        finding.rule,
        "warning",
        finding.target,
        finding.pointer,
        f"{finding.message} ({why})",
        finding.expected,
        finding.actual,
    )


def _missing(first: Exchange, walked: dict[str, int], counts: set[Any]) -> list[Finding]:
    problems = []
    on_first = [r.get("guid") for r in results_of(first)]
    lost = [g for g in on_first if g not in walked]
    if lost:
        problems.append(
            probe_finding(
                "probe.page-missing",
                f"{len(lost)} run(s) of the first page never came up while paging",
                pointer="/results",
                expected=lost[:5],
            )
        )
    count = next(iter(counts)) if len(counts) == 1 else None
    if isinstance(count, int) and count > len(on_first) and count != len(walked):
        problems.append(
            probe_finding(
                "probe.page-missing",
                f"paging showed {len(walked)} distinct runs but count is {count}",
                pointer="/count",
                expected=count,
                actual=len(walked),
            )
        )
    return problems


# -- exploration: spends only what is left ------------------------------------------------


def _exploration(ctx: Ctx, topic: str, explore: Callable[..., Any]) -> None:
    run = ctx.run
    if run.settings.examples == 0:
        raise Skip("exploration is off (--arena-examples 0)")
    examples = min(run.settings.examples, run.budget.available())
    if examples == 0:
        raise Skip(f"arena-contract stopped: {run.budget.stop_reason or 'no budget left'}")
    guid = ctx.guid
    ctx.seen_runs()  # so a stop or an outage is told the usual way
    result = explore(run, guid, examples)
    ctx.result.sent += result.sent
    if result.unreachable is not None:
        raise result.unreachable
    ctx.observe_reading(
        topic, result.summary(), {"requests": result.sent, "answers": dict(result.answers)}
    )
    for exchange, errors, warnings in result.judged:
        ctx.result.checked.append(Verdict(exchange, errors, warnings))
    ctx.result.failures.extend(result.failures)
    if result.stopped and not result.sent:
        raise Skip(f"arena-contract stopped: {result.stopped}")


@kind("explore-hypothesis")
def _explore_hypothesis(ctx: Ctx) -> None:
    from arena_contract.suite.explore import explore_queries

    _exploration(ctx, "exploration (Hypothesis)", explore_queries)


@kind("explore-schemathesis")
def _explore_schemathesis(ctx: Ctx) -> None:
    from arena_contract.suite.explore import explore_schemathesis

    _exploration(ctx, "exploration (Schemathesis)", explore_schemathesis)


# -- across the run -------------------------------------------------------------------------


@kind("countdown")
def _countdown(ctx: Ctx) -> None:
    readings = ctx.run.budget.readings
    if len(readings) < 2:
        raise Skip("fewer than two X-Arena-Requests-Remaining values seen")
    problems = []
    for before, after in pairwise(readings):
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
    ctx.result.properties.append(("remaining", f"{first.remaining} -> {last.remaining}"))
    ctx.result.loose.extend(problems[:10])
