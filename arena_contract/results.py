"""The results of checking captures: one FileResult per input, one ExchangeResult per response."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from arena_contract.exchange import Exchange
from arena_contract.findings import Report

if TYPE_CHECKING:
    from arena_contract.config import Ledger


@dataclass
class ExchangeResult:
    """What is kept of one checked response: not its body (memory stays bounded)."""

    index: int
    origin: str
    #: "GET https://.../runs" without secrets, or "" for a raw body.
    request: str
    status: int | None
    report: Report

    @classmethod
    def of(cls, index: int, exchange: Exchange, report: Report) -> ExchangeResult:
        from arena_contract.reporters.describe import request_text

        line = request_text(exchange)
        return cls(index, printable(exchange.origin), printable(line), exchange.status, report)


@dataclass
class Omitted:
    """Findings of one group (rule, generalised pointer) left out of a file's reports."""

    count: int = 0
    #: Responses where only left-out findings of the group were found.
    responses: int = 0


@dataclass
class FileResult:
    path: str
    format: str | None
    error: str | None
    exchanges: list[ExchangeResult] = field(default_factory=list)
    #: (rule, generalised pointer) -> what was left out (see checker.KEPT_PER_GROUP).
    omitted: dict[tuple[str, str], Omitted] = field(default_factory=dict)
    #: The file's findings by baseline entry, when the configuration needs them counted.
    ledger: Ledger | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and all(e.report.ok for e in self.exchanges)


@dataclass
class Summary:
    files: int = 0
    unreadable: int = 0
    exchanges: int = 0
    failed: int = 0
    errors: int = 0
    warnings: int = 0

    @classmethod
    def of(cls, results: Iterable[FileResult]) -> Summary:
        summary = cls()
        for result in results:
            summary.files += 1
            summary.unreadable += result.error is not None
            for ex in result.exchanges:
                summary.exchanges += 1
                summary.failed += not ex.report.ok
                summary.errors += len(ex.report.errors) + ex.report.omitted_errors
                summary.warnings += len(ex.report.warnings) + ex.report.omitted_warnings
        return summary

    @property
    def ok(self) -> bool:
        return self.unreadable == 0 and self.errors == 0

    @property
    def exit_code(self) -> int:
        """2 when an input could not be read, else 1 on any error finding, else 0."""
        return 2 if self.unreadable else 1 if self.errors else 0


#: Control characters (a newline in a file name) shown as escapes: one problem, one line.
_CONTROLS = {code: f"\\x{code:02x}" for code in (*range(32), 127)}


def printable(text: str) -> str:
    """``text`` as one line of UTF-8 can carry it: a file name that is not UTF-8 (a str with
    lone surrogates from os.fsdecode) shows its bad bytes as \\xNN, and control characters
    (a newline in a name) as escapes, instead of breaking the output."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a surrogate that is not an escaped byte
            text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text.translate(_CONTROLS) if not text.isprintable() else text
