"""The representative sample ``arena-contract record`` saves: breadth first, within the budget.

For every import definition the unfiltered list; then one of each answer the contract
knows (an unknown GUID, a malformed one, no session, a full page of 400, an offset past
the end); then each status filter for every definition, and one single run each. The
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
from typing import Any, NamedTuple

from arena_contract.exchange import Exchange
from arena_contract.live.budget import BudgetExhausted
from arena_contract.live.client import SESSION, Query, segment
from arena_contract.rules.context import MAX_LIMIT
from arena_contract.suite import plan
from arena_contract.suite.runtime import ProbeRun


class Step(NamedTuple):
    path: str
    label: str
    query: Query = None
    session: Any = SESSION
    #: The definition whose first page this is (its runs give the single-run step).
    page_of: str | None = None


#: The page size of the two-page walk: small, so that two pages of any list are cheap.
WALK_LIMIT = 5


@dataclass
class Sample:
    """What ``record_sample`` did: requests sent, and why the sample falls short of its plan."""

    sent: int = 0
    shortfalls: list[str] = field(default_factory=list)


def _steps(
    run: ProbeRun, pages: dict[str, Exchange], max_imports: int | None, sample: Sample
) -> Iterator[Step]:
    guids = _definitions(run, sample)
    if max_imports is not None and not run.settings.import_guids:
        guids = guids[:max_imports]  # the first ones discovered, as the probe takes them
    for guid in guids:
        yield Step(plan.runs_path(segment(guid)), "unfiltered list", page_of=guid)
    first = guids[0] if guids else plan.UNKNOWN_GUID
    runs = plan.runs_path(segment(first))
    yield Step(plan.runs_path(plan.UNKNOWN_GUID), "unknown import GUID")
    yield Step(plan.runs_path(plan.malformed_guids(first)[0].segment), "malformed GUID")
    yield Step(runs, "no session", session=None)
    yield Step(runs, "page of 400", [("limit", str(MAX_LIMIT))])
    offset = plan.past_end_offset(pages[first].body) if first in pages else 1_000_000
    yield Step(runs, "offset past the end", [("offset", str(offset))])
    for page, at in (("first", 0), ("second", WALK_LIMIT)):
        walk = [("limit", str(WALK_LIMIT)), ("offset", str(at))]
        yield Step(runs, f"{page} page of a walk", walk)
    for guid in guids:
        for status in plan.run_statuses():
            yield Step(plan.runs_path(segment(guid)), f"status={status}", [("status", status)])
    for guid in guids:
        listed = plan.pick_finished_run(_results(pages.get(guid)))
        if listed is not None:
            yield Step(plan.run_path(guid, segment(listed["guid"])), "one run")
        elif guid in pages and _unusable(pages[guid]):
            sample.shortfalls.append(
                f"no single run of {guid} recorded: its run list {_unusable(pages[guid])}"
            )


def _definitions(run: ProbeRun, sample: Sample) -> list[str]:
    """The import definitions to record; when GET /imports cannot be read whole, the ones
    named in the part that arrived, and a shortfall saying why."""
    guids = run.import_guids()
    discovery = run.discovery
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
    from arena_contract.suite.checks import judge

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


def _results(exchange: Exchange | None) -> list[Any]:
    body = exchange.body if exchange is not None and exchange.status == 200 else None
    results = body.get("results") if isinstance(body, dict) else None
    return results if isinstance(results, list) else []


def record_sample(run: ProbeRun, *, max_imports: int | None = None) -> Sample:
    """Send the sample (ArenaUnreachable propagates); returns the requests sent for it and
    why it falls short of its plan, if it does. Every discovered import definition is
    recorded, or the first ``max_imports``. When the budget stops it,
    ``run.budget.stop_reason`` says why."""
    pages: dict[str, Exchange] = {}
    sample = Sample()
    try:
        for step in _steps(run, pages, max_imports, sample):
            exchange = run.get(
                step.path, step.query, part="record", label=step.label, session=step.session
            )
            sample.sent += 1
            # Judged as the probe judges (the configuration applies): the summary counts.
            for finding in run.validator.check(exchange).findings:
                run.sampled[finding.severity] += 1
            if step.page_of is not None:
                pages[step.page_of] = exchange
    except BudgetExhausted:
        pass
    return sample
