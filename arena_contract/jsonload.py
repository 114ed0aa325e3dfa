"""Strict JSON parsing: a document that is ambiguous or unreadable is an error, never a guess.

A contract checker must judge the bytes the server sent, so nothing here "fixes" input.
orjson (the fast path) already refuses NaN/Infinity, numbers that overflow a double,
lone surrogates and nesting deeper than 1024 levels. Two things it lets through are
caught here at almost no cost on the normal path:

* duplicate keys, which orjson resolves by keeping the last value: parsers disagree on
  which one wins, so the document means different things to different clients;
* integers beyond 64 bits, which orjson turns into lossy floats: those documents are
  re-parsed with the stdlib so they keep their exact value (up to 4300 digits).

Every failure is a :class:`JsonError` whose ``str()`` is one line naming the origin and,
where it applies, the line and column. This module imports only orjson and the stdlib;
the exact path (json_exact.py) is loaded when one of those checks fires.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from arena_contract.json_errors import MAX_DEPTH, JsonError, abbreviate, position
from arena_contract.sizes import over_limit

__all__ = [
    "MAX_DEPTH",
    "MAX_DOCUMENT_BYTES",
    "JsonError",
    "check_encoding",
    "parse_checked",
    "parse_json",
    "stray_bom",
    "utf8_error",
]

#: Larger inputs are refused before parsing: a capture this big is a mistake, not a response.
MAX_DOCUMENT_BYTES = 512 * 1024 * 1024

_UTF8_BOM = b"\xef\xbb\xbf"
# UTF-32 first: its little-endian BOM starts with the UTF-16 one.
_OTHER_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32 LE"),
    (b"\x00\x00\xfe\xff", "UTF-32 BE"),
    (b"\xff\xfe", "UTF-16 LE"),
    (b"\xfe\xff", "UTF-16 BE"),
)
# Integers orjson cannot hold exactly have at least 19 digits (i64 min is -9223372036854775808).
_DIGITS_TO_ZERO = bytes(48 if 48 <= b <= 57 else 32 for b in range(256))
_LONG_DIGIT_RUN = b"0" * 19
#: orjson writes a float of 1e16 or more as repr does, with an exponent and its sign
#: (1e+16): checked here at its bounds, so that another orjson cannot hide a big integer.
_LOSSY_SHOWS_PLUS = all(
    b"e+" in orjson.dumps(x) for x in (1e16, 2.0**63, -(2.0**63), 2.0**64, 1.7976931348623157e308)
)
_NUMBER_RE = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?")
_BLANKS = re.compile(rb"[ \t\r\n]*")
_OPENINGS = (b"{", b"[")
_ESCAPED_COLON = re.compile(rb"\\u003[aA]")


def parse_json(data: bytes, *, origin: str, what: str = "file", line_offset: int = 0) -> Any:
    """Parse ``data`` as one strict JSON document, or raise :class:`JsonError`.

    ``origin`` names the input in messages, ``what`` says what it is ("empty file",
    "empty body"), and ``line_offset`` shifts reported lines (a JSON Lines record).
    A UTF-8 byte order mark is accepted and skipped.
    """
    return parse_checked(
        check_encoding(data, origin=origin, what=what),
        origin=origin,
        what=what,
        line_offset=line_offset,
    )


def parse_checked(data: bytes, *, origin: str, what: str = "file", line_offset: int = 0) -> Any:
    """``parse_json`` of what ``check_encoding`` returned already (no second look at it)."""
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        return _after_orjson_error(data, exc, origin=origin, what=what, line_offset=line_offset)
    try:
        dumped: bytes | None = orjson.dumps(value)
    except TypeError:  # nested deeper than orjson.dumps goes (254 levels): scan instead
        dumped = None
    # An integer orjson could not hold (2**63 and beyond) became a float of 9.2e18 or more,
    # which it writes 9.223372036854776e+18: no '+' in the round trip, no such integer, and
    # the 32 KB byte scan for a run of 19 digits is skipped (a '+' costs a memchr).
    maybe_lossy = dumped is None or not _LOSSY_SHOWS_PLUS or b"+" in dumped
    if maybe_lossy and _LONG_DIGIT_RUN in data.translate(_DIGITS_TO_ZERO):
        # Maybe an integer orjson made into a float: the stdlib keeps it exact.
        return _parse_stdlib(data, origin=origin, line_offset=line_offset)
    kept = -1 if dumped is None else dumped.count(b":")
    del dumped
    if data.count(b":") + _escaped_colons(data) > kept:
        # orjson never escapes ':', so fewer colons after a round trip means dropped keys.
        _raise_duplicate(data, origin=origin, line_offset=line_offset)
    return value


def check_encoding(data: bytes, *, origin: str, what: str = "file") -> bytes:
    """Refuse oversized, empty and non-UTF-8-by-BOM input; return it without a UTF-8 BOM.

    Full UTF-8 validation is left to the parser (orjson, or the YAML reader after decoding),
    so the normal path does not pay for a second pass.
    """
    if len(data) > MAX_DOCUMENT_BYTES:
        raise JsonError(
            f"{what} is {over_limit(len(data), MAX_DOCUMENT_BYTES)}",
            origin=origin,
            kind="size",
        )
    # A body opening with { or [ has no byte order mark, no blank, is not gzip and is not
    # empty: most do, and skip those tests (a few µs of each small file).
    if data[:1] not in _OPENINGS:
        data = _opening(data, origin=origin, what=what)
    nul = data.find(b"\x00", 0, 1024)
    if nul >= 0:
        raise JsonError(
            f"not text: NUL byte at offset {nul} (binary data, or UTF-16/32 without a BOM)",
            origin=origin,
            kind="encoding",
        )
    return data


def _opening(data: bytes, *, origin: str, what: str) -> bytes:
    """``check_encoding``'s tests of how a text starts: a byte order mark (a UTF-8 one is
    removed), gzip's magic number, nothing but blanks."""
    original = data
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    else:
        for bom, name in _OTHER_BOMS:
            if data.startswith(bom):
                raise JsonError(
                    f"the {what} is {name} (byte order mark at offset 0), not UTF-8; "
                    "re-save it as UTF-8",
                    origin=origin,
                    kind="encoding",
                )
    stray = stray_bom(data, skipped=len(_UTF8_BOM) if data is not original else 0)
    if stray is not None:
        raise JsonError(f"the {what} {stray}", origin=origin, kind="encoding")
    if data.startswith(b"\x1f\x8b"):
        raise JsonError(
            f"the {what} is gzip-compressed; decompress it first", origin=origin, kind="encoding"
        )
    if data.isspace() or not data:
        raise JsonError(f"empty {what}", origin=origin, kind="empty")
    return data


def stray_bom(data: bytes, *, skipped: int = 0) -> str | None:
    """What is wrong when a byte order mark (of any encoding) starts the text after
    ``data``'s leading blanks: a second one after the one at offset 0 (``skipped`` bytes
    already removed), or one after blanks. None when there is none.

    Only one BOM, at the very first byte, marks an encoding; anywhere else it is a mistake
    (two files or two encoders joined) that parsers treat differently: orjson and YAML skip
    it, others refuse it. So it is refused, in one line.
    """
    blanks = _BLANKS.match(data).end()  # type: ignore[union-attr]  # (it always matches)
    start = data[blanks : blanks + 4]
    for bom, name in ((_UTF8_BOM, "UTF-8"), *_OTHER_BOMS):
        if start.startswith(bom):
            after = [
                what
                for what, there in (("a byte order mark", skipped), ("blanks", blanks))
                if there
            ]
            where = f" (after {' and '.join(after)})" if after else ""
            return (
                f"has a stray {name} byte order mark at offset {skipped + blanks}{where}; "
                "only one, as the very first bytes, is allowed: re-save it as UTF-8"
            )
    return None


def _utf8_problem(data: bytes) -> tuple[str, int, int] | None:
    """Describe the first byte that is not UTF-8, with its line and column, or None."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = position(data, exc.start)
        return f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", line, column
    return None


def utf8_error(data: bytes, *, origin: str, line_offset: int = 0) -> JsonError | None:
    """A JsonError for the first byte that is not UTF-8, or None when all of it is."""
    bad = _utf8_problem(data)
    if bad is None:
        return None
    problem, line, column = bad
    return JsonError(
        problem[:-1] + f", line {line + line_offset}, column {column})",
        origin=origin,
        kind="encoding",
    )


def _after_orjson_error(
    data: bytes, exc: orjson.JSONDecodeError, *, origin: str, what: str, line_offset: int
) -> Any:
    """Turn an orjson error into a clear JsonError, or recover an exact big integer."""
    message = exc.msg
    line, column = exc.lineno + line_offset, exc.colno

    def fail(problem: str, kind: str = "syntax") -> JsonError:
        return JsonError(problem, origin=origin, kind=kind, line=line, column=column)

    if "UTF-8" in message:
        error = utf8_error(data, origin=origin, line_offset=line_offset)
        if error is not None:
            raise error
    text: str = exc.doc if isinstance(exc.doc, str) else ""
    rest = text[exc.pos : exc.pos + 9]
    if message.startswith("no digit after sign") and rest.startswith("Infinity"):
        column -= 1
        raise fail("-Infinity is not valid JSON", "constant")
    for constant in ("NaN", "Infinity"):
        if rest.startswith(constant):
            raise fail(f"{constant} is not valid JSON", "constant")
    if "infinity when parsed as double" in message:
        match = _NUMBER_RE.match(text, exc.pos)
        token = match.group() if match else rest
        if match and not match.group(1) and not match.group(2):
            return _parse_stdlib(data, origin=origin, line_offset=line_offset)
        raise fail(f"number {abbreviate(token)} is out of range for a 64-bit float", "number")
    if "depth limit" in message:
        raise fail(f"nested deeper than {MAX_DEPTH} levels", "depth")
    if "empty" in message:
        raise fail(f"empty {what}", "empty")
    if "unexpected end of data" in message:
        raise fail("truncated JSON: unexpected end of data", "syntax")
    if "after document" in message:
        raise fail("unexpected content after the JSON value (more than one value?)", "trailing")
    raise fail(message)


def _parse_stdlib(data: bytes, *, origin: str, line_offset: int) -> Any:
    """The slow, exact path (``json_exact.parse_exact``): big integers stay ints."""
    from arena_contract.json_exact import parse_exact

    return parse_exact(data, origin=origin, line_offset=line_offset)


def _raise_duplicate(data: bytes, *, origin: str, line_offset: int) -> None:
    """Raise for the first repeated key (``json_exact.raise_duplicate``)."""
    from arena_contract.json_exact import raise_duplicate

    raise_duplicate(data, origin=origin, line_offset=line_offset)


def _escaped_colons(data: bytes) -> int:
    """Colons written as \\u003a, so that none can hide a dropped key. Most bodies have no
    escape at all, which one memchr tells; the others take one regex pass (it skips to each
    backslash at C speed: faster than ``in`` or ``count`` of b"\\u003", 10 µs against 15 on
    a 32 KB run list whose messages hold quotes)."""
    if b"\\" not in data:
        return 0
    return len(_ESCAPED_COLON.findall(data))
