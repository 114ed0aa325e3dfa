"""The check pipeline: paths -> capture files -> exchanges -> reports (reporters/ print them)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from arena_contract.captures import CaptureFile, read_paths
from arena_contract.results import ExchangeResult, FileResult
from arena_contract.validate import Validator


def check_capture(capture: CaptureFile, *, strict: bool = False) -> FileResult:
    result = FileResult(capture.path, capture.format, capture.error)
    validator = Validator(strict=strict)  # one per file: sequence rules see its pages in order
    for index, exchange in enumerate(capture.exchanges):
        report = validator.check(exchange)
        result.exchanges.append(ExchangeResult.of(index, exchange, report))
    return result


def check_paths(paths: Sequence[str], *, strict: bool = False) -> Iterator[FileResult]:
    """One FileResult per input file, in order; unreadable inputs give results with an error."""
    for capture in read_paths(paths):
        yield check_capture(capture, strict=strict)
