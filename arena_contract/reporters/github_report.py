"""github: GitHub Actions workflow commands, one ``::error`` / ``::warning`` / ``::notice``
annotation per item (on its file and line when it has them), then the closing lines."""

from __future__ import annotations

from typing import TextIO

from arena_contract.redact import redact_text
from arena_contract.reporters import report_format
from arena_contract.reporters.outcome import Outcome


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


@report_format("github", "GitHub Actions workflow annotations")
def write(outcome: Outcome, out: TextIO) -> None:
    for item in outcome.items():
        title = item.title or item.rule
        out.write(annotation(item.level, title, item.message(), file=item.file, line=item.line))
    for line in outcome.closing:
        out.write(redact_text(line) + "\n")
