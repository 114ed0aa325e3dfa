"""Rules on the response as a whole: is there a JSON object, is the status documented."""

from __future__ import annotations

from collections.abc import Iterator

from arena_contract.paths import classify
from arena_contract.rules.context import Context
from arena_contract.rules.registry import Hit, rule


@rule(
    "body.json",
    "The body is a JSON object (Arena answers every request with one, but a successful logout).",
)
def body_is_json_object(ctx: Context) -> Iterator[Hit]:
    ex = ctx.exchange
    if ctx.is_file or ex.truncated:
        return  # a content file (the content.* rules read it), or a body cut by the recorder
    if _logged_out(ctx):
        return  # endpoint_logout.md: 200 with "no JSON response" (a body is accepted too)
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


@rule(
    "body.recorded",
    "The capture holds the body as sent (one cut short, left out, kept as lossy text: not judged).",
    severity="warning",
)
def body_recorded(ctx: Context) -> Iterator[Hit]:
    cut = ctx.exchange.truncated
    if cut:
        yield Hit("body", "", f"not judged: {cut}")


@rule(
    "status.undocumented",
    "The HTTP status is one the contract documents for the operation.",
    needs=("operation", "status"),
)
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


def _logged_out(ctx: Context) -> bool:
    """A successful logout (any 2xx to PUT .../logout), which Arena answers with no body."""
    request = ctx.exchange.request
    if request is None or ctx.status is None or not 200 <= ctx.status < 300:
        return False
    try:
        path = request.path
    except ValueError:  # a URL urlsplit refuses: not a logout
        return False
    return request.method.upper() == "PUT" and classify(path)[0] == "logout"
