"""How a probe run reaches Arena: the target (a live Arena, or the bundled mock started for
the run), the client within the budget, the one session, the HAR recording, and each
answer fetched once.

Knows nothing of probes or rules: it sends GETs and hands back :class:`Exchange`\\ s.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Any

from arena_contract.exchange import Exchange
from arena_contract.live.budget import Budget
from arena_contract.live.client import SESSION, ArenaClient, Query, Sent
from arena_contract.live.har import HarRecorder
from arena_contract.live.session import ArenaSession
from arena_contract.live.settings import Settings
from arena_contract.redact import safe_url
from arena_contract.safe_files import UnusableFile


class Transport:
    def __init__(self, settings: Settings, budget: Budget, *, record: bool) -> None:
        self.settings = settings
        self.budget = budget
        self.recorder = HarRecorder() if record else None
        self.har_path: Path | None = None
        self.har_error: str | None = None
        self.target = "the bundled mock" if settings.is_mock else safe_url(settings.url)
        self.client: ArenaClient | None = None
        self.session: ArenaSession | None = None
        self.mock: Any = None  # the RunningServer, against the bundled mock
        self._answers: dict[tuple, Exchange] = {}
        self._stack = contextlib.ExitStack()
        self._lock = threading.Lock()
        self._closed = False

    # -- life cycle --------------------------------------------------------------

    def start(self) -> None:
        """Start the mock when asked for, and build the client (no request yet)."""
        if self.client is not None:
            return
        settings = self.settings
        base_url = settings.url
        if settings.is_mock:
            base_url = self._start_mock()
        self.client = ArenaClient(
            base_url,
            self.budget,
            timeout=settings.timeout,
            verify=not settings.insecure,
            trust_env=not settings.is_mock,
            on_sent=self._sent,
            max_response_bytes=settings.max_response_bytes,
            spell=settings.flag,
        )
        self._stack.callback(self.client.close)
        email, password = settings.email, settings.password
        session_id = settings.session_id or settings.token
        self.client.bearer = settings.token is not None
        if settings.usage_reason:
            self.client.extra_headers.append(("Arena-Usage-Reason", settings.usage_reason))
        if settings.is_mock:
            session_id = None  # a session of another server means nothing to the mock
            self.client.bearer = False
            if not email:
                from arena_contract.mock.defaults import DEFAULT_EMAIL, DEFAULT_PASSWORD

                email, password = DEFAULT_EMAIL, DEFAULT_PASSWORD
        self.session = ArenaSession(
            self.client,
            session_id=session_id,
            email=email,
            password=password,
            workspace_id=settings.workspace_id,
            source=settings.source_of("session-id"),
        )
        if self.client.bearer:
            self.session.note = "a bearer token (ARENA_TOKEN)"

    def _start_mock(self) -> str:
        from arena_contract.mock.wsgi import serve_in_thread

        options: dict[str, Any] = {"drifts": self.settings.mock_drift}
        if self.settings.mock_runs:
            options["run_counts"] = self.settings.mock_runs
        if self.settings.email and self.settings.password:
            # The mock accepts the user given, so the same options work against both.
            options["users"] = {self.settings.email: self.settings.password}
        self.mock = self._stack.enter_context(serve_in_thread(**options))
        drifts = ", ".join(self.settings.mock_drift)
        self.target = f"the bundled mock ({self.mock.url}{'; drift: ' + drifts if drifts else ''})"
        return self.mock.url

    def close(self) -> bool:
        """Log out (if this run logged in), write the HAR file, stop the mock. False when it
        was closed already (idempotent)."""
        with self._lock:
            if self._closed:
                return False
            self._closed = True
        try:
            if self.session is not None:
                self.session.close()
        finally:
            try:
                self._write_har()
            finally:
                self._stack.close()
        return True

    def _write_har(self) -> None:
        if self.recorder is None or self.settings.record is None or not len(self.recorder):
            return
        try:
            self.har_path = self.recorder.write(self.settings.record)
        except UnusableFile as exc:
            self.har_error = f"cannot write the HAR file in {self.settings.record}: {exc}"

    def _sent(self, sent: Sent) -> None:
        if self.recorder is not None:
            self.recorder.add(sent)

    @property
    def recorded(self) -> int:
        return len(self.recorder or ())

    # -- requests ----------------------------------------------------------------

    def get(
        self, path: str, query: Query = None, *, part: str, label: str = "", session: Any = SESSION
    ) -> Exchange:
        return self.send(path, query, part=part, label=label, session=session).exchange

    def send(
        self, path: str, query: Query = None, *, part: str, label: str = "", session: Any = SESSION
    ) -> Sent:
        """GET ``path``; BudgetExhausted or ArenaUnreachable when it cannot be had (the
        latter also when Arena has ended the run's session)."""
        self.start()
        assert self.client is not None and self.session is not None
        if session is SESSION:
            self.session.ensure()
        sent = self.client.send("GET", path, query, part=part, label=label, session=session)
        if session is SESSION and sent.exchange.status == 401:
            raise self.session.ended(sent.exchange.origin)  # SessionEnded: the run ends
        return sent

    def fetch(
        self, path: str, query: Query = None, *, part: str, label: str = "", session: Any = SESSION
    ) -> tuple[Exchange, bool]:
        """The answer to this request, sent once per run: (exchange, whether it was sent now).
        Probes that need the same request share it (a first page, a short page at an
        inside offset)."""
        key = (path, tuple(query or ()), "run" if session is SESSION else session)
        with self._lock:
            known = self._answers.get(key)
        if known is not None:
            return known, False
        exchange = self.get(path, query, part=part, label=label, session=session)
        with self._lock:
            self._answers.setdefault(key, exchange)
        return exchange, True
