"""JSON Lines read line by line, each line under a cap: one capture object per line, or,
in Schemathesis' NDJSON report, one event per line (st_events.py; told by its first line).

A line is read up to ``MAX_LINE_BYTES``; a longer one is passed over without being held
(a problem naming its number), so a file with one 100 MB line costs a few MB, not the
several times its size that parsing it would. A JSON Lines file over ``STREAM_BYTES`` is
not even read whole: its exchanges are a :class:`StreamedLines`, read as they are
iterated, like a large HAR's (stream.py), its problems complete after the loop.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any, BinaryIO

from arena_contract.captures.capture import (
    Loaded,
    listed_capture,
    nothing_to_check,
)
from arena_contract.captures.files import StreamSource, describe_os_error
from arena_contract.captures.inflate import InflationBudget
from arena_contract.captures.st_events import FORMAT as EVENTS_FORMAT
from arena_contract.captures.st_events import add_event, is_event_stream
from arena_contract.exchange import Exchange
from arena_contract.jsonload import JsonError, parse_json, stray_bom
from arena_contract.sizes import readable

_UTF8_BOM = b"\xef\xbb\xbf"

#: The longest line read (a capture object, its body included).
MAX_LINE_BYTES = 16 * 1024 * 1024
#: How much of an over-long line is read at a time while it is passed over.
_SKIP_BYTES = 1024 * 1024
#: File names read as JSON Lines, streamed when large (compared case-insensitively).
JSONL_SUFFIXES = (".jsonl", ".ndjson")


def lines(stream: BinaryIO, limit: int | None = None) -> Iterator[tuple[int, bytes | None]]:
    """``(number, line)`` for each line of ``stream`` (without its ``\\n``); ``line`` is None
    for a line over ``limit`` bytes (``MAX_LINE_BYTES``), read past, never held."""
    limit = MAX_LINE_BYTES if limit is None else limit
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while True:
                rest = stream.readline(_SKIP_BYTES)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
            continue
        yield number, line[:-1] if line.endswith(b"\n") else line


#: How much of a JSON Lines text its format is told from: its first line, within this.
FIRST_LINE_BYTES = 64 * 1024


def jsonl_kind(first: Any) -> str:
    """ "jsonl", or Schemathesis' event stream (``EVENTS_FORMAT``) when ``first``, the first
    record of a JSON Lines text, is its ``Initialize`` event."""
    return EVENTS_FORMAT if is_event_stream(first) else "jsonl"


def jsonl_format(start: bytes) -> str:
    """``jsonl_kind`` of a JSON Lines text whose first line nothing parsed yet (``start``:
    its first ``FIRST_LINE_BYTES`` or more)."""
    start = start[:FIRST_LINE_BYTES].removeprefix(_UTF8_BOM).lstrip()
    first = start.split(b"\n", 1)[0]
    try:
        return jsonl_kind(parse_json(first, origin=""))
    except JsonError:
        return "jsonl"


def add_line(
    number: int, line: bytes | None, path: str, loaded: Loaded, *, events: bool = False
) -> None:
    """The line's exchange (or, with ``events``, its event's exchanges), or its problem,
    added to ``loaded``."""
    if line is None:
        limit = readable(MAX_LINE_BYTES)
        # A scenario of Schemathesis' report holds all its test cases' answers in one line.
        hint = "; its --report har is read in bounded memory whatever its size" if events else ""
        loaded.problems.append(f"{path}: line {number}: over the {limit} limit per line{hint}")
        return
    # The file's byte order mark is the first bytes of line 1 only; a BOM anywhere else
    # (a second one, one starting a later line: two files joined) is refused by number.
    skipped = len(_UTF8_BOM) if number == 1 and line.startswith(_UTF8_BOM) else 0
    line = line[skipped:]
    if (stray := stray_bom(line, skipped=skipped)) is not None:
        loaded.problems.append(f"{path}: line {number} {stray}")
        return
    if not line.strip():
        return
    try:
        item = parse_json(line, origin=path, what="line", line_offset=number - 1)
    except JsonError as exc:
        loaded.problems.append(str(exc))
        return
    label, origin = f"{path}: line {number}", f"{path}#line {number}"
    if events:
        add_event(item, label=label, origin=origin, loaded=loaded)
    else:
        loaded.add(label, listed_capture, item, origin=origin)


def read_jsonl(data: bytes, *, path: str, events: bool = False) -> Loaded:
    """JSON Lines held in memory: blank lines skipped, bad lines reported by number;
    ``events``: Schemathesis' event stream."""
    loaded = Loaded()
    for number, line in lines(io.BytesIO(data)):
        add_line(number, line, path, loaded, events=events)
    return loaded


class StreamedLines:
    """The exchanges of a large JSON Lines file, read as they are iterated (each line with
    a decompression budget of its own: nothing else of the file is held meanwhile)."""

    def __init__(self, source: StreamSource, *, events: bool = False) -> None:
        self.path = source.path
        self.problems: list[str] = []
        self._source = source
        self._events = events

    def __iter__(self) -> Iterator[Exchange]:
        self.problems.clear()
        try:
            stream = self._source.open()
        except OSError as exc:
            self.problems.append(describe_os_error(self.path, exc))
            return
        loaded = Loaded(problems=self.problems)
        found = False
        with stream:
            for number, line in lines(stream):
                loaded.budget = InflationBudget()
                add_line(number, line, self.path, loaded, events=self._events)
                found = found or bool(loaded.exchanges)
                yield from loaded.exchanges
                loaded.exchanges.clear()
        if not found and not self.problems:
            self.problems.append(nothing_to_check(self.path))
