"""The engine: run every registered rule over an Exchange and collect a Report.

It knows the registry, not the rules. A rule that crashes is a bug in arena-contract,
not in the response: it is reported as an ``internal`` finding rather than hiding
the other rules' findings behind a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from arena_contract.config import Ledger, Policy
from arena_contract.contract import SCHEMA_BASE
from arena_contract.exchange import Exchange, Headers, Request, is_response, parse_body
from arena_contract.findings import Finding, Report, Severity
from arena_contract.redact import mask_value
from arena_contract.rules import RULES, SEQUENCE_RULES, Hit
from arena_contract.rules.context import Context
from arena_contract.rules.registry import NEEDS


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
        self._checks = [(r.id, r.severity, r.check, r.needs) for r in RULES.values()]
        self._checks += [
            (r.id, r.severity, r.start(), frozenset()) for r in SEQUENCE_RULES.values()
        ]
        #: The checks an exchange runs, by what it has (``_has``): made once per kind.
        self._for_kind: dict[tuple[bool, ...], list[tuple[str, Severity, Any]]] = {}

    def check(self, exchange: Exchange) -> Report:
        """The report on one response. ``strict`` turns every warning into an error."""
        if not isinstance(exchange, Exchange):
            raise TypeError(
                "Validator.check takes an arena_contract.Exchange (for a requests or httpx "
                f"response: Validator.check_response), got {type(exchange).__name__}"
            )
        ctx = Context.of(exchange)
        report = Report()
        if self.ledger is not None:
            self.ledger.hosts.add(host_of(exchange))
        findings = report.findings
        kind = _has(ctx)
        checks = self._for_kind.get(kind)
        if checks is None:
            checks = self._for_kind[kind] = self._checks_for(kind)
        for rule_id, severity, check in checks:
            try:
                hits = list(check(ctx))
            except Exception as exc:  # see the module docstring
                findings.append(_internal(rule_id, exc))
                continue
            if hits:  # most rules find nothing: nothing more to do for them
                findings.extend([self._finding(rule_id, severity, hit) for hit in hits])
        if findings:
            if self.policy.active:
                report.findings = findings = self._settle(ctx, findings)
            findings.sort(key=_reading_order)
        return report

    def _checks_for(self, kind: tuple[bool, ...]) -> list[tuple[str, Severity, Any]]:
        """The checks whose ``needs`` an exchange of this kind has, in registry order."""
        has = {need for need, present in zip(NEEDS, kind, strict=True) if present}
        return [(i, severity, check) for i, severity, check, needs in self._checks if needs <= has]

    def check_response(self, response: Any, request: RequestLike = None) -> Report:
        """The report on a ``requests.Response`` or ``httpx.Response``, with the request it
        answered (or ``request``): the pages of one list, checked in order by one
        Validator, are seen together (``list.pages-overlap``). TypeError for anything else,
        naming what it takes."""
        try:
            exchange = Exchange.from_response(response, request)
        except TypeError as exc:
            raise TypeError(f"Validator.check_response: {exc}") from None
        return self.check(exchange)

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
            # Clipped, then masked: the cut keeps under a few hundred characters (a piece of
            # 12 of a secret there is still masked), and masking a value of megabytes costs.
            mask_value(clip(hit.pointer)),
            mask_value(clip(hit.message, MAX_MESSAGE)),
            mask_value(clip(hit.expected)),
            mask_value(clip(hit.actual)),
        )


def _has(ctx: Context) -> tuple[bool, ...]:
    """What of rules.registry.NEEDS the exchange has, in that order."""
    exchange = ctx.exchange
    return (
        exchange.headers is not None,
        exchange.status is not None,
        exchange.request is not None,
        ctx.operation is not None,
    )


_GUESSED = {
    SCHEMA_BASE + "run-list.json": "listImportRuns",
    SCHEMA_BASE + "run.json": "getImportRun",
    SCHEMA_BASE + "import-definition-list.json": "listImports",
    SCHEMA_BASE + "import-definition.json": "getImport",
}


def host_of(exchange: Exchange) -> str:
    """The host name a response came from (a baseline's scope), "" when no URL says."""
    if exchange.request is None:
        return ""
    try:
        return (urlsplit(exchange.request.url).hostname or "").lower()
    except ValueError:
        return ""


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


_TARGET_ORDER = {"status": 0, "headers": 1, "body": 2, "request": 3}


def _reading_order(finding: Finding) -> tuple[int, list[tuple[int, str]], str]:
    """Status, then headers, then the body in document order: /results/2 before /results/10."""
    steps = [(int(s), "") if s.isdigit() else (-1, s) for s in finding.pointer.split("/")]
    return _TARGET_ORDER[finding.target], steps, finding.rule


#: What ``request=`` takes: a Request, a {"method", "url", "headers"} mapping, the URL, or an
#: HTTP library's request object (``requests.PreparedRequest``, ``httpx.Request``).
RequestLike = Any


def _as_body(body: Any) -> tuple[bytes | None, Any, str | None]:
    """(text, parsed, error) from exact bytes/str, or from an already parsed body."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    if isinstance(body, (bytes, bytearray)):
        parsed, error = parse_body(bytes(body))
        return bytes(body), parsed, error
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
    if is_response(status):
        if headers is not _NOT_GIVEN or body is not _NOT_GIVEN:
            raise TypeError("validate_response(response) takes no headers or body besides it")
        return validate_exchange(Exchange.from_response(status, request), strict=strict)
    if headers is _NOT_GIVEN or body is _NOT_GIVEN:
        raise TypeError(
            "validate_response: give a requests/httpx response, or status, headers and body"
        )
    text, parsed, error = _as_body(body)
    exchange = Exchange(Request.of(request), status, Headers(headers), text, parsed, error)
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
    exchange = Exchange(Request.of(request), status, None, text, parsed, error)
    return validate_exchange(exchange, strict=strict)
