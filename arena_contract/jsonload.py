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
where it applies, the line and column. This module imports only orjson and the stdlib.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import orjson

#: Larger inputs are refused before parsing: a capture this big is a mistake, not a response.
MAX_DOCUMENT_BYTES = 512 * 1024 * 1024
#: orjson's own nesting limit, repeated for messages.
MAX_DEPTH = 1024
#: Python's default limit for int <-> str conversion (sys.get_int_max_str_digits()).
MAX_INT_DIGITS = 4300

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
_NUMBER_RE = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?")
_SURROGATE_ESCAPE_RE = re.compile(rb"\\u[dD][89a-fA-F]")
_BLANKS = re.compile(rb"[ \t\r\n]*")
_TOKEN_RE = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\],:]')


class JsonError(ValueError):
    """Why a document is not acceptable JSON, as one line.

    ``problem`` is the bare description; ``detail`` adds the line/column; ``str()`` prefixes
    the origin. ``kind`` lets callers react without parsing messages ("empty", "encoding",
    "syntax", "trailing", "constant", "number", "depth", "duplicate", "size").
    """

    def __init__(
        self,
        problem: str,
        *,
        origin: str,
        kind: str = "syntax",
        line: int | None = None,
        column: int | None = None,
        pointer: str | None = None,
    ) -> None:
        self.problem = problem
        self.origin = origin
        self.kind = kind
        self.line = line
        self.column = column
        self.pointer = pointer
        super().__init__(str(self))

    @property
    def detail(self) -> str:
        """The problem with its position, without the origin (for ``Exchange.body_error``)."""
        if self.line is None:
            return self.problem
        column = "" if self.column is None else f", column {self.column}"
        return f"{self.problem} (line {self.line}{column})"

    def __str__(self) -> str:
        return f"{self.origin}: {self.detail}"


def parse_json(data: bytes, *, origin: str, what: str = "file", line_offset: int = 0) -> Any:
    """Parse ``data`` as one strict JSON document, or raise :class:`JsonError`.

    ``origin`` names the input in messages, ``what`` says what it is ("empty file",
    "empty body"), and ``line_offset`` shifts reported lines (a JSON Lines record).
    A UTF-8 byte order mark is accepted and skipped.
    """
    data = check_encoding(data, origin=origin, what=what)
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        return _after_orjson_error(data, exc, origin=origin, what=what, line_offset=line_offset)
    # One pass for two checks: digits become 0 and every other byte a space, except ':' which
    # is dropped, so that the length lost is the number of colons.
    digits = data.translate(_DIGITS_TO_ZERO, b":")
    if _LONG_DIGIT_RUN in digits and _LONG_DIGIT_RUN in data.translate(_DIGITS_TO_ZERO):
        # (Checked again with the colons: dropping "12:34" joins two runs.) Maybe an integer
        # orjson made into a float: the stdlib keeps it exact.
        return _parse_stdlib(data, origin=origin, line_offset=line_offset)
    colons = len(data) - len(digits)
    del digits
    try:
        kept = orjson.dumps(value).count(b":")
    except TypeError:  # nested deeper than orjson.dumps goes (254 levels): scan instead
        kept = -1
    if colons + _escaped_colons(data) > kept:
        # orjson never escapes ':', so fewer colons after a round trip means dropped keys.
        _raise_duplicate(data, origin=origin, line_offset=line_offset)
    return value


def check_encoding(data: bytes, *, origin: str, what: str = "file") -> bytes:
    """Refuse oversized, empty and non-UTF-8-by-BOM input; return it without a UTF-8 BOM.

    Full UTF-8 validation is left to the parser (orjson, or the YAML reader after decoding),
    so the normal path does not pay for a second pass.
    """
    original = data
    if len(data) > MAX_DOCUMENT_BYTES:
        raise JsonError(
            f"{what} is {_mib(len(data))}, over the {_mib(MAX_DOCUMENT_BYTES)} limit",
            origin=origin,
            kind="size",
        )
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
    nul = data.find(b"\x00", 0, 1024)
    if nul >= 0:
        raise JsonError(
            f"not text: NUL byte at offset {nul} (binary data, or UTF-16/32 without a BOM)",
            origin=origin,
            kind="encoding",
        )
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
        line, column = _position(data, exc.start)
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
        raise fail(f"number {_abbreviate(token)} is out of range for a 64-bit float", "number")
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
    """The slow, exact path: big integers stay ints; every orjson refusal still applies."""
    duplicates: list[bool] = []

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            duplicates.append(True)
        return obj

    def parse_constant(name: str) -> Any:
        raise _Refused(f"{name} is not valid JSON", "constant", name)

    def parse_float(token: str) -> float:
        number = float(token)
        if not math.isfinite(number):
            raise _Refused(
                f"number {_abbreviate(token)} is out of range for a 64-bit float", "number", token
            )
        return number

    def parse_int(token: str) -> int:
        digits = len(token.lstrip("-"))
        if digits > MAX_INT_DIGITS:
            raise _Refused(
                f"integer with {digits} digits is longer than the {MAX_INT_DIGITS}-digit limit",
                "number",
                token,
            )
        return int(token)

    text = data.decode("utf-8")  # orjson read at least part of it; report the rest exactly
    try:
        value = json.loads(
            text,
            object_pairs_hook=pairs_hook,
            parse_constant=parse_constant,
            parse_float=parse_float,
            parse_int=parse_int,
        )
    except _Refused as exc:
        index = _find_token(text, exc.token)
        line, column = _position(data, len(text[:index].encode("utf-8"))) if index >= 0 else (0, 0)
        raise JsonError(
            exc.problem,
            origin=origin,
            kind=exc.kind,
            line=line + line_offset if index >= 0 else None,
            column=column if index >= 0 else None,
        ) from None
    except json.JSONDecodeError as exc:
        raise JsonError(
            exc.msg, origin=origin, line=exc.lineno + line_offset, column=exc.colno
        ) from None
    except RecursionError:
        problem = f"nested deeper than {MAX_DEPTH} levels"
        raise JsonError(problem, origin=origin, kind="depth") from None
    if duplicates:
        _raise_duplicate(data, origin=origin, line_offset=line_offset)
    if _SURROGATE_ESCAPE_RE.search(data):
        _refuse_lone_surrogates(value, data, origin=origin, line_offset=line_offset)
    return value


def _refuse_lone_surrogates(value: Any, data: bytes, *, origin: str, line_offset: int) -> None:
    """The stdlib accepts "\\ud800" alone (orjson does not): a string no UTF-8 can carry."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        match = _SURROGATE_ESCAPE_RE.search(data)
        line, column = _position(data, match.start()) if match else (0, 0)
        raise JsonError(
            "lone UTF-16 surrogate escape in a string",
            origin=origin,
            line=line + line_offset if match else None,
            column=column if match else None,
        ) from None


def _find_token(text: str, token: str) -> int:
    """Where ``token`` first stands alone (not inside a longer number, word or string), or -1.

    A plain search, not a regex made from the token: compiling a million-digit pattern
    takes seconds.
    """

    def joins(char: str, also: str) -> bool:
        return char.isalnum() or char == "_" or char in also

    start = text.find(token)
    while start >= 0:
        end = start + len(token)
        if not (start and joins(text[start - 1], '."')) and not (
            end < len(text) and joins(text[end], ".")
        ):
            return start
        start = text.find(token, start + 1)
    return -1


class _Refused(Exception):
    """Raised from inside the stdlib parser's hooks; carries the offending token."""

    def __init__(self, problem: str, kind: str, token: str) -> None:
        super().__init__(problem)
        self.problem, self.kind, self.token = problem, kind, token


def _raise_duplicate(data: bytes, *, origin: str, line_offset: int) -> None:
    """Find the first repeated key (by decoded name) and raise with its pointer and position.

    Only called when a duplicate is likely; the document is known to be valid JSON, so a
    flat token scan with a stack is enough (and does not recurse).
    """
    # Each frame: [is_object, keys seen, current key or index, expecting a key]
    stack: list[list[Any]] = []
    for match in _TOKEN_RE.finditer(data):
        token = match.group()
        char = token[:1]
        if char == b"{":
            stack.append([True, set(), None, True])
        elif char == b"[":
            stack.append([False, None, 0, False])
        elif char in (b"}", b"]"):
            stack.pop()
        elif char == b",":
            frame = stack[-1]
            if frame[0]:
                frame[3] = True
            else:
                frame[2] += 1
        elif char == b":":
            stack[-1][3] = False
        elif stack and stack[-1][0] and stack[-1][3]:
            frame = stack[-1]
            key = json.loads(token)
            if key in frame[1]:
                pointer = "".join("/" + _escape(str(f[2])) for f in stack[:-1]) + "/" + _escape(key)
                line, column = _position(data, match.start())
                raise JsonError(
                    f"duplicate key {json.dumps(key, ensure_ascii=False)} at {pointer}",
                    origin=origin,
                    kind="duplicate",
                    line=line + line_offset,
                    column=column,
                    pointer=pointer,
                )
            frame[1].add(key)
            frame[2] = key


def _escaped_colons(data: bytes) -> int:
    """Colons written as \\u003a, so that none can hide a dropped key."""
    if b"\\u003" not in data:
        return 0
    return data.count(b"\\u003a") + data.count(b"\\u003A")


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _abbreviate(token: str) -> str:
    return token if len(token) <= 24 else f"{token[:12]}…({len(token)} characters)"


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB".replace(".0 MiB", " MiB")
