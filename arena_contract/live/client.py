"""A requests-based Arena client whose every answer is an :class:`Exchange`.

What it guarantees, whatever the caller does:

- the :class:`Budget` is asked before each request (``BudgetExhausted`` otherwise);
- redirects are never followed: a 3xx comes back as it is, and the session header
  never travels to the ``Location`` (the suite reports the redirect as a finding);
- ``Accept-Encoding: identity`` is asked for, so the body is the bytes Content-Length counts;
- every body is read within ``max_response_bytes`` (on the wire and inflated) and within
  the deadline, both enforced while it is read; past either, the reading is stopped and
  the request fails (:class:`ResponseTooLarge`, :class:`ArenaTimeout`);
- network trouble (refused, DNS, TLS, timeouts) is an :class:`ArenaUnreachable` or
  :class:`ArenaTimeout` whose message is one line with no secret in it;
- the request kept in the Exchange (and in the HAR file) has the session id masked.
"""

from __future__ import annotations

import contextlib
import re
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import requests
from urllib3.exceptions import InsecureRequestWarning

from arena_contract._version import __version__
from arena_contract.exchange import Exchange, Headers, Request, header_safe
from arena_contract.live.budget import Budget
from arena_contract.live.options import MAX_RESPONSE_BYTES, pytest_flag
from arena_contract.live.reading import CappedReader, TooLarge
from arena_contract.redact import MASK, redact_text, safe_url

SESSION_HEADER = "arena_session_id"


#: What to send for "an invalid session": well-shaped like Arena's sample, but not a live one.
INVALID_SESSION = "ARENA-CONTRACT-NOT-A-SESSION|"

Query = Iterable[tuple[str, str]] | str | None
#: None: no session header; SESSION: the client's session; any other string: sent as is.
SESSION = object()


class ArenaUnreachable(Exception):
    """No answer could be had from Arena at all (refused, DNS, TLS): one line."""


class RequestFailed(ArenaUnreachable):
    """This one request got no usable answer (the next one may): it fails a test, not the run."""


class ArenaTimeout(RequestFailed):
    """Arena did not answer in time."""


class BrokenAnswer(RequestFailed):
    """The answer broke off or could not be decoded (closed mid-body, a bad gzip stream)."""


class ResponseTooLarge(RequestFailed):
    """The answer's body is larger than --max-response-bytes: it was not read further."""


class TotalTimeout(requests.exceptions.Timeout):
    """The whole answer took longer than connect + read timeouts (a byte-by-byte trickle)."""


#: Consecutive failed requests (timeouts, broken answers) after which the run stops.
STOP_AFTER_FAILURES = 3


@dataclass
class Sent:
    """An answered request: the Exchange the rules read, plus what the recorder needs."""

    exchange: Exchange
    started: datetime
    elapsed_ms: float
    part: str
    label: str
    request_headers: list[tuple[str, str]]
    request_body: bytes | None
    response: requests.Response


def segment(value: str) -> str:
    """A path segment, percent-encoded (a GUID with a trailing space becomes ``...%20``)."""
    return quote(value, safe="")


def query_string(query: Query) -> str:
    if not query:
        return ""
    if isinstance(query, str):
        return query
    return urlencode(list(query), quote_via=quote)


class ArenaClient:
    def __init__(
        self,
        base_url: str,
        budget: Budget,
        *,
        timeout: tuple[float, float] = (10.0, 30.0),
        verify: bool = True,
        trust_env: bool = True,
        on_sent: Callable[[Sent], None] | None = None,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
        spell: Callable[[str], str] = pytest_flag,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        #: An option's flag as the run's surface spells it (live/options.py), for messages.
        self.spell = spell
        self.budget = budget
        self.timeout = timeout
        self.max_response_bytes = max_response_bytes
        self.session_id: str | None = None
        #: How the session travels: Arena's ``arena_session_id`` header, or as an OAuth
        #: bearer token (``Authorization: Bearer``), as some public clients authenticate.
        self.bearer = False
        #: Headers sent with every request (``Arena-Usage-Reason``).
        self.extra_headers: list[tuple[str, str]] = []
        self._on_sent = on_sent
        self._http = requests.Session()
        self._http.verify = verify
        # Against the loopback mock a proxy from the environment would only get in the way.
        self._http.trust_env = trust_env
        self._http.headers.clear()
        self._failures_in_a_row = 0

    def close(self) -> None:
        self._http.close()

    def _within_deadline(
        self, method: str, url: str, headers: dict[str, str], body: bytes | None
    ) -> tuple[requests.Response, bytes]:
        """The response and its whole body, or TotalTimeout after connect + read seconds,
        or TooLarge past the byte cap.

        requests' timeouts bound each socket operation, not the whole answer: a server
        that sends one byte every second would hold a request for ever. The request runs
        in a worker thread, which reads the body within the cap (live/reading.py); past the
        deadline the reading is aborted (its socket shut down, so the thread ends at once)
        and the connection pool is replaced.
        """
        outcome: dict[str, Any] = {}
        reader = CappedReader(self.max_response_bytes)

        def fetch() -> None:
            try:
                with _quiet_insecure(not self._http.verify):
                    response = self._http.request(
                        method,
                        url,
                        headers=headers,
                        data=body,
                        allow_redirects=False,
                        timeout=self.timeout,
                        stream=True,
                    )
                    outcome["answer"] = (response, reader.read(response))
            except BaseException as exc:  # handed to the caller's thread
                outcome["error"] = exc

        worker = threading.Thread(target=fetch, daemon=True, name="arena-contract-request")
        worker.start()
        worker.join(sum(self.timeout))
        if worker.is_alive():
            reader.abort()
            self._http = self._new_session(self._http)
            raise TotalTimeout(f"no complete answer within {sum(self.timeout):g} s")
        if "error" in outcome:
            raise outcome["error"]
        return outcome["answer"]

    @staticmethod
    def _new_session(old: requests.Session) -> requests.Session:
        fresh = requests.Session()
        fresh.verify, fresh.trust_env = old.verify, old.trust_env
        fresh.headers.clear()
        old.close()
        return fresh

    def _failed(self, exc: BaseException, method: str, url: str) -> ArenaUnreachable:
        if isinstance(exc, requests.RequestException):
            return _one_line(exc, method, url, self.timeout, self.spell)
        reason = str(exc) if isinstance(exc, TooLarge) else "it does not fit in memory"
        return ResponseTooLarge(
            f"{method} {safe_url(url)}: the answer is larger than "
            f"{self.spell('max-response-bytes')} "
            f"{self.max_response_bytes:,} ({reason}); not read further"
        )

    def _count_failure(self, error: ArenaUnreachable) -> None:
        """Three failed requests in a row: Arena is not answering; stop rather than go on."""
        if not isinstance(error, RequestFailed):
            return
        self._failures_in_a_row += 1
        if self._failures_in_a_row >= STOP_AFTER_FAILURES:
            self.budget.stop(
                f"Arena gave no usable answer to {STOP_AFTER_FAILURES} requests in a row "
                f"(last: {error})"
            )

    def url(self, path: str, query: Query = None) -> str:
        """``path`` (already percent-encoded) under the base URL, with ``query``."""
        qs = query_string(query)
        return f"{self.base_url}{path}" + (f"?{qs}" if qs else "")

    def get(
        self, path: str, query: Query = None, *, part: str, label: str = "", session: Any = SESSION
    ) -> Exchange:
        return self.send("GET", path, query, part=part, label=label, session=session).exchange

    def send(
        self,
        method: str,
        path: str,
        query: Query = None,
        *,
        part: str,
        label: str = "",
        session: Any = SESSION,
        json_body: bytes | None = None,
        reserve: int = 0,
        reserved: bool = False,
    ) -> Sent:
        url = self.url(path, query)
        headers = [
            ("Accept", "application/json"),
            ("Accept-Encoding", "identity"),
            ("Content-Type", "application/json"),
            ("User-Agent", f"arena-contract/{__version__}"),
        ]
        headers += self.extra_headers
        session_id = self.session_id if session is SESSION else session
        if session_id is not None and not header_safe(session_id):
            # Refused before it is counted as sent.
            raise ArenaUnreachable(
                f"{method} {safe_url(url)}: the session id cannot be sent in a header; not sent"
            )
        if session_id is not None and self.bearer and session is SESSION:
            headers.append(("Authorization", f"Bearer {session_id}"))
        elif session_id is not None:
            headers.append((SESSION_HEADER, session_id))
        self.budget.take(part, reserve=reserve, reserved=reserved)
        started = datetime.now(timezone.utc)
        clock = time.perf_counter()
        try:
            response, body = self._within_deadline(method, url, dict(headers), json_body)
        except (requests.RequestException, TooLarge, MemoryError) as exc:
            error = self._failed(exc, method, url)
            self._count_failure(error)
            raise error from None
        self._failures_in_a_row = 0
        elapsed = (time.perf_counter() - clock) * 1000
        shown = [(n, MASK if n in (SESSION_HEADER, "Authorization") else v) for n, v in headers]
        try:
            exchange = _exchange(method, response, body, shown)
        except MemoryError:  # parsing a body near the cap, on a small machine
            error = self._failed(MemoryError(), method, url)
            self._count_failure(error)
            raise error from None
        self.budget.observe(exchange.status, exchange.headers)
        sent = Sent(exchange, started, elapsed, part, label, shown, json_body, response)
        if self._on_sent:
            self._on_sent(sent)
        return sent


@contextlib.contextmanager
def _quiet_insecure(insecure: bool) -> Iterator[None]:
    """--insecure was warned about once; urllib3 need not repeat it on every request."""
    if not insecure:
        yield
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InsecureRequestWarning)
        yield


def _exchange(
    method: str, response: requests.Response, body: bytes, request_headers: list[tuple[str, str]]
) -> Exchange:
    # response.request.url is the URL as sent (requests may have normalised escapes).
    url = response.request.url or response.url
    exchange = Exchange(
        request=Request(method, url, Headers(request_headers)),
        status=response.status_code,
        headers=Headers(response.headers.items()),
        text=body,  # parsed by the Exchange itself
        origin=f"{method} {safe_url(url)}",
    )
    return exchange


_ERRNO = re.compile(r"\[Errno -?\d+\] ([^'\")\]]+)")


def _one_line(
    exc: requests.RequestException,
    method: str,
    url: str,
    timeout: tuple[float, float],
    spell: Callable[[str], str],
) -> ArenaUnreachable:
    host = urlsplit(url).netloc
    where = f"{method} {safe_url(url)}"
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return ArenaTimeout(f"cannot connect to {host}: no answer within {timeout[0]:g} s")
    if isinstance(exc, TotalTimeout):
        return ArenaTimeout(f"{where}: {exc}")
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return BrokenAnswer(f"{where}: the connection closed before the whole body arrived")
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return BrokenAnswer(f"{where}: the body does not decode as its Content-Encoding says")
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return ArenaTimeout(f"{where}: no answer within {timeout[1]:g} s (read timeout)")
    if isinstance(exc, requests.exceptions.SSLError):
        reason = (
            "certificate verification failed"
            if "CERTIFICATE_VERIFY" in str(exc)
            else ("TLS handshake failed")
        )
        return ArenaUnreachable(
            f"cannot connect to {host}: {reason} ({spell('insecure')} turns "
            "verification off, for a test proxy only)"
        )
    if isinstance(exc, requests.exceptions.ConnectionError):
        found = _ERRNO.search(str(exc))
        if found:
            reason = found.group(1).strip()
        elif "Name or service not known" in str(exc) or "getaddrinfo" in str(exc):
            reason = "host name not found"
        elif "RemoteDisconnected" in str(exc) or "aborted" in str(exc):
            reason = "the connection closed without an answer"
        else:
            reason = "the connection failed"
        return ArenaUnreachable(redact_text(f"cannot connect to {host}: {reason}"))
    return ArenaUnreachable(redact_text(f"{where}: {type(exc).__name__}"))
