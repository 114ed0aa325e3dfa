"""Which documented behaviours of the read side (GET /imports/{guid}/runs, a single run, a
single definition, a run's content files) the mock's request log shows.

Told on the mock's side, from what it received and answered and from its own data (how many
runs a definition has, which values its runs hold), without trusting the client's account:
the probe's tests and the benchmark compare what the probe says it covered with this.
The IDs are the probe's (``arena_contract.suite.probe.BEHAVIOURS``; a test keeps them equal).
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qsl, unquote, urlsplit

from arena_contract.exchange import Exchange
from arena_contract.mock.dataset import Dataset
from arena_contract.mock.imports import seeded_files_gone
from arena_contract.mock.listing import select
from arena_contract.paths import is_guid
from arena_contract.vocabulary import (
    DEFAULT_LIMIT,
    FINISHED_RUN_STATUSES,
    MAX_LIMIT,
    RUN_FILTERS,
)

FILTERS = RUN_FILTERS
DEFAULT_PAGE = DEFAULT_LIMIT
MAX_PAGE = MAX_LIMIT
#: A run's content files, by the last segment of their path.
CONTENT = {
    "submitContent": "content-submit",
    "resultContent": "content-result",
    "errorContent": "content-error",
}


def behaviours_seen(dataset: Dataset, exchanges: Iterable[Exchange]) -> set[str]:
    """The behaviours shown by ``exchanges`` (the mock's log) of a mock serving ``dataset``."""
    seen: set[str] = set()
    for exchange in exchanges:
        request = exchange.request
        if request is None or request.method != "GET":
            continue
        parts = urlsplit(request.url)
        segments = parts.path.split("/")
        if "imports" not in segments:
            continue
        rest = segments[segments.index("imports") + 1 :]
        if len(rest) == 1 and exchange.status == 200 and is_guid(unquote(rest[0])):
            if dataset.definition(unquote(rest[0])) is not None:
                seen.add("definition-single")
            continue
        if len(rest) < 2 or rest[1] != "runs":
            continue
        guid = unquote(rest[0])
        query = parse_qsl(parts.query, keep_blank_values=True)
        seen |= _one(dataset, exchange, guid, rest[2:], query)
    return seen


def _file_or_gone(exchange: Exchange, run: dict) -> bool:
    """A content file of a finished run: sent, or refused (400 / 3017) as deleted 60 days
    after the run ended, as the mock's own data says."""
    if exchange.status == 200:
        return True
    gone = run["status"] in FINISHED_RUN_STATUSES and seeded_files_gone(run)
    errors = exchange.body.get("errors") if isinstance(exchange.body, dict) else None
    codes = [e.get("code") for e in errors or [] if isinstance(e, dict)]
    return gone and exchange.status == 400 and codes == [3017]


def _one(
    dataset: Dataset, exchange: Exchange, guid: str, run: list[str], query: list[tuple[str, str]]
) -> set[str]:
    if exchange.status == 401:
        has_session = exchange.request is not None and any(
            name.lower() in ("arena_session_id", "authorization")
            for name, _ in exchange.request.headers.items()
        )
        return {"session-invalid" if has_session else "session-missing"}
    if not is_guid(guid):
        return {"guid-malformed-trailing-space" if guid.endswith(" ") else "guid-malformed-other"}
    definition = dataset.definition(guid)
    if definition is None:
        return {"guid-unknown"}
    if run:
        found = definition.runs_by_guid.get(run[0])
        if found is None:
            return set()
        if len(run) == 2 and run[1] in CONTENT and _file_or_gone(exchange, found):
            return {CONTENT[run[1]]}
        return {"single-run"} if len(run) == 1 and exchange.status == 200 else set()
    if exchange.status != 200:
        return {"page-limit-over-400"} if _limit(query) and _limit(query) > MAX_PAGE else set()
    return _list(definition.runs, query)


def _limit(query: list[tuple[str, str]]) -> int | None:
    values = [v for k, v in query if k == "limit"]
    return int(values[0]) if values and values[0].isdigit() else None


def _list(runs: tuple, query: list[tuple[str, str]]) -> set[str]:
    seen: set[str] = set()
    filters = {k: v for k, v in query if k in FILTERS}
    limit = _limit(query)
    offsets = [v for k, v in query if k == "offset"]
    offset = int(offsets[0]) if offsets and offsets[0].isdigit() else 0
    if not filters and not offset and limit is None:
        if not runs:
            seen.add("list-empty")
        else:
            seen.add("list-with-runs")
            if len(runs) > DEFAULT_PAGE:
                seen.add("list-long")
    typed = {k: int(v) if k == "number" and v.isdigit() else v for k, v in filters.items()}
    matches = select(runs, typed) if filters else list(runs)
    if len(filters) == 1:
        (name,) = filters
        seen.add(f"filter-{name}" if matches else "filter-no-match")
    elif len(filters) >= 2 and matches:
        seen.add("filter-pair")
    if limit is not None and limit < DEFAULT_PAGE and len(matches) - offset >= limit:
        seen.add("page-short")  # a short page that could show a whole page of `limit`
    if limit == MAX_PAGE:
        seen.add("page-limit-400")
    if limit is not None and limit > MAX_PAGE:
        seen.add("page-limit-over-400")  # when clamped (the mock's other setting)
    if 0 < offset < len(matches):
        seen.add("page-offset-inside")
    if runs and offset >= len(matches) and offset > 0:
        seen.add("page-offset-past-end")
    return seen
