"""The check pipeline: paths -> capture files -> exchanges -> reports (see reporters/ for output)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from arena_contract.captures import CaptureFile, expand_paths, read_capture_file
from arena_contract.results import ExchangeResult, FileResult
from arena_contract.validate import validate_exchange


def check_capture(capture: CaptureFile, *, strict: bool = False) -> FileResult:
    result = FileResult(capture.path, capture.format, capture.error)
    for index, exchange in enumerate(capture.exchanges):
        report = validate_exchange(exchange, strict=strict)
        result.exchanges.append(ExchangeResult.of(index, exchange, report))
    return result


def check_paths(paths: Sequence[str], *, strict: bool = False) -> Iterator[FileResult]:
    """One FileResult per input file, in order; unreadable inputs give results with an error."""
    for path, error in expand_paths(paths):
        if error is not None:
            yield FileResult(path, None, error)
        else:
            yield check_capture(read_capture_file(path), strict=strict)
