"""The mock Arena inside ``requests``: your code calls Arena's URL, the engine answers in-process.

``arena()`` registers one ``responses`` callback per HTTP method for every URL
under ``base_url`` (the API root your code appends ``/imports`` to) and maps
``base_url + X`` to the engine's ``/v1 + X``, so the answers are the very bytes
the loopback server would send. URLs outside ``base_url`` are refused by
``responses`` (ConnectionError), as with any ``responses`` mock.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import responses
from requests import PreparedRequest

from arena_contract.mock.engine import BASE_PATH, DEFAULT_BASE_URL, MockEngine
from arena_contract.mock.front import MockFront
from arena_contract.mock.response import MockResponse
from arena_contract.numbers import parse_count

_METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")


class InProcessMock(MockFront):
    """What ``arena()`` yields: ``base_url``, ``engine``, ``clock``, ``login()``,
    ``exchanges()``, ``findings()`` (as on :class:`~arena_contract.mock.wsgi.ServedMock`), and
    ``calls``, the requests your code made."""

    def __init__(self, base_url: str, engine: MockEngine, mock: responses.RequestsMock) -> None:
        super().__init__(base_url, engine)
        self._mock = mock

    @property
    def calls(self) -> responses.CallList:
        return self._mock.calls

    def _callback(self, request: PreparedRequest) -> tuple[int, list[tuple[str, str]], bytes]:
        url = request.url or ""
        target = BASE_PATH + url[len(self.base_url) :]
        headers, body = list(request.headers.items()), _body_bytes(request.body)
        response = self.engine.handle(request.method or "GET", target, headers, body)
        return response.status, response.headers, _as_on_the_wire(response)


def _as_on_the_wire(response: MockResponse) -> bytes:
    """The bytes a client reads: over HTTP it stops at Content-Length (a short header, as
    the wrong-content-length drift sends, truncates the body), where urllib3 under
    ``responses`` would raise instead."""
    declared = parse_count(response.header("Content-Length"))
    if declared is not None and declared < len(response.body):
        return response.body[:declared]
    return response.body


def _body_bytes(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, bytes):
        return body
    if hasattr(body, "read"):
        return body.read()
    return b"".join(body)  # a generator body


@contextmanager
def arena(
    base_url: str = DEFAULT_BASE_URL, *, engine: MockEngine | None = None, **engine_options: Any
) -> Iterator[InProcessMock]:
    """Answer ``requests`` calls under ``base_url`` with ``engine`` or ``MockEngine(**options)``."""
    if engine is None:
        engine = MockEngine(**engine_options)
    elif engine_options:
        raise TypeError("give either an engine or engine options, not both")
    base_url = base_url.rstrip("/")
    pattern = re.compile(re.escape(base_url) + r"(?:[/?#].*)?\Z", re.DOTALL)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        handle = InProcessMock(base_url, engine, mock)
        for method in _METHODS:
            mock.add_callback(method, pattern, callback=handle._callback, content_type=None)
        yield handle


#: The old name of :class:`InProcessMock`.
ArenaMock = InProcessMock
