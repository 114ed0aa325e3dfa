"""List endpoints: paging (``offset``/``limit``), run filters and the ``{count, results}`` envelope.

Assumptions (Arena's list convention; no Arena page documents the run list):

- ``offset`` defaults to 0, ``limit`` to 20, at most 400. Values must be plain
  decimal integers (ASCII digits, optional leading ``-``). A negative or
  non-integer offset gets 400 / 4328; a limit that is not an integer or below 1
  gets 400 / 4329. Arena's answer to ``limit`` over 400 is unknown: by default
  400 / 4329, or, with ``limit_over_max="clamp"``, a page of 400;
- the run filters ``status``, ``number``, ``creator.guid``, ``creator.email`` and
  ``creator.fullName`` match exactly (case-sensitive, no wildcards); an unknown
  status value simply matches nothing; ``number`` must be an integer
  (otherwise 400 / 3006). Unknown parameters are ignored;
- ``count`` is, by default, the number of runs matching the filters across all
  pages (``count_reading="total"``); ``"page"`` makes it the number of results
  on this page. Arena's docs support either reading.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from arena_contract.mock.errors import INVALID_LIMIT, INVALID_OFFSET, INVALID_OPTION, ArenaError
from arena_contract.mock.target import Target
from arena_contract.rules.context import DEFAULT_LIMIT, MAX_LIMIT

CountReading = Literal["total", "page"]
LimitOverMax = Literal["error", "clamp"]

RUN_FILTERS = ("status", "number", "creator.guid", "creator.email", "creator.fullName")

# int() would also take " 5", "1_000" and non-ASCII digits, which a Java server would not.
_INTEGER = re.compile(r"-?[0-9]+\Z")


@dataclass(frozen=True)
class Paging:
    offset: int = 0
    limit: int = DEFAULT_LIMIT


def _integer(value: str) -> int | None:
    return int(value) if _INTEGER.match(value) else None


def parse_paging(target: Target, limit_over_max: LimitOverMax = "error") -> Paging:
    raw_offset, raw_limit = target.param("offset"), target.param("limit")
    offset = 0 if raw_offset is None else _integer(raw_offset)
    if offset is None or offset < 0:
        raise ArenaError.coded(400, INVALID_OFFSET, raw_offset)
    limit = DEFAULT_LIMIT if raw_limit is None else _integer(raw_limit)
    if limit is None or limit < 1 or (limit > MAX_LIMIT and limit_over_max == "error"):
        raise ArenaError.coded(400, INVALID_LIMIT, raw_limit)
    return Paging(offset, min(limit, MAX_LIMIT))


def parse_run_filters(target: Target) -> dict[str, Any]:
    """The filters given, by name; ``number`` as an int."""
    filters: dict[str, Any] = {}
    for name in RUN_FILTERS:
        value = target.param(name)
        if value is None:
            continue
        if name == "number":
            number = _integer(value)
            if number is None:
                raise ArenaError.coded(400, INVALID_OPTION, value, name)
            filters[name] = number
        else:
            filters[name] = value
    return filters


def _field(run: Mapping[str, Any], dotted: str) -> Any:
    value: Any = run
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def select(runs: Sequence[Mapping[str, Any]], filters: Mapping[str, Any]) -> list:
    return [run for run in runs if all(_field(run, k) == v for k, v in filters.items())]


def envelope(matches: int, page: list, reading: CountReading) -> dict[str, Any]:
    return {"count": matches if reading == "total" else len(page), "results": page}
