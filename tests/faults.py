"""A loopback server that misbehaves in every way a real one can, one way per base path.

``http://127.0.0.1:PORT/<fault>/v1`` answers every request with the fault named ``<fault>``.
It is a raw socket server on purpose: the faults live below HTTP (half a body, bytes one
by one, a lying Content-Length), where an HTTP server library would not go.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator

JSON_ERROR = (
    b'{"status":503,"errors":[{"code":503,"message":"The service is currently unavailable."}]}'
)
RUN_LIST = b'{"count":0,"results":[]}'
HEADERS = (
    "Content-Type: application/json;charset=UTF-8\r\nDate: Sat, 28 Nov 2026 13:43:54 GMT\r\n"
    "Server: ArenaSolutions\r\nX-Arena-Next-Request-Limit-Reset: 2026-11-29T00:00:00Z\r\n"
    "X-Arena-Requests-Remaining: 900\r\n"
)


def _response(status: str, body: bytes, extra: str = "", length: int | None = None) -> bytes:
    size = len(body) if length is None else length
    head = (
        f"HTTP/1.1 {status}\r\n{HEADERS}{extra}Content-Length: {size}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body


def _send(data: bytes) -> Callable[[socket.socket, FaultServer], None]:
    def behave(conn: socket.socket, server: FaultServer) -> None:
        conn.sendall(data)

    return behave


def _hang(conn: socket.socket, server: FaultServer) -> None:
    server.stopping.wait(60)  # accept, read, and never answer


def _slow(conn: socket.socket, server: FaultServer) -> None:
    for byte in _response("200 OK", RUN_LIST):
        if server.stopping.wait(0.5):
            return
        conn.sendall(bytes([byte]))


def _redirect(conn: socket.socket, server: FaultServer) -> None:
    # To another host name (the same loopback server under /leak/): following it would
    # carry the session header there, and the server would see a request for /leak/.
    location = f"http://localhost:{server.port}/leak/v1/imports"
    conn.sendall(_response("302 Found", b"", f"Location: {location}\r\n"))


FAULTS: dict[str, Callable[[socket.socket, FaultServer], None]] = {
    "hang": _hang,
    "slow": _slow,
    "close-mid-body": _send(_response("200 OK", RUN_LIST, length=1000)),
    "long-content-length": _send(_response("200 OK", RUN_LIST, length=len(RUN_LIST) + 50)),
    "html-200": _send(
        _response("200 OK", b"<html><body>Maintenance</body></html>").replace(
            b"application/json;charset=UTF-8", b"text/html"
        )
    ),
    "429-retry-after": _send(
        _response(
            "429 Too Many Requests", JSON_ERROR.replace(b"503", b"429"), "Retry-After: 3600\r\n"
        )
    ),
    "429": _send(_response("429 Too Many Requests", JSON_ERROR.replace(b"503", b"429"))),
    "503-retry-after": _send(
        _response("503 Service Unavailable", JSON_ERROR, "Retry-After: 1\r\n")
    ),
    "503": _send(_response("503 Service Unavailable", JSON_ERROR)),
    "redirect": _redirect,
    "bad-gzip": _send(
        _response("200 OK", b"\x1f\x8b\x08\x00garbage", "Content-Encoding: gzip\r\n")
    ),
}


class FaultServer:
    """Serves FAULTS on loopback; counts the requests it received (the budget's witness)."""

    def __init__(self, tls_context: ssl.SSLContext | None = None) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.tls = tls_context
        self.stopping = threading.Event()
        self.requests: list[str] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def url(self, fault: str) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self.port}/{fault}/v1"

    def _serve(self) -> None:
        self.listener.settimeout(0.2)
        while not self.stopping.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                continue
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with contextlib.closing(conn):
            try:
                if self.tls:
                    conn = self.tls.wrap_socket(conn, server_side=True)
                conn.settimeout(5)
                head = b""
                while b"\r\n\r\n" not in head and len(head) < 65536:
                    chunk = conn.recv(4096)
                    if not chunk:
                        return
                    head += chunk
                line = head.split(b"\r\n", 1)[0].decode("latin-1")
                with self._lock:
                    self.requests.append(line)
                fault = line.split(" ")[1].split("/")[1]
                FAULTS.get(fault, _send(_response("404 Not Found", b"{}")))(conn, self)
            except (OSError, ssl.SSLError, IndexError):
                return

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.listener.close()
        self._thread.join(5)


@contextlib.contextmanager
def refused_port() -> Iterator[int]:
    """A loopback port with nothing listening (connections are refused)."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    yield port


def untrusted_tls_context() -> ssl.SSLContext:
    """A TLS server context whose certificate comes from a throwaway CA no client trusts."""
    import trustme

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    trustme.CA().issue_cert("127.0.0.1").configure_cert(context)
    return context


def wait_for(predicate: Callable[[], bool], timeout: float = 5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()
