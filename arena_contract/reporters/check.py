"""``check``'s results as an :class:`Outcome`: a block per file for people, an item per
rule and place of each file (grouped across its responses), a JUnit suite per file, and
the JSON envelope ``{"ok", "summary", "files": [{"path", "format", "ok", "error",
"exchanges"}]}``."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, TextIO

from arena_contract.captures.detect import PASSED_OVER, passed_over_note
from arena_contract.findings import Report
from arena_contract.reporters.describe import describe
from arena_contract.reporters.entry_lines import line_finder
from arena_contract.reporters.grouped import group_item, grouped, label, spread
from arena_contract.reporters.outcome import Case, Item, Outcome, Suite
from arena_contract.results import ExchangeResult, FileResult, Summary


def check_outcome(results: list[FileResult], summary: Summary, *, quiet: bool) -> Outcome:
    """``quiet``: errors only, and nothing said of what conforms."""
    counts = (
        f"{summary.errors} error(s), {summary.warnings} warning(s), {summary.unreadable} unreadable"
    )
    return Outcome(
        title="arena-contract check",
        headline=f"{summary.files} file(s), {summary.exchanges} response(s): {counts}",
        exit_code=summary.exit_code,
        document=lambda: {
            "ok": summary.ok,
            "summary": asdict(summary),
            "files": [_file(result) for result in results],
        },
        items=lambda: [item for result in results for item in _items(result, quiet)],
        closing=[] if quiet else [f"{summary.exchanges} response(s): {counts}"],
        empty="Every response conforms.",
        totals={
            "name": "arena-contract",
            "tests": str(summary.exchanges),
            "failures": str(summary.failed),
            "errors": str(summary.unreadable),
        },
        suites=lambda: [_suite(result) for result in results],
        text=lambda out: _text(results, summary, out, quiet),
    )


def _items(result: FileResult, quiet: bool) -> list[Item]:
    """The file's findings grouped across its responses (its unreadable part first), each
    pointing at the line its first response starts on."""
    items = []
    if result.error is not None:
        items.append(Item("error", "unreadable", result.error, file=result.path))
    line_of = line_finder(result)
    for found in grouped(result, errors_only=quiet):
        where, origin = label(found.exchange), found.exchange.origin
        items.append(group_item(found.group, where, file=result.path, line=line_of(origin)))
    return items


def _suite(result: FileResult) -> Suite:
    cases = []
    if result.error is not None:
        cases.append(Case(result.path, "read", error=result.error))
    cases += [_case(result.path, exchange) for exchange in result.exchanges]
    return Suite(
        {
            "name": result.path,
            "tests": str(len(result.exchanges)),
            "failures": str(sum(not e.report.ok for e in result.exchanges)),
            "errors": "1" if result.error else "0",
        },
        cases,
    )


def _case(path: str, exchange: ExchangeResult) -> Case:
    name = " ".join(p for p in (exchange.origin or f"#{exchange.index}", exchange.request) if p)
    report = exchange.report
    warnings = "\n".join(f"warning: {describe(f)}" for f in report.warnings) or None
    if report.ok:
        return Case(path, name, out=warnings)
    lines = [describe(f) for f in report.errors]
    if not lines:  # only errors past checker.KEPT_PER_GROUP: counted, not kept
        lines = [f"{report.omitted_errors} error(s) of groups told above (not kept)"]
    return Case(path, name, failure=lines[0], text="\n".join(lines), out=warnings)


def _file(result: FileResult) -> dict[str, Any]:
    return {
        "path": result.path,
        "format": result.format,
        "ok": result.ok,
        "error": result.error,
        "exchanges": [
            {
                "index": ex.index,
                "origin": ex.origin,
                "request": ex.request,
                "status": ex.status,
                "ok": ex.report.ok,
                "findings": [f.to_dict() for f in ex.report.findings],
                **_omitted(ex.report),
            }
            for ex in result.exchanges
        ],
    }


def _omitted(report: Report) -> dict[str, Any]:
    """Past checker.KEPT_PER_GROUP of a group in a file, findings are counted, not listed."""
    if not (report.omitted_errors or report.omitted_warnings):
        return {}
    return {"omitted": {"errors": report.omitted_errors, "warnings": report.omitted_warnings}}


def _text(results: list[FileResult], summary: Summary, out: TextIO, quiet: bool) -> None:
    """One block per file, one line per finding (grouped), a summary line."""
    for result in results:
        if result.error is not None:
            # Read errors name their file already ("x.har: entries[3]: ..."): say it once.
            reason = result.error.removeprefix(f"{result.path}: ")
            out.write(f"{result.path}: error: {reason}\n")
            if not result.exchanges:
                continue
        if result.format in PASSED_OVER:  # as infer and drift say it
            if not quiet:
                out.write(f"note: {passed_over_note(result.path, result.format)}\n")
            continue
        if quiet and result.ok:
            continue
        if result.error is None:
            state = "ok" if result.ok else "FAILED"
            out.write(
                f"{result.path}: {result.format}, {len(result.exchanges)} response(s), {state}\n"
            )
        shown = None
        for item in grouped(result, errors_only=quiet):
            group = item.group
            if item.exchange is not shown:
                shown = item.exchange
                out.write(f"  {label(shown)}\n")
            first = group.first
            out.write(f"    {first.severity}: {describe(first)}{group.more()}\n")
            where = spread(group)
            if where:
                out.write(f"      {where}\n")
    if not quiet or not summary.ok:
        out.write(
            f"{summary.files} file(s), {summary.exchanges} response(s): {summary.errors} error(s), "
            f"{summary.warnings} warning(s), {summary.unreadable} unreadable\n"
        )
