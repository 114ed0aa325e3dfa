"""Rules on the response as a whole: is there a JSON object, is the status documented."""

from __future__ import annotations

from collections.abc import Iterator

from arena_contract.rules.context import Context
from arena_contract.rules.registry import Hit, rule


@rule("body.json", "The body is a JSON object (Arena answers every request with one).")
def body_is_json_object(ctx: Context) -> Iterator[Hit]:
    ex = ctx.exchange
    if ctx.is_file:
        return  # a content file (CSV, XLSX): the content.* rules read it
    if ex.body_error is not None:
        yield Hit("body", "", f"the body is not JSON: {ex.body_error}")
    elif ex.text is None and ex.body is None:
        yield Hit("body", "", "the response has no body", expected="a JSON object")
    elif not isinstance(ex.body, dict):
        yield Hit(
            "body",
            "",
            "the body is JSON but not an object",
            expected="object",
            actual=type(ex.body).__name__,
        )


@rule("status.undocumented", "The HTTP status is one the contract documents for the operation.")
def status_documented(ctx: Context) -> Iterator[Hit]:
    if ctx.operation is None or ctx.status is None:
        return
    documented = sorted(ctx.operation.responses)
    if ctx.status not in documented:
        yield Hit(
            "status",
            "",
            f"status {ctx.status} is not documented for {ctx.operation.operation_id}",
            expected=documented,
            actual=ctx.status,
        )
