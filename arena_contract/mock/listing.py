"""List endpoints: paging (``offset``/``limit``), run filters and the ``{count, results}`` envelope.

Assumptions (Arena's list convention; no Arena page documents the run list):

- ``offset`` defaults to 0, ``limit`` to 20, at most 400 (the GET Import
  Definitions (Search) page). Values must be plain decimal integers (ASCII digits,
  optional leading ``-``). A value that is no integer gets 400 / 3041; a negative
  offset or a limit below 1 gets 400 / 3220 (Arena's "Limit must be 1-400, offset
  must equal or bigger than 0."), and so does a limit over 400 by default (inferred
  from that text), or, with ``limit_over_max="clamp"``, a page of 400;
- the run filters ``status``, ``number``, ``creator.guid``, ``creator.email`` and
  ``creator.fullName`` match exactly (case-sensitive, no wildcards); an unknown
  status value simply matches nothing; ``number`` must be an integer
  (otherwise 400 / 3006). Any other parameter gets 400 / 3019 "The attribute
  ... is not searchable." (documented for GET /imports, inferred for the run list);
- GET /imports takes the search page's attributes (``name``, ``number`` as a
  string, ``description``, ``creator.*``, ``mode``, and ``resource`` from its
  sample): exact and case-sensitive, or "starts with" when the value ends in
  ``*`` (Arena's search convention); another attribute gets 400 / 3019;
- ``count`` is, by default, the number of runs matching the filters across all
  pages (``count_reading="total"``); ``"page"`` makes it the number of results
  on this page. Arena's docs support either reading.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from arena_contract.mock.errors import (
    INVALID_OPTION,
    INVALID_PAGING,
    NOT_SEARCHABLE,
    PAGING_OUT_OF_RANGE,
    ArenaError,
)
from arena_contract.mock.target import Target
from arena_contract.vocabulary import DEFAULT_LIMIT, IMPORT_FILTERS, MAX_LIMIT, PAGING, RUN_FILTERS

CountReading = Literal["total", "page"]
LimitOverMax = Literal["error", "clamp"]


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
    limit = DEFAULT_LIMIT if raw_limit is None else _integer(raw_limit)
    if offset is None or limit is None:
        raise ArenaError.coded(400, INVALID_PAGING)
    if offset < 0 or limit < 1 or (limit > MAX_LIMIT and limit_over_max == "error"):
        raise ArenaError.coded(400, PAGING_OUT_OF_RANGE)
    return Paging(offset, min(limit, MAX_LIMIT))


def refuse_unsearchable(target: Target, searchable: Sequence[str]) -> None:
    """400 / 3019 for the first query parameter that is neither paging nor searchable."""
    for name in target.query:
        if name not in searchable and name not in PAGING:
            raise ArenaError.coded(400, NOT_SEARCHABLE, name)


def parse_import_filters(target: Target) -> dict[str, str]:
    """GET /imports' search: the attributes given, by name (3019 for another)."""
    refuse_unsearchable(target, IMPORT_FILTERS)
    return {name: value for name in IMPORT_FILTERS if (value := target.param(name)) is not None}


def search(definitions: Sequence[Mapping[str, Any]], filters: Mapping[str, str]) -> list:
    """The definitions matching every filter: exactly, or by prefix for a value ending in *."""

    def matches(definition: Mapping[str, Any], name: str, wanted: str) -> bool:
        value = _field(definition, name)
        if value is None or isinstance(value, (dict, list)):
            return False
        text = str(value)
        return text.startswith(wanted[:-1]) if wanted.endswith("*") else text == wanted

    return [d for d in definitions if all(matches(d, k, v) for k, v in filters.items())]


def parse_run_filters(target: Target) -> dict[str, Any]:
    """The filters given, by name; ``number`` as an int (3019 for another parameter)."""
    refuse_unsearchable(target, RUN_FILTERS)
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
