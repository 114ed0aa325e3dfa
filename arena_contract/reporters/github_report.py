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


def annotation(
    level: str, title: str, message: str, *, file: str | None = None, line: int | None = None
) -> str:
    """One workflow command, the one way every command writes it: ``level`` error, warning
    or notice; ``file`` and ``line`` where GitHub shows it; secrets redacted, escaped."""
    where = f"file={escape(file, property_value=True)}," if file else ""
    where += f"line={line}," if file and line is not None else ""
    title = escape(title, property_value=True)
    return f"::{level} {where}title={title}::{escape(redact_text(message))}\n"


def render(results: list[FileResult], summary: Summary, stream: TextIO, quiet: bool) -> None:
    for result in results:
        if result.error is not None:
            stream.write(annotation("error", "unreadable", result.error, file=result.path))
        line_of = line_finder(result)
        for item in grouped(result, errors_only=quiet):
            group, ex = item.group, item.exchange
            finding = group.first
            where = f"{ex.origin} {ex.request}".strip()
            text = describe(finding) + group.more()
            spread_over = spread(group)
            if spread_over:
                text += f"; {spread_over}"
            message = f"{where}: {text}" if where else text
            line = line_of(ex.origin)
            stream.write(
                annotation(finding.severity, finding.rule, message, file=result.path, line=line)
            )
    if not quiet:
        stream.write(
            f"{summary.exchanges} response(s): {summary.errors} error(s), "
            f"{summary.warnings} warning(s), {summary.unreadable} unreadable\n"
        )
