"""The one type every source of HTTP traffic is read into.

Capture readers (raw bodies, captures, HAR, cassettes), the mock Arena and the
live client all produce :class:`Exchange` objects; the rules only ever see this
type, so they do not know where the traffic came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

_HEADER_SAFE = re.compile(r"[\x21-\x7e]+")


def header_safe(value: str) -> bool:
    """Whether ``value`` can be sent as a header value as it is (a session id): visible
    ASCII only, no blank, no control, nothing a client would have to encode or a server
    could read as two headers."""
    return bool(_HEADER_SAFE.fullmatch(value))


class Headers(Mapping[str, str]):
    """Case-insensitive, order-keeping HTTP headers.

    HTTP/2 captures lower-case header names and HAR files keep duplicates as a
    list, so names are compared case-insensitively and repeated headers are
    joined with ", " (RFC 9110 section 5.3), keeping the first spelling of the name.
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> None:
        self._items: dict[str, tuple[str, str]] = {}
        pairs = items.items() if isinstance(items, Mapping) else items
        for name, value in pairs:
            key = name.lower()
            if key in self._items:
                first, old = self._items[key]
                self._items[key] = (first, f"{old}, {value}")
            else:
                self._items[key] = (name, str(value))

    def __getitem__(self, name: str) -> str:
        return self._items[name.lower()][1]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._items

    def __iter__(self) -> Iterator[str]:
        return (original for original, _ in self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Headers({dict(self.items())!r})"


@dataclass(frozen=True)
class Request:
    """What was asked: enough to give the rules their context (path, query)."""

    method: str = "GET"
    url: str = ""
    headers: Headers = field(default_factory=Headers)

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    @property
    def query(self) -> dict[str, list[str]]:
        """Query parameters, each with every value it was given (in order)."""
        params: dict[str, list[str]] = {}
        for name, value in parse_qsl(urlsplit(self.url).query, keep_blank_values=True):
            params.setdefault(name, []).append(value)
        return params

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None


@dataclass
class Exchange:
    """One response, with the request that produced it when that is known.

    ``status`` and ``headers`` are None for a raw body (nothing to check there).
    ``text`` is the body exactly as received, as bytes; it is None when a capture
    gave only the parsed body (``body``), and then the byte-level checks are skipped.
    ``body`` is the parsed JSON; ``body_error`` says why the text is not JSON.
    """

    request: Request | None = None
    status: int | None = None
    headers: Headers | None = None
    text: bytes | None = None
    body: Any = None
    body_error: str | None = None
    #: Where it came from, for messages: "file.har#entry 3".
    origin: str = ""

    @property
    def has_body(self) -> bool:
        return self.text is not None or self.body is not None or self.body_error is not None
