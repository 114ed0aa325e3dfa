"""Judging an answer: the contract's rules, plus the suite's own checks across requests.

The per-response rules live in ``arena_contract.rules`` (``validate_exchange``); what
only a sequence of requests can show (a run repeated across pages, a filter value that
matched nothing, a single run that disagrees with the list, a redirect) is reported
here as a :class:`Finding` with a ``probe.*`` rule ID, so every failure reads the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from arena_contract.exchange import Exchange
from arena_contract.findings import _UNSET, Finding, Target, group_findings
from arena_contract.live.client import redirect_target
from arena_contract.numbers import parse_count
from arena_contract.redact import redact_text
from arena_contract.reporters.describe import describe, exchange_line
from arena_contract.suite.probe_rules import PROBE_RULES
from arena_contract.validate import Validator


def probe_finding(
    rule: str,
    message: str,
    *,
    target: Target = "body",
    pointer: str = "",
    expected: Any = _UNSET,
    actual: Any = _UNSET,
    severity: str = "error",
) -> Finding:
    assert rule in PROBE_RULES, rule
    return Finding(rule, severity, target, pointer, message, expected, actual)  # type: ignore[arg-type]


@dataclass
class Verdict:
    exchange: Exchange
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def message(self) -> str:
        return failure_message(self.exchange, self.errors)


def judge(
    exchange: Exchange, *extra: Finding, validator: Validator | None = None, strict: bool = False
) -> Verdict:
    """The contract's findings for one answer, with the suite's own ``extra`` ones.

    ``validator`` is the run's, so the sequence rules see every page of the run in order,
    and its policy (configuration, ``--arena-strict``, baseline) settles the suite's own
    findings as it does the rules'.
    """
    validator = validator or Validator(strict=strict)
    return verdict_of(exchange, contract_findings(exchange, validator), extra, validator)


def contract_findings(exchange: Exchange, validator: Validator) -> list[Finding]:
    """What the contract's rules (and the redirect and cut-short checks) find in an answer."""
    findings = list(validator.check(exchange).findings)
    where = redirect_target(exchange)
    if where is not None:
        redirect = probe_finding(
            "probe.redirect",
            f"HTTP {exchange.status} redirecting to {where} (not followed)",
            target="status",
            expected="no redirect",
            actual=exchange.status,
        )
        findings[:0] = validator.settle(exchange, [redirect])
    return findings + validator.settle(exchange, _cut_short(exchange))


def verdict_of(
    exchange: Exchange,
    findings: list[Finding],
    extra: tuple[Finding, ...] | list[Finding],
    validator: Validator,
) -> Verdict:
    """The contract's ``findings`` (already settled) and the suite's own ``extra`` ones,
    settled by the run's policy (configuration, ``--arena-strict``, baseline), split into
    errors and warnings."""
    verdict = Verdict(exchange)
    for finding in [*findings, *validator.settle(exchange, list(extra))]:
        (verdict.errors if finding.severity == "error" else verdict.warnings).append(finding)
    return verdict


def _cut_short(exchange: Exchange) -> list[Finding]:
    """An HTTP client reads exactly Content-Length bytes, so a short Content-Length shows on
    the wire as a truncated body (body.json); say why, when the evidence points there."""
    text, headers = exchange.text, exchange.headers
    if exchange.body_error is None or text is None or headers is None or text.isascii():
        return []
    declared = parse_count(headers.get("Content-Length"))
    cut_there = declared is not None and declared == len(text)
    if not cut_there or "truncated" not in exchange.body_error:
        return []
    return [
        probe_finding(
            "probe.content-length",
            f"the body stops after Content-Length {declared} bytes in the "
            "middle of the JSON; Content-Length seems to count characters, not bytes (the body is "
            "not ASCII)",
            target="headers",
            pointer="Content-Length",
            expected="the body's length in bytes",
            actual=declared,
        )
    ]


def failure_message(exchange: Exchange, findings: list[Finding]) -> str:
    """The request, then each finding; the same finding on many runs is told once."""
    lines = [exchange_line(exchange)]
    for group in group_findings(findings):
        lines.append(f"  - [{group.first.severity}] {describe(group.first)}{group.more()}")
    return redact_text("\n".join(lines))


def answer_value(exchange: Exchange) -> dict[str, Any]:
    """An answer as a structured value: status, Arena's error code, the number of results."""
    body = exchange.body
    value: dict[str, Any] = {"status": exchange.status}
    errors = body.get("errors") if isinstance(body, dict) else None
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        value["code"] = errors[0].get("code")
    results = body.get("results") if isinstance(body, dict) else None
    if isinstance(results, list):
        value["results"] = len(results)
    if exchange.body_error:
        value["json"] = False
    return value


def answer_status(exchange: Exchange) -> str:
    """An answer's status, with Arena's error code when it refused: '200', '400/3011'."""
    body = exchange.body
    errors = body.get("errors") if isinstance(body, dict) else None
    success = exchange.status is not None and exchange.status < 300
    if not success and isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return f"{exchange.status}/{errors[0].get('code')}"
    return str(exchange.status)


def answer(exchange: Exchange) -> str:
    """A short account of an answer for the summary: '200 (3 results)', '400/3011',
    '502 (not JSON)': :func:`answer_status` and what the body held."""
    status, body = answer_status(exchange), exchange.body
    results = body.get("results") if isinstance(body, dict) else None
    if exchange.status is not None and exchange.status < 300 and isinstance(results, list):
        return f"{status} ({len(results)} result{'s' if len(results) != 1 else ''})"
    if exchange.body_error and "/" not in status:
        return f"{status} (not JSON)"
    return status
