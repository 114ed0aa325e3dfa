"""Judging an answer: the contract's rules through the run's validator, with the probe's own
findings (``probe.*``, registered in ``rules/across.py``) settled by the same policy.

Also the short accounts of an answer the observations keep ('400/3011', its status, code
and number of results).
"""

from __future__ import annotations

from typing import Any

from arena_contract.exchange import Exchange
from arena_contract.findings import Finding
from arena_contract.rules import across
from arena_contract.suite.result import Verdict, failure_message
from arena_contract.validate import Validator

__all__ = [
    "answer",
    "answer_value",
    "contract_findings",
    "failure_message",
    "judge",
    "verdict_of",
]


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
    findings[:0] = validator.settle(exchange, across.redirect(exchange))
    return findings + validator.settle(exchange, across.cut_short(exchange))


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


def answer(exchange: Exchange, *, counted: bool = True) -> str:
    """A short account of an answer for the summary: '200 (3 results)', '400/3011';
    ``counted=False``: without the number of results ('200'), to tally answers by kind."""
    body = exchange.body
    if exchange.status is not None and exchange.status < 300 and isinstance(body, dict):
        results = body.get("results")
        if isinstance(results, list) and counted:
            return f"{exchange.status} ({len(results)} result{'s' if len(results) != 1 else ''})"
        return str(exchange.status)
    errors = body.get("errors") if isinstance(body, dict) else None
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return f"{exchange.status}/{errors[0].get('code')}"
    if exchange.body_error:
        return f"{exchange.status} (not JSON)" if counted else str(exchange.status)
    return str(exchange.status)
