"""The probe's reports for machines: JSON, JUnit XML and GitHub workflow annotations.

All three are made from the same values (each probe's :class:`Result`, the run's coverage,
observations and budget), and tell repeated findings the same way: grouped by rule and
generalised pointer (:func:`arena_contract.findings.group_findings`), as the text output and
``check`` do. The finding objects are ``check --format json``'s (``Finding.to_dict``), with
the request that produced each (secrets masked) and the probe that sent it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any, TextIO
from xml.etree import ElementTree as ET

from arena_contract.exchange import Exchange
from arena_contract.findings import Finding, FindingGroup, group_findings
from arena_contract.redact import mask_value, redact_text, safe_url
from arena_contract.reporters.describe import describe, exchange_line, request_text
from arena_contract.reporters.github_report import annotation
from arena_contract.reporters.grouped import across, spread
from arena_contract.reporters.markdown import cell, code, severity, table
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


def write_json(run: ProbeRun, exit_code: int, stream: TextIO) -> None:
    text = json.dumps(masked(document(run, exit_code)), ensure_ascii=False, indent=1, default=str)
    stream.write(redact_text(text) + "\n")


def write_github(run: ProbeRun, exit_code: int, stream: TextIO) -> None:
    results = list(run.results.values())
    for group, exchange in run_groups(results):
        where = f"{exchange_line(exchange)}: " if exchange is not None else ""
        spread_over = spread(group)
        text = f"{where}{describe(group.first)}{group.more()}"
        text += f"; {spread_over}" if spread_over else ""
        stream.write(annotation(group.first.severity, group.first.rule, text))
    for result in results:
        for failure, times in Counter(result.failures).items():  # one line per failure
            text = failure if times == 1 else f"{failure} ({times} times)"
            stream.write(annotation("error", result.probe.name, text))
    if run.fatal:
        stream.write(annotation("error", "arena-contract", run.fatal))
    coverage = run.coverage()
    if coverage.not_probed:
        stream.write(annotation("notice", "not probed", coverage.sentence()))
    for line in run.summary():
        stream.write(redact_text(line) + "\n")


def write_junit(run: ProbeRun, exit_code: int, stream: TextIO) -> None:
    results = list(run.results.values())
    tally = counts(run, results, exit_code)
    # The totals stand on both the root and its one suite, as JUnit readers look at either.
    totals = {
        "name": "arena-contract probe",
        "tests": str(tally["probes"]),
        "failures": str(tally["failed"]),
        "errors": "1" if run.fatal else "0",
        "skipped": str(tally["skipped"]),
    }
    root = ET.Element("testsuites", totals)
    suite = ET.SubElement(root, "testsuite", totals)
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", name="coverage", value=run.coverage().sentence())
    for line in run.summary():
        name, _, value = line.partition(": ")
        ET.SubElement(properties, "property", name=name, value=redact_text(value))
    for result in results:
        case = ET.SubElement(suite, "testcase", classname=result.probe.part, name=result.probe.name)
        if result.outcome == "skipped":
            ET.SubElement(case, "skipped", message=redact_text(result.reason))
        elif result.outcome == "failed":
            text = redact_text(result.failure_text())
            failure = ET.SubElement(case, "failure", message=text.splitlines()[0] if text else "")
            failure.text = text
        warnings = result.warning_texts()
        if warnings:
            ET.SubElement(case, "system-out").text = redact_text("\n".join(warnings))
    if run.fatal:
        case = ET.SubElement(suite, "testcase", classname="run", name="arena")
        ET.SubElement(case, "error", message=redact_text(run.fatal))
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(redact_text(ET.tostring(root, encoding="unicode")) + "\n")


def write_markdown(run: ProbeRun, exit_code: int, stream: TextIO) -> None:
    """For a job's step summary: the verdict, the findings grouped as in the annotations
    (one row per rule and place, with its count and the first few requests), the failures
    that are no finding, then the run's summary lines."""
    results = list(run.results.values())
    verdict = "holds" if exit_code == 0 else "fails" if exit_code == 1 else "could not be probed"
    stream.write(f"**arena-contract probe:** the contract {verdict}\n\n")
    rows = []
    for group, exchange in run_groups(results):
        where = spread(group) or (exchange_line(exchange) if exchange is not None else "")
        finding = describe(group.first) + group.more()
        rows.append(
            (
                severity(group.first.severity),
                code(group.first.rule),
                cell(redact_text(finding)),
                cell(redact_text(where)),
            )
        )
    for result in results:
        for failure, times in Counter(result.failures).items():
            text = failure if times == 1 else f"{failure} ({times} times)"
            rows.append((severity("error"), code(result.probe.name), cell(redact_text(text)), ""))
    if run.fatal:
        rows.append((severity("error"), code("arena-contract"), cell(redact_text(run.fatal)), ""))
    if rows:
        table(stream, ("Severity", "Rule", "Finding", "Requests"), rows)
        stream.write("\n")
    for line in run.summary():
        stream.write(f"- {cell(redact_text(line))}\n")


WRITERS = {
    "json": write_json,
    "markdown": write_markdown,
    "junit": write_junit,
    "github": write_github,
}


class ProbeReport:
    """A probe run as a :class:`arena_contract.reporters.Reporter`; the text report (a
    table drawn with the run's progress) is the runner's, handed in as ``text``."""

    def __init__(self, run: ProbeRun, exit_code: int, text: Callable[[TextIO], None]) -> None:
        self.run, self.exit_code, self._text = run, exit_code, text

    def text(self, out: TextIO) -> None:
        self._text(out)

    def json(self, out: TextIO) -> None:
        write_json(self.run, self.exit_code, out)

    def markdown(self, out: TextIO) -> None:
        write_markdown(self.run, self.exit_code, out)

    def junit(self, out: TextIO) -> None:
        write_junit(self.run, self.exit_code, out)

    def github(self, out: TextIO) -> None:
        write_github(self.run, self.exit_code, out)
