"""A large HAR read entry by entry, in bounded memory.

Parsing a HAR of hundreds of MB (a long browser session) whole costs several times its size.
So an input over ``files.STREAM_BYTES`` whose first bytes show a HAR
(``detect.starts_like_har``) is read instead with ijson's C parser (yajl), 64 KiB at a time:
each item of ``log.entries`` is built on its own, made into an Exchange by the HAR reader's
own code (``har.entry_exchange``) and handed on. Memory holds about one entry, whatever the
size of the file (``MAX_DOCUMENT_BYTES`` does not apply), plus what the caller keeps.

Each body is parsed as strictly as ever (``set_body``, jsonload.parse_json): bodies are
small, only the HAR's own JSON (the envelope) is streamed. The envelope is checked
differently from a whole-file read:

* A problem that breaks the JSON (a syntax error, bytes that are not UTF-8, NaN, a number
  out of range, the file cut short) is one problem naming the byte offset; the entries
  read before it are kept and checked, nothing after it is read.
* Duplicate keys: inside an entry for the contract, the entry is a problem and is not
  checked (a whole-file read refuses the file). Elsewhere in the envelope (``log``,
  ``log.version``, the entries for other URLs) they are not checked.
* Integers must be within ±(2**63 - 1) (yajl); a whole-file read keeps bigger ones exact.
* Nesting deeper than ``MAX_DEPTH`` levels is refused as in a whole-file read. It is
  counted before the parser sees the bytes: ijson's memory grows with the square of depth.
* A lone UTF-16 surrogate escape (``"\\ud800"``): yajl makes a lone high one ``?``, and
  refuses a lone low one.

Problems are found as the file is read: ``StreamedExchanges.problems`` is complete once
the exchanges have been iterated, so a caller reads the file's error after its loop.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from itertools import accumulate
from typing import Any, BinaryIO

from arena_contract.captures.capture import Loaded, nothing_to_check
from arena_contract.captures.files import StreamSource, describe_os_error
from arena_contract.captures.har import entry_exchange
from arena_contract.captures.inflate import InflationBudget
from arena_contract.exchange import Exchange
from arena_contract.jsonload import MAX_DEPTH, stray_bom

#: Bytes read and parsed at a time.
CHUNK_BYTES = 64 * 1024

_ENTRIES = "log.entries.item"
#: What a number or a literal (true, false, null) is made of.
_TOKEN_BYTES = b"0123456789+-.eEtrufalsn"
_UTF8_BOM = b"\xef\xbb\xbf"
# For the depth count: keep only what can change it, then +1 for an opening bracket, -1 for
# a closing one (0xff as a signed byte).
_NOT_STRUCTURE = bytes(c for c in range(256) if c not in b'"[]{}')
_SIGNS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")
# yajl's own words (the first line of its message), in this project's.
_REASONS = {
    "premature EOF": "truncated JSON: unexpected end of data",
    "invalid bytes in UTF8 string.": "not UTF-8",
    "integer overflow": "integer beyond 64 bits (a streamed HAR cannot hold one)",
    "numeric (floating point) overflow": "number out of range for a 64-bit float",
    "trailing garbage": "unexpected content after the JSON value",
}


class StreamedExchanges:
    """The contract exchanges of a large HAR, read as they are iterated.

    Each iteration reads the input from its start (standard input: once only). ``problems``
    gets a line per bad entry and, when the JSON breaks off, a line naming the byte offset;
    it is complete when the iteration ends.
    """

    def __init__(self, source: StreamSource) -> None:
        self.path = source.path
        self.problems: list[str] = []
        self._source = source

    def __iter__(self) -> Iterator[Exchange]:
        return self._read()

    def _read(self) -> Iterator[Exchange]:
        path, problems = self.path, self.problems
        problems.clear()
        try:
            stream = self._source.open()
        except OSError as exc:
            problems.append(describe_os_error(path, exc))
            return
        loaded = Loaded(problems=problems)
        found = False
        with stream:
            for index, entry, duplicate in _entries(stream, path, problems):
                where = f"entries[{index}]"
                # One entry is held at a time: each body has the whole budget (its own cap).
                loaded.budget = InflationBudget()
                loaded.add(f"{path}: {where}", entry_exchange, entry, origin=f"{path}#{where}")
                if duplicate is not None and loaded.exchanges:
                    loaded.exchanges.clear()
                    key = json.dumps(duplicate, ensure_ascii=False)
                    problems.append(f"{path}: {where}: duplicate key {key} (entry not checked)")
                found = found or bool(loaded.exchanges)
                yield from loaded.exchanges
                loaded.exchanges.clear()
        if not found and not problems:
            problems.append(nothing_to_check(path))


def _entries(
    stream: BinaryIO, path: str, problems: list[str]
) -> Iterator[tuple[int, Any, str | None]]:
    """``(index, entry, first duplicate key or None)`` for each item of ``log.entries``, as
    the parser completes it; a problem that stops the reading is appended to ``problems``."""
    import ijson  # only large inputs come here

    built = ijson.utils.sendable_list()  # what the parser completes, until handed on
    duplicates: dict[int, str] = {}
    done = 0  # entries handed on so far

    def on_duplicate(key: str) -> None:
        duplicates.setdefault(done + len(built), key)

    # use_float: non-integers as floats, not Decimal; without it ijson's C backend also
    # crashes on an integer over 4300 digits.
    parser = ijson.items_coro(built, _ENTRIES, use_float=True, map_type=_unique_keys(on_duplicate))
    kind = _EntriesKind()  # watches, until it knows, what log.entries holds
    watcher: Any = ijson.parse_coro(kind, use_float=True)
    depth = _Depth()
    offset = 0  # of the chunk's first byte in the input
    in_token = 0  # bytes of the token (string, number) the last chunk ended in, so far
    while True:
        try:
            # yajl lexes a token cut by a chunk's end again from its start when the next
            # chunk comes: reading at least as much as that token holds so far keeps one
            # long string (a body of hundreds of MB) linear, not quadratic, in its length.
            chunk = stream.read(max(CHUNK_BYTES, in_token))
        except OSError as exc:
            problems.append(describe_os_error(path, exc))
            return
        if not chunk:
            break
        if offset == 0 and chunk.startswith(_UTF8_BOM):
            chunk, offset = chunk[len(_UTF8_BOM) :], len(_UTF8_BOM)
        if offset <= len(_UTF8_BOM) and (stray := stray_bom(chunk, skipped=offset)) is not None:
            problems.append(f"{path}: the file {stray}")
            return
        too_deep = depth.feed(chunk)
        part = chunk if too_deep is None else chunk[:too_deep]
        error = _send(parser, part)
        if watcher is not None and (_send(watcher, part) or kind.event is not None):
            watcher = None
        for entry in built:
            yield done, entry, duplicates.pop(done, None)
            done += 1
        built.clear()
        if error is not None:
            problems.append(_stopped(path, _reason(error), _where(error, part, offset), done))
            return
        if too_deep is not None:
            where = f"at byte offset {offset + too_deep}"
            problems.append(_stopped(path, f"nested deeper than {MAX_DEPTH} levels", where, done))
            return
        offset += len(chunk)
        in_token = _token_left_open(chunk, depth.in_string, in_token)
    error = _send(parser, None)  # the end: a document cut short is found here
    for entry in built:
        yield done, entry, duplicates.pop(done, None)
        done += 1
    if error is not None:
        problems.append(_stopped(path, _reason(error), f"at byte offset {offset}", done))
    elif kind.event != "start_array":
        problems.append(f"{path}: HAR file has no log.entries list")


def _token_left_open(chunk: bytes, in_string: bool, before: int) -> int:
    """How many bytes of an unfinished token (a string, a number or a literal) end
    ``chunk``, counting those of earlier chunks when it began there (``before``)."""
    # In a string: the same one goes on, or one began after the last quote.
    start = chunk.rfind(b'"') + 1 if in_string else len(chunk.rstrip(_TOKEN_BYTES))
    return before + len(chunk) if start == 0 else len(chunk) - start


def _send(parser: Any, data: bytes | None) -> Exception | None:
    """Feed ``data`` (None: the end) to an ijson coroutine; what it raised, if anything.

    Any exception is the input's fault: yajl's errors, and Python's while making its values
    (a string with a lone low surrogate escape fails to decode).
    """
    try:
        if data is None:
            parser.close()
        else:
            parser.send(data)
    except Exception as exc:  # see above
        return exc
    return None


def _stopped(path: str, reason: str, where: str, entries: int) -> str:
    return f"{path}: {reason} {where} (the HAR is read up to there: {entries} entries)"


def _message(error: Exception) -> bytes:
    """yajl's message: its first line says what, the next two show where (as input text,
    which may hold secrets: never shown)."""
    import ijson

    if not isinstance(error, ijson.JSONError) or not error.args:
        return b""
    message = error.args[0]
    if isinstance(message, str):
        return message.encode("utf-8", "surrogatepass")
    return message if isinstance(message, bytes) else b""


def _reason(error: Exception) -> str:
    message = _message(error)
    if not message:
        if isinstance(error, UnicodeDecodeError):
            return "a string that is not valid text (a lone UTF-16 surrogate escape?)"
        return f"unreadable JSON ({type(error).__name__})"
    first = message.split(b"\n", 1)[0].decode("utf-8", "replace")
    what = first.split(" error: ", 1)[-1]
    return _REASONS.get(what, f"invalid JSON: {what.rstrip('.')}")


def _where(error: Exception, chunk: bytes, offset: int) -> str:
    """Where yajl stopped: its message shows where in ``chunk``, just after the byte or token
    it could not take; when that is unsure, the chunk's range."""
    found = _error_offset(_message(error), chunk)
    if found is not None:
        return f"before byte offset {offset + found}"
    return f"between byte offsets {offset} and {offset + len(chunk)}"


def _error_offset(message: bytes, chunk: bytes) -> int | None:
    """Where yajl stopped in ``chunk``, from its verbose message, or None if unsure.

    yajl shows up to 30 bytes either side of the offset (newlines as spaces) on the second
    line, indented so that the offset falls under the arrow on the third, in column 40:
    ``40 - offset`` spaces while the offset is under 30, else 10. The text is looked up in
    the chunk; when it is there more than once the offset is not known.
    """
    lines = message.split(b"\n")
    if len(lines) < 3 or not lines[2].endswith(b"^"):
        return None
    shown = lines[1]
    text = chunk.replace(b"\n", b" ").replace(b"\r", b" ")
    found = {
        offset
        for offset in range(min(30, len(text) + 1))
        if shown == b" " * (40 - offset) + text[: offset + 30]
    }
    window = shown[10:]
    if shown.startswith(b" " * 10) and len(window) >= 30:
        start = text.find(window)
        while start >= 0:
            if start + len(window) == min(start + 60, len(text)):
                found.add(start + 30)
            start = text.find(window, start + 1)
    return found.pop() if len(found) == 1 else None


class _EntriesKind:
    """An ijson ``parse`` target: the event that starts ``log.entries`` ("start_array" for a
    list), None until it is seen."""

    def __init__(self) -> None:
        self.event: str | None = None

    def send(self, item: tuple[str, str, Any]) -> None:
        if self.event is None and item[0] == "log.entries":
            self.event = item[1]


def _unique_keys(on_duplicate: Callable[[str], None]) -> type[dict[str, Any]]:
    """A dict type for ijson's objects that reports a key set twice (the last one is kept)."""

    class UniqueKeys(dict[str, Any]):
        __slots__ = ()

        def __setitem__(self, key: str, value: Any) -> None:
            if key in self:
                on_duplicate(key)
            dict.__setitem__(self, key, value)

    return UniqueKeys


class _Depth:
    """How deeply JSON text fed in pieces nests, brackets inside strings not counted."""

    def __init__(self) -> None:
        self.in_string = False
        self.escaped = False  # the previous piece ended with a backslash escaping the next byte
        self.depth = 0

    def feed(self, chunk: bytes) -> int | None:
        """Take the next piece; the index of the byte in it that goes deeper than
        ``MAX_DEPTH``, or None (and then the state moves past the piece)."""
        state = (self.in_string, self.escaped, self.depth)
        after, peak = _scan(chunk, *state)
        if peak <= MAX_DEPTH:
            self.in_string, self.escaped, self.depth = after
            return None
        fits, over = 0, len(chunk)  # the longest prefix that fits, the shortest that does not
        while over - fits > 1:
            middle = (fits + over) // 2
            if _scan(chunk[:middle], *state)[1] > MAX_DEPTH:
                over = middle
            else:
                fits = middle
        return over - 1


def _scan(
    chunk: bytes, in_string: bool, escaped: bool, depth: int
) -> tuple[tuple[bool, bool, int], int]:
    """The state after ``chunk`` and the deepest level reached in it.

    Bytewise in C: escaped backslashes and quotes are dropped (backslashes pair from the
    left), then everything but quotes and brackets; quotes then alternate, so the brackets
    outside strings are every other piece between them.
    """
    if escaped and chunk:
        chunk, escaped = chunk[1:], False
    if not chunk:
        return (in_string, escaped, depth), depth
    backslashes = len(chunk) - len(chunk.rstrip(b"\\"))
    pieces = (
        chunk.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _NOT_STRUCTURE).split(b'"')
    )
    outside = b"".join(pieces[1::2] if in_string else pieces[::2])
    if len(pieces) % 2 == 0:
        in_string = not in_string
    escaped = in_string and backslashes % 2 == 1
    peak = depth
    if outside:
        signs = outside.translate(_SIGNS)
        peak = max(accumulate(memoryview(signs).cast("b"), initial=depth))
        depth += len(signs) - 2 * signs.count(255)
    return (in_string, escaped, depth), peak
