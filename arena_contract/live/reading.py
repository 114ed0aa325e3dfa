"""Reading an answer's body within a byte cap, stoppable from another thread.

``response.content`` reads a body whole, however large: an endless body takes all the
memory there is. Here the body is read as it arrives, in chunks, counting both the bytes
on the wire (compressed, if the server compresses although asked not to) and the bytes
they inflate to; past the cap reading stops and the connection is closed. ``abort``, called
from the caller's thread at the deadline, shuts the socket down, so that a read blocked in
the middle of a trickle ends at once and nothing more is allocated.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import zlib
from typing import Any

import requests
from urllib3.exceptions import ProtocolError, ReadTimeoutError, SSLError

from arena_contract.numbers import parse_count

#: Bytes asked of the socket at a time, and the most one inflating step may produce.
CHUNK = 64 * 1024


class TooLarge(Exception):
    """The body is larger than the cap (said by Content-Length, or found while reading)."""


class Aborted(Exception):
    """The reading was stopped from another thread (the request's deadline passed)."""


class CappedReader:
    """Reads one response's body; ``abort()`` may be called from any thread."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self._aborted = threading.Event()
        self._response: requests.Response | None = None

    def read(self, response: requests.Response) -> bytes:
        """The whole (inflated) body of a ``stream=True`` response, or TooLarge, Aborted,
        or the requests exception that ``response.content`` would have raised."""
        self._response = response
        try:
            body = self._read(response)
        except BaseException:
            response.close()  # what is left of the body is not wanted: drop the connection
            raise
        # What requests' own API (and Schemathesis's checks) read from now on.
        response._content = body
        response._content_consumed = True
        return body

    def abort(self) -> None:
        """Stop the reading now: shut the connection's socket down."""
        self._aborted.set()
        response = self._response
        if response is not None:
            _shut_down(response)

    def _read(self, response: requests.Response) -> bytes:
        declared = parse_count(response.headers.get("Content-Length"))
        if declared is not None and declared > self.cap:
            raise TooLarge(f"Content-Length says {declared:,} bytes")
        raw = response.raw
        inflate = _inflater(response.headers.get("Content-Encoding", ""))
        body = bytearray()
        on_the_wire = 0
        while True:
            if self._aborted.is_set():
                raise Aborted
            try:
                data = raw.read1(CHUNK, decode_content=False)
            except ProtocolError as exc:
                raise requests.exceptions.ChunkedEncodingError(exc) from None
            except ReadTimeoutError as exc:
                raise requests.exceptions.ReadTimeout(exc) from None
            except SSLError as exc:
                raise requests.exceptions.SSLError(exc) from None
            except (OSError, ValueError, AttributeError) as exc:  # closed by abort()
                if self._aborted.is_set():
                    raise Aborted from None
                raise requests.exceptions.ConnectionError(exc) from None
            if not data:
                break
            on_the_wire += len(data)
            if on_the_wire > self.cap:
                raise TooLarge(f"more than {self.cap:,} bytes arrived")
            for piece in inflate(data) if inflate else (data,):
                body += piece
                if len(body) > self.cap:
                    raise TooLarge(f"it inflates to more than {self.cap:,} bytes")
        if inflate:
            for piece in inflate(b""):
                body += piece
        return bytes(body)


def _inflater(encoding: str) -> Any:
    """A function inflating successive chunks of a gzip or deflate body, at most CHUNK
    bytes at a time; None for an identity (or unknown) encoding, kept as it arrived."""
    name = encoding.strip().lower()
    if name in ("gzip", "x-gzip"):
        wbits = 16 + zlib.MAX_WBITS
    elif name == "deflate":
        wbits = zlib.MAX_WBITS
    else:
        return None
    state = {"inflater": zlib.decompressobj(wbits), "first": True}

    def inflate(data: bytes) -> Any:
        try:
            yield from _pieces(state, data, wbits)
        except zlib.error as exc:
            raise requests.exceptions.ContentDecodingError(exc) from None

    return inflate


def _pieces(state: dict[str, Any], data: bytes, wbits: int) -> Any:
    inflater = state["inflater"]
    if state["first"] and data:
        state["first"] = False
        if wbits == zlib.MAX_WBITS and not _zlib_header(data):
            # Some servers send raw deflate (no zlib header) as "deflate".
            inflater = state["inflater"] = zlib.decompressobj(-zlib.MAX_WBITS)
    if not data:  # the end of the body
        if not inflater.eof and inflater.unconsumed_tail == b"":
            tail = inflater.flush()
            if tail:
                yield tail
        return
    while data:
        piece = inflater.decompress(data, CHUNK)
        if piece:
            yield piece
        data = inflater.unconsumed_tail
        if inflater.eof and inflater.unused_data:  # the next gzip member
            data = inflater.unused_data
            inflater = state["inflater"] = zlib.decompressobj(wbits)


def _zlib_header(data: bytes) -> bool:
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


def _shut_down(response: requests.Response) -> None:
    """Shut the response's socket down (a blocked ``recv`` returns), then close it."""
    raw = response.raw
    sock = getattr(getattr(raw, "_connection", None), "sock", None)
    if sock is None:  # through http.client's file object
        file = getattr(getattr(raw, "_fp", None), "fp", None)
        sock = getattr(getattr(file, "raw", None), "_sock", None)
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(Exception):
        response.close()
