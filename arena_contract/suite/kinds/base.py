"""What a probe kind is: one definition, registered in :data:`PROBE_KINDS`.

A :class:`ProbeKind` says, in one place, everything about its probes: the request it sends
(built from what was seen, by :attr:`~ProbeKind.request`, a pure function that ``record``'s
sample calls too), how the answer is judged (:attr:`~ProbeKind.judge`, or
:attr:`~ProbeKind.run` for a kind that sends several requests or none), the request and
the cost ``--plan`` shows before anything is sent, and whether it needs runs to take
values from. The schedule (``suite/schedule.py``) says which probes run, in what order;
the engine, the planner, the pytest items and the sample only look kinds up here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from arena_contract.exchange import Exchange
from arena_contract.live.client import SESSION, Query
from arena_contract.live.settings import Settings
from arena_contract.rules.context import MAX_LIMIT
from arena_contract.suite import inputs
from arena_contract.suite.probe import Probe


class Skip(Exception):
    """The probe cannot run (the budget stopped, nothing to take a value from)."""


@dataclass(frozen=True)
class Request:
    """One GET a probe sends: path (percent-encoded), query, session, and its HAR comment."""

    path: str
    query: Query = None
    session: Any = SESSION
    label: str = ""


class Seen(Protocol):
    """What a request is built from: the probe's definition, its first page and its last
    page (the first when that is the whole list). A running probe fetches them as needed
    (``Attempt``); ``record``'s sample has them recorded."""

    @property
    def guid(self) -> str: ...

    def first(self) -> Exchange: ...

    def last(self) -> Exchange: ...

    def any_guid(self) -> str: ...


class Sight(NamedTuple):
    """What planning knows for a probe: the GUID (or a placeholder such as ``<import1>``),
    the definition's first page when planning saw it, and the settings."""

    probe: Probe
    guid: str
    page: Exchange | None
    settings: Settings

    @property
    def runs(self) -> str:
        return f"GET /imports/{self.guid}/runs"


Planned = Callable[[Sight], str]


@dataclass(frozen=True)
class ProbeKind:
    name: str
    #: The whole probe, for a kind that sends several requests or none: (attempt) -> None.
    run: Callable[[Any], None] | None = None
    #: The one request it sends, from what was seen (Skip when it cannot be built).
    request: Callable[[Probe, Seen], Request] | None = None
    #: How that request's answer is judged: (attempt, exchange) -> None.
    judge: Callable[[Any, Exchange], None] | None = None
    #: The request as ``--plan`` shows it: a template ({runs}, {guid}, {arg}, {max}, {unknown}) or
    #: a function of what planning saw.
    plan: str | Planned = "{runs}"
    #: Requests it sends; the default: one, none when it takes values from runs and the
    #: definition's first page shows none (it is skipped).
    cost: Callable[[Sight], int] | None = None
    #: It takes values from the runs seen: skipped when there are none.
    needs_runs: bool = False
    #: Its cost depends on the list's length: about ("~") when the first page is not seen.
    estimated: bool = False
    #: It spends what the budget leaves (exploration): at most that, in the plan.
    elastic: bool = False

    def planned(self, sight: Sight) -> str:
        if callable(self.plan):
            return self.plan(sight)
        probe = sight.probe
        return self.plan.format(
            runs=sight.runs,
            guid=sight.guid,
            arg=probe.arg,
            max=MAX_LIMIT,
            unknown=inputs.UNKNOWN_GUID,
        )

    def requests(self, sight: Sight) -> int:
        if self.cost is not None:
            return self.cost(sight)
        if self.needs_runs and sight.page is not None and not inputs.runs_on(sight.page):
            return 0  # skipped: no runs to take a value from
        return 1


PROBE_KINDS: dict[str, ProbeKind] = {}


def register(kind: ProbeKind) -> ProbeKind:
    if kind.name in PROBE_KINDS:
        raise ValueError(f"probe kind {kind.name} registered twice")
    if (kind.run is None) == (kind.request is None or kind.judge is None):
        raise ValueError(f"probe kind {kind.name}: either run, or request and judge")
    PROBE_KINDS[kind.name] = kind
    return kind


def sends(
    name: str, request: Callable[[Probe, Seen], Request], **options: Any
) -> Callable[[Callable[[Any, Exchange], None]], Callable[[Any, Exchange], None]]:
    """Register a kind that sends one request: ``request`` builds it, the decorated
    function judges its answer."""

    def decorate(judge: Callable[[Any, Exchange], None]) -> Callable[[Any, Exchange], None]:
        register(ProbeKind(name, request=request, judge=judge, **options))
        return judge

    return decorate


def runs_itself(
    name: str, **options: Any
) -> Callable[[Callable[[Any], None]], Callable[[Any], None]]:
    """Register a kind that runs itself (several requests, or none)."""

    def decorate(run: Callable[[Any], None]) -> Callable[[Any], None]:
        register(ProbeKind(name, run=run, **options))
        return run

    return decorate
