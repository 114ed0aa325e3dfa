"""Rules on Arena's error answers: their form, and the codes the page documents."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

from arena_contract.paths import is_guid
from arena_contract.rules.context import Context
from arena_contract.rules.registry import Hit, rule, shown

BAD_GUID, NOT_FOUND = 3011, 3012
#: Statuses that answer before Arena looks at the path: no session, no privilege, the quota.
#: A malformed GUID sent with no session rightly gets 401, not 400.
ANSWERED_BEFORE_ROUTING = frozenset({401, 403, 429, 500, 503})


def _errors(body: Any) -> list[dict[str, Any]]:
    errors = body.get("errors") if isinstance(body, dict) else None
    return [e for e in errors if isinstance(e, dict)] if isinstance(errors, list) else []


@rule(
    "error.form",
    "An error status comes with Arena's error body: {status, errors: [{code, message}]}.",
)
def error_form(ctx: Context) -> Iterator[Hit]:
    # A raw body (no status) is judged as an error body when it has "errors" at all.
    error_body = ctx.is_error_status or (ctx.status is None and ctx.is_error_body)
    if not error_body or ctx.exchange.body_error is not None or ctx.body is None:
        return  # no JSON at all is body.json's finding
    body = ctx.body
    if not isinstance(body, dict) or not isinstance(body.get("errors"), list):
        yield Hit(
            "body",
            "",
            f"status {ctx.status} did not come with Arena's error form",
            expected='{"status": ..., "errors": [{"code": ..., "message": ...}]}',
            actual=sorted(body) if isinstance(body, dict) else type(body).__name__,
        )


@rule(
    "error.status-mismatch", "The error body's status repeats the HTTP status.", needs=("status",)
)
def error_status_mismatch(ctx: Context) -> Iterator[Hit]:
    if ctx.status is None or not isinstance(ctx.body, dict) or "errors" not in ctx.body:
        return
    status = ctx.body.get("status")
    if isinstance(status, int) and status != ctx.status:
        yield Hit(
            "body",
            "/status",
            f"the body says status {status} but the HTTP status is {ctx.status}",
            expected=ctx.status,
            actual=status,
        )


def _sent_guids(ctx: Context) -> list[tuple[str, str]]:
    """(raw, decoded) of each GUID in the request path, import GUID first."""
    return [
        (raw, unquote(raw)) for key, raw in ctx.path_params.items() if key in ("guid", "runGuid")
    ]


@rule(
    "error.bad-guid",
    "A malformed GUID gets 400 with code 3011 quoting the GUID as sent (trailing space and all).",
    needs=("status",),
)
def bad_guid(ctx: Context) -> Iterator[Hit]:
    if ctx.status is None or ctx.status in ANSWERED_BEFORE_ROUTING:
        return
    malformed = [(raw, decoded) for raw, decoded in _sent_guids(ctx) if not is_guid(decoded)]
    if not malformed:
        return
    raw, decoded = malformed[0]
    if ctx.status != 400:
        yield Hit(
            "status",
            "",
            f"the malformed GUID {decoded!r} got status {ctx.status}, not 400",
            expected=400,
            actual=ctx.status,
        )
        return
    errors = _errors(ctx.body)
    codes = [shown(e.get("code")) for e in errors]
    if BAD_GUID not in codes:
        yield Hit(
            "body",
            "/errors",
            f"the malformed GUID {decoded!r} got codes {codes}, not 3011",
            expected=BAD_GUID,
            actual=codes,
        )
        return
    index = codes.index(BAD_GUID)
    message = errors[index].get("message")
    if not isinstance(message, str) or not any(f'"{g}"' in message for g in (decoded, raw)):
        yield Hit(
            "body",
            f"/errors/{index}/message",
            "the 3011 message does not quote the GUID as sent",
            expected=f'The guid "{decoded}" is not valid.',
            actual=shown(message),
        )


@rule(
    "error.not-found",
    "A well-formed GUID that names nothing gets Arena's 400 with code 3012 or 3024 "
    "(warning otherwise).",
    severity="warning",
    needs=("status",),
)
def not_found(ctx: Context) -> Iterator[Hit]:
    # Arena answers unknown GUIDs with 400/3012 elsewhere in its API, and documents 3024
    # for objects one may not see; no import-specific sample exists, so another answer is
    # a warning, not a violation.
    sent = _sent_guids(ctx)
    if ctx.status != 404 or not sent or not all(is_guid(decoded) for _, decoded in sent):
        return
    yield Hit(
        "status",
        "",
        "a well-formed GUID got 404; Arena's not-found form is 400 with code 3012 or 3024",
        expected=400,
        actual=404,
    )
