"""One probe run: its settings, budget and validator, and its three parts: the
:class:`Transport` (target, session, answers fetched once), the :class:`Survey` (which
definition each probe uses) and the :class:`Journal` (results and observations).

Shared by ``arena-contract probe``, the pytest suite (one per pytest session, kept in
``config.stash``) and ``arena-contract record``; nothing here knows pytest.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from arena_contract.exchange import Exchange
from arena_contract.findings import Finding
from arena_contract.live.budget import Budget
from arena_contract.live.client import SESSION, Query, Sent
from arena_contract.live.settings import Settings
from arena_contract.suite.journal import Journal
from arena_contract.suite.judge import contract_findings
from arena_contract.suite.probe import PARTS
from arena_contract.suite.result import Coverage, Result
from arena_contract.suite.survey import Survey
from arena_contract.suite.transport import Transport
from arena_contract.validate import Validator


class ProbeRun:
    def __init__(self, settings: Settings, *, record: bool | None = None) -> None:
        self.settings = settings
        self.budget = Budget(settings.max_requests, settings.min_remaining, spell=settings.flag)
        #: One validator for the whole run: its sequence rules see the pages in order, and
        #: its policy (the project configuration) settles every finding of the run.
        self.validator = Validator(strict=settings.strict, policy=settings.policy)
        record = settings.record is not None if record is None else record
        self.transport = Transport(settings, self.budget, record=record)
        self.survey = Survey(self.transport, settings)
        self.journal = Journal()
        #: The plan, when the run was only planned (--plan).
        self.plan: Any = None
        self.fatal: str | None = None
        self.baseline_note: str | None = None
        self._findings: dict[int, tuple[Exchange, list[Finding]]] = {}
        self._lock = threading.Lock()

    # -- life cycle --------------------------------------------------------------

    def start(self) -> None:
        """Start the mock when asked for, and build the client (no request yet)."""
        self.transport.start()

    def close(self) -> None:
        """Log out (if this run logged in), write the HAR file and the baseline, stop the
        mock. Idempotent."""
        if not self.transport.close():
            return
        from arena_contract.config.report import write_baseline

        self.baseline_note, error = write_baseline(self.validator.policy, self.validator.ledger)
        if error and not self.fatal:
            self.fatal = error

    # -- requests and answers -----------------------------------------------------

    def get(
        self, path: str, query: Query = None, *, part: str, label: str = "", session: Any = SESSION
    ) -> Exchange:
        return self.transport.get(path, query, part=part, label=label, session=session)

    def send(
        self, path: str, query: Query = None, *, part: str, label: str = "", session: Any = SESSION
    ) -> Sent:
        return self.transport.send(path, query, part=part, label=label, session=session)

    def contract_findings(self, exchange: Exchange) -> list[Finding]:
        """The contract's findings for an answer, judged once (the sequence rules see each
        answer once, however many probes read it)."""
        with self._lock:
            known = self._findings.get(id(exchange))
            if known is None:
                known = (exchange, contract_findings(exchange, self.validator))
                self._findings[id(exchange)] = known
        return known[1]

    # -- what the reports read ---------------------------------------------------

    @property
    def target(self) -> str:
        return self.transport.target

    @property
    def har_path(self) -> Path | None:
        return self.transport.har_path

    @property
    def har_error(self) -> str | None:
        return self.transport.har_error

    @property
    def results(self) -> dict[str, Result]:
        return self.journal.results

    @property
    def observed(self) -> list[dict[str, Any]]:
        """Every observation as a value: {"topic", "answer"} (status, code, results...)."""
        return [o.to_dict() for o in self.journal.observations]

    def coverage(self) -> Coverage:
        """Which documented behaviours were probed (and held or failed), and which not."""
        return self.journal.coverage(self.budget.stop_reason)

    def summary(self) -> list[str]:
        lines = [f"target: {self.target}"]
        session = self.transport.session
        if session is not None and session.note:
            lines.append(f"session: {session.note}")
        parts = ", ".join(f"{part} {n}" for part, n in _ordered(self.budget.by_part.items()))
        lines.append(
            f"requests: {self.budget.spent} sent (limit {self.settings.max_requests})"
            + (f": {parts}" if parts else "")
        )
        lines.append(self._countdown())
        lines.append(self.coverage().sentence())
        lines += [
            f"observed: {topic} -> {'; '.join(whats)}"
            for topic, whats in self.journal.by_topic().items()
        ]
        if self.budget.stop_reason:
            lines.append(f"stopped: {self.budget.stop_reason}")
        if self.fatal:
            lines.append(f"error: {self.fatal}")
        if self.har_path:
            lines.append(f"recorded: {self.transport.recorded} exchanges in {self.har_path}")
        if self.har_error:
            lines.append(f"error: {self.har_error}")
        sampled = self.journal.sampled
        if sampled:
            lines.append(
                f"findings in the sample: {sampled['error']} error(s), "
                f"{sampled['warning']} warning(s)"
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
