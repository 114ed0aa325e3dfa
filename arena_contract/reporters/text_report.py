"""text: for people. Each command draws its own layout (``check`` a block per file, the
probe a table as it runs, drift aligned columns); an outcome without one is told plainly:
the verdict, a line per item, the closing lines."""

from __future__ import annotations

from typing import TextIO

from arena_contract.reporters import report_format
from arena_contract.reporters.outcome import Outcome


@report_format("text", "for people")
def write(outcome: Outcome, out: TextIO) -> None:
    if outcome.text is not None:
        outcome.text(out)
        return
    out.write(f"{outcome.title}: {outcome.headline}\n")
    for item in outcome.items():
        out.write(f"  {item.severity}: {item.title or item.rule}: {item.message()}\n")
    for line in [*outcome.notes, *outcome.closing]:
        out.write(f"{line}\n")
