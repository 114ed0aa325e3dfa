"""What the engine answers, and how it becomes the project's :class:`Exchange`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson

from arena_contract.exchange import Exchange, Headers, Request
from arena_contract.mock.clock import http_date

CONTENT_TYPE = "application/json;charset=UTF-8"
SERVER = "ArenaSolutions"


@dataclass
class MockResponse:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""

    def header(self, name: str) -> str | None:
        return Headers(self.headers).get(name)

    def json(self) -> Any:
        return orjson.loads(self.body)

    def to_exchange(self, request: Request | None = None, origin: str = "arena-mock") -> Exchange:
        """The response as the validator reads it: bytes as sent, plus the parsed body."""
        parsed: Any = None
        error = None
        try:
            parsed = orjson.loads(self.body)
        except orjson.JSONDecodeError as exc:
            error = str(exc)
        return Exchange(
            request=request,
            status=self.status,
            headers=Headers(self.headers),
            text=self.body,
            body=parsed,
            body_error=error,
            origin=origin,
        )


def arena_response(
    status: int,
    body: bytes,
    *,
    now: datetime,
    remaining: int,
    reset: str,
    content_type: str = CONTENT_TYPE,
    extra: Sequence[tuple[str, str]] = (),
) -> MockResponse:
    """An answer with the headers every Arena response has (engine.py's docstring): its
    type and length, the date, the server, and the quota's standing after it."""
    headers = [
        ("Content-Type", content_type),
        ("Content-Length", str(len(body))),
        ("Date", http_date(now)),
        ("Server", SERVER),
        ("X-Arena-Requests-Remaining", str(remaining)),
        ("X-Arena-Next-Request-Limit-Reset", reset),
        *extra,
    ]
    return MockResponse(status, headers, body)
