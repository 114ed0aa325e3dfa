"""GitHub Actions workflow commands: one ::error / ::warning annotation per kind of finding.

Repeated findings (same rule, same place but for the array indexes) make one annotation per
file, with their count and the first few responses; it points at the line where the first
response starts in its file (HAR entry, cassette interaction, JSON Lines line) when known.
"""

from __future__ import annotations

from typing import TextIO

from arena_contract.redact import redact_text
from arena_contract.reporters.describe import describe
from arena_contract.reporters.entry_lines import line_finder
from arena_contract.reporters.grouped import grouped, spread
from arena_contract.results import FileResult, Summary


def escape(text: str, *, property_value: bool = False) -> str:
    # https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def render(results: list[FileResult], summary: Summary, stream: TextIO, quiet: bool) -> None:
    for result in results:
        file = escape(result.path, property_value=True)
        if result.error is not None:
            stream.write(
                f"::error file={file},title=unreadable::{escape(redact_text(result.error))}\n"
            )
        line_of = line_finder(result)
        for item in grouped(result, errors_only=quiet):
            group, ex = item.group, item.exchange
            finding = group.first
            title = escape(finding.rule, property_value=True)
            where = f"{ex.origin} {ex.request}".strip()
            text = describe(finding) + group.more()
            spread_over = spread(group)
            if spread_over:
                text += f"; {spread_over}"
            message = escape(f"{where}: {text}" if where else text)
            line = line_of(ex.origin)
            at = f",line={line}" if line is not None else ""
            stream.write(f"::{finding.severity} file={file}{at},title={title}::{message}\n")
    if not quiet:
        stream.write(
            f"{summary.exchanges} response(s): {summary.errors} error(s), "
            f"{summary.warnings} warning(s), {summary.unreadable} unreadable\n"
        )
