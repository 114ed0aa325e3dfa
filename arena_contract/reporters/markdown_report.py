"""markdown: for a pull request or a job's step summary: the verdict in bold, a table row
per item (under its section's heading), then the notes as a list (what to do comes once,
there, rather than on every row)."""

from __future__ import annotations

from itertools import groupby
from typing import TextIO

from arena_contract.redact import redact_text
from arena_contract.reporters import report_format
from arena_contract.reporters.markdown import cell, code, severity, table
from arena_contract.reporters.outcome import Outcome


@report_format("markdown", "a table for a pull request or a job's step summary")
def write(outcome: Outcome, out: TextIO) -> None:
    out.write(f"**{outcome.title}:** {cell(redact_text(outcome.headline))}\n\n")
    items = outcome.items()
    if not items and outcome.empty:
        out.write(f"{outcome.empty}\n")
    for section, told in groupby(items, key=lambda item: item.section):
        if section:
            out.write(f"{cell(section)}\n\n")
        rows = [
            (
                severity(item.severity),
                code(item.rule),
                cell(redact_text(item.text)),
                cell(redact_text(item.places or item.where)),
            )
            for item in told
        ]
        table(out, ("Severity", "Rule", "Finding", "Where"), rows)
        out.write("\n")
    for line in outcome.notes:
        out.write(f"- {cell(redact_text(line))}\n")
