"""A probe as a value, and the vocabulary of the probe run: the documented behaviours it
covers, the parts its requests are counted in, the slots a probe's definition comes from.

A :class:`Probe` names its kind (the registered definition that sends and judges it,
``suite/kinds/``), the documented behaviours it shows, the definition it needs (a *slot*,
resolved at run time from what was seen) and its argument; probes that name the same
``request`` share one request (the first page of a long list shows both "a list with runs"
and "a list longer than a page"). The order they run in is ``suite/schedule.py``'s.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The documented behaviours of the read side (GET /imports/{guid}/runs, a single run, a
#: single definition, a run's content files), in the order the breadth part shows them (the
#: most telling per request first). ID -> what the summary calls it.
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
    "definition-single": "a single import definition",
    "content-submit": "the file a finished run was submitted with",
    "content-result": "the result file of a finished run",
    "content-error": "the error file of a finished run",
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


@dataclass(frozen=True)
class Probe:
    #: The pytest item's id: the behaviour's ID in the breadth part, ``kind@slot`` in depth.
    name: str
    #: Its definition (suite/kinds/): the request it builds, its cost, how it is judged.
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
