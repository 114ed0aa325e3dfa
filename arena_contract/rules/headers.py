"""Rules on the six response headers Arena's page documents.

Names are compared case-insensitively (Headers does that): HTTP/2 captures lower-case them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from arena_contract.numbers import parse_count
from arena_contract.rules.context import Context
from arena_contract.rules.registry import Hit, rule

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# ASCII digits only, and \Z (not $, which also matches before a final newline): the same
# forms as the header patterns in openapi.yaml (tests/test_spec.py holds them together).
_HTTP_DATE = re.compile(
    rf"^({'|'.join(_DAYS)}), (\d{{2}}) ({'|'.join(_MONTHS)}) (\d{{4}}) "
    r"(\d{2}):(\d{2}):(\d{2}) GMT\Z",
    re.ASCII,
)
_ISO_DATE_TIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"(?:[Zz]|[+-](\d{2}):?(\d{2}))?\Z",
    re.ASCII,
)
# Arena's own form, verbatim from its licensing page: "Fri, 02-May-2014 14:22:13 GMT-0700 (PDT)"
# (a weekday, a dashed date, the local time, its offset from GMT and, optionally, the zone's
# name in brackets).
_ARENA_DATE = re.compile(
    rf"^({'|'.join(_DAYS)}), (\d{{2}})-({'|'.join(_MONTHS)})-(\d{{4}}) "
    r"(\d{2}):(\d{2}):(\d{2}) GMT[+-](\d{2})(\d{2})(?: \([A-Za-z]{1,6}\))?\Z",
    re.ASCII,
)


def _on_its_weekday(day_name: str, *numbers: str) -> bool:
    """Whether year, month, day, hour, minute, second make a real moment on ``day_name``."""
    year, month, day, hour, minute, second = (int(n) for n in numbers)
    try:
        moment = datetime(year, month, day, hour, minute, second)
    except ValueError:  # 31 Feb, 25:00, ...
        return False
    return _DAYS[moment.weekday()] == day_name


def is_http_date(value: str) -> bool:
    """RFC 9110 IMF-fixdate (the form servers must send): a real date, on its weekday."""
    found = _HTTP_DATE.match(value)
    if not found:
        return False
    day_name, day, month, year, hour, minute, second = found.groups()
    return _on_its_weekday(day_name, year, str(_MONTHS.index(month) + 1), day, hour, minute, second)


def is_arena_date(value: str) -> bool:
    """Arena's documented form (api_licensing.md): ``Fri, 02-May-2014 14:22:13 GMT-0700 (PDT)``,
    a real local moment on its weekday, with an offset under 24 hours."""
    found = _ARENA_DATE.match(value)
    if not found:
        return False
    day_name, day, month, year, hour, minute, second, off_hours, off_minutes = found.groups()
    if int(off_hours) >= 24 or int(off_minutes) >= 60:
        return False
    return _on_its_weekday(day_name, year, str(_MONTHS.index(month) + 1), day, hour, minute, second)


def is_reset_date(value: str) -> bool:
    """A value ``header.limit-reset`` accepts: Arena's documented form, ISO-8601 or an HTTP-date."""
    return is_arena_date(value) or is_iso_date_time(value) or is_http_date(value)


def is_iso_date_time(value: str) -> bool:
    """An ISO-8601 date-time (seconds, fraction and zone optional) naming a real moment.

    The numbers are checked here, not by datetime.fromisoformat, whose accepted forms
    differ between Python versions (3.10 refuses +0530 and a one-digit fraction).
    """
    found = _ISO_DATE_TIME.match(value)
    if not found:
        return False
    year, month, day, hour, minute, second, offset_hours, offset_minutes = found.groups()
    try:
        datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    except ValueError:  # 31 Feb, 25:00, second 60, ...
        return False
    return offset_hours is None or (int(offset_hours) < 24 and int(offset_minutes) < 60)


def _header(ctx: Context, name: str) -> tuple[bool, str | None]:
    """(applies, value): header rules apply only when headers were captured, and the
    recording keeps this one (``Exchange.unrecorded``)."""
    headers = ctx.exchange.headers
    if headers is None or name.lower() in ctx.exchange.unrecorded:
        return False, None
    return True, headers.get(name)


def _missing(name: str, expected: str) -> Hit:
    return Hit("headers", name, f"header {name} is missing", expected=expected)


@rule(
    "header.content-type",
    "Content-Type is application/json (any type for a content file).",
    needs=("headers",),
)
def content_type(ctx: Context) -> Iterator[Hit]:
    applies, value = _header(ctx, "Content-Type")
    if not applies:
        return
    if value is None:
        yield _missing("Content-Type", "a media type" if ctx.is_file else "application/json")
    elif ctx.is_file:
        # A content file's type is not judged: Arena's pages give it application/json (the
        # header table every page copies) beside a file stream; docs/assumptions.md.
        return
    elif value.split(";", 1)[0].strip().lower() != "application/json":
        yield Hit(
            "headers",
            "Content-Type",
            f"Content-Type is {value!r}, not application/json",
            expected="application/json",
            actual=value,
        )


@rule(
    "header.content-length",
    "Content-Length is present and equals the body's length in bytes.",
    needs=("headers",),
)
def content_length(ctx: Context) -> Iterator[Hit]:
    applies, value = _header(ctx, "Content-Length")
    if not applies or ctx.exchange.truncated:
        return  # a body the recorder cut tells nothing of the length sent
    headers = ctx.exchange.headers
    assert headers is not None
    # Only the parsed body (a hand-written capture's "json", validate_response given parsed
    # JSON): nothing is known of the wire, neither the length nor whether it was sent.
    parsed_only = ctx.exchange.text is None and ctx.exchange.body is not None
    if value is None and parsed_only:
        return
    if value is None:
        if "chunked" in headers.get("Transfer-Encoding", "").lower():
            # A chunked response must not carry Content-Length (RFC 9112 section 6.1).
            yield Hit(
                "headers",
                "Content-Length",
                "Content-Length is missing (the response was chunked)",
                expected="the body's length in bytes",
                severity="warning",
            )
        else:
            yield _missing("Content-Length", "the body's length in bytes")
        return
    declared = parse_count(value)
    if declared is None:
        yield Hit(
            "headers",
            "Content-Length",
            f"Content-Length {value!r} is not a number",
            expected="a non-negative integer",
            actual=value,
        )
        return
    text = ctx.exchange.text
    if text is None or headers.get("Content-Encoding", "identity").lower() != "identity":
        return  # only the parsed body, or a decoded body: the wire length is unknown
    in_bytes = len(text)
    if declared != in_bytes:
        in_chars = len(text.decode("utf-8", errors="replace"))
        note = (
            f" (it equals the length in characters, {in_chars}: Arena's page says "
            "'number of characters', but HTTP counts bytes and the body is not ASCII)"
            if declared == in_chars
            else ""
        )
        yield Hit(
            "headers",
            "Content-Length",
            f"Content-Length is {declared} but the body is {in_bytes} bytes{note}",
            expected=in_bytes,
            actual=declared,
        )


@rule("header.date", "Date is present and an HTTP-date (RFC 9110).", needs=("headers",))
def date(ctx: Context) -> Iterator[Hit]:
    applies, value = _header(ctx, "Date")
    if not applies:
        return
    if value is None:
        yield _missing("Date", "an HTTP-date")
    elif not is_http_date(value):
        yield Hit(
            "headers",
            "Date",
            f"Date {value!r} is not an HTTP-date",
            expected="e.g. Sat, 28 Nov 2026 13:43:54 GMT",
            actual=value,
        )


@rule(
    "header.server",
    "Server is ArenaSolutions (warning: a proxy or a different host answered).",
    severity="warning",
    needs=("headers",),
)
def server(ctx: Context) -> Iterator[Hit]:
    applies, value = _header(ctx, "Server")
    if not applies:
        return
    if value is None:
        yield _missing("Server", "ArenaSolutions")
    elif value.strip() != "ArenaSolutions":
        yield Hit(
            "headers",
            "Server",
            f"Server is {value!r}, not ArenaSolutions",
            expected="ArenaSolutions",
            actual=value,
        )


@rule(
    "header.requests-remaining",
    "X-Arena-Requests-Remaining is present and a non-negative integer.",
    needs=("headers",),
)
def requests_remaining(ctx: Context) -> Iterator[Hit]:
    name = "X-Arena-Requests-Remaining"
    applies, value = _header(ctx, name)
    if not applies:
        return
    if value is None:
        yield _missing(name, "a non-negative integer")
    elif parse_count(value) is None:
        yield Hit(
            "headers",
            name,
            f"{name} {value!r} is not a non-negative integer",
            expected="a non-negative integer",
            actual=value,
        )


@rule(
    "header.limit-reset",
    "X-Arena-Next-Request-Limit-Reset is present and a date (Arena's documented "
    "'Fri, 02-May-2014 14:22:13 GMT-0700 (PDT)', ISO-8601 or HTTP-date).",
    needs=("headers",),
)
def limit_reset(ctx: Context) -> Iterator[Hit]:
    name = "X-Arena-Next-Request-Limit-Reset"
    applies, value = _header(ctx, name)
    if not applies:
        return
    if value is None:
        yield _missing(name, "a date")
    elif not is_reset_date(value):
        # Arena's licensing page shows its own form; ISO-8601 and HTTP-dates stay accepted
        # (servers and proxies in front of Arena, and earlier captures, use them).
        yield Hit(
            "headers",
            name,
            f"{name} {value!r} is not a date",
            expected="e.g. Fri, 02-May-2014 14:22:13 GMT-0700 (PDT), an ISO-8601 date-time "
            "or an HTTP-date",
            actual=value,
        )
