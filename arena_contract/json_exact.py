"""The exact path of strict JSON (jsonload): what runs when a cheap check there fires.

jsonload parses with orjson and looks for two things at the cost of a few byte scans: a
run of 19 digits or more (an integer orjson may have made into a lossy float) and fewer
colons after a round trip than the text holds (a key given twice). When one fires, the
document comes here: the stdlib parser keeps big integers exact (every orjson refusal
still applies), and a token scan names the first repeated key, with its pointer and
position. Kept apart so that the common path loads none of it.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from arena_contract.json_errors import MAX_DEPTH, MAX_INT_DIGITS, JsonError, abbreviate, position

_SURROGATE_ESCAPE_RE = re.compile(rb"\\u[dD][89a-fA-F]")
_TOKEN_RE = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\],:]')


def parse_exact(data: bytes, *, origin: str, line_offset: int) -> Any:
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
                f"number {abbreviate(token)} is out of range for a 64-bit float", "number", token
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
        line, column = position(data, len(text[:index].encode("utf-8"))) if index >= 0 else (0, 0)
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
        raise_duplicate(data, origin=origin, line_offset=line_offset)
    if _SURROGATE_ESCAPE_RE.search(data):
        _refuse_lone_surrogates(value, data, origin=origin, line_offset=line_offset)
    return value


def _refuse_lone_surrogates(value: Any, data: bytes, *, origin: str, line_offset: int) -> None:
    """The stdlib accepts "\\ud800" alone (orjson does not): a string no UTF-8 can carry."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        match = _SURROGATE_ESCAPE_RE.search(data)
        line, column = position(data, match.start()) if match else (0, 0)
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


def raise_duplicate(data: bytes, *, origin: str, line_offset: int) -> None:
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
                line, column = position(data, match.start())
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


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")
