"""One-line descriptions of findings and requests, shared by every reporter of every command."""

from __future__ import annotations

import json
from typing import Any

from arena_contract.exchange import Exchange
from arena_contract.findings import Finding
from arena_contract.redact import mask_value, redact_text, safe_url


def value(v: Any) -> str:
    # Masked before it is encoded and cut: a cut secret could not be found any more.
    text = json.dumps(mask_value(v), ensure_ascii=False, default=str)
    return redact_text(text if len(text) <= 120 else text[:117] + "...")


def describe(finding: Finding) -> str:
    """'schema.enum at /results/0/status: "DONE" is not one of ... (expected [...], got "DONE")'."""
    where = f" at {finding.pointer}" if finding.pointer else ""
    detail = []
    if finding.has_expected:
        detail.append(f"expected {value(finding.expected)}")
    if finding.has_actual:
        detail.append(f"got {value(finding.actual)}")
    extra = f" ({', '.join(detail)})" if detail else ""
    return f"{finding.rule}{where}: {redact_text(finding.message)}{extra}"


def request_text(exchange: Exchange) -> str:
    """'GET https://host/v1/imports/G/runs?status=X' with no secret in it; '' for a raw
    body (recorded without its request)."""
    request = exchange.request
    return f"{request.method} {safe_url(request.url)}" if request else ""


def request_line(request: str, status: int | None, origin: str = "") -> str:
    """The one way a response is named in a report: where it was found (a capture's place,
    when it is not the request itself), the request and its status:
    'x.har#entries[3] GET https://.../runs -> 200'."""
    shown = "" if origin == request else origin
    arrow = f"-> {status}" if status is not None else ""
    return " ".join(part for part in (shown, request, arrow) if part)


def exchange_line(exchange: Exchange) -> str:
    """:func:`request_line` for an exchange at hand (a probe's answer)."""
    return request_line(request_text(exchange), exchange.status, exchange.origin)
