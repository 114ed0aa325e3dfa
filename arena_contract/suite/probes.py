"""The suite as data: every probe a value, in the order the planner gives them.

A :class:`Probe` names the documented behaviours it shows, the definition it needs
(a *slot*, resolved at run time from what was seen) and how its request is built; probes
that name the same ``request`` share one request (the first page of a long list shows both
"a list with runs" and "a list longer than a page"). No I/O here: the pytest items are made
from :func:`suite_plan` while pytest collects, before anything is sent.

The order is breadth first: every documented behaviour once (the cheapest way to each, one
request serving several where it can), then depth (the other malformed forms, each filter
on every definition, filter pairs, single runs, the full page walk, then exploration) with
what is left of the budget.
"""

from __future__ import annotations

from dataclasses import dataclass

from arena_contract.suite import plan

#: The documented behaviours of GET /imports/{guid}/runs, in the order the breadth part
#: shows them (the most telling per request first). ID -> what the summary calls it.
BEHAVIOURS: dict[str, str] = {
    "list-with-runs": "the unfiltered list of a definition with runs",
    "page-short": "a short page (limit below 20)",
    "page-offset-inside": "an offset inside the list",
    "filter-status": "the status filter with a value a run has",
    "page-limit-400": "limit=400",
    "guid-malformed-trailing-space": "the malformed GUID of Arena's page (trailing space)",
    "guid-unknown": "a well-formed unknown GUID",
    "session-missing": "no session",
    "session-invalid": "an invalid session",
    "single-run": "a single run",
    "page-limit-over-400": "limit over 400",
    "page-offset-past-end": "an offset past the end",
    "filter-number": "the number filter with a value a run has",
    "filter-creator.guid": "the creator.guid filter with a value a run has",
    "filter-creator.email": "the creator.email filter with a value a run has",
    "filter-creator.fullName": "the creator.fullName filter with a value a run has",
    "filter-no-match": "a filter value no run has",
    "filter-pair": "two filters at once",
    "guid-malformed-other": "another malformed GUID form",
    "list-long": "the unfiltered list of a definition longer than a page",
    "list-empty": "the unfiltered list of a definition with no runs",
}

#: Slots: "runs" is the first definition seen with runs (it also gives the filter values);
#: "long" and "empty" are found by looking at more first pages when needed; "import<N>" are
#: the definitions probed in depth (import0 is "runs"; the others chosen for information).
RUNS, LONG, EMPTY = "runs", "long", "empty"

#: The parts the summary counts requests in, in the order they come.
PARTS = (
    "session",
    "discovery",
    "breadth",
    "essential",
    "combinations",
    "single-run",
    "paging",
    "exploration",
    "schemathesis",
    "record",
)

#: A short page: below Arena's default page of 20, and an offset inside the first page.
SHORT_LIMIT = 5
BREADTH_PAIR = plan.FILTER_PAIRS[0]


@dataclass(frozen=True)
class Probe:
    #: The pytest item's id: the behaviour's ID in the breadth part, ``kind@slot`` in depth.
    name: str
    #: What runs it (suite/kinds.py): the request it builds and the checks it applies.
    kind: str
    #: The definition it needs ("" for none, or one named by GUID only: malformed, unknown).
    slot: str = ""
    #: The documented behaviours it shows (BEHAVIOURS' IDs).
    behaviours: tuple[str, ...] = ()
    part: str = "breadth"
    #: The kind's argument: a filter name, a malformed form, a pair "a+b", a limit.
    arg: str = ""
    #: Probes with the same request key (and slot) share one request: the planner counts
    #: it once (at run time the request cache makes it so).
    request: str = ""

    @property
    def breadth(self) -> bool:
        return self.part == "breadth"


def _breadth() -> list[Probe]:
    filters = [
        Probe(f"filter-{name}", "filter-seen", RUNS, (f"filter-{name}",), arg=name)
        for name in plan.FILTER_NAMES
        if name != "status"
    ]
    return [
        Probe("discovery", "discovery", part="discovery"),
        Probe("list-with-runs", "first-page", RUNS, ("list-with-runs",), request="first-page"),
        Probe("page-short", "short-page", RUNS, ("page-short",), request="short-inside"),
        Probe(
            "page-offset-inside",
            "offset-inside",
            RUNS,
            ("page-offset-inside",),
            request="short-inside",
        ),
        Probe(
            "filter-status",
            "filter-seen",
            RUNS,
            ("filter-status",),
            arg="status",
            request="status-max",
        ),
        Probe("page-limit-400", "limit-max", RUNS, ("page-limit-400",), request="status-max"),
        Probe(
            "guid-malformed-trailing-space",
            "malformed",
            behaviours=("guid-malformed-trailing-space",),
            arg="trailing-space",
        ),
        Probe("guid-unknown", "unknown-guid", behaviours=("guid-unknown",)),
        Probe("session-missing", "session", behaviours=("session-missing",), arg="missing"),
        Probe("session-invalid", "session", behaviours=("session-invalid",), arg="invalid"),
        Probe("single-run", "single-run", RUNS, ("single-run",)),
        Probe("page-limit-over-400", "limit-over-max", RUNS, ("page-limit-over-400",)),
        Probe("page-offset-past-end", "offset-past-end", RUNS, ("page-offset-past-end",)),
        *filters,
        Probe("filter-no-match", "filter-unseen", RUNS, ("filter-no-match",), arg="status"),
        Probe("filter-pair", "filter-pair", RUNS, ("filter-pair",), arg="+".join(BREADTH_PAIR)),
        Probe(
            "guid-malformed-other",
            "malformed",
            behaviours=("guid-malformed-other",),
            arg="lower-case",
        ),
        # Found by looking at more first pages: last, as their cost is not known beforehand
        # (nothing at all when the first definition with runs already showed it).
        Probe("list-long", "first-page", LONG, ("list-long",), request="first-page"),
        Probe("list-empty", "first-page", EMPTY, ("list-empty",), request="first-page"),
    ]


def slot_ids(given: tuple[str, ...], max_imports: int) -> list[str]:
    """The depth slots: the GUIDs given (the user named them), else import0..import<N-1>."""
    return list(given) if given else [f"import{i}" for i in range(max_imports)]


def _depth(slots: list[str]) -> list[Probe]:
    """Today's whole suite per definition, minus what the breadth part already sent."""
    done_on_first = {
        ("first-page", ""),
        ("filter-unseen", "status"),
        ("limit-max", ""),
        ("limit-over-max", ""),
        ("offset-past-end", ""),
        ("single-run", ""),
        ("filter-pair", "+".join(BREADTH_PAIR)),
        *(("filter-seen", name) for name in plan.FILTER_NAMES),
    }
    malformed_done = {"trailing-space", "lower-case"}
    probes: list[Probe] = []

    def add(index: int, slot: str, kind: str, name: str, part: str, arg: str = "") -> None:
        if index == 0 and (kind, arg) in done_on_first:
            return
        request = "first-page" if kind == "first-page" else ""
        probes.append(Probe(f"{name}@{slot}", kind, slot, (), part, arg, request))

    for index, slot in enumerate(slots):
        add(index, slot, "first-page", "unfiltered-list", "essential")
        for name in plan.FILTER_NAMES:
            add(index, slot, "filter-seen", f"filter-{name}-seen", "essential", name)
            add(index, slot, "filter-unseen", f"filter-{name}-unseen", "essential", name)
        add(index, slot, "limit-1", "limit-1", "essential")
        add(index, slot, "limit-max", "limit-400", "essential")
        add(index, slot, "limit-over-max", "limit-over-400", "essential")
        add(index, slot, "offset-past-end", "offset-past-end", "essential")
    for form in plan.MALFORMED_FORMS:
        if form not in malformed_done:
            probes.append(Probe(f"guid-malformed-{form}", "malformed", part="essential", arg=form))
    for index, slot in enumerate(slots):
        for pair in plan.FILTER_PAIRS:
            add(
                index,
                slot,
                "filter-pair",
                "filter-" + "+".join(pair),
                "combinations",
                "+".join(pair),
            )
    for index, slot in enumerate(slots):
        add(index, slot, "single-run", "single-run", "single-run")
        add(index, slot, "unknown-run", "unknown-run-guid", "single-run")
        add(index, slot, "malformed-run", "malformed-run-guid", "single-run")
    for slot in slots:
        probes.append(Probe(f"page-walk@{slot}", "walk", slot, part="paging"))
    for slot in slots:
        probes.append(
            Probe(f"explore-hypothesis@{slot}", "explore-hypothesis", slot, part="exploration")
        )
    probes.append(Probe("explore-schemathesis", "explore-schemathesis", RUNS, part="schemathesis"))
    probes.append(Probe("requests-remaining-counts-down", "countdown", part="essential"))
    return probes


def suite_plan(given: tuple[str, ...] = (), max_imports: int = 2) -> list[Probe]:
    """Every probe of the suite, in the order they run (the same whatever Arena answers)."""
    probes = _breadth() + _depth(slot_ids(given, max_imports))
    assert len({p.name for p in probes}) == len(probes)
    return probes
