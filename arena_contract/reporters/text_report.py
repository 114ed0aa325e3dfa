"""Plain text for people: one block per file, one line per finding, a summary line.

Repeated findings (same rule, same place but for the array indexes) are told once per
file, with their count and the first few responses they were found in.
"""

from __future__ import annotations

from typing import TextIO

from arena_contract.captures.detect import OWN_FILES, own_file_note
from arena_contract.reporters.describe import describe
from arena_contract.reporters.grouped import grouped, label, spread
from arena_contract.results import FileResult, Summary


def render(results: list[FileResult], summary: Summary, stream: TextIO, quiet: bool) -> None:
    for result in results:
        if result.error is not None:
            # Read errors name their file already ("x.har: entries[3]: ..."): say it once.
            reason = result.error.removeprefix(f"{result.path}: ")
            stream.write(f"{result.path}: error: {reason}\n")
            if not result.exchanges:
                continue
        if result.format in OWN_FILES:  # as infer and drift say it
            if not quiet:
                stream.write(f"note: {own_file_note(result.path, result.format)}\n")
            continue
        if quiet and result.ok:
            continue
        if result.error is None:
            state = "ok" if result.ok else "FAILED"
            stream.write(
                f"{result.path}: {result.format}, {len(result.exchanges)} response(s), {state}\n"
            )
        shown = None
        for item in grouped(result, errors_only=quiet):
            group = item.group
            if item.exchange is not shown:
                shown = item.exchange
                stream.write(f"  {label(shown)}\n")
            first = group.first
            stream.write(f"    {first.severity}: {describe(first)}{group.more()}\n")
            where = spread(group)
            if where:
                stream.write(f"      {where}\n")
    if not quiet or not summary.ok:
        stream.write(
            f"{summary.files} file(s), {summary.exchanges} response(s): {summary.errors} error(s), "
            f"{summary.warnings} warning(s), {summary.unreadable} unreadable\n"
        )
