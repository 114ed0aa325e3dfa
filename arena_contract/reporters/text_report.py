"""Plain text for people: one block per file, one line per finding, a summary line."""

from __future__ import annotations

from typing import TextIO

from arena_contract.reporters.describe import describe
from arena_contract.results import FileResult, Summary


def render(results: list[FileResult], summary: Summary, stream: TextIO, quiet: bool) -> None:
    for result in results:
        if result.error is not None:
            # Read errors name their file already ("x.har: entries[3]: ..."): say it once.
            reason = result.error.removeprefix(f"{result.path}: ")
            stream.write(f"{result.path}: error: {reason}\n")
            if not result.exchanges:
                continue
        if quiet and result.ok:
            continue
        if result.error is None:
            state = "ok" if result.ok else "FAILED"
            stream.write(
                f"{result.path}: {result.format}, {len(result.exchanges)} response(s), {state}\n"
            )
        for ex in result.exchanges:
            findings = ex.report.errors if quiet else ex.report.findings
            if not findings:
                continue
            label = " ".join(
                p for p in (ex.origin, ex.request, f"-> {ex.status}" if ex.status else "") if p
            )
            stream.write(f"  {label}\n")
            for finding in findings:
                stream.write(f"    {finding.severity}: {describe(finding)}\n")
    if not quiet or not summary.ok:
        stream.write(
            f"{summary.files} file(s), {summary.exchanges} response(s): {summary.errors} error(s), "
            f"{summary.warnings} warning(s), {summary.unreadable} unreadable\n"
        )
