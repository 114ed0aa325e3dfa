"""The one type every source of HTTP traffic is read into.

Capture readers (raw bodies, captures, HAR, cassettes), the mock Arena and the
live client all produce :class:`Exchange` objects; the rules only ever see this
type, so they do not know where the traffic came from. A user's own traffic comes in
through :meth:`Exchange.from_response` (a ``requests`` or ``httpx`` response, with the
request it answered) and :meth:`Request.of`.
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
    #: The request body as sent, when the capture holds it (a write operation's).
    body: bytes | None = None
    #: Form fields as the recorder split them (a HAR's ``postData.params``), when it kept
    #: no body text: (name, value) pairs, a file field's value its file name.
    form: tuple[tuple[str, str], ...] | None = None

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

    @classmethod
    def of(cls, request: Any) -> Request | None:
        """A Request from what a user has: a Request, the URL (a GET), a
        ``{"method", "url", "headers"}`` mapping, or an HTTP library's request object
        (``requests.PreparedRequest``, ``httpx.Request``); None stays None. TypeError for
        anything else."""
        if request is None or isinstance(request, Request):
            return request
        if isinstance(request, str):
            return cls("GET", request)
        if isinstance(request, Mapping):
            return cls(
                str(request.get("method", "GET")).upper(),
                str(request.get("url", "")),
                Headers(request.get("headers") or {}),
                _sent(request.get("body")),
            )
        if hasattr(request, "method") and hasattr(request, "url"):
            # Duck typing, so that neither library is imported here: requests' PreparedRequest
            # (url a str, method possibly None) and httpx's Request (url an httpx.URL).
            return cls(
                str(request.method or "GET").upper(),
                str(request.url or ""),
                Headers(header_pairs(getattr(request, "headers", None))),
                _sent(_body_of(request)),
            )
        raise TypeError(
            f"request: expected a URL, a mapping, an arena_contract.Request or an HTTP "
            f"library's request object, got {type(request).__name__}"
        )


def _body_of(request: Any) -> Any:
    """An HTTP library's request body: requests' ``body``, httpx's ``content`` (None for a
    stream not read)."""
    if hasattr(request, "body"):
        return request.body
    try:
        return getattr(request, "content", None)
    except Exception:  # httpx.RequestNotRead: a streamed body, not kept
        return None


def _sent(body: Any) -> bytes | None:
    """A request body as bytes (a str as UTF-8); None for none, or a stream or generator."""
    if isinstance(body, str):
        body = body.encode("utf-8", "surrogatepass")
    return bytes(body) if isinstance(body, (bytes, bytearray)) and body else None


@dataclass
class Exchange:
    """One response, with the request that produced it when that is known.

    ``status`` and ``headers`` are None for a raw body (nothing to check there).
    ``text`` is the body exactly as received, as bytes (a str is taken as UTF-8); it is
    None when a capture gave only the parsed body (``body``), and then the byte-level
    checks are skipped. ``body`` is the parsed JSON; ``body_error`` says why the text is
    not JSON. Given ``text`` alone, the Exchange parses it.
    """

    request: Request | None = None
    status: int | None = None
    headers: Headers | None = None
    text: bytes | None = None
    body: Any = None
    body_error: str | None = None
    #: Where it came from, for messages: "file.har#entry 3".
    origin: str = ""
    #: The recording does not hold the body as sent (a sentence: it kept only part of it,
    #: Schemathesis keeps 1 MiB; or it decoded binary bytes as text): ``text`` and ``body``
    #: are then None, and the body is not judged.
    truncated: str | None = None
    #: Response headers the recording never keeps, by lowercase name (Schemathesis' NDJSON
    #: report drops Date): their absence says nothing of the server, and is not judged.
    unrecorded: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        # Built from the bytes alone (by hand, or from an HTTP library's response): parse
        # them here, so that the body rules never see "no parsed body" for a JSON body.
        if isinstance(self.text, str):
            self.text = self.text.encode("utf-8")
        if self.text is not None and self.body is None and self.body_error is None:
            self.body, self.body_error = parse_body(self.text)

    @property
    def has_body(self) -> bool:
        return self.text is not None or self.body is not None or self.body_error is not None

    @classmethod
    def from_response(cls, response: Any, request: Any = None, *, origin: str = "") -> Exchange:
        """The Exchange of a ``requests.Response`` or an ``httpx.Response`` (anything with
        ``status_code``, ``headers`` and ``content``): its status, headers, exact body and
        the request it answered (``response.request``, unless ``request`` is given: see
        :meth:`Request.of`). TypeError for anything else, naming what it takes."""
        if not is_response(response):
            raise TypeError(
                "expected a requests.Response or an httpx.Response (an object with "
                f"status_code, headers and content), got {type(response).__name__}"
            )
        try:
            content = response.content  # decoded when Content-Encoding says so
        except Exception as exc:  # httpx: a streamed response not read yet
            raise TypeError(
                f"the response's body cannot be read ({type(exc).__name__}): read it first "
                "(httpx: response.read())"
            ) from None
        if request is None:
            request = _response_request(response)
        return cls(
            Request.of(request),
            response.status_code,
            Headers(header_pairs(response.headers)),
            bytes(content) if content is not None else None,
            origin=origin,
        )


def parse_body(text: bytes) -> tuple[Any, str | None]:
    """(the parsed body, None) or (None, why the bytes are not one strict JSON document)."""
    from arena_contract.jsonload import JsonError, parse_json

    try:
        return parse_json(text, origin="the body", what="body"), None
    except JsonError as exc:
        return None, str(exc)


def header_pairs(headers: Any) -> Iterable[tuple[str, str]]:
    """Every header as sent: httpx keeps repeated ones apart (multi_items), requests and
    plain mappings give one value a name."""
    if headers is None:
        return ()
    multi = getattr(headers, "multi_items", None)
    return multi() if callable(multi) else headers.items()


def is_response(value: Any) -> bool:
    """A requests.Response or httpx.Response (or anything shaped like them). By name, not
    by reading them: httpx's ``content`` raises on a streamed response not read yet."""
    names = dir(value)
    return "status_code" in names and "content" in names and "headers" in names


def _response_request(response: Any) -> Any:
    """The request a response answered: httpx raises RuntimeError for a response built by
    hand, requests leaves None."""
    try:
        return response.request
    except (AttributeError, RuntimeError):
        return None
