"""Reading what ``infer`` and ``drift`` are given: capture files, or a saved shape summary.

A summary is told from a capture by content: a JSON object whose first key is the marker
``"arena-contract-shape"`` (``infer`` writes keys sorted, so the marker comes first; the
sniff only looks at the start of a file, then the whole file is parsed). A summary named
on its own is loaded; one found among captures (a baseline kept next to its recording) is
skipped with a note, so it is never read as a raw response body.

Problems are collected as one line each, naming the file; :class:`InputError` carries them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from arena_contract.captures import (
    PASSED_OVER,
    CaptureFile,
    expand_paths,
    passed_over_note,
    read_bytes,
    read_stream,
    stream_test,
)
from arena_contract.captures.files import StreamSource, describe_os_error, read_or_stream
from arena_contract.drift.infer import ShapeBuilder
from arena_contract.drift.shape import MARKER, Shape, ShapeError, from_json, is_shape_document

_SNIFF_BYTES = 4096


class InputError(Exception):
    """Inputs that could not be read: one line per problem, each naming its file."""

    def __init__(self, lines: list[str], side: Side | None = None) -> None:
        self.lines = lines
        #: What could be read nonetheless (None when nothing could).
        self.side = side
        super().__init__("; ".join(lines))


@dataclass
class Side:
    """A shape read from inputs, with notes on anything skipped, and (read with
    ``keep_going``) the inputs that could not be read, one line each naming its file."""

    shape: Shape
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: Capture files read (a saved summary counts as one), and the exchanges in them.
    files: int = 0
    exchanges: int = 0
    #: The files read, in order (a saved summary: its one file), for reports that point
    #: at a file (GitHub annotations).
    paths: list[str] = field(default_factory=list)
    #: True when the side is a saved shape summary (a baseline ``infer`` wrote).
    summary: bool = False


def read_side(
    paths: Sequence[str], *, allow_summary: bool = True, keep_going: bool = False
) -> Side:
    """The shape of ``paths``: a saved summary when a single file is one, else captures.

    An unreadable input raises :class:`InputError` (after every input was read: it names
    them all); with ``keep_going``, the shape of what could be read is returned instead,
    its ``errors`` naming the rest, as ``check`` reports an unreadable file and goes on.
    """
    try:
        return _read_side(paths, allow_summary)
    except InputError as exc:
        if not keep_going:
            raise
        side = exc.side or Side(Shape({}))
        side.errors = exc.lines
        return side


def _read_side(paths: Sequence[str], allow_summary: bool) -> Side:
    # What was read already (standard input can be read once); a large HAR is not read but
    # left to stream, and is no summary.
    read: dict[str, bytes | StreamSource] = {}
    if allow_summary and len(paths) == 1 and not os.path.isdir(paths[0]):
        path = paths[0]
        try:
            read[path] = source = read_or_stream(path, stream_if=stream_test(path))
        except (OSError, ValueError):
            pass  # the capture reader reports it, in its words
        else:
            summary = _summary_or_none(path, source) if isinstance(source, bytes) else None
            if summary is not None:
                return Side(summary, files=1, paths=[path], summary=True)
    return _from_captures(paths, read)


def _summary_or_none(path: str, data: bytes) -> Shape | None:
    """The summary in ``data``, None when it is not one; InputError when it is a broken one."""
    if not _looks_like_summary(data):
        return None
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise InputError([f"{path}: a shape summary that is not valid JSON ({exc})"]) from None
    if not is_shape_document(document):
        return None
    try:
        return from_json(document)
    except ShapeError as exc:
        raise InputError([f"{path}: {exc}"]) from None


def _looks_like_summary(data: bytes) -> bool:
    head = data[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and f'"{MARKER}"'.encode() in head


def _from_captures(paths: Sequence[str], read: dict[str, bytes | StreamSource]) -> Side:
    builder, notes, errors = ShapeBuilder(), [], []
    exchanges = files = 0
    read_paths: list[str] = []
    for path, error in expand_paths(paths):
        if error is not None:
            errors.append(error)
            continue
        try:
            capture = _capture(path, read)
        except OSError as exc:
            errors.append(describe_os_error(path, exc))
            continue
        except ValueError as exc:
            errors.append(f"{path}: {exc}")
            continue
        if capture.format in PASSED_OVER:
            notes.append(passed_over_note(path, capture.format))
            continue
        files += 1
        read_paths.append(path)
        # A large HAR is read entry by entry as it is added (bounded memory, as for check);
        # its problems are known once it has been read.
        for exchange in capture.exchanges:
            builder.add(exchange)
            exchanges += 1
        if capture.error is not None:
            errors.append(capture.error)
    if not errors and exchanges == 0:
        errors.append(
            f"{', '.join(paths)}: no exchanges found (no capture files, or none of them "
            "holds a response of the contract's endpoints)"
        )
    side = Side(builder.shape(), notes, files=files, exchanges=exchanges, paths=read_paths)
    if errors:
        raise InputError(errors, side if exchanges else None)
    return side


def _capture(path: str, read: dict[str, bytes | StreamSource]) -> CaptureFile:
    """The capture file at ``path`` (streamed when it is a large HAR; its format one of
    PASSED_OVER for arena-contract's own files found among captures). Raises OSError or
    ValueError when it cannot be read."""
    source = read[path] if path in read else read_or_stream(path, stream_if=stream_test(path))
    if isinstance(source, StreamSource):
        return read_stream(source)
    return read_bytes(source, path=path)
