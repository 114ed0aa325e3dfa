"""Reading a request target (``/v1/imports/X/runs?limit=5``) the way a strict server would.

The engine takes the target as sent (still percent-encoded) so that both fronts
share one decoder. Nothing here crashes:

- the path is split into segments first and each segment is decoded on its
  own (so ``%2F`` inside a GUID does not split it), leniently, as
  ``urllib.parse.unquote`` does (and as the contract's rules read it): a ``%``
  without two hex digits stays as it is and bytes that are not UTF-8 become
  U+FFFD, so a garbled GUID still gets Arena's documented 3011 reply quoting it;
- the query is decoded strictly: a bad escape or a value that is not UTF-8 gets
  Arena's generic 400 (code 400), as does a target over 8 KB (Arena's limit is
  unknown; 8 KB is the common proxy default). ``+`` means a space, as in HTML
  forms and Java servlets; a repeated parameter counts by its first value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote, unquote_to_bytes, urlencode

from arena_contract.mock.errors import malformed

MAX_TARGET_BYTES = 8192

_BAD_ESCAPE = re.compile(rb"%(?![0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class Target:
    #: Still percent-encoded: route on it, then decode each segment with ``segment()``.
    path: str
    query: Mapping[str, list[str]] = field(default_factory=dict)
    #: False when the query could not be decoded; ``check_query`` then refuses it.
    readable_query: bool = True

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    def check_query(self) -> None:
        """Refuse a garbled query (late, so that a bad GUID is reported first)."""
        if not self.readable_query:
            raise malformed()


def request_target(target: str | bytes, query: Mapping[str, object] | None = None) -> bytes:
    """The target as bytes; ``query`` (a convenience for tests) is appended URL-encoded."""
    raw = target.encode("utf-8") if isinstance(target, str) else target
    if query:
        raw += (b"&" if b"?" in raw else b"?") + urlencode(query, doseq=True).encode("ascii")
    return raw


def parse_target(raw: bytes) -> Target:
    """Split a target as sent; 400 when it is too long to read at all."""
    if len(raw) > MAX_TARGET_BYTES:
        raise malformed()
    path, _, query = raw.partition(b"?")
    params = _parse_query(query)
    return Target(path.decode("utf-8", "replace"), params or {}, params is not None)


def segment(raw: str) -> str:
    """One path segment, decoded leniently (see the module docstring)."""
    return unquote(raw)


def _parse_query(query: bytes) -> dict[str, list[str]] | None:
    params: dict[str, list[str]] = {}
    for pair in query.split(b"&") if query else ():
        if not pair:
            continue
        name, _, value = (_decode(part) for part in pair.partition(b"="))
        if name is None or value is None:
            return None
        params.setdefault(name, []).append(value)
    return params


def _decode(raw: bytes) -> str | None:
    if _BAD_ESCAPE.search(raw):
        return None
    try:
        return unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return None
