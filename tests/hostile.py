"""The real mock Arena behind a WSGI middleware that makes it hostile in one way.

Below the middleware the mock answers as usual (logins, sessions, the quota countdown);
the middleware changes one thing in its answers: a header's value, sent as the raw bytes
an odd proxy would send, or the body of every GET (endless, a gzip stream that never
ends, a trickle). It counts on the server's side what a run must be judged by: the
logins, the logouts, and the endless bodies still being sent.
"""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from arena_contract.mock.wsgi import App, serve_in_thread

Body = Callable[[], Iterable[bytes]]


@dataclass(frozen=True)
class Seen:
    """A request as the middleware saw it: method, path, and its session header."""

    method: str
    path: str
    session_id: str | None


Rewrite = Callable[[Seen, bytes], bytes]


@dataclass
class Hostile:
    """What the server saw: ``requests`` ("POST /v1/login"), bodies still streaming."""

    url: str = ""
    requests: list[str] = field(default_factory=list)
    session_ids: set[str] = field(default_factory=set)
    streaming: int = 0
    streamed_bytes: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, method: str, suffix: str) -> int:
        with self._lock:
            return sum(r.startswith(f"{method} ") and r.endswith(suffix) for r in self.requests)

    @property
    def logins(self) -> int:
        return self.count("POST", "/login")

    @property
    def logouts(self) -> int:
        return self.count("PUT", "/logout")


def raw_header_value(value: str) -> str:
    """``value`` as werkzeug must be given it to send it as a server would: in Latin-1
    when it can be (``²`` is the byte 0xB2, which clients read back as ``²``), else in
    UTF-8 (werkzeug writes header values in Latin-1)."""
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8").decode("latin-1")
    return value


@contextmanager
def hostile_mock(
    *,
    header: tuple[str, str] | None = None,
    body: Body | None = None,
    body_headers: Iterable[tuple[str, str]] = (),
    rewrite: Rewrite | None = None,
    **engine: Any,
) -> Iterator[Hostile]:
    """The mock with ``header`` (name, value) replaced in every answer, and/or every GET
    answered with the status and headers of the mock but ``body()`` as its body, and/or
    every answer's body passed through ``rewrite(request, body)``."""
    seen = Hostile()
    extra = list(body_headers)

    def wrap(app: App) -> App:
        def hostile(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
            method = environ["REQUEST_METHOD"]
            raw_headers = environ.get("arena_mock.raw_headers", [])
            session = next((v for n, v in raw_headers if n.lower() == "arena_session_id"), None)
            request = Seen(method, environ.get("PATH_INFO", ""), session)
            with seen._lock:
                seen.requests.append(f"{method} {request.path}")
                if session:
                    seen.session_ids.add(session)
            status_line: list[Any] = []

            def respond(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
                if header is not None:
                    name, value = header
                    headers = [(n, v) for n, v in headers if n.lower() != name.lower()]
                    headers.append((name, raw_header_value(value)))
                if (body is not None and method == "GET") or rewrite is not None:
                    headers = [(n, v) for n, v in headers if n.lower() != "content-length"]
                if body is not None and method == "GET":
                    headers += extra
                if rewrite is not None:
                    status_line[:] = [status, headers, args]
                    return lambda data: None
                return start_response(status, headers, *args)

            answer = app(environ, respond)
            if rewrite is not None:
                data = rewrite(request, b"".join(answer))
                status, headers, args = status_line
                start_response(status, [*headers, ("Content-Length", str(len(data)))], *args)
                return [data]
            return _counted(seen, body()) if body is not None and method == "GET" else answer

        return hostile

    with serve_in_thread(wrap=wrap, **engine) as server:
        seen.url = server.url
        yield seen


def _counted(seen: Hostile, chunks: Iterable[bytes]) -> Iterator[bytes]:
    """``chunks``, counting itself among the bodies being sent until the client goes."""
    with seen._lock:
        seen.streaming += 1
    try:
        for chunk in chunks:
            with seen._lock:
                seen.streamed_bytes += len(chunk)
            yield chunk
    finally:
        with seen._lock:
            seen.streaming -= 1


# -- endless bodies --------------------------------------------------------------------

RUN = b'{"guid":"ENDLESSRUN0000000000","status":"SUCCEEDED"},'


def endless_json() -> Iterator[bytes]:
    """A run list that never ends, 64 KiB at a time (chunked: no Content-Length)."""
    yield b'{"count":1,"results":['
    block = RUN * (65536 // len(RUN))
    while True:
        yield block


def endless_gzip() -> Iterator[bytes]:
    """A gzip stream that never ends and inflates about a thousandfold."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = b"0" * (1 << 20)
    yield packer.compress(b'{"count":1,"results":["')
    while True:
        out = packer.compress(zeros) + packer.flush(zlib.Z_SYNC_FLUSH)
        if out:
            yield out


def trickle() -> Iterator[bytes]:
    """A body that never ends, one byte every 20 ms: each read succeeds, none finishes."""
    yield b'{"count":1,"results":['
    while True:
        time.sleep(0.02)
        yield b" "
