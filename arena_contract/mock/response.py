"""What the engine answers, and how it becomes the project's :class:`Exchange`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson

from arena_contract.exchange import Exchange, Headers, Request


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
