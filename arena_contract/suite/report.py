"""A probe run as an :class:`Outcome`, for every format of ``reporters.FORMATS``.

Made from the run's values (each probe's :class:`Result`, the coverage, observations and
budget), repeated findings told as ``check`` tells them: grouped by rule and generalised
pointer across the run's answers (``reporters.grouped.across``), with their count and the
first few requests. The JSON's finding objects are ``check --format json``'s
(``Finding.to_dict``), with the request that produced each (secrets masked) and the probe
that sent it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from arena_contract.exchange import Exchange
from arena_contract.findings import Finding, FindingGroup, group_findings
from arena_contract.redact import mask_value, safe_url
from arena_contract.reporters.describe import exchange_line, request_text
from arena_contract.reporters.grouped import across, group_item
from arena_contract.reporters.outcome import Case, Item, Outcome, Suite
from arena_contract.suite.probe import BEHAVIOURS
from arena_contract.suite.result import Result
from arena_contract.suite.runtime import ProbeRun


def request_of(exchange: Exchange | None) -> dict[str, Any] | None:
    if exchange is None:
        return None
    request = exchange.request
    return {
        "method": request.method if request else None,
        "url": safe_url(request.url) if request else exchange.origin,
        "status": exchange.status,
    }


def _answers(results: list[Result]) -> Iterator[tuple[Result, Exchange, list[Finding]]]:
    """(result, answer, its findings) for every judged answer, each answer's findings told
    once (an answer several probes share is reported with the first)."""
    told: set[tuple[int, int]] = set()
    for result in results:
        for checked in result.checked:
            key = id(checked.exchange)
            findings = [*checked.errors, *checked.warnings]
            new = [f for f in findings if (key, _identity(f)) not in told]
            told.update((key, _identity(f)) for f in new)
            if new:
                yield result, checked.exchange, new


def finding_groups(results: list[Result]) -> Iterator[tuple[Result, Exchange | None, Any]]:
    """(result, exchange, group) for every group of findings within one answer (the JSON
    report's items: one request each)."""
    for result, exchange, findings in _answers(results):
        for group in group_findings(findings):
            yield result, exchange, group
    for result in results:
        for group in group_findings(result.loose):
            yield result, None, group


def run_groups(results: list[Result]) -> Iterator[tuple[FindingGroup, Exchange | None]]:
    """The run's findings grouped by rule and place across all its answers, as ``check``
    groups a file's (reporters.grouped.across): one cause, one item, with its count and the
    first few requests; then the findings of no one answer."""
    answers = ((ex, request_text(ex) or ex.origin, found) for _, ex, found in _answers(results))
    yield from across(answers)
    for result in results:
        for group in group_findings(result.loose):
            yield group, None


def _identity(finding: Finding) -> int:
    return hash((finding.rule, finding.pointer, finding.message, finding.severity))


def findings_json(results: list[Result]) -> list[dict[str, Any]]:
    out = []
    for result, exchange, group in finding_groups(results):
        item = group.first.to_dict()
        item["count"] = group.count
        if group.count > 1:
            item["pointers"] = list(group.pointers)
            item["pattern"] = group.pattern
        item["request"] = request_of(exchange)
        item["probe"] = result.probe.name
        out.append(item)
    return out


def counts(run: ProbeRun, results: list[Result], exit_code: int) -> dict[str, Any]:
    coverage = run.coverage()
    outcomes = Counter(r.outcome for r in results)
    severities = Counter(
        group.first.severity for _, _, group in finding_groups(results) for _ in range(group.count)
    )
    return {
        "exit_code": exit_code,
        "probes": len(results),
        "passed": outcomes["passed"],
        "failed": outcomes["failed"],
        "skipped": outcomes["skipped"],
        "errors": severities["error"],
        "warnings": severities["warning"],
        "behaviours": len(BEHAVIOURS),
        "behaviours_held": len(coverage.held),
        "behaviours_failed": len(coverage.failed),
        "behaviours_not_probed": len(coverage.not_probed),
        "requests": run.budget.spent,
        "max_requests": run.settings.max_requests,
    }


def document(run: ProbeRun, exit_code: int) -> dict[str, Any]:
    """The JSON envelope every subcommand shares: ok, summary (counts), then the items."""
    results = list(run.results.values())
    return {
        "ok": exit_code == 0,
        "summary": counts(run, results, exit_code),
        "target": run.target,
        "coverage": {"sentence": run.coverage().sentence(), **run.coverage().to_dict()},
        "requests": {
            "sent": run.budget.spent,
            "limit": run.settings.max_requests,
            "by_part": dict(run.budget.by_part),
        },
        "findings": findings_json(results),
        "observed": run.observed,
        "probes": [
            {
                "probe": r.probe.name,
                "part": r.probe.part,
                "behaviours": list(r.probe.behaviours),
                "outcome": r.outcome,
                "reason": r.reason or None,
                "requests": r.sent,
                "failures": r.failures,
            }
            for r in results
        ],
        "stopped": run.budget.stop_reason,
        "error": run.fatal,
        "har": str(run.har_path) if run.har_path else None,
        "lines": run.summary(),
    }


def masked(value: Any) -> Any:
    """``value`` with every known secret masked before it is encoded (redact.mask_value)."""
    return mask_value(value)


def probe_outcome(run: ProbeRun, exit_code: int, text: Callable[[TextIO], None]) -> Outcome:
    """The run's outcome; its text for people (a table drawn with the run's progress) is
    the runner's, handed in as ``text``."""
    results = list(run.results.values())
    tally = counts(run, results, exit_code)
    verdict = "holds" if exit_code == 0 else "fails" if exit_code == 1 else "could not be probed"
    # The totals stand on both the root and its one suite, as JUnit readers look at either.
    totals = {
        "name": "arena-contract probe",
        "tests": str(tally["probes"]),
        "failures": str(tally["failed"]),
        "errors": "1" if run.fatal else "0",
        "skipped": str(tally["skipped"]),
    }
    properties = [("coverage", run.coverage().sentence())]
    for line in run.summary():
        name, _, value = line.partition(": ")
        properties.append((name, value))
    return Outcome(
        title="arena-contract probe",
        headline=f"the contract {verdict}",
        exit_code=exit_code,
        document=lambda: document(run, exit_code),
        items=lambda: _items(run, results),
        closing=run.summary(),
        notes=run.summary(),
        totals=totals,
        suites=lambda: [Suite(dict(totals), _cases(run, results), properties)],
        text=text,
    )


def _items(run: ProbeRun, results: list[Result]) -> list[Item]:
    """The findings grouped across the run's answers, then the failures that are no
    finding (one per failure, with how often), the run's error, what was not probed."""
    items = []
    for group, exchange in run_groups(results):
        items.append(group_item(group, exchange_line(exchange) if exchange is not None else ""))
    for result in results:
        for failure, times in Counter(result.failures).items():
            text = failure if times == 1 else f"{failure} ({times} times)"
            items.append(Item("error", result.probe.name, text))
    if run.fatal:
        items.append(Item("error", "arena-contract", run.fatal))
    coverage = run.coverage()
    if coverage.not_probed:
        items.append(Item("notice", "not probed", coverage.sentence()))
    return items


def _cases(run: ProbeRun, results: list[Result]) -> list[Case]:
    """A test per probe: skipped, failed (its first line the message) or passed, with its
    warnings as what it printed; an error for a run that could not go on."""
    cases = []
    for result in results:
        probe = result.probe
        out = "\n".join(result.warning_texts()) or None
        if result.outcome == "skipped":
            cases.append(Case(probe.part, probe.name, skipped=result.reason, out=out))
        elif result.outcome == "failed":
            text = result.failure_text()
            first = text.splitlines()[0] if text else ""
            cases.append(Case(probe.part, probe.name, failure=first, text=text, out=out))
        else:
            cases.append(Case(probe.part, probe.name, out=out))
    if run.fatal:
        cases.append(Case("run", "arena", error=run.fatal))
    return cases
