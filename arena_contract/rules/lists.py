"""Rules on a run list as a list: its count, its page, its filters."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson

from arena_contract import vocabulary
from arena_contract.rules.context import Context
from arena_contract.rules.registry import Hit, rule, shown


def _list(ctx: Context) -> tuple[Any, list[Any]] | None:
    """(count, results) of a run list body, or None when the body is not one (worked out
    once for the four rules below)."""
    found = ctx.memo.get(_LIST, ctx)
    if found is ctx:
        found = ctx.memo[_LIST] = _count_and_results(ctx)
    return found


_LIST = "lists.list"


def _count_and_results(ctx: Context) -> tuple[Any, list[Any]] | None:
    if not ctx.is_run_list or not isinstance(ctx.body, dict):
        return None
    results = ctx.body.get("results")
    return (ctx.body.get("count"), results) if isinstance(results, list) else None


@rule(
    "list.count",
    "count is right under both readings Arena's docs allow (page size or total of matches).",
)
def list_count(ctx: Context) -> Iterator[Hit]:
    found = _list(ctx)
    if found is None or not isinstance(found[0], int) or isinstance(found[0], bool):
        return
    count, results = found
    if count < len(results):
        yield Hit(
            "body",
            "/count",
            f"count {count} is below the {len(results)} results sent",
            expected=f">= {len(results)}",
            actual=count,
        )
        return
    # With no offset and fewer results than the page holds, the whole list fit on one
    # page: page size and total are then the same number, the number of results. Only
    # with the request: a raw body's offset and limit are unknown.
    limit = ctx.page_limit
    whole_list = limit is not None and not ctx.param("offset") and len(results) < limit
    if whole_list and count != len(results):
        yield Hit(
            "body",
            "/count",
            f"count {count} but the whole list ({len(results)} results) fit on one page",
            expected=len(results),
            actual=count,
        )


@rule("list.unique", "No run guid or run number appears twice in one response.")
def list_unique(ctx: Context) -> Iterator[Hit]:
    found = _list(ctx)
    if found is None:
        return
    for key in ("guid", "number"):
        if _all_distinct(ctx.column(key)):
            continue  # the common case, found at C speed
        first: dict[Any, int] = {}
        for index, run in enumerate(found[1]):
            value = run.get(key) if type(run) is dict else None
            hashable = _hashable(value)
            if hashable is None:
                continue
            seen_at = first.setdefault(hashable, index)
            if seen_at != index:
                yield Hit(
                    "body",
                    f"/results/{index}/{key}",
                    f"run {key} {shown(value)!r} appears twice (first at /results/{seen_at})",
                    actual=shown(value),
                )


def _hashable(value: Any) -> Any:
    """A key equal for equal JSON values, or None for no value (or one too deep to tell).

    Strings and integers are their own keys (the common case); anything else (a schema
    violation already) by its type and JSON text, so that 1 and True differ.
    """
    if value is None or type(value) in (str, int):
        return value
    try:
        return type(value).__name__, orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # deeper than orjson writes (254 levels), or an int over 64 bits
        return None


def _all_distinct(values: list[Any]) -> bool:
    """No value other than None appears twice; False when unsure (an unhashable value).

    Equal in a set means equal for the rule too (strict JSON has no NaN), so True is exact.
    """
    try:
        distinct = set(values)
    except TypeError:
        return False
    distinct.discard(None)
    return len(distinct) == len(values) - values.count(None)


@rule(
    "list.page-size", "No more results than the request's limit (default 20), and never over 400."
)
def list_page_size(ctx: Context) -> Iterator[Hit]:
    found = _list(ctx)
    if found is None:
        return
    # Without the request, the page size asked for is unknown: check Arena's maximum only.
    limit = ctx.page_limit or vocabulary.MAX_LIMIT
    if len(found[1]) > limit:
        yield Hit(
            "body",
            "/results",
            f"{len(found[1])} results on a page of at most {limit}",
            expected=f"<= {limit}",
            actual=len(found[1]),
        )


def __getattr__(name: str) -> Any:
    """FILTERS: query parameter -> path of the run field it filters on (the contract's run
    filters), made on first use (openapi.yaml is read only when a list is checked)."""
    if name == "FILTERS":
        found = {f: tuple(f.split(".")) for f in vocabulary.RUN_FILTERS}
        globals()["FILTERS"] = found
        return found
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _filters() -> dict[str, tuple[str, ...]]:
    return globals()["FILTERS"] if "FILTERS" in globals() else __getattr__("FILTERS")


def _field(run: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        run = run.get(key) if isinstance(run, dict) else None
    return run


def _matches(name: str, value: Any, wanted: str) -> bool:
    if value is None:
        return False
    if name == "creator.email":  # mailbox names are case-insensitive in practice
        return str(value).lower() == wanted.lower()
    return str(value) == wanted


@rule(
    "list.filter",
    "Every result matches the request's filters (status, number, creator.*).",
    needs=("request",),
)
def list_filter(ctx: Context) -> Iterator[Hit]:
    found = _list(ctx)
    if found is None or ctx.exchange.request is None:  # no request: no filter was asked for
        return
    for name, path in _filters().items():
        wanted = ctx.param(name)
        if wanted is None or wanted.endswith("*"):  # a wildcard search: not an exact filter
            continue
        for index, run in enumerate(found[1]):
            value = shown(_field(run, path))
            if not _matches(name, value, wanted):
                yield Hit(
                    "body",
                    f"/results/{index}/{'/'.join(path)}",
                    f"the request filtered {name}={wanted!r} but this run has {value!r}",
                    expected=wanted,
                    actual=value,
                )
