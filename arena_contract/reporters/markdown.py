"""Markdown pieces every report shares: table cells, code spans, a table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TextIO


def cell(text: str) -> str:
    """``text`` safe in a table cell: pipes and backslashes escaped, on one line."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def code(text: str) -> str:
    """``text`` as a code span in a cell (a double fence when it holds a backtick)."""
    fence = "``" if "`" in text else "`"
    return f"{fence}{cell(text)}{fence}"


def severity(name: str) -> str:
    """Errors and breaking changes in bold: the rows to read first."""
    return f"**{name}**" if name in ("error", "breaking") else name


def table(out: TextIO, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """A pipe table; the cells are written as given (escape them with :func:`cell`)."""
    out.write(f"| {' | '.join(header)} |\n")
    out.write(f"| {' | '.join('---' for _ in header)} |\n")
    for row in rows:
        out.write(f"| {' | '.join(row)} |\n")
