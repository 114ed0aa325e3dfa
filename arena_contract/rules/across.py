"""Rules across the requests of one probe run (``probe.*``): what no single answer shows.

Each is a :func:`run_rule`: the probe calls it with the evidence (the answer, the run a
filter value was taken from, the pages of a walk, the quota readings) and gets findings
back. The answers' own rules (``@rule``) and the pages of one list (``list.pages-overlap``)
are judged by the validator as for any capture; these need what only the probe knows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import pairwise
from typing import Any

from arena_contract.exchange import Exchange
from arena_contract.numbers import parse_count
from arena_contract.redact import safe_url
from arena_contract.rules import lists
from arena_contract.rules.registry import Hit, run_rule
from arena_contract.vocabulary import UNFINISHED_RUN_STATUSES


def _value(run: dict[str, Any], name: str) -> Any:
    value: Any = run
    for key in lists.FILTERS[name]:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _results(exchange: Exchange) -> list[Any]:
    body = exchange.body if exchange.status == 200 else None
    results = body.get("results") if isinstance(body, dict) else None
    return [r for r in results or [] if isinstance(r, dict)]


@run_rule(
    "probe.redirect",
    "Arena answered with a redirect (never followed: the session header would go along).",
)
def redirect(exchange: Exchange) -> Iterator[Hit]:
    if exchange.status is None or not 300 <= exchange.status < 400 or exchange.headers is None:
        return
    where = safe_url(exchange.headers.get("Location", "(no Location header)"))
    yield Hit(
        "status",
        "",
        f"HTTP {exchange.status} redirecting to {where} (not followed)",
        expected="no redirect",
        actual=exchange.status,
    )


@run_rule(
    "probe.content-length",
    "A body is not cut short by its Content-Length (as when it counts characters instead "
    "of bytes).",
)
def cut_short(exchange: Exchange) -> Iterator[Hit]:
    # An HTTP client reads exactly Content-Length bytes, so a short Content-Length shows on
    # the wire as a truncated body (body.json); say why, when the evidence points there.
    text, headers = exchange.text, exchange.headers
    if exchange.body_error is None or text is None or headers is None or text.isascii():
        return
    declared = parse_count(headers.get("Content-Length"))
    cut_there = declared is not None and declared == len(text)
    if cut_there and "truncated" in exchange.body_error:
        yield Hit(
            "headers",
            "Content-Length",
            f"the body stops after Content-Length {declared} bytes in the middle of the JSON; "
            "Content-Length seems to count characters, not bytes (the body is not ASCII)",
            expected="the body's length in bytes",
            actual=declared,
        )


@run_rule(
    "probe.status",
    "The status the contract states for this request (200 for a valid list request, 401 "
    "without a valid session).",
)
def status(exchange: Exchange, *allowed: int) -> Iterator[Hit]:
    if exchange.status not in allowed:
        wanted = allowed[0] if len(allowed) == 1 else list(allowed)
        yield Hit(
            "status",
            "",
            f"HTTP {exchange.status}, expected {wanted}",
            expected=wanted,
            actual=exchange.status,
        )


@run_rule("probe.filter-misses", "A filter value taken from a run seen matches at least that run.")
def filter_misses(exchange: Exchange, run: dict[str, Any], names: Iterable[str]) -> Iterator[Hit]:
    """The run the values came from must be among the matches (when the page can show it)."""
    if exchange.status != 200:
        return
    names = list(names)
    results = _results(exchange)
    wanted = ", ".join(f"{n}={_query_value(run, n)!r}" for n in names)
    if not results:
        yield Hit(
            "body",
            "/results",
            f"{wanted} (from run {run.get('guid')}) matched nothing",
            expected=">= 1 result",
            actual=0,
        )
    elif "number" in names and all(r.get("guid") != run.get("guid") for r in results):
        yield Hit(
            "body",
            "/results",
            f"{wanted}: run {run.get('guid')} is not among the results",
            expected=run.get("guid"),
        )


def _query_value(run: dict[str, Any], name: str) -> str | None:
    value = _value(run, name)
    return None if value is None or isinstance(value, (dict, list)) else str(value)


@run_rule("probe.page-short", "A page holds as many runs as its limit allows while more remain.")
def page_short(asked: str, shown: int, wanted: int, *, compare: str = "at-least") -> Iterator[Hit]:
    """``asked`` (``limit=5 at offset 5``) gave ``shown`` runs where the first page shows
    ``wanted``. ``compare``: "exact" (a page inside the list: no more either), "at-least",
    or "some" (the list has runs: the page must show one)."""
    if compare == "exact" and shown != wanted:
        yield Hit(
            "body",
            "/results",
            f"{asked} gave {shown} runs; the first page shows {wanted} from there",
            expected=wanted,
            actual=shown,
        )
    elif compare == "some" and wanted and not shown:
        yield Hit(
            "body",
            "/results",
            f"{asked} gave no run but the list has runs",
            expected=1,
            actual=0,
        )
    elif compare == "at-least" and shown < wanted:
        yield Hit(
            "body",
            "/results",
            f"{asked} gave {shown} runs, fewer than the {wanted} of the default page",
            expected=f">= {wanted}",
            actual=shown,
        )


@run_rule("probe.page-past-end", "An offset past the end gives an empty page.")
def page_past_end(exchange: Exchange, offset: int) -> Iterator[Hit]:
    shown = len(_results(exchange))
    if shown:
        yield Hit(
            "body",
            "/results",
            f"offset={offset} is past the end but the page has runs",
            expected=0,
            actual=shown,
        )


@run_rule(
    "probe.page-offset", "A page at an offset inside the list starts with the run at that position."
)
def page_offset(offset: int, wanted: Any, got: Any) -> Iterator[Hit]:
    if wanted != got:
        yield Hit(
            "body",
            "/results/0/guid",
            f"offset={offset} starts at run {got}, not at the run the first page shows at that "
            f"position ({wanted})",
            expected=wanted,
            actual=got,
        )


@run_rule(
    "probe.page-missing", "Paging through the list shows every run (count, and the first page)."
)
def page_missing(first: Exchange, walked: Iterable[Any], counts: set[Any]) -> Iterator[Hit]:
    """``walked``: every run GUID the walk showed; ``counts``: each page's ``count``."""
    walked = set(walked)
    on_first = [r.get("guid") for r in _results(first)]
    lost = [g for g in on_first if g not in walked]
    if lost:
        yield Hit(
            "body",
            "/results",
            f"{len(lost)} run(s) of the first page never came up while paging",
            expected=lost[:5],
        )
    count = next(iter(counts)) if len(counts) == 1 else None
    if isinstance(count, int) and count > len(on_first) and count != len(walked):
        yield Hit(
            "body",
            "/count",
            f"paging showed {len(walked)} distinct runs but count is {count}",
            expected=count,
            actual=len(walked),
        )


#: Fields that may change between two requests while a run is not finished.
MOVING = frozenset(
    {
        "status",
        "completionDateTime",
        "totalCount",
        "successCount",
        "errorCount",
        "warnings",
        "changes",
    }
)
_ABSENT = object()


@run_rule("probe.single-run", "GET /imports/{guid}/runs/{runGuid} agrees with the run in the list.")
def single_run(listed: dict[str, Any], single: dict[str, Any]) -> Iterator[Hit]:
    finished = listed.get("status") not in UNFINISHED_RUN_STATUSES
    for key, value in listed.items():
        if not finished and key in MOVING:
            continue
        if single.get(key, _ABSENT) != value:
            yield Hit(
                "body",
                f"/{key}",
                f"{key} differs from the run in the list",
                expected=value,
                actual=single.get(key, "(absent)"),
            )


@run_rule("probe.countdown", "X-Arena-Requests-Remaining counts down across the run.")
def countdown(readings: list[Any]) -> Iterator[Hit]:
    """``readings``: the quota header's values in order (``.remaining``, ``.reset``)."""
    for before, after in pairwise(readings):
        if after.remaining > before.remaining and after.reset == before.reset:
            yield Hit(
                "headers",
                "X-Arena-Requests-Remaining",
                f"X-Arena-Requests-Remaining went up from {before.remaining} to "
                f"{after.remaining} with no new reset time",
                expected=f"<= {before.remaining}",
                actual=after.remaining,
            )
    first, last = readings[0], readings[-1]
    if last.remaining >= first.remaining and last.reset == first.reset:
        yield Hit(
            "headers",
            "X-Arena-Requests-Remaining",
            f"X-Arena-Requests-Remaining never counted down over {len(readings)} answers",
            expected=f"< {first.remaining}",
            actual=last.remaining,
        )
