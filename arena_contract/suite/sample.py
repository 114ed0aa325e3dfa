"""The representative sample ``arena-contract record`` saves: breadth first, within the budget.

For every import definition the unfiltered list; then one of each answer the contract
knows (an unknown GUID, a malformed one, no session, a full page of 400, an offset past
the end); then each status filter for every definition, one single run each, each
definition itself and the content files of one of its finished runs. The
order puts the most telling requests first, so a small budget still records something of
everything. The same budget, floor and redaction apply as for the suite.

Two pages of one list (the same small limit, offsets 0 and that limit) let ``check`` see
runs repeated or skipped across pages (list.pages-overlap). What keeps the sample short
of its plan (an unreadable or empty GET /imports, a list whose runs cannot be read) is
returned as one line each, so that ``record`` can say why and not exit 0.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from arena_contract.exchange import Exchange
from arena_contract.live.budget import BudgetExhausted
from arena_contract.suite import inputs
from arena_contract.suite.kinds import PROBE_KINDS, Request, Skip
from arena_contract.suite.kinds.read import CONTENT_FILES
from arena_contract.suite.probe import Probe
from arena_contract.suite.runtime import ProbeRun


class SampleStep(NamedTuple):
    """One request of the sample: a probe of a registered kind (its request built by the
    kind, from the pages recorded so far), on a definition, with the HAR comment to give."""

    probe: Probe
    guid: str
    label: str
    #: Its answer is the definition's first page (later steps take runs from it).
    first_page: bool = False
    #: Its answer is the definition's last page (the content files take a run from it).
    last_page: bool = False


#: The page size of the two-page walk: small, so that two pages of any list are cheap.
WALK_LIMIT = 5


@dataclass
class Sample:
    """What ``record_sample`` did: requests sent, and why the sample falls short of its plan."""

    sent: int = 0
    shortfalls: list[str] = field(default_factory=list)


@dataclass
class _Recorded:
    """What a sample request is built from (kinds.Seen): a definition and its first page,
    when the sample recorded it (else an empty answer: no runs, no length)."""

    guid: str
    pages: dict[str, Exchange]

    def first(self) -> Exchange:
        return self.pages.get(self.guid) or Exchange()

    def last(self) -> Exchange:
        return self.pages.get(_last_key(self.guid)) or self.first()

    def any_guid(self) -> str:
        return self.guid


def _last_key(guid: str) -> str:
    return f"{guid} last"


def _step(
    kind: str,
    guid: str,
    label: str,
    arg: str = "",
    *,
    first_page: bool = False,
    last_page: bool = False,
) -> SampleStep:
    probe = Probe(label, kind, part="record", arg=arg)
    return SampleStep(probe, guid, label, first_page, last_page)


def _steps(
    run: ProbeRun, pages: dict[str, Exchange], max_imports: int | None, sample: Sample
) -> Iterator[SampleStep]:
    guids = _definitions(run, sample)
    if max_imports is not None and not run.settings.import_guids:
        guids = guids[:max_imports]  # the first ones discovered, as the probe takes them
    for guid in guids:
        yield _step("first-page", guid, "unfiltered list", first_page=True)
    first = guids[0] if guids else inputs.UNKNOWN_GUID
    yield _step("unknown-guid", first, "unknown import GUID")
    yield _step("malformed", first, "malformed GUID", "trailing-space")
    yield _step("session", first, "no session", "missing")
    yield _step("limit-max", first, "page of 400")
    yield _step("offset-past-end", first, "offset past the end")
    for page, at in (("first", 0), ("second", WALK_LIMIT)):
        yield _step("page-at", first, f"{page} page of a walk", f"limit={WALK_LIMIT}&offset={at}")
    for guid in guids:
        for status in inputs.run_statuses():
            yield _step("filter-value", guid, f"status={status}", f"status={status}")
    for guid in guids:
        step = _step("single-run", guid, "one run")
        yield step
        if guid in pages and _unusable(pages[guid]) and not inputs.runs_on(pages[guid]):
            sample.shortfalls.append(
                f"no single run of {guid} recorded: its run list {_unusable(pages[guid])}"
            )
    for guid in guids:
        yield _step("definition", guid, "one definition")
    for guid in guids:
        # The newest runs are on the first or the last page: the files of the one that
        # ended last are read (skipped when no finished run was seen).
        yield _step("last-page", guid, inputs.LAST_PAGE, last_page=True)
        for name in CONTENT_FILES:
            yield _step("content", guid, f"{name} of a finished run", name)


def _definitions(run: ProbeRun, sample: Sample) -> list[str]:
    """The import definitions to record; when GET /imports cannot be read whole, the ones
    named in the part that arrived, and a shortfall saying why."""
    guids = run.survey.import_guids()
    discovery = run.survey.discovery
    if run.settings.import_guids or discovery is None:
        return guids
    problem = _unusable(discovery, listing=True)
    if problem:
        salvaged = _guids_in_part(discovery.text) if not guids else []
        kept = f"; recording the {len(salvaged)} named in what arrived" if salvaged else ""
        sample.shortfalls.append(f"GET /imports {problem}{kept}")
        return guids or salvaged
    if not guids:
        sample.shortfalls.append("GET /imports listed no import definitions")
    return guids


def _unusable(exchange: Exchange, *, listing: bool = False) -> str | None:
    """Why an answer that should list something cannot be used: '... was cut short ...'."""
    if exchange.status != 200:
        return f"answered HTTP {exchange.status}"
    if exchange.body_error is None:
        body = exchange.body
        results = body.get("results") if isinstance(body, dict) else None
        return None if isinstance(results, list) else "has no results list"
    from arena_contract.suite.judge import judge

    cut = [f for f in judge(exchange).errors if f.rule == "probe.content-length"]
    if cut:
        return f"was cut short: {cut[0].message}"
    return f"answered a body that is not JSON ({exchange.body_error})"


def _guids_in_part(text: bytes | None) -> list[str]:
    """The definitions' GUIDs in the readable part of a cut-short GET /imports answer
    (results[*].guid, read incrementally until the JSON breaks off)."""
    import io

    import ijson

    found: list[str] = []
    try:
        for guid in ijson.items(io.BytesIO(text or b""), "results.item.guid"):
            if isinstance(guid, str) and guid:
                found.append(guid)
    except ijson.JSONError:
        pass  # the cut: what came before it stands
    return found


def _request(step: SampleStep, pages: dict[str, Exchange]) -> Request | None:
    """The step's request, built by its kind; None when it cannot be (no run to read)."""
    build = PROBE_KINDS[step.probe.kind].request
    assert build is not None, step.probe.kind  # the sample uses kinds of one request
    try:
        return build(step.probe, _Recorded(step.guid, pages))
    except Skip:
        return None


def record_sample(run: ProbeRun, *, max_imports: int | None = None) -> Sample:
    """Send the sample (ArenaUnreachable propagates); returns the requests sent for it and
    why it falls short of its plan, if it does. Every discovered import definition is
    recorded, or the first ``max_imports``. When the budget stops it,
    ``run.budget.stop_reason`` says why."""
    pages: dict[str, Exchange] = {}
    sample = Sample()
    try:
        for step in _steps(run, pages, max_imports, sample):
            request = _request(step, pages)
            if request is None:
                continue
            exchange = run.get(
                request.path,
                request.query,
                part="record",
                label=step.label,
                session=request.session,
            )
            sample.sent += 1
            # Judged as the probe judges (the configuration applies): the summary counts.
            for finding in run.validator.check(exchange).findings:
                run.journal.sampled[finding.severity] += 1
            if step.first_page:
                pages[step.guid] = exchange
            if step.last_page:
                pages[_last_key(step.guid)] = exchange
    except BudgetExhausted:
        pass
    return sample
