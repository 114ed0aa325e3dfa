"""The mock Arena's one engine: a request in, a response out, no I/O.

Both fronts (the werkzeug server in ``wsgi.py`` and the ``responses`` hook in
``responses_mock.py``) only translate their request into :meth:`MockEngine.handle`
and its :class:`MockResponse` back, so they answer with the same bytes.

Routes (under ``/v1``): POST ``/login``, PUT ``/logout``, GET and POST ``/imports``,
GET and PUT ``/imports/{guid}``, GET and POST ``/imports/{guid}/runs``, GET and PUT
``/imports/{guid}/runs/{runGuid}`` and GET ``.../{runGuid}/submitContent``,
``resultContent`` and ``errorContent``; a trailing slash is accepted. What writes (a new
definition, a run's life, commits, content files) is in ``imports.py``.

A request is checked in this order, and the first failure answers:

1. the workspace quota, for every request but a login (429 / code 4084 once spent):
   "All API requests (except login), whether successful or not, are counted"
   (api_licensing.md), so a 401, a 404 or a 400 is counted as a 200 is;
2. a target under 8 KB (else 400 / code 400), a known path (404 / code 404
   "No resource has been found."), an allowed method (405 / code 405, ``Allow``);
3. a live session in the ``arena_session_id`` header (else 401 / code 401), except
   for login; the header name is matched case-insensitively but exactly (the
   ``arena-session-id`` spelling is a different header);
4. the GUIDs' form, import GUID first: not 20 characters of A-Z and 0-9 after
   percent-decoding gives 400 / 3011 quoting the GUID as sent (decoded, so a
   trailing ``%20`` shows as a space, ``%2F`` as a slash);
5. a readable query (a bad escape or a value that is not UTF-8: 400 / code 400);
6. the GUIDs exist (else 400 / 3012, Arena's answer for unknown GUIDs
   elsewhere), then ``offset``, ``limit`` and the run filters (``listing.py``).

Every response, errors included, has ``Content-Type: application/json;charset=UTF-8``,
``Content-Length`` in bytes, ``Date`` (HTTP-date from the engine's clock),
``Server: ArenaSolutions``, ``X-Arena-Requests-Remaining`` (left in the window,
after counting this request) and ``X-Arena-Next-Request-Limit-Reset``: the next
midnight Pacific Time in Arena's documented form, ``Fri, 02-May-2014 14:22:13
GMT-0700 (PDT)`` (api_licensing.md), or, with ``reset_format="iso"`` or ``"http"``,
``2026-07-29T07:00:00Z`` or ``Wed, 29 Jul 2026 07:00:00 GMT``. Login answers
``arena_session_id`` and ``arenaSessionId`` (same value: clients read either),
``workspaceId``, ``workspaceName``, ``workspaceRequestLimit``.
Bodies are compact UTF-8 JSON (non-ASCII not escaped).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

from arena_contract.exchange import Exchange, Headers
from arena_contract.mock.clock import RESET_FORMATS, Clock, ResetFormat, SystemClock
from arena_contract.mock.content import FileAnswer
from arena_contract.mock.dataset import Dataset
from arena_contract.mock.defaults import DEFAULT_QUOTA
from arena_contract.mock.drift import DriftSet
from arena_contract.mock.errors import (
    BAD_LOGIN,
    LIMIT_REACHED,
    NO_SESSION,
    ArenaError,
    invalid_guid,
)
from arena_contract.mock.imports import ImportWorkspace
from arena_contract.mock.lifecycle import RunTiming
from arena_contract.mock.listing import (
    CountReading,
    LimitOverMax,
    Paging,
    parse_import_filters,
    parse_paging,
    parse_run_filters,
    search,
    select,
)
from arena_contract.mock.listing import envelope as list_envelope
from arena_contract.mock.login import login_credentials, token_credentials
from arena_contract.mock.response import CONTENT_TYPE, MockResponse, arena_response
from arena_contract.mock.routes import BASE_PATH, answer_kind, is_login, route, session_of
from arena_contract.mock.served import served_exchanges
from arena_contract.mock.sessions import DEFAULT_USERS, IDLE_TIMEOUT, Quota, Sessions
from arena_contract.mock.target import Target, parse_target, request_target
from arena_contract.mock.upload import read_submission
from arena_contract.paths import EndpointKind, is_guid
from arena_contract.redact import safe_headers

DEFAULT_BASE_URL = "https://api.arenasolutions.com" + BASE_PATH
#: The workspace id in Arena's login sample.
DEFAULT_WORKSPACE_ID = 123456789
DEFAULT_WORKSPACE_NAME = "Arena Mock Workspace"

HeaderInput = Mapping[str, str] | Iterable[tuple[str, str]]
#: The payload of an answer without a body (the logout's).
NO_BODY: Any = object()


@dataclass
class _Call:
    method: str
    kind: EndpointKind
    params: dict[str, str]
    target: Target
    headers: Headers
    body: bytes
    now: datetime
    #: The email of the session's user (set on admission).
    user: str = ""


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
        reset_format: ResetFormat = "arena",
        purged: bool = False,
        drifts: Iterable[str] = (),
        workspace_id: int = DEFAULT_WORKSPACE_ID,
        workspace_name: str = DEFAULT_WORKSPACE_NAME,
        history: int = 1000,
        run_counts: Iterable[int] | None = None,
        run_timing: RunTiming | tuple[float, float] | None = None,
    ) -> None:
        _one_of("count_reading", count_reading, ("total", "page"))
        _one_of("limit_over_max", limit_over_max, ("error", "clamp"))
        _one_of("reset_format", reset_format, tuple(RESET_FORMATS))
        users = dict(DEFAULT_USERS if users is None else users)
        if not users:
            raise ValueError("the mock needs at least one user")
        self.seed = seed
        self.clock: Clock = clock or SystemClock()
        #: One definition per count, with that many runs; None: the default five.
        self.run_counts = None if run_counts is None else tuple(run_counts)
        self.purged = purged
        self.dataset = Dataset.generate(seed, self.run_counts, purged)
        self.sessions = Sessions(users)
        self.quota = Quota(quota, self.clock.now())
        self.count_reading: CountReading = count_reading
        self.limit_over_max: LimitOverMax = limit_over_max
        self.reset_format: ResetFormat = reset_format
        self._reset_text = RESET_FORMATS[reset_format]
        self.drifts = DriftSet(drifts)
        if run_timing is not None and not isinstance(run_timing, RunTiming):
            run_timing = RunTiming(*run_timing)
        #: Definitions created, runs started and committed, content files (imports.py).
        self.imports = ImportWorkspace(
            self.dataset,
            timing=run_timing,
            seed=seed,
            status_drift=lambda status: self.drifts.apply("status", status),
        )
        self.workspace_id = workspace_id
        self.workspace_name = workspace_name
        self._default_login = next(iter(users.items()))
        self._lock = threading.Lock()
        self._history: deque[tuple[str, str, Headers, MockResponse]] = deque(maxlen=history)
        self._handlers: dict[tuple[str, EndpointKind], Callable[[_Call], tuple[int, Any]]] = {
            ("POST", "login"): self._login,
            ("PUT", "logout"): self._logout,
            ("POST", "token"): self._token,
            ("GET", "import-list"): self._import_list,
            ("POST", "import-list"): self._create_import,
            ("GET", "import"): self._import,
            ("PUT", "import"): self._edit_import,
            ("GET", "run-list"): self._run_list,
            ("POST", "run-list"): self._start_run,
            ("GET", "run"): self._run,
            ("PUT", "run"): self._commit_run,
            ("GET", "submit-content"): self._content,
            ("GET", "result-content"): self._content,
            ("GET", "error-content"): self._content,
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
        quota: tuple[int, datetime] | None = None
        try:
            if not is_login(method, raw_target):
                quota = self._count(now)
            parsed = parse_target(raw_target)
            kind, params = route(method, parsed.path)
            call = _Call(method, kind, params, parsed, request_headers, body, now)
            status, payload = self._dispatch(call)
        except ArenaError as refusal:
            error = self.drifts.apply("error", refusal)
            status, payload, kind, extra = error.status, error.body(), "error", error.headers
        kind = answer_kind(method, kind) if call is not None else kind
        status, payload = self.drifts.apply("answer", (status, payload), kind)
        response = self._respond(status, payload, kind, now, quota, extra)
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
        return served_exchanges(list(self._history), base_url)

    # -- admission -----------------------------------------------------------------------

    def _dispatch(self, call: _Call) -> tuple[int, Any]:
        if call.kind not in ("login", "token"):
            self._admit(call)
        for guid in call.params.values():  # the import GUID, then the run GUID
            if not is_guid(guid):
                raise invalid_guid(guid)
        call.target.check_query()
        return self._handlers[call.method, call.kind](call)

    def _admit(self, call: _Call) -> None:
        session_id = session_of(call.headers)
        with self._lock:
            user = self.sessions.touch(session_id, call.now) if session_id else None
            if user is None:
                raise ArenaError.coded(401, NO_SESSION)
            call.user = user

    def _count(self, now: datetime) -> tuple[int, datetime]:
        """Count one request against the quota: (remaining, reset) after it; 429 when spent
        (its headers then report the standing as it is, nothing counted)."""
        with self._lock:
            counted = self.quota.take(now)
            standing = (self.quota.remaining, self.quota.reset_at)
        if not counted:
            raise ArenaError.coded(
                429, LIMIT_REACHED, self.quota.limit, self._reset_text(standing[1])
            )
        return standing

    # -- endpoints -------------------------------------------------------------

    def _login(self, call: _Call) -> tuple[int, Any]:
        email, password, workspace = login_credentials(call.body, self.workspace_id)
        with self._lock:
            if not (
                type(workspace) is int  # not a bool, not "12a"
                and workspace == self.workspace_id
                and self.sessions.password_ok(email, password)
            ):
                raise ArenaError.coded(400, BAD_LOGIN)
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
            self.sessions.close(session_of(call.headers))
        return 200, NO_BODY  # endpoint_logout.md: 200, "no JSON response"

    def _token(self, call: _Call) -> tuple[int, Any]:
        """OAuth client_credentials (login.py): the token is a session."""
        client, secret = token_credentials(call.body)
        with self._lock:
            if not self.sessions.password_ok(client, secret):
                raise ArenaError.coded(400, BAD_LOGIN)
            token = self.sessions.open(client, call.now)
        expires = int(IDLE_TIMEOUT.total_seconds())
        return 200, {"access_token": token, "token_type": "Bearer", "expires_in": expires}

    def _import_list(self, call: _Call) -> tuple[int, Any]:
        filters = parse_import_filters(call.target)
        paging = parse_paging(call.target, self.limit_over_max)
        return 200, self._list(search(self.imports.definitions(), filters), paging)

    def _import(self, call: _Call) -> tuple[int, Any]:
        return 200, self.imports.definition(call.params["guid"])

    def _run_list(self, call: _Call) -> tuple[int, Any]:
        runs = self.imports.runs(call.params["guid"], call.now)
        paging = parse_paging(call.target, self.limit_over_max)
        filters = self.drifts.apply("filters", parse_run_filters(call.target))
        return 200, self._list(select(runs, filters), paging)

    def _run(self, call: _Call) -> tuple[int, Any]:
        return 200, self.imports.run(call.params["guid"], call.params["run"], call.now)

    # -- the Import Engine's writes and files (imports.py does the work) ------------------

    def _create_import(self, call: _Call) -> tuple[int, Any]:
        return 201, self.imports.create(call.body, self.imports.person(call.user), call.now)

    def _edit_import(self, call: _Call) -> tuple[int, Any]:
        return 201, self.imports.edit(call.params["guid"], call.body)

    def _start_run(self, call: _Call) -> tuple[int, Any]:
        guid = call.params["guid"]
        self.imports.definition(guid)  # an unknown definition is told before a bad form
        content_type = call.headers.get("Content-Type", "")
        submission = read_submission(content_type, call.body, call.target.query)
        return 201, self.imports.start(guid, submission, self.imports.person(call.user), call.now)

    def _commit_run(self, call: _Call) -> tuple[int, Any]:
        params = call.params
        return 201, self.imports.commit(params["guid"], params["run"], call.body, call.now)

    def _content(self, call: _Call) -> tuple[int, Any]:
        params = call.params
        return 200, self.imports.content(params["guid"], params["run"], call.kind, call.now)

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
        content_type = CONTENT_TYPE
        if payload is NO_BODY:
            body = b""
        elif isinstance(payload, FileAnswer):  # a content file: its bytes, not JSON
            body, content_type = payload.content, payload.media_type
        elif self.drifts.has("payload"):  # drifts edit a private copy, never the dataset
            payload = self.drifts.apply("payload", orjson.loads(orjson.dumps(payload)), kind)
            body = orjson.dumps(payload)
        else:
            body = orjson.dumps(payload)
        if quota is None:  # not counted: report the workspace's standing as it is now
            with self._lock:
                self.quota.roll(now)
                quota = (self.quota.remaining, self.quota.reset_at)
        remaining, reset = quota
        response = arena_response(
            status,
            body,
            now=now,
            remaining=remaining,
            reset=self._reset_text(reset),
            content_type=content_type,
            extra=extra,
        )
        return self.drifts.apply("response", response)


def _one_of(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}, not {value!r}")


#: The old name of :class:`MockEngine`.
MockArena = MockEngine
