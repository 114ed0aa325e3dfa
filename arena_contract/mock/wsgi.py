"""The mock Arena over real HTTP: a werkzeug WSGI app and a loopback server for tests.

The app only translates: it hands the engine the request target and headers
exactly as they arrived, and writes back the engine's status, headers and bytes.
Werkzeug's dev server drops headers whose names contain ``_`` (so
``arena_session_id`` would never arrive) and re-encodes the target, so the
server uses :class:`_Handler`, which keeps the raw request line and header list
in the WSGI environ; under another WSGI server the app rebuilds them from the
standard environ keys (where the underscore header may be lost).

http.server itself refuses request lines over 64 KB (414, not in Arena's form)
before the app sees them; targets between 8 KB and that get the engine's 400.
"""

from __future__ import annotations

import base64
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from http import HTTPStatus
from typing import Any
from urllib.parse import quote, unquote_plus

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wsgi import get_input_stream

from arena_contract.mock.engine import BASE_PATH, MockEngine
from arena_contract.mock.front import MockFront
from arena_contract.mock.sessions import SESSION_ID_SHAPE
from arena_contract.redact import MASK, mask_secret_params, redact_text
from arena_contract.unescape import MAX_LAYERS

#: Read at most this much of any request body: room for an import's source file (a CSV of
#: 150 000 rows is about 10 MB); a longer body is cut here and refused as unreadable.
MAX_BODY_BYTES = 16 << 20
#: Seconds a connection may stay idle (or stall mid-request) before the server closes it.
IDLE_TIMEOUT = 30.0

#: What the engine is given for a body that could not be read: it refuses it as malformed.
UNREADABLE_BODY = b"{"

#: A WSGI application.
App = Callable[[dict[str, Any], Any], Iterable[bytes]]

_RAW_TARGET = "arena_mock.raw_target"
_RAW_HEADERS = "arena_mock.raw_headers"


class _Handler(WSGIRequestHandler):
    """Keeps what werkzeug would drop or re-encode; sends only the engine's headers; quiet."""

    quiet = True

    def make_environ(self) -> dict[str, Any]:
        environ = super().make_environ()
        environ[_RAW_TARGET] = self.path.encode("iso-8859-1")  # http.server's own decoding
        environ[_RAW_HEADERS] = list(self.headers.items())
        return environ

    def parse_request(self) -> bool:
        """http.server's parsing, then a refusal (400, connection closed) of a request whose
        length is ambiguous: two different Content-Length values, one that is not a number,
        or Content-Length with Transfer-Encoding. A server and a proxy in front of it could
        read such a request differently (request smuggling, RFC 9112 section 6.3)."""
        if not super().parse_request():
            return False
        lengths = {value.strip() for value in self.headers.get_all("Content-Length") or []}
        why = None
        if len(lengths) > 1:
            why = "two different Content-Length headers"
        elif lengths and not next(iter(lengths)).isdigit():
            why = "a Content-Length that is not a number"
        elif lengths and self.headers.get("Transfer-Encoding") is not None:
            why = "Content-Length and Transfer-Encoding together"
        if why is None:
            return True
        self.close_connection = True
        self.send_error(400, f"Bad request: {why}")
        return False

    def send_response(self, code: int, message: str | None = None) -> None:
        # http.server would add its own Server and Date; the engine sends Arena's.
        self.log_request(code)
        self.send_response_only(code, message)

    def setup(self) -> None:
        # An idle or stalled connection is closed after this many seconds, so that held
        # sockets (and their threads) do not pile up until no new client gets in.
        self.timeout = getattr(self.server, "idle_timeout", IDLE_TIMEOUT)
        super().setup()

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        # Not werkzeug's line: it prints the target as sent, session ids in the query and all.
        if not self.quiet:
            target = log_safe(getattr(self, "path", "") or "")
            line = f"{getattr(self, 'command', '-')} {target} {self.request_version}"
            self.log("info", '"%s" %s %s', line.translate(self._control_char_table), code, size)

    def log_error(self, format: str, *args: Any) -> None:
        # http.server's errors quote the raw request line.
        if not self.quiet:
            self.log("error", "%s", log_safe(format % args))


class _LoggingHandler(_Handler):
    quiet = False


_BASE64_TOKEN = re.compile(r"[A-Za-z0-9+/_\-]{12,}={0,2}")


def log_safe(text: str) -> str:
    """A request line (or an error quoting one) fit for the log: percent-decoded, then with
    secret-named parameters, registered secrets (the users' passwords) and anything shaped
    like one of the mock's session ids masked, also inside a base64 token."""
    for _ in range(MAX_LAYERS):  # masked at each layer of percent-encoding: %257C is %7C is |
        text = SESSION_ID_SHAPE.sub(MASK, redact_text(mask_secret_params(text)))
        text = _BASE64_TOKEN.sub(lambda m: MASK if _hides_a_secret(m[0]) else m[0], text)
        decoded = unquote_plus(text)
        if decoded == text:
            break
        text = decoded
    return text


def _hides_a_secret(token: str) -> bool:
    padded = token + "=" * (-len(token) % 4)
    for alphabet in (None, b"-_"):
        try:
            data = base64.b64decode(padded, altchars=alphabet, validate=alphabet is None)
        except ValueError:
            continue
        text = data.decode("utf-8", errors="replace")
        if SESSION_ID_SHAPE.search(text) or redact_text(text) != text:
            return True
    return False


def _request_parts(environ: dict[str, Any]) -> tuple[bytes, list[tuple[str, str]]]:
    target = environ.get(_RAW_TARGET)
    if target is None:
        target = quote(environ.get("PATH_INFO", "").encode("latin-1"))
        query = environ.get("QUERY_STRING", "")
        target = (target + ("?" + query if query else "")).encode("latin-1")
    headers = environ.get(_RAW_HEADERS)
    if headers is None:
        headers = [
            (key[5:].replace("_", "-").title(), value)
            for key, value in environ.items()
            if key.startswith("HTTP_")
        ]
        if "CONTENT_TYPE" in environ:
            headers.append(("Content-Type", environ["CONTENT_TYPE"]))
    return target, headers


def make_app(engine: MockEngine) -> App:
    """A WSGI application answering with ``engine``."""

    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        target, headers = _request_parts(environ)
        try:
            body = get_input_stream(environ, max_content_length=None).read(MAX_BODY_BYTES)
        except (OSError, ValueError):  # a malformed chunked body, a client gone mid-body
            body = UNREADABLE_BODY  # answered as Arena answers a malformed body: JSON 400
        response = engine.handle(environ["REQUEST_METHOD"], target, headers, body)
        start_response(f"{response.status} {_reason(response.status)}", response.headers)
        return [response.body]

    return app


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def build_server(
    engine: MockEngine,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    quiet: bool = True,
    wrap: Callable[[App], App] | None = None,
    idle_timeout: float = IDLE_TIMEOUT,
) -> BaseWSGIServer:
    """A threaded werkzeug server for ``engine`` (port 0 picks a free one); ``wrap`` puts a
    WSGI middleware around the app (tests use it to make the mock misbehave)."""
    handler = _Handler if quiet else _LoggingHandler
    app = make_app(engine) if wrap is None else wrap(make_app(engine))
    server = make_server(host, port, app, threaded=True, request_handler=handler)
    server.idle_timeout = idle_timeout  # read by _Handler.setup
    return server


def base_url(server: BaseWSGIServer) -> str:
    host = server.server_address[0]
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{server.server_port}{BASE_PATH}"


class ServedMock(MockFront):
    """What ``serve_in_thread()`` yields: ``base_url`` (``http://127.0.0.1:PORT/v1``),
    ``engine``, ``clock``, ``login()``, ``exchanges()``, ``findings()`` (as on
    :class:`~arena_contract.mock.responses_mock.InProcessMock`), and ``server``, the werkzeug
    server. ``url`` and ``arena`` are the old names of ``base_url`` and ``engine``."""

    def __init__(self, base_url: str, engine: MockEngine, server: BaseWSGIServer) -> None:
        super().__init__(base_url, engine)
        self.server = server

    @property
    def url(self) -> str:
        """The old name of ``base_url``."""
        return self.base_url

    @property
    def arena(self) -> MockEngine:
        """The old name of ``engine``."""
        return self.engine


#: The old name of :class:`ServedMock`.
RunningServer = ServedMock


@contextmanager
def serve_in_thread(
    engine: MockEngine | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    quiet: bool = True,
    wrap: Callable[[App], App] | None = None,
    idle_timeout: float = IDLE_TIMEOUT,
    **engine_options: Any,
) -> Iterator[ServedMock]:
    """Serve ``engine`` (or ``MockEngine(**engine_options)``) on loopback for the block's length.

    ``arena=`` is the old name of ``engine``."""
    if engine is None and "arena" in engine_options:
        engine = engine_options.pop("arena")
    if engine is None:
        engine = MockEngine(**engine_options)
    elif engine_options:
        raise TypeError("give either an engine or engine options, not both")
    server = build_server(engine, host, port, quiet=quiet, wrap=wrap, idle_timeout=idle_timeout)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield ServedMock(base_url(server), engine, server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
