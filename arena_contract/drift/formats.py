"""Naming the format of a value: what a client parsing it would depend on.

Body strings get one of :data:`STRING_FORMATS`; header values also get ``integer`` and,
for media types, the media type itself (``application/json``; parameters such as
``charset`` are left out because clients match the type). ``other`` means "no format
recognised": free text. Fractions of a second do not change a date-time's format: every
date-time parser accepts them, while a lost or different zone changes the instant.
"""

from __future__ import annotations

import re

STRING_FORMATS = (
    "date-time-utc",
    "date-time-offset",
    "date-time-no-zone",
    "date",
    "http-date",
    "arena-date",
    "integer-string",
    "guid",
    "email",
    "other",
)
OTHER = "other"

_DATE = r"\d{4}-\d{2}-\d{2}"
_TIME = r"\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("date-time-utc", re.compile(rf"{_DATE}[Tt ]{_TIME}[Zz]\Z")),
    ("date-time-offset", re.compile(rf"{_DATE}[Tt ]{_TIME}[+-]\d{{2}}:?\d{{2}}\Z")),
    ("date-time-no-zone", re.compile(rf"{_DATE}[Tt ]{_TIME}\Z")),
    ("date", re.compile(rf"{_DATE}\Z")),
    (
        "http-date",
        re.compile(
            r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} "
            r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT\Z"
        ),
    ),
    (  # Arena's quota reset form (api_licensing.md): Fri, 02-May-2014 14:22:13 GMT-0700 (PDT)
        "arena-date",
        re.compile(
            r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2}-"
            r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\d{4} \d{2}:\d{2}:\d{2} "
            r"GMT[+-]\d{4}(?: \([A-Za-z]{1,6}\))?\Z"
        ),
    ),
    # Digits before GUIDs: a 20-digit number is a number (a GUID of digits only is ~1e-11).
    ("integer-string", re.compile(r"-?\d+\Z")),
    ("guid", re.compile(r"[A-Z0-9]{20}\Z")),
    ("email", re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+\Z")),
)
_MEDIA_TYPE = re.compile(r"([A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+)\s*(?:;.*)?\Z")
#: Enum constants in Arena look like this (CREATED, EXCEL_WORKSHEET, OPEN_AND_UNLOCKED).
_CODE_LIKE = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*\Z")


def string_format(value: str) -> str:
    """The format of a string in a body (``other`` when none applies)."""
    for name, pattern in _PATTERNS:
        if pattern.match(value):
            return name
    return OTHER


def header_format(value: str) -> str:
    """The format of a header value: ``integer``, a date form, a media type, or ``other``."""
    value = value.strip()
    if value.isascii() and value.isdigit():
        return "integer"
    found = string_format(value)
    if found not in (OTHER, "integer-string", "guid", "email"):
        return found
    media = _MEDIA_TYPE.match(value)
    if media:
        return media.group(1).lower()
    return OTHER


def is_code_like(value: str) -> bool:
    """True for an UPPER_SNAKE constant, the form of every enum value in Arena's API."""
    return bool(_CODE_LIKE.match(value))


#: One value of each format, to show a format change by example (a recording's own values
#: are not kept: a shape summary holds no data). Each is a value of its format (a test).
EXAMPLES: dict[str, str] = {
    "date-time-utc": "2026-03-02T09:30:00Z",
    "date-time-offset": "2026-03-02T10:30:00+01:00",
    "date-time-no-zone": "2026-03-02T09:30:00",
    "date": "2026-03-02",
    "http-date": "Mon, 02 Mar 2026 09:30:00 GMT",
    "arena-date": "Mon, 02-Mar-2026 01:30:00 GMT-0800 (PST)",
    "integer-string": "42",
    "guid": "A1B2C3D4E5F6G7H8I9J0",
    "email": "user@example.com",
    "integer": "42",
}


def example(name: str) -> str | None:
    """A value of the format ``name`` (a header's media type is its own example), or None
    for ``other`` (free text has no telling example)."""
    if name in EXAMPLES:
        return EXAMPLES[name]
    return name if _MEDIA_TYPE.match(name) else None
