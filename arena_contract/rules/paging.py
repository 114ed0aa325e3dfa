"""Rules across the pages of one list, as a capture that pages through it shows them."""

from __future__ import annotations

from collections.abc import Iterator

from arena_contract.rules.context import Context
from arena_contract.rules.lists import FILTERS
from arena_contract.rules.registry import Feed, Hit, sequence_rule


@sequence_rule(
    "list.pages-overlap",
    "Pages of one list agree: a run keeps its position (offset + index) across pages (warning).",
    severity="warning",
)
def pages_do_not_overlap() -> Feed:
    # A warning, not an error: runs created while a newest-first list is being paged
    # shift it, and a capture cannot tell that from a server that repeats runs.
    # Positions, not pages: pages of different sizes rightly share runs, but a run at
    # two positions of the same list means a repeat (or a run skipped elsewhere).
    first_seen: dict[tuple[str, tuple[tuple[str, str], ...]], dict[str, int]] = {}

    def feed(ctx: Context) -> Iterator[Hit]:
        request = ctx.exchange.request
        if request is None or not ctx.is_run_list or ctx.status != 200:
            return
        filters = tuple(sorted((n, ctx.param(n) or "") for n in FILTERS if ctx.param(n)))
        positions = first_seen.setdefault((request.path, filters), {})
        offset = ctx.int_param("offset") or 0
        for index, run in enumerate(ctx.runs):
            guid = run.get("guid") if isinstance(run, dict) else None
            if not isinstance(guid, str):
                continue
            earlier = positions.setdefault(guid, offset + index)
            if earlier != offset + index:
                yield Hit(
                    "body",
                    f"/results/{index}/guid",
                    f"run {guid} is at position {offset + index} of the list here but was at "
                    f"position {earlier} on an earlier page",
                    expected=earlier,
                    actual=offset + index,
                )

    return feed
