"""The values a probe's request is made of, taken from what was seen: paths, malformed
GUIDs, a run to take filter values from, the list's length, a page size for the walk.

Pure functions of data (a GUID, a page of runs): no I/O, so the probe, ``--plan`` and
``arena-contract record`` build the same requests, and the tests can check them offline.
Paths are returned percent-encoded, ready for :meth:`ArenaClient.get`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from itertools import combinations
from typing import Any

from arena_contract.exchange import Exchange
from arena_contract.live.client import segment
from arena_contract.rules.context import DEFAULT_LIMIT, MAX_LIMIT
from arena_contract.rules.lists import FILTERS
from arena_contract.vocabulary import FINISHED_RUN_STATUSES, RUN_STATUSES

#: The run filters GET /imports/{guid}/runs documents, in a stable order.
FILTER_NAMES: tuple[str, ...] = tuple(FILTERS)
FILTER_PAIRS: tuple[tuple[str, str], ...] = tuple(combinations(FILTER_NAMES, 2))

#: Well-formed filter values that no run should have (the unknown status is undocumented:
#: Arena may refuse it or match nothing; the suite reports which).
NO_MATCH: dict[str, str] = {
    "status": "ARENA_CONTRACT_UNKNOWN",
    "number": "2147483647",
    "creator.guid": "ZZZZZZZZZZZZZZZZZZZZ",
    "creator.email": "nobody@arena-contract.invalid",
    "creator.fullName": "Nobody (arena-contract)",
}

#: Statuses after which a run no longer changes (PURGED runs keep their counts but lose files,
#: so they are left out: the single-run page may describe them differently).
FINISHED = FINISHED_RUN_STATUSES

#: A well-formed GUID that names nothing (Arena's GUIDs are random A-Z0-9; this is not one).
UNKNOWN_GUID = "ZZZZZZZZZZZZZZZZZZZZ"


def runs_path(guid_segment: str) -> str:
    return f"/imports/{guid_segment}/runs"


def run_path(guid: str, run_guid_segment: str) -> str:
    return f"/imports/{segment(guid)}/runs/{run_guid_segment}"


@dataclass(frozen=True)
class Malformed:
    form: str
    #: The path segment exactly as sent (percent-encoded).
    segment: str


def malformed_guids(guid: str) -> list[Malformed]:
    """Every malformed form Arena must refuse with 400/3011, made from a real GUID."""
    return [
        Malformed("trailing-space", segment(guid + " ")),  # the form in Arena's own page
        Malformed("lower-case", segment(guid.lower())),
        Malformed("19-chars", segment(guid[:19])),
        Malformed("21-chars", segment(guid + guid[0])),
        Malformed("punctuation", segment(guid[:10] + "-" + guid[11:])),
        # 20 characters once decoded, one of them not A-Z0-9: É as UTF-8 bytes.
        Malformed("percent-encoded", segment(guid[:19]) + "%C3%89"),
    ]


MALFORMED_FORMS: tuple[str, ...] = tuple(m.form for m in malformed_guids(UNKNOWN_GUID))


def run_value(run: Any, name: str) -> str | None:
    """A run's value for the filter ``name``, as a query value (None when it has none)."""
    value = run
    for key in FILTERS[name]:
        value = value.get(key) if isinstance(value, dict) else None
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value)


def pick_run(runs: list[Any]) -> dict[str, Any] | None:
    """The run to take filter values from: one with a value for every filter, finished if
    possible (a running run may change status between two requests)."""
    candidates = [run for run in runs if isinstance(run, dict)]
    complete = [r for r in candidates if all(run_value(r, n) is not None for n in FILTER_NAMES)]
    finished = [r for r in complete if r.get("status") in FINISHED]
    return (finished or complete or candidates or [None])[0]


def pick_finished_run(runs: list[Any]) -> dict[str, Any] | None:
    """A run that will not change under us (finished), else the first."""
    candidates = [r for r in runs if isinstance(r, dict) and isinstance(r.get("guid"), str)]
    finished = [r for r in candidates if r.get("status") in FINISHED]
    return (finished or candidates or [None])[0]


#: The HAR comment of the list's last page (``record`` and the probe label it alike).
LAST_PAGE = "last page of the list"

#: How long Arena keeps a finished run's files (POST Import Run's page: results are kept 60
#: days, then deleted; asking for a deleted file is 400 / 3017).
FILES_KEPT = timedelta(days=60)


def pick_content_run(runs: list[Any], *, errors: bool = False) -> dict[str, Any] | None:
    """The finished run whose content files are likeliest still there: the one that ended
    last (Arena deletes them 60 days after); ``errors``: one with failed records, among
    those that ended within 60 days of it, when there is one (for its error file). None
    when no run is finished: an unfinished run's result and error files are refused."""
    finished = [
        r
        for r in runs
        if isinstance(r, dict) and isinstance(r.get("guid"), str) and r.get("status") in FINISHED
    ]
    if not finished:
        return None
    newest = sorted(finished, key=_ended, reverse=True)  # stable: the list's order on ties
    if errors:
        last = _ended(newest[0])
        recent = [r for r in newest if last - _ended(r) <= FILES_KEPT]
        failed = [r for r in recent if _positive(r.get("errorCount"))]
        return (failed or newest)[0]
    return newest[0]


def last_page_query(body: Any) -> list[tuple[str, str]] | None:
    """The query of the list's last page of Arena's default size, when the first page shows
    a longer list (None: the first page is the whole list, or its length is unknown). With
    the first page it holds the newest runs, whichever way Arena orders the list."""
    total = list_total(body)
    shown = len(body["results"]) if total is not None else 0
    if total is None or total <= shown:
        return None
    return [("offset", str(total - DEFAULT_LIMIT))]


def ended_before(run: dict[str, Any], answer: Exchange) -> timedelta | None:
    """How long before ``answer`` (its Date header) ``run`` ended; None when either is not
    known."""
    ended = _ended(run)
    date = answer.headers.get("Date") if answer.headers is not None else None
    try:
        answered = parsedate_to_datetime(date) if date else None
    except (TypeError, ValueError):
        answered = None
    if ended == _NEVER or answered is None or answered.tzinfo is None:
        return None
    return answered - ended


def _ended(run: dict[str, Any]) -> datetime:
    """When a run ended (its completionDateTime; the earliest possible when unreadable)."""
    value = run.get("completionDateTime")
    try:
        ended = datetime.fromisoformat(value.replace("Z", "+00:00"))  # type: ignore[union-attr]
    except (AttributeError, ValueError):
        return _NEVER
    return ended if ended.tzinfo else ended.replace(tzinfo=timezone.utc)


_NEVER = datetime.min.replace(tzinfo=timezone.utc)


def _positive(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def list_total(body: Any) -> int | None:
    """How many runs the list holds, when a first page (default limit) tells it."""
    if not isinstance(body, dict) or not isinstance(body.get("results"), list):
        return None
    shown, count = len(body["results"]), body.get("count")
    if shown < DEFAULT_LIMIT:
        return shown  # the whole list fit on the first page
    if isinstance(count, int) and not isinstance(count, bool) and count > shown:
        return count  # count can only be the total here
    return None


def past_end_offset(body: Any) -> int:
    """An offset just past the end of the list (far past it when the total is unknown)."""
    total = list_total(body)
    return total if total is not None else 1_000_000


def walk_limit(total: int | None) -> int:
    """A page size that walks the list in a few pages (at most 400 a page)."""
    if total is None:
        return MAX_LIMIT
    return max(1, min(MAX_LIMIT, -(-total // 4)))


def walk_offsets(limit: int) -> Iterator[int]:
    offset = 0
    while True:
        yield offset
        offset += limit


def run_statuses() -> tuple[str, ...]:
    """The statuses the contract accepts (schemas/run-status.json)."""
    return RUN_STATUSES


def runs_on(page: Exchange) -> list[dict[str, Any]]:
    """The runs a page of the list shows (none unless it is a 200 with results)."""
    body = page.body if page.status == 200 else None
    results = body.get("results") if isinstance(body, dict) else None
    return [r for r in results or [] if isinstance(r, dict)]


def page_kind(page: Exchange) -> str | None:
    """What a first page shows: 'empty', 'short' (the whole list), 'long' (more than a page)."""
    body = page.body if page.status == 200 else None
    if not isinstance(body, dict) or not isinstance(body.get("results"), list):
        return None
    shown = len(body["results"])
    if shown == 0:
        return "empty"
    total = list_total(body)
    return "short" if total is not None and total <= shown else "long"
