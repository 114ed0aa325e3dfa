"""The capture object (``{"request": ..., "response": ...}``), JSON Lines of them, and the
pieces every capture reader shares (headers, status, body bytes, URL filtering).

A capture is this project's own hand-writable format:

    {"request":  {"method": "GET", "url": "https://.../imports/<GUID>/runs", "headers": {...}},
     "response": {"status": 200, "headers": {...}, "text": "<body exactly as received>"}}

``text`` is the body as received (``"encoding": "base64"`` beside it for binary bodies);
a hand-written capture may give the parsed body as ``json`` instead, and then the byte-level
checks are skipped (``Exchange.text`` is None). Headers may be an object (values a string
or a list of strings), a list of ``[name, value]`` pairs, or HAR-style ``{"name", "value"}``
objects. ``request`` may be null. Captures are not filtered by URL: writing one is a choice.

Problems are reported per record (``Loaded.problems``) so one bad record does not hide the
good ones. Messages never include header values: request headers carry session ids.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from arena_contract.captures.inflate import InflationBudget, decompress
from arena_contract.exchange import Exchange, Headers, Request
from arena_contract.jsonload import JsonError, parse_json
from arena_contract.numbers import parse_count
from arena_contract.paths import CONTRACT_REQUESTS, classify


class CaptureError(ValueError):
    """A whole-file problem; ``str()`` is one line naming the file."""


class EntryError(ValueError):
    """One record is unusable; the message names the field (the caller adds the record)."""


@dataclass
class Loaded:
    """What a format reader produced: the good exchanges and a line per bad record."""

    exchanges: list[Exchange] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    #: Shared by the file's bodies (a streamed read starts a new one for each entry).
    budget: InflationBudget = field(default_factory=InflationBudget)

    def add(self, label: str, make: Callable[..., Exchange | None], *args: Any, **kw: Any) -> None:
        """Keep ``make(..., budget=self.budget)``'s exchange (None: not for the contract),
        or report its EntryError as "<label>: <why>" and go on with the next record."""
        try:
            exchange = make(*args, budget=self.budget, **kw)
        except EntryError as exc:
            self.problems.append(f"{label}: {exc}")
            return
        if exchange is not None:
            self.exchanges.append(exchange)


def nothing_to_check(path: str) -> str:
    """The problem of an input that was read without error but holds no response to check
    (a HAR with no entries, or only entries for other URLs or a login; a cassette with no
    interactions): it is unreadable, as an empty export must not pass as "all conform".
    The one definition every subcommand uses (captures/__init__.py and stream.py add it)."""
    return (
        f"{path}: nothing to check: no response of the contract's endpoints in it "
        "(an Import Engine operation under /imports, with a response)"
    )


def is_capture(value: Any) -> bool:
    """A capture object names both sides of the exchange."""
    return isinstance(value, dict) and "request" in value and "response" in value


def read_capture(doc: dict[str, Any], *, path: str) -> Loaded:
    """One capture object (the whole file)."""
    loaded = Loaded()
    loaded.add(path, capture_exchange, doc, origin=path)
    return loaded


def read_capture_list(items: list[Any], *, path: str) -> Loaded:
    """A JSON array of captures; an item that is not a capture is reported, not skipped."""
    loaded = Loaded()
    for index, item in enumerate(items):
        where = f"[{index}]"
        loaded.add(f"{path}: item {where}", listed_capture, item, origin=f"{path}#{where}")
    return loaded


def listed_capture(item: Any, *, origin: str, budget: InflationBudget) -> Exchange:
    """A capture that stands in a list or a line: it must be a capture object."""
    if not is_capture(item):
        raise EntryError('not a capture object (needs "request" and "response")')
    return capture_exchange(item, origin=origin, budget=budget)


def capture_exchange(
    doc: dict[str, Any], *, origin: str, budget: InflationBudget | None = None
) -> Exchange:
    """Build the Exchange for one capture object, or raise EntryError."""
    request = None
    raw_request = doc.get("request")
    if raw_request is not None:
        req = expect_object(raw_request, "request")
        request = Request(
            method=expect_str(req.get("method", "GET"), "request.method"),
            url=expect_url(req.get("url", ""), "request.url"),
            headers=make_headers(req.get("headers"), "request.headers"),
        )
    response = expect_object(doc.get("response"), "response")
    if "status" not in response:
        raise EntryError("response.status is missing")
    status = expect_status(response["status"], "response.status")
    headers = make_headers(response.get("headers"), "response.headers")
    exchange = Exchange(request=request, status=status, headers=headers, origin=origin)
    if "text" in response and "json" in response:
        raise EntryError('response has both "text" and "json"; give one')
    if "json" in response:
        # The parsed body only: the byte-level checks cannot run. JSON null keeps its bytes
        # so that it is still seen as a body.
        exchange.body = response["json"]
        if exchange.body is None:
            exchange.text = b"null"
        return exchange
    text = response.get("text")
    if text is None:
        return exchange
    raw = decode_text(text, response.get("encoding"), "response")
    set_body(exchange, raw, budget)
    return exchange


# -- shared by every reader ----------------------------------------------------------------


def is_contract_request(method: str, url: str) -> bool:
    """True for a request the contract has an operation for: HAR and cassettes keep only these.

    The method matters: a browser sends OPTIONS preflights to the same URLs, and a HAR of a
    web session holds every other request of the page too.
    """
    try:
        path = urlsplit(url).path
    except ValueError:
        return False
    kind, _ = classify(path)
    return kind is not None and (method.upper(), kind) in CONTRACT_REQUESTS


def recorded_request(
    interaction: Any, *, method: str | None = None
) -> tuple[dict[str, Any], dict[str, Any], str, str] | None:
    """A cassette's or Schemathesis' interaction (``{"request": {"method", "uri", ...},
    "response": ...}``), its request, method and URI; None when the request is not one of
    the contract's. ``method`` is the method when the recording leaves it out."""
    interaction = expect_object(interaction, "the interaction")
    request = expect_object(interaction.get("request"), "request")
    url = expect_str(request.get("uri"), "request.uri")
    method = expect_str(request.get("method", method), "request.method")
    return (interaction, request, method, url) if is_contract_request(method, url) else None


def clipped(text: str, limit: int) -> str:
    """A name a file gives (a test case id, a file name), as a message or an origin quotes
    it: at most ``limit`` characters, and "…" where it was cut."""
    return text if len(text) <= limit else text[:limit] + "…"


def expect_object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise EntryError(f"{where} is {_kind(value)}, expected an object")
    return value


def expect_str(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise EntryError(f"{where} is {_kind(value)}, expected a string")
    return value


def expect_url(value: Any, where: str) -> str:
    """A string urlsplit accepts (the rules read its path and query); never shown: secrets."""
    url = expect_str(value, where)
    try:
        urlsplit(url)
    except ValueError:
        raise EntryError(f"{where} is not a valid URL") from None
    return url


def expect_status(value: Any, where: str, *, allow_digits: bool = False) -> int:
    """An integer status; cassettes that store it as a string of digits may pass allow_digits."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if allow_digits and (number := parse_count(value)) is not None:
        return number
    short = isinstance(value, (str, float)) and len(repr(value)) <= 20
    shown = repr(value) if short else _kind(value)
    raise EntryError(f"{where} is {shown}, expected an integer")


def make_headers(value: Any, where: str) -> Headers:
    """Headers from an object, [name, value] pairs, or HAR {name, value} objects.

    Values are never put in messages (request headers carry session ids).
    """
    if value is None:
        return Headers()
    pairs: list[tuple[str, str]] = []
    if isinstance(value, Mapping):
        for name, item in value.items():
            if not isinstance(name, str):
                raise EntryError(f"{where} has a name that is not a string")
            values = item if isinstance(item, list) else [item]
            pairs.extend((name, _header_value(v, f"{where}[{name!r}]")) for v in values)
        return Headers(pairs)
    if not isinstance(value, list):
        raise EntryError(f"{where} is {_kind(value)}, expected an object or a list")
    for index, item in enumerate(value):
        here = f"{where}[{index}]"
        if isinstance(item, dict) and "name" in item and "value" in item:
            name, header_value = item["name"], item["value"]
        elif isinstance(item, list) and len(item) == 2:
            name, header_value = item
        else:
            raise EntryError(f"{here} is not a [name, value] pair or a {{name, value}} object")
        if not isinstance(name, str):
            raise EntryError(f"{here}: the name is not a string")
        pairs.append((name, _header_value(header_value, f"{here} ({name})")))
    return Headers(pairs)


def decode_text(text: Any, encoding: Any, where: str) -> bytes:
    """Body bytes from a recorded string: UTF-8, or base64 when ``encoding`` says so."""
    if isinstance(text, bytes):
        return text
    if not isinstance(text, str):
        raise EntryError(f"{where} body text is {_kind(text)}, expected a string")
    if encoding in (None, ""):
        return text.encode("utf-8", "surrogatepass")
    if encoding != "base64":
        raise EntryError(f"{where} body encoding {encoding!r} is not supported (only base64)")
    try:
        return strict_base64(text)
    except (binascii.Error, ValueError):
        raise EntryError(f"{where} body is marked base64 but is not valid base64") from None


_MIME_BREAKS = re.compile(r"[ \t\r\n]+")


def strict_base64(text: str) -> bytes:
    """Base64 as recorders write it, MIME line breaks (every 76 characters) included;
    anything else that is not base64 raises ValueError."""
    return base64.b64decode(_MIME_BREAKS.sub("", text), validate=True)


def set_body(
    exchange: Exchange,
    raw: bytes,
    budget: InflationBudget | None = None,
    *,
    size: Any = None,
) -> None:
    """Set ``text`` to the (decompressed) body bytes and ``body``/``body_error`` from parsing.

    A body that is not JSON, or decompresses past ``budget`` (a file's, else a fresh one),
    is a finding about the server, not a read error. A body its recorder could not keep as
    bytes (``lossy_text``; ``size``: the body's length as the recording states it, a HAR's
    ``content.size``) is not set: ``truncated`` says why, and it is not judged.
    """
    exchange.truncated = lossy_text(raw, exchange.headers, size)
    if exchange.truncated:
        return
    try:
        raw = decompress(raw, exchange.headers, budget or InflationBudget())
    except ValueError as exc:
        exchange.body_error = str(exc)
        return
    exchange.text = raw
    try:
        exchange.body = parse_json(raw, origin=exchange.origin, what="body")
    except JsonError as exc:
        exchange.body_error = exc.detail


#: U+FFFD in UTF-8: what a recorder writes for each byte it could not decode as text.
_REPLACEMENT = "\ufffd".encode()


def lossy_text(raw: bytes, headers: Headers | None, size: Any = None) -> str | None:
    """Why ``raw`` is not the body that was sent, when a recorder decoded a binary body as
    text (Schemathesis keeps an XLSX content file that way, in its HAR and its cassettes):
    the body's length as recorded (``size``, else a Content-Length with no Content-Encoding)
    is not ``raw``'s, and ``raw`` holds U+FFFD. None otherwise: a body that really holds
    U+FFFD has the length it was sent with, and is judged like any other."""
    if type(size) is not int:
        if headers is None or headers.get("Content-Encoding"):
            return None
        size = parse_count(headers.get("Content-Length"))
    if size is None or size == len(raw) or _REPLACEMENT not in raw:
        return None
    return (
        f"the recording holds the body decoded as text, bytes it could not read replaced "
        f"by U+FFFD ({len(raw)} bytes where the body had {size})"
    )


def _header_value(value: Any, where: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise EntryError(f"{where} has a value that is {_kind(value)}, expected a string")


def _kind(value: Any) -> str:
    """A value's JSON kind for messages, never the value itself (it may be a secret)."""
    if value is None:
        return "missing or null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bytes):
        return "binary data"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"
