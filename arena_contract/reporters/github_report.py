"""GitHub Actions workflow commands: one ::error / ::warning annotation per finding."""

from __future__ import annotations

from typing import TextIO

from arena_contract.redact import redact_text
from arena_contract.reporters.describe import describe
from arena_contract.results import FileResult, Summary


def _escape(text: str, *, property_value: bool = False) -> str:
    # https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def render(results: list[FileResult], summary: Summary, stream: TextIO, quiet: bool) -> None:
    for result in results:
        file = _escape(result.path, property_value=True)
        if result.error is not None:
            stream.write(
                f"::error file={file},title=unreadable::{_escape(redact_text(result.error))}\n"
            )
        for ex in result.exchanges:
            findings = ex.report.errors if quiet else ex.report.findings
            for finding in findings:
                title = _escape(finding.rule, property_value=True)
                where = f"{ex.origin} {ex.request}".strip()
                message = _escape(f"{where}: {describe(finding)}" if where else describe(finding))
                stream.write(f"::{finding.severity} file={file},title={title}::{message}\n")
    if not quiet:
        stream.write(
            f"{summary.exchanges} response(s): {summary.errors} error(s), "
            f"{summary.warnings} warning(s), {summary.unreadable} unreadable\n"
        )
