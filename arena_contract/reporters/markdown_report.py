"""Markdown for a pull request or a job's step summary: the summary line, then one table
row per kind of finding of each file (grouped as in the text report), then the unreadable
inputs."""

from __future__ import annotations

from typing import TextIO

from arena_contract.redact import redact_text
from arena_contract.reporters.describe import describe
from arena_contract.reporters.grouped import grouped, label, spread
from arena_contract.reporters.markdown import cell, code, severity, table
from arena_contract.results import FileResult, Summary


def render(results: list[FileResult], summary: Summary, stream: TextIO, quiet: bool) -> None:
    stream.write(
        f"**arena-contract check:** {summary.files} file(s), {summary.exchanges} response(s): "
        f"{summary.errors} error(s), {summary.warnings} warning(s), "
        f"{summary.unreadable} unreadable\n\n"
    )
    rows = []
    for result in results:
        for item in grouped(result, errors_only=quiet):
            group, first = item.group, item.group.first
            where = spread(item.group) or label(item.exchange)
            rows.append(
                (
                    severity(first.severity),
                    code(first.rule),
                    code(result.path),
                    cell(redact_text(describe(first) + group.more())),
                    cell(redact_text(where)),
                )
            )
    if rows:
        table(stream, ("Severity", "Rule", "File", "Finding", "Responses"), rows)
    elif not summary.unreadable:
        stream.write("Every response conforms.\n")
    unreadable = [r for r in results if r.error is not None]
    if unreadable:
        stream.write("\n**Unreadable:**\n\n")
        for result in unreadable:
            stream.write(f"- {cell(redact_text(result.error or ''))}\n")
