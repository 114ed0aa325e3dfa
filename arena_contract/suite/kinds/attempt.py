"""One probe being run: what it works with (the run, its slot's definition, what was seen)
and where its result goes. A kind's ``judge`` or ``run`` asks the :class:`Attempt` for
answers and adds the probe's own findings (``probe.*`` run rules) to them."""

from __future__ import annotations

from typing import Any

from arena_contract.exchange import Exchange
from arena_contract.findings import Finding
from arena_contract.live.client import SESSION, Query, segment
from arena_contract.reporters.describe import exchange_line
from arena_contract.suite import inputs
from arena_contract.suite.judge import answer, answer_value, verdict_of
from arena_contract.suite.kinds.base import Request, Skip
from arena_contract.suite.probe import Probe
from arena_contract.suite.result import Result
from arena_contract.suite.runtime import ProbeRun
from arena_contract.suite.survey import NoDefinition


class Attempt:
    def __init__(self, run: ProbeRun, probe: Probe) -> None:
        self.run = run
        self.probe = probe
        self.result = Result(probe)
        self._guid: str | None = None

    # -- what the probe needs (the Seen of kinds.base) ----------------------------------

    @property
    def guid(self) -> str:
        """The slot's definition (looking at first pages as needed)."""
        if self._guid is None:
            self._guid = self.run.survey.slot_guid(self.probe.slot, self.probe.part)
        return self._guid

    def any_guid(self) -> str:
        """A real GUID to build a malformed one or a session request from (no survey)."""
        try:
            guids = self.run.survey.import_guids()
        except NoDefinition:
            guids = []
        return guids[0] if guids else inputs.UNKNOWN_GUID

    def first(self) -> Exchange:
        return self.run.survey.first_page(self.guid, self.probe.part)

    def last(self) -> Exchange:
        """The list's last page (sent once a run, shared), or the first page when that is
        the whole list: with the first, it holds the newest runs whatever the order."""
        first = self.first()
        query = inputs.last_page_query(first.body if first.status == 200 else None)
        if query is None:
            return first
        return self.get(self.runs_path(), query, label=inputs.LAST_PAGE)

    def seen_runs(self) -> list[dict[str, Any]]:
        return inputs.runs_on(self.first())

    def picked(self) -> dict[str, Any]:
        return picked(self)

    def runs_path(self) -> str:
        return inputs.runs_path(segment(self.guid))

    # -- sending and checking -----------------------------------------------------------

    def send(self, request: Request) -> Exchange:
        return self.get(request.path, request.query, label=request.label, session=request.session)

    def get(
        self, path: str, query: Query = None, *, label: str = "", session: Any = SESSION
    ) -> Exchange:
        exchange, sent = self.run.transport.fetch(
            path, query, part=self.probe.part, label=label or self.probe.name, session=session
        )
        self.result.sent += sent
        return exchange

    def check(self, exchange: Exchange, *extra: Finding) -> None:
        """The contract's findings for ``exchange`` with the probe's own ``extra``."""
        findings = self.run.contract_findings(exchange)
        self.note(exchange, findings, extra)
        self.result.properties.append(("request", exchange_line(exchange)))

    def note(
        self, exchange: Exchange, findings: list[Finding], extra: tuple[Finding, ...] = ()
    ) -> None:
        verdict = verdict_of(exchange, findings, extra, self.run.validator)
        self.result.checked.append(verdict)

    def observe(self, topic: str, exchange: Exchange, detail: str = "") -> None:
        """What the workspace did where Arena's docs are silent (summary, JUnit, JSON)."""
        self.observe_reading(topic, answer(exchange), answer_value(exchange), detail)

    def observe_reading(
        self, topic: str, what: str, value: dict[str, Any] | None = None, detail: str = ""
    ) -> None:
        self.run.journal.observe(topic, what, value)
        self.result.properties.append(
            ("observed", f"{topic}: {what}" + (f" ({detail})" if detail else ""))
        )


def picked(seen: Any) -> dict[str, Any]:
    """The run to take filter values from (Skip when the first page shows none)."""
    run = inputs.pick_run(inputs.runs_on(seen.first()))
    if run is None:
        raise Skip("no runs seen for this import definition")
    return run
