"""The check pipeline: paths -> capture files -> exchanges -> reports (reporters/ print them)."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from arena_contract.captures import CaptureFile, read_paths
from arena_contract.results import ExchangeResult, FileResult
from arena_contract.validate import Validator


def check_capture(capture: CaptureFile, *, strict: bool = False) -> FileResult:
    result = FileResult(printable(capture.path), capture.format, None)
    validator = Validator(strict=strict)  # one per file: sequence rules see its pages in order
    for index, exchange in enumerate(capture.exchanges):
        report = validator.check(exchange)
        result.exchanges.append(ExchangeResult.of(index, exchange, report))
        result.exchanges[-1].origin = printable(exchange.origin)
    # After the loop: a streamed HAR finds its problems as it is read.
    result.error = capture.error and printable(capture.error)
    return result


def check_paths(paths: Sequence[str], *, strict: bool = False) -> Iterator[FileResult]:
    """One FileResult per input file, in order; unreadable inputs give results with an error."""
    captures = read_paths(paths)
    while True:
        with _collector_paused():
            capture = next(captures, None)
            if capture is None:
                return
            result = check_capture(capture, strict=strict)
            del capture  # the parsed body goes now, by reference counting
        yield result


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Parsing a body makes up to millions of objects, none in a cycle: the cyclic garbage
    collector would scan them again and again for nothing (half the parse time of a large
    response). Paused for one file at a time; what little the rules leave is collected after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
