"""One probe run: the target (a live Arena or the bundled mock), its session and budget,
what was seen so far, and what was observed where Arena's docs are silent.

Shared by the pytest suite (one per pytest session, kept in ``config.stash``) and by
``arena-contract record``; nothing here knows pytest.
"""

from __future__ import annotations

import contextlib
import threading
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from arena_contract.exchange import Exchange
from arena_contract.live.budget import Budget
from arena_contract.live.client import SESSION, ArenaClient, Query, Sent, segment
from arena_contract.live.har import HarRecorder
from arena_contract.live.session import ArenaSession
from arena_contract.live.settings import Settings
from arena_contract.redact import safe_url
from arena_contract.validate import Validator

#: The suite's parts, in the order they run (the summary counts requests per part).
PARTS = (
    "session",
    "discovery",
    "essential",
    "combinations",
    "single-run",
    "paging",
    "exploration",
    "schemathesis",
    "record",
)


class ProbeRun:
    def __init__(self, settings: Settings, *, record: bool | None = None) -> None:
        self.settings = settings
        self.budget = Budget(settings.max_requests, settings.min_remaining)
        #: One validator for the whole run: its sequence rules see the pages in order, and
        #: its policy (the project configuration) settles every finding of the run.
        self.validator = Validator(strict=settings.strict, policy=settings.policy)
        #: Findings on what ``record`` sampled, by severity.
        self.sampled: Counter[str] = Counter()
        self.baseline_note: str | None = None
        record = settings.record is not None if record is None else record
        self.recorder = HarRecorder() if record else None
        self.observations: dict[str, list[str]] = {}
        self.fatal: str | None = None
        self.har_path: Path | None = None
        self.har_error: str | None = None
        self.target = "the bundled mock" if settings.is_mock else safe_url(settings.url)
        self.client: ArenaClient | None = None
        self.session: ArenaSession | None = None
        self.mock: Any = None  # the RunningServer, against the bundled mock
        self.discovery: Exchange | None = None
        self._imports: list[str] | None = None
        self._first_pages: dict[str, Exchange] = {}
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
        )
        self._stack.callback(self.client.close)
        email, password, session_id = settings.email, settings.password, settings.session_id
        if settings.is_mock:
            session_id = None  # a session of another server means nothing to the mock
            if not email:
                from arena_contract.mock.defaults import DEFAULT_EMAIL, DEFAULT_PASSWORD

                email, password = DEFAULT_EMAIL, DEFAULT_PASSWORD
        self.session = ArenaSession(
            self.client,
            session_id=session_id,
            email=email,
            password=password,
            workspace_id=settings.workspace_id,
        )

    def _start_mock(self) -> str:
        from arena_contract.mock.wsgi import serve_in_thread

        options: dict[str, Any] = {"drifts": self.settings.mock_drift}
        if self.settings.email and self.settings.password:
            # The mock accepts the user given, so the same options work against both.
            options["users"] = {self.settings.email: self.settings.password}
        self.mock = self._stack.enter_context(serve_in_thread(**options))
        drifts = ", ".join(self.settings.mock_drift)
        self.target = f"the bundled mock ({self.mock.url}{'; drift: ' + drifts if drifts else ''})"
        return self.mock.url

    def close(self) -> None:
        """Log out (if this run logged in), write the HAR file, stop the mock. Idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        try:
            if self.session is not None:
                self.session.close()
        finally:
            try:
                self._write_har()
                self._write_baseline()
            finally:
                self._stack.close()

    def _write_baseline(self) -> None:
        from arena_contract.config.report import write_baseline

        self.baseline_note, error = write_baseline(self.validator.policy, self.validator.ledger)
        if error and not self.fatal:
            self.fatal = error

    def _write_har(self) -> None:
        if self.recorder is None or self.settings.record is None or not len(self.recorder):
            return
        try:
            self.har_path = self.recorder.write(self.settings.record)
        except OSError as exc:
            self.har_error = f"cannot write the HAR file in {self.settings.record}: {exc.strerror}"

    def _sent(self, sent: Sent) -> None:
        if self.recorder is not None:
            self.recorder.add(sent)

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

    def import_guids(self) -> list[str]:
        """The import definitions to probe: those given, else the first ones GET /imports lists."""
        if self.settings.import_guids:
            return list(self.settings.import_guids)
        if self._imports is None:
            self.discovery = self.get(
                "/imports",
                [("limit", "400")],
                part="discovery",
                label="discover import definitions",
            )
            body = self.discovery.body
            results = body.get("results") if isinstance(body, dict) else None
            found = [d.get("guid") for d in results or [] if isinstance(d, dict)]
            self._imports = [g for g in found if isinstance(g, str) and g]
        return self._imports

    def first_page(self, guid: str) -> Exchange:
        """The unfiltered first page of a definition's runs (fetched once)."""
        if guid not in self._first_pages:
            from arena_contract.suite.plan import runs_path

            self._first_pages[guid] = self.get(
                runs_path(segment(guid)), part="essential", label="unfiltered list"
            )
        return self._first_pages[guid]

    def seen_runs(self, guid: str) -> list[dict[str, Any]]:
        page = self.first_page(guid)
        body = page.body if page.status == 200 else None
        results = body.get("results") if isinstance(body, dict) else None
        return [r for r in results or [] if isinstance(r, dict)]

    # -- what the summary says --------------------------------------------------

    def observe(self, topic: str, what: str) -> None:
        with self._lock:
            seen = self.observations.setdefault(topic, [])
            if what not in seen:
                seen.append(what)

    def summary(self) -> list[str]:
        lines = [f"target: {self.target}"]
        if self.session is not None and self.session.note:
            lines.append(f"session: {self.session.note}")
        parts = ", ".join(f"{part} {n}" for part, n in _ordered(self.budget.by_part.items()))
        lines.append(
            f"requests: {self.budget.spent} sent (limit {self.settings.max_requests})"
            + (f": {parts}" if parts else "")
        )
        lines.append(self._countdown())
        lines += [
            f"observed: {topic} -> {'; '.join(whats)}" for topic, whats in self.observations.items()
        ]
        if self.budget.stop_reason:
            lines.append(f"stopped: {self.budget.stop_reason}")
        if self.fatal:
            lines.append(f"error: {self.fatal}")
        if self.har_path:
            lines.append(f"recorded: {len(self.recorder or ())} exchanges in {self.har_path}")
        if self.har_error:
            lines.append(f"error: {self.har_error}")
        if self.sampled:
            lines.append(
                f"findings in the sample: {self.sampled['error']} error(s), "
                f"{self.sampled['warning']} warning(s)"
            )
        from arena_contract.config.report import closing_lines

        lines += closing_lines(self.validator.policy, self.validator.ledger)
        if self.baseline_note:
            lines.append(self.baseline_note)
        return lines

    def _countdown(self) -> str:
        readings = self.budget.readings
        if not readings:
            return "X-Arena-Requests-Remaining: never sent (the floor could not be applied)"
        first, last = readings[0].remaining, readings[-1].remaining
        missing = self.budget.header_missing
        note = f"; missing or not a number in {missing} answers" if missing else ""
        return (
            f"X-Arena-Requests-Remaining: {first} -> {last} over {len(readings)} answers "
            f"(floor {self.settings.min_remaining}){note}"
        )


def _ordered(items: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    rank = {part: i for i, part in enumerate(PARTS)}
    return sorted(items, key=lambda item: rank.get(item[0], len(rank)))
