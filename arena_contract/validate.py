"""The engine: run every registered rule over an Exchange and collect a Report.

It knows the registry, not the rules. A rule that crashes is a bug in arena-contract,
not in the response: it is reported as an ``internal`` finding rather than hiding
the other rules' findings behind a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from arena_contract.config import Ledger, Policy
from arena_contract.contract import SCHEMA_BASE
from arena_contract.exchange import Exchange, Headers, Request
from arena_contract.findings import Finding, Report, Severity
from arena_contract.redact import mask_value
from arena_contract.rules import RULES, SEQUENCE_RULES, Hit
from arena_contract.rules.context import Context


class Validator:
    """Checks the responses of one capture in order: each on its own, and the sequence
    rules across them (pages of one list). One Validator per capture file or probe run.

    ``policy`` (the project configuration: severities, the baseline, consumed fields) is
    applied to the findings once the rules have run, here and nowhere else: ``check``, the
    probe (``suite.judge.judge`` settles its own findings through ``settle``), ``record``
    and the plugin all go through a Validator. ``ledger`` counts the findings by baseline
    entry when the policy needs it.
    """

    def __init__(self, *, strict: bool = False, policy: Policy | None = None) -> None:
        if policy is None:
            policy = Policy(strict=strict)
        elif strict and not policy.strict:
            policy = replace(policy, strict=True)
        self.policy = policy
        self.strict = policy.strict
        self.ledger: Ledger | None = Ledger() if policy.tallies else None
        # Per-exchange rules, then this capture's own feeds of the sequence rules.
        self._checks = [(r.id, r.severity, r.check) for r in RULES.values()]
        self._checks += [(r.id, r.severity, r.start()) for r in SEQUENCE_RULES.values()]

    def check(self, exchange: Exchange) -> Report:
        """The report on one response. ``strict`` turns every warning into an error."""
        ctx = Context.of(exchange)
        report = Report()
        for rule_id, severity, check in self._checks:
            try:
                hits = list(check(ctx))
            except Exception as exc:  # see the module docstring
                report.findings.append(_internal(rule_id, exc))
                continue
            report.findings.extend(self._finding(rule_id, severity, hit) for hit in hits)
        if self.policy.active and report.findings:
            report.findings = self._settle(ctx, report.findings)
        report.findings.sort(key=_reading_order)
        return report

    def settle(self, exchange: Exchange, findings: list[Finding]) -> list[Finding]:
        """Findings about ``exchange`` made elsewhere (the probe's own), under the policy."""
        if not self.policy.active or not findings:
            return list(findings)
        return self._settle(Context.of(exchange), findings)

    def _settle(self, ctx: Context, findings: list[Finding]) -> list[Finding]:
        return self.policy.settle(operation_of(ctx), ctx.status, findings, self.ledger)

    def _finding(self, rule_id: str, severity: Severity, hit: Hit) -> Finding:
        severity = hit.severity or severity
        # Secrets are masked before clipping: a clipped secret could not be found any more.
        return Finding(
            hit.rule or rule_id,
            severity,
            hit.target,
            clip(mask_value(hit.pointer)),
            clip(mask_value(hit.message), MAX_MESSAGE),
            clip(mask_value(hit.expected)),
            clip(mask_value(hit.actual)),
        )


_GUESSED = {
    SCHEMA_BASE + "run-list.json": "listImportRuns",
    SCHEMA_BASE + "run.json": "getImportRun",
    SCHEMA_BASE + "import-definition-list.json": "listImports",
    SCHEMA_BASE + "import-definition.json": "getImport",
}


def operation_of(ctx: Context) -> str:
    """The operation a response answered, for baseline entries: its operationId, or for a
    raw body the one its content tells (an error body alone tells none: "unknown")."""
    if ctx.operation is not None:
        return ctx.operation.operation_id
    return _GUESSED.get(ctx.schema_id or "", "unknown")


#: A finding quotes values, and a hostile body's value may be megabytes long: a report
#: must stay readable and small, so long strings are cut in the middle.
MAX_VALUE, MAX_MESSAGE = 200, 500


def clip(value: Any, limit: int = MAX_VALUE) -> Any:
    """``value``, with a string longer than ``limit`` cut to its two ends and its length."""
    if not isinstance(value, str) or len(value) <= limit:
        return value
    half = limit // 2
    return f"{value[:half]}…[{len(value):,} characters]…{value[-half // 2 :]}"


def _internal(rule_id: str, exc: Exception) -> Finding:
    return Finding(
        "internal",
        "error",
        "body",
        "",
        f"arena-contract's rule {rule_id} failed ({type(exc).__name__}); please report it",
    )


def validate_exchange(exchange: Exchange, *, strict: bool = False) -> Report:
    """Check one response (with its request, when known) against the contract.

    ``strict`` turns every warning (unknown fields included) into an error.
    """
    return Validator(strict=strict).check(exchange)


_TARGET_ORDER = {"status": 0, "headers": 1, "body": 2}


def _reading_order(finding: Finding) -> tuple[int, list[tuple[int, str]], str]:
    """Status, then headers, then the body in document order: /results/2 before /results/10."""
    steps = [(int(s), "") if s.isdigit() else (-1, s) for s in finding.pointer.split("/")]
    return _TARGET_ORDER[finding.target], steps, finding.rule


#: What ``request=`` takes: a Request, a {"method", "url", "headers"} mapping, the URL, or an
#: HTTP library's request object (``requests.PreparedRequest``, ``httpx.Request``).
RequestLike = Any


def _as_request(request: RequestLike) -> Request | None:
    if request is None or isinstance(request, Request):
        return request
    if isinstance(request, str):
        return Request("GET", request)
    if isinstance(request, Mapping):
        return Request(
            str(request.get("method", "GET")).upper(),
            str(request.get("url", "")),
            Headers(request.get("headers") or {}),
        )
    if hasattr(request, "method") and hasattr(request, "url"):
        # Duck typing, so that neither library is imported here: requests' PreparedRequest
        # (url a str, method possibly None) and httpx's Request (url an httpx.URL).
        return Request(
            str(request.method or "GET").upper(),
            str(request.url or ""),
            Headers(_header_pairs(getattr(request, "headers", None))),
        )
    raise TypeError(
        f"request: expected a URL, a mapping, an arena_contract.Request or an HTTP library's "
        f"request object, got {type(request).__name__}"
    )


def _header_pairs(headers: Any) -> Iterable[tuple[str, str]]:
    """Every header as sent: httpx keeps repeated ones apart (multi_items), requests and
    plain mappings give one value a name."""
    if headers is None:
        return ()
    multi = getattr(headers, "multi_items", None)
    return multi() if callable(multi) else headers.items()


def _is_response(value: Any) -> bool:
    """A requests.Response or httpx.Response (or anything shaped like them)."""
    return hasattr(value, "status_code") and hasattr(value, "content") and hasattr(value, "headers")


def _response_request(response: Any) -> Any:
    """The request a response answered: httpx raises RuntimeError for a response built by
    hand, requests leaves None."""
    try:
        return response.request
    except (AttributeError, RuntimeError):
        return None


def _as_body(body: Any) -> tuple[bytes | None, Any, str | None]:
    """(text, parsed, error) from exact bytes/str, or from an already parsed body."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    if isinstance(body, (bytes, bytearray)):
        from arena_contract.jsonload import JsonError, parse_json

        try:
            return bytes(body), parse_json(bytes(body), origin="the body"), None
        except JsonError as exc:
            return bytes(body), None, str(exc)
    return None, body, None


_NOT_GIVEN: Any = object()


def validate_response(
    status: int | Any,
    headers: Mapping[str, str] | Iterable[tuple[str, str]] = _NOT_GIVEN,
    body: bytes | str | Any = _NOT_GIVEN,
    request: RequestLike = None,
    *,
    strict: bool = False,
) -> Report:
    """Check a response: an HTTP library's response object alone, or its parts.

    ``validate_response(r)`` takes a ``requests.Response`` or an ``httpx.Response`` (its
    status, headers, body and the request it answered). Given as parts, ``body`` is the
    exact body (bytes or str: the Content-Length check then applies) or the parsed JSON.
    ``request`` (a Request, a {"method", "url", "headers"} mapping, just the URL, or a
    ``requests.PreparedRequest`` / ``httpx.Request``) gives the rules their context: which
    operation, which filters, which page.
    """
    if _is_response(status):
        response = status
        if headers is not _NOT_GIVEN or body is not _NOT_GIVEN:
            raise TypeError("validate_response(response) takes no headers or body besides it")
        if request is None:
            request = _response_request(response)
        status, headers = response.status_code, _header_pairs(response.headers)
        body = response.content  # decoded when Content-Encoding says so: then no length check
    elif headers is _NOT_GIVEN or body is _NOT_GIVEN:
        raise TypeError(
            "validate_response: give a requests/httpx response, or status, headers and body"
        )
    text, parsed, error = _as_body(body)
    exchange = Exchange(_as_request(request), status, Headers(headers), text, parsed, error)
    return validate_exchange(exchange, strict=strict)


def validate_body(
    body: bytes | str | Any,
    request: RequestLike = None,
    *,
    status: int | None = None,
    strict: bool = False,
) -> Report:
    """Check a body alone (no headers): a run list, a run or an error body, told by content
    unless ``request``/``status`` say which operation and status it answered."""
    text, parsed, error = _as_body(body)
    exchange = Exchange(_as_request(request), status, None, text, parsed, error)
    return validate_exchange(exchange, strict=strict)
