"""Reading captured traffic, in any supported format, into :class:`Exchange` objects.

Formats are detected from content (see ``detect``): a raw response body, a capture object
or an array/JSON Lines of them, HAR 1.2, VCR.py or Schemathesis cassettes, and Schemathesis'
NDJSON report.

Nothing here raises for bad input. A file that cannot be used at all has ``format`` None
and ``error`` set. A file with some bad records keeps its good exchanges and has ``error``
set to the first problem (naming the record), with a count of the others; the CLI should
treat any ``error`` as a failure to read, separate from contract findings. A file read
without error that holds no response to check is a problem too (``nothing_to_check``):
every subcommand reads through here, so they agree on what an empty recording is. A body that is
not JSON is not a read error: it is an exchange with ``body_error``, which the rules report.

A HAR file over ``STREAM_BYTES`` (32 MiB) is not read whole: its ``exchanges`` are a
:class:`StreamedExchanges`, read entry by entry as they are iterated (see ``stream``), and
its problems are found while iterating, so read ``error`` after the loop.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from arena_contract.captures.capture import (
    CaptureError,
    Loaded,
    nothing_to_check,
    read_capture,
    read_capture_list,
)
from arena_contract.captures.cassette import read_cassette
from arena_contract.captures.detect import (
    FORMATS,
    PASSED_OVER,
    SHAPE_SUMMARY,
    Detected,
    detect,
    passed_over_note,
    shape_summary_note,
    starts_like_har,
)
from arena_contract.captures.files import (
    CAPTURE_EXTENSIONS,
    STDIN,
    STREAM_BYTES,
    StreamSource,
    describe_os_error,
    expand_paths,
    read_or_stream,
)
from arena_contract.captures.har import read_har
from arena_contract.captures.lines import (
    FIRST_LINE_BYTES,
    JSONL_SUFFIXES,
    MAX_LINE_BYTES,
    StreamedLines,
    jsonl_format,
    read_jsonl,
)
from arena_contract.captures.raw import read_body
from arena_contract.captures.st_events import FORMAT as EVENTS_FORMAT
from arena_contract.captures.stream import StreamedExchanges
from arena_contract.exchange import Exchange

__all__ = [
    "CAPTURE_EXTENSIONS",
    "FORMATS",
    "PASSED_OVER",
    "SHAPE_SUMMARY",
    "STDIN",
    "STREAM_BYTES",
    "CaptureFile",
    "StreamedExchanges",
    "expand_paths",
    "passed_over_note",
    "read_bytes",
    "read_capture_file",
    "read_item",
    "read_paths",
    "read_stream",
    "shape_summary_note",
]


@dataclass
class CaptureFile:
    """One input file and what it yielded.

    ``format`` is one of ``detect.FORMATS`` ("body", "capture", "jsonl", "har", "vcr",
    "schemathesis-vcr", "schemathesis-ndjson"), a kind of ``PASSED_OVER`` (no exchanges, a
    note), or None when the file could not be read or parsed. ``problems`` holds a line
    naming the file (and the line/column, record or byte offset where it applies) for each
    problem found;
    ``error`` summarises them: None, or the first one with a count of the others.

    ``exchanges`` is a list, or for a large HAR a :class:`StreamedExchanges`: an iterable
    read as it is iterated, whose problems are added to ``problems`` as they are found, so
    ``error`` and ``ok`` are final only after the iteration.
    """

    path: str
    format: str | None
    exchanges: list[Exchange] | StreamedExchanges | StreamedLines = field(
        default_factory=list, kw_only=True
    )
    problems: list[str] = field(default_factory=list, kw_only=True)

    @property
    def error(self) -> str | None:
        if not self.problems:
            return None
        error = self.problems[0]
        if len(self.problems) > 1:
            error += f" (and {len(self.problems) - 1} more problems in this file)"
        return error

    @property
    def ok(self) -> bool:
        return self.error is None


def read_capture_file(path: str, *, stdin: BinaryIO | None = None) -> CaptureFile:
    """Read and parse one file (``-`` for standard input); never raises for bad input.

    A HAR over ``STREAM_BYTES`` is not read here but streamed as its exchanges are iterated.
    """
    try:
        source = read_or_stream(path, stdin=stdin, stream_if=stream_test(path))
    except OSError as exc:
        return _failed(path, describe_os_error(path, exc))
    except ValueError as exc:
        return _failed(path, f"{path}: {exc}")
    if isinstance(source, StreamSource):
        return read_stream(source)
    return read_bytes(source, path=path)


def stream_test(path: str) -> Callable[[bytes], bool]:
    """What decides, from its first bytes, whether a large input is streamed: a HAR by its
    opening, a JSON Lines file (``.jsonl``, ``.ndjson``) always."""
    if path.lower().endswith(JSONL_SUFFIXES):
        return lambda head: True
    return starts_like_har


def read_bytes(data: bytes, *, path: str) -> CaptureFile:
    """Parse captured bytes; ``path`` is only used to name the input in messages and origins."""
    try:
        if len(data) > MAX_LINE_BYTES and path.lower().endswith(JSONL_SUFFIXES):
            # Not parsed whole to detect it: its lines are read under their cap.
            detected = Detected(jsonl_format(data), None)
        else:
            detected = detect(data, path=path)
        if detected.format in PASSED_OVER:  # no capture, no problem: skipped with a note
            return CaptureFile(path, detected.format)
        loaded = _READERS[detected.format](data, detected.document, path)
    except CaptureError as exc:
        return _failed(path, str(exc))
    if not loaded.exchanges and not loaded.problems:
        loaded.problems.append(nothing_to_check(path))
    return CaptureFile(path, detected.format, exchanges=loaded.exchanges, problems=loaded.problems)


def read_paths(paths: Sequence[str], *, stdin: BinaryIO | None = None) -> Iterator[CaptureFile]:
    """Every file the paths name (see ``expand_paths``), read; bad paths become error entries."""
    for item in expand_paths(paths):
        yield read_item(item, stdin=stdin)


def read_item(item: tuple[str, str | None], *, stdin: BinaryIO | None = None) -> CaptureFile:
    """One ``(path, error)`` item of ``expand_paths``: the file read, or its listing error."""
    path, error = item
    return _failed(path, error) if error is not None else read_capture_file(path, stdin=stdin)


def _failed(path: str, error: str) -> CaptureFile:
    return CaptureFile(path, None, problems=[error])


def read_stream(source: StreamSource) -> CaptureFile:
    """A large HAR, read entry by entry as its exchanges are iterated, or a large JSON Lines
    file, line by line (``error`` after that)."""
    if source.path.lower().endswith(JSONL_SUFFIXES):
        try:
            kind = jsonl_format(source.head(FIRST_LINE_BYTES))
        except OSError as exc:
            return _failed(source.path, describe_os_error(source.path, exc))
        lines = StreamedLines(source, events=kind == EVENTS_FORMAT)
        return CaptureFile(source.path, kind, exchanges=lines, problems=lines.problems)
    exchanges = StreamedExchanges(source)
    return CaptureFile(source.path, "har", exchanges=exchanges, problems=exchanges.problems)


def _read_capture_document(data: bytes, document: Any, path: str) -> Loaded:
    if isinstance(document, list):
        return read_capture_list(document, path=path)
    return read_capture(document, path=path)


_READERS: dict[str, Callable[[bytes, Any, str], Loaded]] = {
    "body": lambda data, document, path: read_body(data, document, path=path),
    "capture": _read_capture_document,
    "jsonl": lambda data, document, path: read_jsonl(data, path=path),
    EVENTS_FORMAT: lambda data, document, path: read_jsonl(data, path=path, events=True),
    "har": lambda data, document, path: read_har(document, path=path),
    "vcr": lambda data, document, path: read_cassette(document, path=path),
    "schemathesis-vcr": lambda data, document, path: read_cassette(document, path=path),
}
