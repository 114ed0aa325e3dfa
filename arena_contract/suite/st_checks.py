"""Schemathesis's side of the exploration: the operation, and this project's rules as a check.

``arena_contract_rules`` is registered with ``@schemathesis.check`` so that any
Schemathesis run in the same process applies the project's validator to this contract's
operations; it does nothing for other paths, so loading the suite cannot affect a user's
own Schemathesis tests against other APIs.
"""

from __future__ import annotations

import functools
import threading
from typing import Any

import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.errors import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from arena_contract import contract
from arena_contract.exchange import Exchange, Headers, Request
from arena_contract.jsonload import JsonError, parse_json
from arena_contract.live.client import SESSION_HEADER
from arena_contract.redact import redact_text, register_secret
from arena_contract.suite.judge import judge

OPERATION = ("/imports/{guid}/runs", "GET")


@functools.cache
def schema() -> Any:
    return schemathesis.openapi.from_path(contract.openapi_path())


def operation() -> Any:
    path, method = OPERATION
    return schema()[path][method]


_strict = threading.local()


@schemathesis.check
def arena_contract_rules(ctx: Any, response: Any, case: Any) -> bool | None:
    """arena-contract's rules (the contract's semantic checks beyond the JSON Schema)."""
    templates = {op.template for op in contract.operations()}
    if case.operation.path not in templates:
        return None  # another API's operation: not this contract's business
    # The session the run was given (-H, or the hooks' ARENA_SESSION_ID) is a secret, even
    # when a server echoes it into a body that a finding quotes.
    sent = getattr(response.request, "headers", None) or {}
    register_secret(sent.get(SESSION_HEADER))
    verdict = judge(_exchange(response), strict=getattr(_strict, "on", False))
    if verdict.errors:
        raise AssertionError(redact_text(verdict.message()))
    return None


def _exchange(response: Any) -> Exchange:
    headers = Headers((name, ", ".join(values)) for name, values in response.headers.items())
    request = response.request  # not always a GET: Schemathesis probes other methods too
    exchange = Exchange(
        Request(request.method or "GET", request.url),
        response.status_code,
        headers,
        response.content,
    )
    try:
        exchange.body = parse_json(response.content, origin="the body", what="body")
    except JsonError as exc:
        exchange.body_error = str(exc)
    return exchange


#: Schemathesis checks that only read the response (none of them sends a request of its own,
#: which would bypass the budget).
CHECKS = (
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    arena_contract_rules,
)


def failures(
    case: Any, response: Any, *, strict: bool = False, own_only: bool = False
) -> list[str]:
    """Schemathesis's failures for one answer, one line each (secrets masked); ``own_only``:
    Schemathesis's own checks alone (the caller applies this project's rules itself)."""
    _strict.on = strict
    checks = [c for c in CHECKS if not (own_only and c is arena_contract_rules)]
    try:
        case.validate_response(response, checks=checks)
    except FailureGroup as group:
        return [redact_text(_one(failure)) for failure in group.exceptions]
    except AssertionError as exc:
        return [redact_text(f"schemathesis: {exc}")]
    return []


def _one(failure: Any) -> str:
    if arena_contract_rules.__name__ in failure.title:
        return failure.message  # already the project's own message: request, then findings
    first = failure.message.strip().splitlines()[0] if failure.message.strip() else ""
    return f"schemathesis: {failure.title}" + (f": {first}" if first else "")
