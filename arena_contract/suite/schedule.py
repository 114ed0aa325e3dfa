"""The order probes run in: every probe of the suite as a value (no I/O), so the pytest
items, ``arena-contract probe`` and ``--plan`` share one list, made before anything is sent.

Breadth first: every documented behaviour once (the cheapest way to each, one request
serving several where it can), then depth (the other malformed forms, each filter on every
definition, filter pairs, single runs, the full page walk, then exploration) with what is
left of the budget.
"""

from __future__ import annotations

from arena_contract.suite import inputs
from arena_contract.suite.probe import EMPTY, LONG, RUNS, Probe

BREADTH_PAIR = inputs.FILTER_PAIRS[0]


def _breadth() -> list[Probe]:
    filters = [
        Probe(f"filter-{name}", "filter-seen", RUNS, (f"filter-{name}",), arg=name)
        for name in inputs.FILTER_NAMES
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
        Probe("definition-single", "definition", RUNS, ("definition-single",)),
        *(
            Probe(f"content-{name}", "content", RUNS, (f"content-{name}",), arg=f"{name}Content")
            for name in ("submit", "result", "error")
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
        *(("filter-seen", name) for name in inputs.FILTER_NAMES),
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
        for name in inputs.FILTER_NAMES:
            add(index, slot, "filter-seen", f"filter-{name}-seen", "essential", name)
            add(index, slot, "filter-unseen", f"filter-{name}-unseen", "essential", name)
        add(index, slot, "limit-1", "limit-1", "essential")
        add(index, slot, "limit-max", "limit-400", "essential")
        add(index, slot, "limit-over-max", "limit-over-400", "essential")
        add(index, slot, "offset-past-end", "offset-past-end", "essential")
    for form in inputs.MALFORMED_FORMS:
        if form not in malformed_done:
            probes.append(Probe(f"guid-malformed-{form}", "malformed", part="essential", arg=form))
    for index, slot in enumerate(slots):
        for pair in inputs.FILTER_PAIRS:
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
