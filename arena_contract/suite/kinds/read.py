"""Probes of the rest of the read side: a single import definition, and the content files
of a finished run (the file it was submitted with, its result file, its error file). Only
GET, as every probe: the probe never starts, changes or commits an import.

Arena keeps a run's files 60 days after it ended, and the order of the run list is not
documented: the run read is the finished one that ended last among the first page and the
last page of the list (one more request, shared by the three files, when the list is
longer than a page). A file of a run that ended more than 60 days before the answer's Date
answered with 400 / 3017 is the documented refusal, judged as such; a 3017 for a run that
ended later (or at an unknown time) is observed and the probe skipped, not failed.
"""

from __future__ import annotations

from typing import Any

from arena_contract.exchange import Exchange
from arena_contract.live.client import segment
from arena_contract.rules import across
from arena_contract.suite import inputs
from arena_contract.suite.judge import answer_value
from arena_contract.suite.kinds.attempt import Attempt
from arena_contract.suite.kinds.base import Request, Seen, Sight, Skip, sends
from arena_contract.suite.probe import Probe

#: The content files of a run, by the last segment of their path (the first one read also
#: fetches the list's last page).
CONTENT_FILES = ("submitContent", "resultContent", "errorContent")
#: Arena's code for a file that cannot be downloaded (not finished, or no longer kept).
NOT_DOWNLOADABLE = 3017


def definition(probe: Probe, seen: Seen) -> Request:
    return Request(f"/imports/{segment(seen.guid)}", label="one definition")


@sends("definition", definition, plan="GET /imports/{guid}")
def _definition(attempt: Attempt, exchange: Exchange) -> None:
    attempt.check(exchange, *across.status(exchange, 200))


def last_page(probe: Probe, seen: Seen) -> Request:
    """The list's last page (``record`` records it before the content files)."""
    query = inputs.last_page_query(seen.first().body if seen.first().status == 200 else None)
    if query is None:
        raise Skip("the first page is the whole list")
    return Request(inputs.runs_path(segment(seen.guid)), query, label=inputs.LAST_PAGE)


@sends("last-page", last_page, plan="{runs}?offset=<the last page>", needs_runs=True)
def _last_page(attempt: Attempt, exchange: Exchange) -> None:
    attempt.check(exchange, *across.status(exchange, 200))


def _content_run(seen: Seen, name: str) -> dict[str, Any]:
    runs = inputs.runs_on(seen.first()) + inputs.runs_on(seen.last())
    run = inputs.pick_content_run(runs, errors=name == "errorContent")
    if run is None:
        raise Skip("no finished run seen for this import definition")
    return run


def content(probe: Probe, seen: Seen) -> Request:
    """``arg``: the file (submitContent, resultContent, errorContent), of the finished run
    seen that ended last (for the error file, a recent one with errors when there is one)."""
    run = _content_run(seen, probe.arg)
    path = inputs.run_path(seen.guid, segment(run["guid"])) + f"/{probe.arg}"
    return Request(path, label=f"{probe.arg} of a finished run")


def _fetches_last_page(sight: Sight) -> bool:
    """The first file read fetches the list's last page too, unless the first page seen
    is the whole list."""
    if sight.probe.arg != CONTENT_FILES[0]:
        return False
    page = sight.page
    return (
        page is None
        or inputs.last_page_query(page.body if page.status == 200 else None) is not None
    )


def _content_cost(sight: Sight) -> int:
    if sight.page is not None and not inputs.runs_on(sight.page):
        return 0  # skipped: no runs
    return 2 if _fetches_last_page(sight) else 1


def _content_plan(sight: Sight) -> str:
    file = f"{sight.runs}/<a finished run>/{sight.probe.arg}"
    return f"{sight.runs}?offset=<the last page>, {file}" if _fetches_last_page(sight) else file


@sends(
    "content",
    content,
    plan=_content_plan,
    cost=_content_cost,
    needs_runs=True,
    estimated=True,
)
def _content(attempt: Attempt, exchange: Exchange) -> None:
    name = attempt.probe.arg
    last = attempt.last()
    if last is not attempt.first():  # judged too: the file's rows are told from its runs
        attempt.check(last)
    if answer_value(exchange) == {"status": 400, "code": NOT_DOWNLOADABLE}:
        run = _content_run(attempt, name)  # the run the request was made for (no request)
        age = inputs.ended_before(run, exchange)
        if age is None or age <= inputs.FILES_KEPT:
            attempt.observe(f"{name} of a finished run", exchange)
            raise Skip(
                f"the run's {name} cannot be downloaded (400 / 3017) though it ended "
                + ("at an unknown time" if age is None else f"{age.days} days ago")
                + ": not judged (Arena keeps a run's files 60 days)"
            )
        # Documented: Arena deletes a run's files 60 days after it ended.
        attempt.observe(f"{name} of a run ended over 60 days ago", exchange)
        attempt.check(exchange)
        return
    # Arena's pages give the file streams the JSON headers of every answer (Content-Type:
    # application/json); what the workspace sends is worth a line in the summary.
    headers = exchange.headers
    sent = (headers.get("Content-Type") if headers is not None else None) or "(none)"
    attempt.observe_reading(f"{attempt.probe.arg} Content-Type", sent.split(";")[0].strip())
    attempt.check(exchange, *across.status(exchange, 200))
