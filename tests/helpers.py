"""Shared test helpers (imported by tests; conftest.py holds the fixtures)."""

import base64
import json
import re
from pathlib import Path
from urllib.parse import quote, quote_plus

DATA = Path(__file__).parent / "data"
RUNS_URL = "https://api.arenasolutions.com/v1/imports/L3N6KHLNYFY8RAQ8SWYT/runs"


def load(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def arena_headers(body: bytes = b"{}", **overrides: str) -> dict[str, str]:
    """The six headers Arena documents, with correct values for ``body``."""
    headers = {
        "Content-Length": str(len(body)),
        "Content-Type": "application/json;charset=UTF-8",
        "Date": "Sat, 28 Nov 2026 13:43:54 GMT",
        "Server": "ArenaSolutions",
        "X-Arena-Next-Request-Limit-Reset": "2026-11-29T00:00:00Z",
        "X-Arena-Requests-Remaining": "997",
    }
    headers.update(overrides)
    return {k: v for k, v in headers.items() if v is not None}


# --- secrets: canaries, and the forms in which a leak would show --------------------------

CANARY_PASSWORD = "Canary-Pw-5b7e1d9c/+="
CANARY_SESSION = "CANARY-SID-0f3a9e77c2d1|"
#: The shape of the mock's session ids (mock/sessions.py): a leaked live one would match.
MOCK_SESSION = re.compile(r"MOCK-[A-Za-z0-9]{32}")


def har_entry(
    url: str,
    text: str,
    headers: dict[str, str],
    *,
    request_headers: dict[str, str] | None = None,
    comment: str | None = None,
) -> dict:
    """One HAR 1.2 entry: a GET of ``url`` answered 200 with ``text`` and ``headers``.
    ``comment`` comes first, so its line follows the entry's opening brace."""
    head = {"comment": comment} if comment is not None else {}
    return {
        **head,
        "startedDateTime": "2026-11-28T13:43:54.000Z",
        "time": 1,
        "request": {
            "method": "GET",
            "url": url,
            "httpVersion": "HTTP/1.1",
            "headers": [{"name": k, "value": v} for k, v in (request_headers or {}).items()],
            "queryString": [],
            "cookies": [],
            "headersSize": -1,
            "bodySize": 0,
        },
        "response": {
            "status": 200,
            "statusText": "OK",
            "httpVersion": "HTTP/1.1",
            "headers": [{"name": k, "value": v} for k, v in headers.items()],
            "cookies": [],
            "content": {
                "size": len(text.encode()),
                "mimeType": "application/json",
                "text": text,
            },
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": -1,
        },
        "cache": {},
        "timings": {"send": 0, "wait": 1, "receive": 0},
    }


def secret_forms(secret: str) -> set[str]:
    """A secret as it would appear leaked: plain, URL-encoded, base64 (either alphabet)."""
    raw = secret.encode()
    return {
        secret,
        quote(secret, safe=""),
        quote_plus(secret),
        base64.b64encode(raw).decode().rstrip("="),
        base64.urlsafe_b64encode(raw).decode().rstrip("="),
    }


def assert_clean(text: str, *secrets: str) -> None:
    for secret in secrets:
        for form in secret_forms(secret):
            assert form not in text, f"{form!r} leaked"
    assert not MOCK_SESSION.search(text), "a live session id leaked"
