"""The mock Arena's one engine: a request in, a response out, no I/O.

Both fronts (the werkzeug server in ``wsgi.py`` and the ``responses`` hook in
``responses_mock.py``) only translate their request into :meth:`MockEngine.handle`
and its :class:`MockResponse` back, so they answer with the same bytes.

Routes (under ``/v1``): POST ``/login``, PUT ``/logout``, GET ``/imports``,
GET ``/imports/{guid}``, GET ``/imports/{guid}/runs`` and
GET ``/imports/{guid}/runs/{runGuid}``; a trailing slash is accepted.

A request is checked in this order, and the first failure answers:

1. a target under 8 KB (else 400 / code 400), a known path (404 / code 404
   "No resource has been found."), an allowed method (405 / code 405, ``Allow``);
2. a live session in the ``arena_session_id`` header (else 401 / code 401), except
   for login; the header name is matched case-insensitively but exactly (the
   ``arena-session-id`` spelling is a different header);
3. the workspace quota (429 / code 4084 once spent);
4. the GUIDs' form, import GUID first: not 20 characters of A-Z and 0-9 after
   percent-decoding gives 400 / 3011 quoting the GUID as sent (decoded, so a
   trailing ``%20`` shows as a space, ``%2F`` as a slash);
5. a readable query (a bad escape or a value that is not UTF-8: 400 / code 400);
6. the GUIDs exist (else 400 / 3012, Arena's answer for unknown GUIDs
   elsewhere), then ``offset``, ``limit`` and the run filters (``listing.py``).

Every response, errors included, has ``Content-Type: application/json;charset=UTF-8``,
``Content-Length`` in bytes, ``Date`` (HTTP-date from the engine's clock),
``Server: ArenaSolutions``, ``X-Arena-Requests-Remaining`` (left in the window,
after counting this request) and ``X-Arena-Next-Request-Limit-Reset`` (ISO-8601
UTC, ``2026-07-29T00:00:00Z``; Arena shows no sample, this is the connector's
form). Login answers ``arena_session_id`` and ``arenaSessionId`` (same value:
clients read either), ``workspaceId``, ``workspaceName``, ``workspaceRequestLimit``.
Bodies are compact UTF-8 JSON (non-ASCII not escaped).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import orjson

from arena_contract.exchange import Exchange, Headers, Request
from arena_contract.mock.clock import Clock, SystemClock, http_date, iso_utc
from arena_contract.mock.dataset import Dataset, ImportDefinition
from arena_contract.mock.defaults import DEFAULT_QUOTA
from arena_contract.mock.drift import DriftSet
from arena_contract.mock.errors import (
    BAD_LOGIN,
    LIMIT_REACHED,
    LOGGED_OUT,
    NO_RESOURCE,
    NO_SESSION,
    NOT_ALLOWED,
    ArenaError,
    envelope,
    guid_not_found,
    invalid_guid,
    malformed,
    message,
)
from arena_contract.mock.listing import (
    CountReading,
    LimitOverMax,
    Paging,
    parse_paging,
    parse_run_filters,
    select,
)
from arena_contract.mock.listing import envelope as list_envelope
from arena_contract.mock.response import MockResponse
from arena_contract.mock.sessions import DEFAULT_USERS, Quota, Sessions
from arena_contract.mock.target import Target, parse_target, request_target, segment
from arena_contract.paths import EndpointKind, classify, is_guid
from arena_contract.redact import redact_json, safe_headers

BASE_PATH = "/v1"
SESSION_HEADER = "arena_session_id"
DEFAULT_BASE_URL = "https://api.arenasolutions.com" + BASE_PATH
CONTENT_TYPE = "application/json;charset=UTF-8"
SERVER = "ArenaSolutions"
#: The workspace id in Arena's login sample.
DEFAULT_WORKSPACE_ID = 123456789
DEFAULT_WORKSPACE_NAME = "Arena Mock Workspace"

HeaderInput = Mapping[str, str] | Iterable[tuple[str, str]]

# kind -> (the one allowed method, path segments after /v1). Counting segments
# makes the end-anchored patterns of paths.classify match the whole path.
_ROUTES: dict[EndpointKind, tuple[str, int]] = {
    "login": ("POST", 1),
    "logout": ("PUT", 1),
    "import-list": ("GET", 1),
    "import": ("GET", 2),
    "run-list": ("GET", 3),
    "run": ("GET", 4),
}


@dataclass
class _Call:
    method: str
    kind: EndpointKind
    params: dict[str, str]
    target: Target
    headers: Headers
    body: bytes
    now: datetime
    #: (remaining, reset) as counted for this request; None when not counted.
    quota: tuple[int, datetime] | None = None


class MockEngine:
    """The mock Arena's engine: Arena's Import Engine endpoints, in memory. Thread-safe.

    ``clock`` defaults to the wall clock; pass a ``FakeClock`` to move time in tests.
    """

    def __init__(
        self,
        *,
        seed: int = 0,
        clock: Clock | None = None,
        users: Mapping[str, str] | None = None,
        quota: int = DEFAULT_QUOTA,
        count_reading: CountReading = "total",
        limit_over_max: LimitOverMax = "error",
        drifts: Iterable[str] = (),
        workspace_id: int = DEFAULT_WORKSPACE_ID,
        workspace_name: str = DEFAULT_WORKSPACE_NAME,
        history: int = 1000,
        run_counts: Iterable[int] | None = None,
    ) -> None:
        if count_reading not in ("total", "page"):
            raise ValueError(f"count_reading must be 'total' or 'page', not {count_reading!r}")
        if limit_over_max not in ("error", "clamp"):
            raise ValueError(f"limit_over_max must be 'error' or 'clamp', not {limit_over_max!r}")
        users = dict(DEFAULT_USERS if users is None else users)
        if not users:
            raise ValueError("the mock needs at least one user")
        self.seed = seed
        self.clock: Clock = clock or SystemClock()
        #: One definition per count, with that many runs; None: the default five.
        self.run_counts = None if run_counts is None else tuple(run_counts)
        self.dataset = Dataset.generate(seed, self.run_counts)
        self.sessions = Sessions(users)
        self.quota = Quota(quota, self.clock.now())
        self.count_reading: CountReading = count_reading
        self.limit_over_max: LimitOverMax = limit_over_max
        self.drifts = DriftSet(drifts)
        self.workspace_id = workspace_id
        self.workspace_name = workspace_name
        self._default_login = next(iter(users.items()))
        self._lock = threading.Lock()
        self._history: deque[tuple[str, str, Headers, MockResponse]] = deque(maxlen=history)
        self._handlers: dict[EndpointKind, Callable[[_Call], tuple[int, Any]]] = {
            "login": self._login,
            "logout": self._logout,
            "import-list": self._import_list,
            "import": self._import,
            "run-list": self._run_list,
            "run": self._run,
        }

    def __repr__(self) -> str:
        return f"MockEngine(seed={self.seed}, drifts={list(self.drifts.names)}, {self.sessions!r})"

    # -- the one entry point -------------------------------------------------

    def handle(
        self,
        method: str,
        target: str | bytes,
        headers: HeaderInput = (),
        body: bytes = b"",
        *,
        query: Mapping[str, object] | None = None,
    ) -> MockResponse:
        """Answer one request. ``target`` is the path and query as sent (percent-encoded)."""
        now = self.clock.now()
        request_headers = Headers(headers)
        call: _Call | None = None
        extra: tuple[tuple[str, str], ...] = ()
        raw_target = request_target(target, query)
        try:
            parsed = parse_target(raw_target)
            kind, params = self._route(method, parsed.path)
            call = _Call(method, kind, params, parsed, request_headers, body, now)
            status, payload = self._dispatch(call)
        except ArenaError as refusal:
            error = self.drifts.apply("error", refusal)
            status, payload, kind, extra = error.status, error.body(), "error", error.headers
        response = self._respond(status, payload, kind, now, call and call.quota, extra)
        shown = raw_target.decode("utf-8", "backslashreplace")
        kept = Headers(safe_headers(list(request_headers.items())))  # no session ids
        self._history.append((method, shown, kept, response))
        return response

    def login(self, email: str | None = None, password: str | None = None) -> str:
        """Log in through :meth:`handle` (it counts, like any login) and return the session id."""
        default_email, default_password = self._default_login
        credentials = {"email": email or default_email, "password": password or default_password}
        json_type = {"Content-Type": "application/json"}
        response = self.handle("POST", BASE_PATH + "/login", json_type, orjson.dumps(credentials))
        if response.status != 200:
            raise RuntimeError(f"mock login refused: HTTP {response.status} {response.body!r}")
        return response.json()["arena_session_id"]

    def exchanges(self, base_url: str = DEFAULT_BASE_URL) -> list[Exchange]:
        """The latest requests and responses (``history`` of them) as Exchanges for the validator.

        URLs are the targets as sent, under ``base_url`` (the front's ``/v1``);
        the session header is redacted, and so are the session ids a login answers with
        (masked by name, as a recorded HAR masks them: the body is re-serialised and its
        Content-Length follows).
        """
        base_url = base_url.rstrip("/")
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(base_url))

        def url(target: str) -> str:
            if target.startswith(BASE_PATH):
                return base_url + target[len(BASE_PATH) :]
            return origin + target

        return [
            _without_secrets(response.to_exchange(Request(method, url(target), headers)))
            for method, target, headers, response in list(self._history)
        ]

    # -- routing and admission -----------------------------------------------

    def _route(self, method: str, path: str) -> tuple[EndpointKind, dict[str, str]]:
        rest = path[len(BASE_PATH) :] if path.startswith(BASE_PATH + "/") else ""
        kind, params = classify(rest) if rest else (None, {})
        route = _ROUTES.get(kind) if kind else None
        if kind is None or route is None or rest.removesuffix("/").count("/") != route[1]:
            raise ArenaError.coded(404, NO_RESOURCE)
        if method != route[0]:
            raise ArenaError.coded(405, NOT_ALLOWED, headers=(("Allow", route[0]),))
        return kind, {name: segment(value) for name, value in params.items()}

    def _dispatch(self, call: _Call) -> tuple[int, Any]:
        if call.kind != "login":
            self._admit(call)
        for guid in call.params.values():  # the import GUID, then the run GUID
            if not is_guid(guid):
                raise invalid_guid(guid)
        call.target.check_query()
        return self._handlers[call.kind](call)

    def _admit(self, call: _Call) -> None:
        session_id = call.headers.get(SESSION_HEADER, "")
        with self._lock:
            if not session_id or self.sessions.touch(session_id, call.now) is None:
                raise ArenaError.coded(401, NO_SESSION)
            self._count(call)

    def _count(self, call: _Call) -> None:
        """Count the request against the quota (caller holds the lock); 429 when spent."""
        counted = self.quota.take(call.now)
        call.quota = (self.quota.remaining, self.quota.reset_at)
        if not counted:
            raise ArenaError.coded(
                429, LIMIT_REACHED, self.quota.limit, iso_utc(self.quota.reset_at)
            )

    # -- endpoints -------------------------------------------------------------

    def _login(self, call: _Call) -> tuple[int, Any]:
        try:
            credentials = orjson.loads(call.body)
        except orjson.JSONDecodeError:
            raise malformed() from None
        if not isinstance(credentials, dict):
            raise malformed()
        email, password = credentials.get("email"), credentials.get("password")
        workspace = credentials.get("workspaceId")
        if workspace is None:  # optional: Arena then picks the last-used workspace
            workspace = self.workspace_id
        with self._lock:
            if not (
                isinstance(email, str)
                and isinstance(password, str)
                and type(workspace) is int  # not a bool, not "123"
                and workspace == self.workspace_id
                and self.sessions.password_ok(email, password)
            ):
                raise ArenaError.coded(400, BAD_LOGIN)
            self._count(call)
            session_id = self.sessions.open(email, call.now)
        return 200, {
            "arena_session_id": session_id,
            "arenaSessionId": session_id,
            "workspaceId": self.workspace_id,
            "workspaceName": self.workspace_name,
            "workspaceRequestLimit": self.quota.limit,
        }

    def _logout(self, call: _Call) -> tuple[int, Any]:
        with self._lock:
            self.sessions.close(call.headers[SESSION_HEADER])
        return 200, envelope(200, LOGGED_OUT, message(LOGGED_OUT))

    def _import_list(self, call: _Call) -> tuple[int, Any]:
        paging = parse_paging(call.target, self.limit_over_max)
        return 200, self._list([d.wire for d in self.dataset.definitions], paging)

    def _import(self, call: _Call) -> tuple[int, Any]:
        return 200, self._definition(call.params["guid"]).wire

    def _run_list(self, call: _Call) -> tuple[int, Any]:
        definition = self._definition(call.params["guid"])
        paging = parse_paging(call.target, self.limit_over_max)
        filters = self.drifts.apply("filters", parse_run_filters(call.target))
        return 200, self._list(select(definition.runs, filters), paging)

    def _run(self, call: _Call) -> tuple[int, Any]:
        definition = self._definition(call.params["guid"])
        run_guid = call.params["run"]
        run = definition.runs_by_guid.get(run_guid)
        if run is None:
            raise guid_not_found(run_guid)
        return 200, run

    def _definition(self, guid: str) -> ImportDefinition:
        definition = self.dataset.definition(guid)
        if definition is None:
            raise guid_not_found(guid)
        return definition

    def _list(self, matches: list, paging: Paging) -> dict[str, Any]:
        page = matches[paging.offset : paging.offset + paging.limit]
        page = self.drifts.apply("page", page, matches, paging)
        return list_envelope(len(matches), page, self.count_reading)

    # -- the response ------------------------------------------------------------

    def _respond(
        self,
        status: int,
        payload: Any,
        kind: str,
        now: datetime,
        quota: tuple[int, datetime] | None,
        extra: tuple[tuple[str, str], ...],
    ) -> MockResponse:
        if self.drifts.has("payload"):  # drifts edit a private copy, never the dataset
            payload = self.drifts.apply("payload", orjson.loads(orjson.dumps(payload)), kind)
        body = orjson.dumps(payload)
        if quota is None:  # not counted: report the workspace's standing as it is now
            with self._lock:
                self.quota.roll(now)
                quota = (self.quota.remaining, self.quota.reset_at)
        remaining, reset = quota
        headers = [
            ("Content-Type", CONTENT_TYPE),
            ("Content-Length", str(len(body))),
            ("Date", http_date(now)),
            ("Server", SERVER),
            ("X-Arena-Requests-Remaining", str(remaining)),
            ("X-Arena-Next-Request-Limit-Reset", iso_utc(reset)),
            *extra,
        ]
        return self.drifts.apply("response", MockResponse(status, headers, body))


#: The old name of :class:`MockEngine`.
MockArena = MockEngine


def _without_secrets(exchange: Exchange) -> Exchange:
    """``exchange`` with secret-named body fields (a login's session ids) masked."""
    masked, changed = redact_json(exchange.body)
    if not changed:
        return exchange
    text = orjson.dumps(masked)
    headers = Headers(
        [
            (name, str(len(text)) if name.lower() == "content-length" else value)
            for name, value in (exchange.headers or Headers([])).items()
        ]
    )
    return replace(exchange, body=masked, text=text, headers=headers)
