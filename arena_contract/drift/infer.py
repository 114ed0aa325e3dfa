"""Building a shape summary from exchanges: group them, then fold every body and header in.

Grouping ("kind of request") is the operation the request path names in the contract
(``listImportRuns``; another method than GET is ``POST /imports/{guid}/runs``; a path the
contract does not know is named by its endpoint kind, e.g. ``login``) plus a request class,
decided in this order:

- ``no-session``: no ``arena_session_id`` (nor ``Authorization``) request header. Recorded
  HARs redact the value, but the header is still there. A request recorded with no headers
  at all says nothing about its session, so it only counts as no-session when it got a 401;
- ``bad-guid``: a GUID in the path (after percent-decoding) is not 20 characters of A-Z/0-9;
- ``not-downloadable``: a 400 with Arena's code 3017 (a content file of a run that is not
  finished, or whose files were deleted 60 days after it ended);
- ``unknown-guid``: well-formed GUIDs, answered 400/404 without query parameters, or with
  Arena's not-found codes 3012/3024/404 (the only way to tell from a recording that it was
  not found);
- ``filtered``: a query parameter other than ``offset``/``limit``;
- ``paged``: ``offset`` or ``limit``;
- ``ok``: anything else.

Raw bodies (no request) go in the ``body`` group. A body identical to one already in its
group is counted once (statuses and headers count every exchange).

Values are kept only for fields with a closed set of values (see :func:`_keep_values`): a
field whose name Arena uses for enums, or one whose values are all UPPER_SNAKE constants
(the form of every enum value and code in Arena's API), at most 12 of them, each seen more
than once. A summary is meant to be committed: names, titles, file names and messages
are data about people and their work, never kept (and never compared: ``compare`` judges
enum values only for the same closed sets). Header values are kept when constant, textual
and not per-request (ids, cookies).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote

import orjson

from arena_contract.contract import operation_for
from arena_contract.drift.formats import OTHER, header_format, is_code_like, string_format
from arena_contract.drift.shape import (
    ERROR,
    RAW_GROUP,
    SUCCESS,
    BodyShape,
    FieldShape,
    GroupShape,
    HeaderShape,
    Shape,
    join_path,
    recount_parents,
)
from arena_contract.exchange import Exchange, Headers
from arena_contract.paths import classify, is_guid
from arena_contract.redact import MASK, is_secret_name, redact_text

#: Field names Arena uses for enums: their values are always kept.
ENUM_NAMES = frozenset({"status", "submitFileType", "lifecycleStatus", "type", "resource", "mode"})
#: Field names that hold people's names, titles, file names or messages (an open set even
#: when a sample shows few values, in capitals or not): their values are never kept.
_OPEN_NAMES = re.compile(r"(?i)(name|title|message|description|comment|email|text|note|url)\Z")
#: At most this many distinct values make a field enum-like.
MAX_ENUM_VALUES = 12
#: Distinct values tracked while reading, before a field is declared free text
#: (more for known enum names, which may legitimately have many values).
_TRACK_LIMIT, _TRACK_LIMIT_KNOWN = MAX_ENUM_VALUES + 1, 64

SESSION_HEADERS = ("arena_session_id", "authorization")
PAGING_PARAMS = frozenset({"offset", "limit"})
NOT_FOUND_CODES = frozenset({"3012", "3024", "404"})
NOT_DOWNLOADABLE_CODE = "3017"
#: Headers whose value differs per request or per client even when a recording shows one.
VOLATILE_HEADERS = frozenset({"set-cookie", "etag", "age", "expires", "last-modified", "via"})
_VOLATILE_PARTS = ("-id", "_id", "trace", "cookie", "nonce", "-ray", "correlation")


class ShapeBuilder:
    """Accumulates exchanges; :meth:`shape` finalises (enum decisions, parent counts)."""

    def __init__(self) -> None:
        self._groups: dict[str, GroupShape] = {}
        # group -> header -> distinct values (capped), to decide "constant" at the end
        self._header_values: dict[tuple[str, str], Counter[str]] = {}
        self._bodies_seen: set[tuple[str, bytes]] = set()

    def add(self, exchange: Exchange) -> None:
        name = group_name(exchange)
        group = self._groups.setdefault(name, GroupShape())
        group.exchanges += 1
        if exchange.status is not None:
            group.statuses[exchange.status] += 1
        if exchange.headers is not None:
            group.responses += 1
            for header, value in exchange.headers.items():
                self._add_header(name, group, header.lower(), value)
            group.unrecorded.update(exchange.unrecorded)
        for code in error_codes(exchange.body):
            group.error_codes[code] += 1
        part = partition(exchange)
        if exchange.has_body and self._first_time(name, part, exchange):
            body = group.bodies.setdefault(part, BodyShape())
            body.count += 1
            if exchange.body_error is not None and exchange.body is None:
                _field(body, "").present += 1
                _field(body, "").types["invalid-json"] += 1
            else:
                _walk(body, "", exchange.body)

    def add_all(self, exchanges: Iterable[Exchange]) -> ShapeBuilder:
        for exchange in exchanges:
            self.add(exchange)
        return self

    def shape(self) -> Shape:
        groups = {}
        for name in sorted(self._groups):
            group = self._groups[name]
            for header_name, header in group.headers.items():
                seen = self._header_values.get((name, header_name), Counter())
                header.value = _constant_value(header_name, header, seen)
            group.headers = dict(sorted(group.headers.items()))
            for body in group.bodies.values():
                _finish_fields(body)
            group.bodies = dict(sorted(group.bodies.items()))
            groups[name] = group
        return Shape(groups)

    def _first_time(self, group: str, part: str, exchange: Exchange) -> bool:
        """False for a body already seen in this group and part: the same request made twice
        is not a second sample (and would make chance look like a pattern to ``evidence``).
        The part is in the key: the same bytes as a success and as an error body are two
        samples of two pools, whichever comes first."""
        raw = exchange.text
        if raw is None:  # a hand-written capture's parsed body
            try:
                raw = orjson.dumps(exchange.body, option=orjson.OPT_SORT_KEYS, default=str)
            except orjson.JSONEncodeError:  # integers beyond 64 bits
                raw = json.dumps(exchange.body, sort_keys=True, default=str).encode()
        key = (group, part, hashlib.blake2b(raw, digest_size=16).digest())
        if key in self._bodies_seen:
            return False
        self._bodies_seen.add(key)
        return True

    def _add_header(self, group_key: str, group: GroupShape, name: str, value: str) -> None:
        # Captured traffic may never have been redacted (a browser's HAR): a session or a
        # token is masked by its header's name before anything is counted, shown or stored.
        value = MASK if is_secret_name(name) else redact_text(value)
        header = group.headers.setdefault(name, HeaderShape())
        header.present += 1
        header.formats[header_format(value)] += 1
        seen = self._header_values.setdefault((group_key, name), Counter())
        if len(seen) <= 1:  # only "one value or more" matters
            seen[value] += 1


def infer_shape(exchanges: Iterable[Exchange]) -> Shape:
    """The shape summary of some exchanges."""
    return ShapeBuilder().add_all(exchanges).shape()


# -- grouping --------------------------------------------------------------------------------


def group_name(exchange: Exchange) -> str:
    """``<operation>/<request class>``, or ``body`` for a raw body."""
    request = exchange.request
    if request is None:
        return RAW_GROUP
    try:
        path, query = request.path, request.query
    except ValueError:  # a URL urlsplit refuses ("https://[::1/..."): no operation, no query
        path, query = "", {}
    operation, params = operation_for(path)
    if operation is None:
        kind, params = classify(path)
        name = kind or "unknown-endpoint"
    else:
        name = operation.operation_id
    method = request.method.upper()
    if method != "GET":  # the contract's operations are GETs: another method is another kind
        name = f"{method} {operation.template if operation else name}"
    return f"{name}/{request_class(exchange, request.headers, params, query)}"


def request_class(
    exchange: Exchange, headers: Headers, params: dict[str, str], query: dict[str, list[str]]
) -> str:
    """The request class (see the module docstring for the order)."""
    has_session = any(name in headers for name in SESSION_HEADERS)
    if not has_session and (len(headers) > 0 or exchange.status == 401):
        return "no-session"
    if any(not is_guid(unquote(value)) for value in params.values()):
        return "bad-guid"
    if params and exchange.status in (400, 404):
        codes = set(error_codes(exchange.body))
        if exchange.status == 400 and NOT_DOWNLOADABLE_CODE in codes:
            return "not-downloadable"
        if not query or codes & NOT_FOUND_CODES:
            return "unknown-guid"
    if any(name not in PAGING_PARAMS for name in query):
        return "filtered"
    if query:
        return "paged"
    return "ok"


def partition(exchange: Exchange) -> str:
    """``error`` for a 4xx/5xx body (or a raw body in Arena's error form), else ``success``."""
    if exchange.status is not None:
        return ERROR if exchange.status >= 400 else SUCCESS
    body = exchange.body
    return ERROR if isinstance(body, dict) and "errors" in body else SUCCESS


def error_codes(body: Any) -> list[str]:
    """Arena's ``errors[].code`` values, as strings (empty when the body is not that form)."""
    if not isinstance(body, dict) or not isinstance(body.get("errors"), list):
        return []
    return [
        str(entry["code"])
        for entry in body["errors"]
        if isinstance(entry, dict)
        and isinstance(entry.get("code"), (int, str))
        and not isinstance(entry.get("code"), bool)
    ]


# -- bodies ----------------------------------------------------------------------------------


def json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"


def _field(body: BodyShape, path: str) -> FieldShape:
    found = body.fields.get(path)
    if found is None:
        found = body.fields[path] = FieldShape()
    return found


def _walk(body: BodyShape, path: str, value: Any) -> None:
    # Iterative: deeply nested bodies must not hit the recursion limit.
    stack = [(path, value)]
    while stack:
        here, item = stack.pop()
        shape = _field(body, here)
        shape.present += 1
        if item is None:
            shape.nulls += 1
            continue
        kind = json_type(item)
        shape.types[kind] += 1
        if kind == "string":
            shape.formats[string_format(item)] += 1
            _track_value(shape, here, item)
        elif kind == "object":
            stack.extend((join_path(here, key), child) for key, child in item.items())
        elif kind == "array":
            stack.extend((f"{here}/*", child) for child in item)


def _track_value(shape: FieldShape, path: str, value: str) -> None:
    if shape.values is None:
        return
    shape.values[value] += 1
    limit = _TRACK_LIMIT_KNOWN if _name(path) in ENUM_NAMES else _TRACK_LIMIT
    if len(shape.values) > limit:
        shape.values = None  # free text: stop keeping values


def _name(path: str) -> str:
    """The field name a path ends with, skipping array items (``/a/*/*`` -> ``a``)."""
    for part in reversed(path.split("/")):
        if part != "*":
            return part
    return ""


def _finish_fields(body: BodyShape) -> None:
    """Parent counts, and dropping the values of fields that are not enum-like."""
    recount_parents(body)
    for path, shape in body.fields.items():
        if shape.values is not None and not _keep_values(path, shape):
            shape.values = None
    body.fields = dict(sorted(body.fields.items()))


def _keep_values(path: str, shape: FieldShape) -> bool:
    values = shape.values or Counter()
    if not values:
        return True  # no strings: nothing to keep or drop
    if is_secret_name(_name(path)):
        return False  # a password or a session id, whatever its values look like
    if _name(path) in ENUM_NAMES:
        return True
    if _OPEN_NAMES.search(_name(path)):
        return False
    if len(values) > MAX_ENUM_VALUES or set(shape.formats) != {OTHER}:
        return False  # GUIDs, dates, emails, numbers are data even when few
    if not all(is_code_like(value) for value in values):
        return False  # names, titles, file names, messages: personal data, an open set
    return sum(values.values()) > len(values)  # values repeat: a small vocabulary


def _constant_value(name: str, header: HeaderShape, seen: Counter[str]) -> str | None:
    """The header's value when it was the same every time and is plain text.

    Integers, dates and media types are compared by format instead (a different Date or
    quota count is not drift); ids and cookies differ per request or client. ``compare``
    only trusts a constant seen at least twice.
    """
    if len(seen) != 1 or set(header.formats) != {OTHER} or is_secret_name(name):
        return None
    if name in VOLATILE_HEADERS or any(part in name for part in _VOLATILE_PARTS):
        return None
    return next(iter(seen))
