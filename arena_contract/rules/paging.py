"""Rules across the pages of one list, as a capture that pages through it shows them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from arena_contract.rules import lists as list_rules
from arena_contract.rules.context import Context
from arena_contract.rules.registry import Feed, Hit, sequence_rule


@dataclass
class _List:
    """What was seen of one list (one path, one set of filters) so far."""

    #: guid -> (position in the list, the walk it was seen in).
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: The last page: (offset, limit, results, count), and the walk it belongs to.
    last: tuple[int, int, int, Any] | None = None
    walk: int = 0


@sequence_rule(
    "list.pages-overlap",
    "Pages of one list agree: a run keeps its position (offset + index) across pages "
    "(an error within one walk, a warning otherwise).",
    severity="warning",
)
def pages_do_not_overlap() -> Feed:
    # Positions, not pages: pages of different sizes rightly share runs, but a run at two
    # positions of the same list means a repeat (or a run skipped elsewhere).
    #
    # Severity. In general a warning: runs created while a newest-first list is paged shift
    # it, and a capture cannot tell that from a server that repeats runs. Within one *walk*
    # it is an error: pages of the same list query (path, filters, limit), each at the
    # offset where the previous, full, page ended, fed to the same Validator (one capture
    # file for `check`, one probe run) and all answering the same integer `count`, so the
    # list did not change meanwhile. The probe's page walk is such a walk; so is a
    # recording of one.
    lists: dict[tuple[str, tuple[tuple[str, str], ...]], _List] = {}

    def feed(ctx: Context) -> Iterator[Hit]:
        request = ctx.exchange.request
        if request is None or not ctx.is_run_list or ctx.status != 200:
            return
        filters = tuple(sorted((n, ctx.param(n) or "") for n in list_rules.FILTERS if ctx.param(n)))
        seen = lists.setdefault((request.path, filters), _List())
        offset, limit = ctx.int_param("offset") or 0, ctx.page_limit or 0
        runs = ctx.runs
        count = ctx.body.get("count") if isinstance(ctx.body, dict) else None
        stable = _continues(seen.last, offset, limit, count)
        if not stable:
            seen.walk += 1
        seen.last = (offset, limit, len(runs), count)
        for index, run in enumerate(runs):
            guid = run.get("guid") if isinstance(run, dict) else None
            if not isinstance(guid, str):
                continue
            earlier, walk = seen.positions.get(guid, (offset + index, seen.walk))
            if earlier == offset + index:
                seen.positions[guid] = (earlier, seen.walk)  # seen (again) in this walk
            else:
                one_walk = walk == seen.walk
                yield Hit(
                    "body",
                    f"/results/{index}/guid",
                    f"run {guid} is at position {offset + index} of the list here but was at "
                    f"position {earlier} on an earlier page"
                    + (" of the same walk (count unchanged)" if one_walk else ""),
                    expected=earlier,
                    actual=offset + index,
                    severity="error" if one_walk else None,
                )

    return feed


def _continues(last: tuple[int, int, int, Any] | None, offset: int, limit: int, count: Any) -> bool:
    """This page is the next page of the same walk as ``last``."""
    if last is None:
        return False
    last_offset, last_limit, last_results, last_count = last
    return (
        limit == last_limit
        and last_results == limit
        and offset == last_offset + last_results
        and type(count) is int
        and count == last_count
    )
