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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from arena_contract.exchange import Exchange
from arena_contract.findings import Finding
from arena_contract.live.budget import Budget
from arena_contract.live.client import SESSION, ArenaClient, Query, RequestFailed, Sent, segment
from arena_contract.live.har import HarRecorder
from arena_contract.live.session import ArenaSession
from arena_contract.live.settings import Settings
from arena_contract.redact import safe_url
from arena_contract.suite.probes import BEHAVIOURS, EMPTY, LONG, PARTS, RUNS
from arena_contract.validate import Validator
from arena_contract.vocabulary import MAX_LIMIT

if TYPE_CHECKING:
    from arena_contract.suite.kinds import Result

#: More first pages looked at than definitions probed in depth, to find ones that differ.
SURVEY_EXTRA = 2


class NoDefinition(Exception):
    """No definition fits a probe's slot (none discovered, none long, none empty): a skip."""


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
        #: The same, as structured values: {"topic", "answer"} (status, code, results...).
        self.observed: list[dict[str, Any]] = []
        #: Each probe's result, in the order they ran (reports are made from these).
        self.results: dict[str, Result] = {}
        self._answers: dict[tuple, Exchange] = {}
        self._findings: dict[int, tuple[Exchange, list[Finding]]] = {}
        self._chosen: list[str] = []
        self._discovery_failed: RequestFailed | None = None
        #: The plan, when the run was only planned (--plan).
        self.plan: Any = None
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
            max_response_bytes=settings.max_response_bytes,
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

    def contract_findings(self, exchange: Exchange) -> list[Finding]:
        """The contract's findings for an answer, judged once (the sequence rules see each
        answer once, however many probes read it)."""
        from arena_contract.suite.checks import contract_findings

        with self._lock:
            known = self._findings.get(id(exchange))
            if known is None:
                known = (exchange, contract_findings(exchange, self.validator))
                self._findings[id(exchange)] = known
        return known[1]

    def import_guids(self) -> list[str]:
        """The import definitions to probe: those given, else the ones GET /imports lists
        (asked once: a discovery that got no usable answer is not asked again)."""
        if self.settings.import_guids:
            return list(self.settings.import_guids)
        if self._discovery_failed is not None:
            raise NoDefinition(f"the discovery got no usable answer ({self._discovery_failed})")
        if self._imports is None:
            try:
                self.discovery = self.get(
                    "/imports",
                    [("limit", str(MAX_LIMIT))],  # the search page's maximum
                    part="discovery",
                    label="discover import definitions",
                )
            except RequestFailed as exc:
                self._discovery_failed = exc
                raise
            body = self.discovery.body
            results = body.get("results") if isinstance(body, dict) else None
            found = [d.get("guid") for d in results or [] if isinstance(d, dict)]
            self._imports = [g for g in found if isinstance(g, str) and g]
        return self._imports

    def first_page(self, guid: str, part: str = "essential") -> Exchange:
        """The unfiltered first page of a definition's runs (fetched once)."""
        if guid not in self._first_pages:
            from arena_contract.suite.plan import runs_path

            self._first_pages[guid], _ = self.fetch(
                runs_path(segment(guid)), part=part, label="unfiltered list"
            )
        return self._first_pages[guid]

    def seen_runs(self, guid: str, part: str = "essential") -> list[dict[str, Any]]:
        return runs_on(self.first_page(guid, part))

    # -- which definition each probe uses --------------------------------------------

    def candidates(self) -> list[str]:
        """The definitions whose first pages may be looked at: those given, else the first
        few discovered (a few more than are probed in depth, to find ones that differ)."""
        guids = self.import_guids()
        if self.settings.import_guids:
            return guids
        return guids[: max(self.settings.max_imports, 1) + SURVEY_EXTRA]

    def known_page(self, guid: str) -> Exchange | None:
        """The first page of ``guid`` if it was seen (no request)."""
        return self._first_pages.get(guid)

    def known_candidates(self) -> list[str]:
        """The candidates, when known without a request (given, or already discovered)."""
        if self.settings.import_guids or self._imports is not None:
            return self.candidates()
        return []

    def surveyed(self) -> dict[str, str | None]:
        """What each first page seen so far showed: 'empty', 'short', 'long' (None: no list)."""
        return {guid: page_kind(page) for guid, page in self._first_pages.items()}

    def slot_guid(self, slot: str, part: str) -> str:
        """The definition for ``slot`` (looking at first pages as needed); NoDefinition else."""
        candidates = self.candidates()
        if not candidates:
            raise NoDefinition("GET /imports lists no import definition: give --arena-import-guid")
        if slot == RUNS:
            return self._first_with_runs(candidates, part)
        if slot in (LONG, EMPTY):
            return self._first_of_kind(slot, candidates, part)
        given = self.settings.import_guids
        if slot in given:
            return slot
        index = int(slot.removeprefix("import"))
        return self._chosen_for_depth(index, candidates, part)

    def _first_with_runs(self, candidates: list[str], part: str) -> str:
        if self.settings.import_guids:
            return candidates[0]  # the user named them: the first one given
        for guid in candidates:
            if page_kind(self.first_page(guid, part)) in ("short", "long"):
                return guid
        return candidates[0]

    def _first_of_kind(self, kind: str, candidates: list[str], part: str) -> str:
        known = self.surveyed()
        for guid in [g for g in candidates if g in known] + [
            g for g in candidates if g not in known
        ]:
            if page_kind(self.first_page(guid, part)) == kind:
                return guid
        what = "longer than a page" if kind == LONG else "without runs"
        raise NoDefinition(
            f"none of the {len(candidates)} import definition(s) looked at is {what}"
        )

    def _chosen_for_depth(self, index: int, candidates: list[str], part: str) -> str:
        """Depth slot ``index``: the first is the breadth part's; each next one, a definition
        whose first page differs from those chosen (long vs short), looked for among a few."""
        if not self._chosen:
            self._chosen.append(self._first_with_runs(candidates, part))
        while len(self._chosen) <= index:
            pool = [g for g in candidates if g not in self._chosen]
            if not pool:
                raise NoDefinition(f"the workspace lists {len(self._chosen)} import definition(s)")
            self._chosen.append(self._most_telling(pool, part))
        return self._chosen[index]

    def _most_telling(self, pool: list[str], part: str) -> str:
        have = {page_kind(self._first_pages[g]) for g in self._chosen if g in self._first_pages}
        known = self.surveyed()
        for guid in [g for g in pool if g in known] + [g for g in pool if g not in known]:
            kind = page_kind(self.first_page(guid, part))
            if kind in ("short", "long") and kind not in have:
                return guid
        with_runs = [g for g in pool if self.surveyed().get(g) in ("short", "long")]
        return (with_runs or pool)[0]

    # -- what the summary says --------------------------------------------------

    def observe(self, topic: str, what: str, value: dict[str, Any] | None = None) -> None:
        with self._lock:
            seen = self.observations.setdefault(topic, [])
            if what not in seen:
                seen.append(what)
                self.observed.append({"topic": topic, "answer": value or {"reading": what}})

    def coverage(self) -> Coverage:
        """Which documented behaviours were probed (and held or failed), and which not."""
        held: list[str] = []
        failed: list[str] = []
        why: dict[str, str] = {}
        for behaviour in BEHAVIOURS:
            outcomes = [r for r in self.results.values() if behaviour in r.probe.behaviours]
            if any(r.outcome == "failed" for r in outcomes):
                failed.append(behaviour)
            elif any(r.outcome == "passed" for r in outcomes):
                held.append(behaviour)
            elif outcomes:
                why[behaviour] = outcomes[0].reason
        not_probed = [b for b in BEHAVIOURS if b not in held and b not in failed]
        return Coverage(held, failed, not_probed, why, self.budget.stop_reason)

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
        lines.append(self.coverage().sentence())
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


def runs_on(page: Exchange) -> list[dict[str, Any]]:
    body = page.body if page.status == 200 else None
    results = body.get("results") if isinstance(body, dict) else None
    return [r for r in results or [] if isinstance(r, dict)]


def page_kind(page: Exchange) -> str | None:
    """What a first page shows: 'empty', 'short' (the whole list), 'long' (more than a page)."""
    from arena_contract.suite.plan import list_total

    body = page.body if page.status == 200 else None
    if not isinstance(body, dict) or not isinstance(body.get("results"), list):
        return None
    shown = len(body["results"])
    if shown == 0:
        return "empty"
    total = list_total(body)
    return "short" if total is not None and total <= shown else "long"


@dataclass
class Coverage:
    held: list[str]
    failed: list[str]
    not_probed: list[str]
    #: Why a behaviour was not probed, when its probe said (a skip reason).
    why: dict[str, str]
    stopped: str | None

    @property
    def probed(self) -> list[str]:
        return [b for b in BEHAVIOURS if b in self.held or b in self.failed]

    def sentence(self) -> str:
        """'contract holds for 14 of 21 behaviours; not probed within the budget: ...'"""
        total = len(BEHAVIOURS)
        if self.failed:
            head = (
                f"contract fails for {len(self.failed)} of {total} behaviours "
                f"({', '.join(self.failed)}); holds for {len(self.held)}"
            )
        else:
            head = f"contract holds for {len(self.held)} of {total} behaviours"
        if not self.not_probed:
            return head
        within = " within the budget" if self.stopped else ""
        return f"{head}; not probed{within}: {', '.join(self.not_probed)}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": len(BEHAVIOURS),
            "held": self.held,
            "failed": self.failed,
            "not_probed": [
                {
                    "behaviour": b,
                    "what": BEHAVIOURS[b],
                    **({"why": self.why[b]} if b in self.why else {}),
                }
                for b in self.not_probed
            ],
        }


def _ordered(items: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    rank = {part: i for i, part in enumerate(PARTS)}
    return sorted(items, key=lambda item: rank.get(item[0], len(rank)))
