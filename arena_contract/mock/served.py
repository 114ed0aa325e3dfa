"""What the mock served, checked by the project's validator: ``findings()`` of the fixtures.

Under a drift switch the mock breaks the contract on purpose; a user's test that fails on
it (a ``KeyError`` on a renamed field, a ``JSONDecodeError`` on a cut-short body) is
explained by these findings: which request, which rule, where in the body.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

import orjson

from arena_contract.exchange import Exchange, Headers, Request
from arena_contract.findings import Finding, group_findings
from arena_contract.mock.routes import BASE_PATH
from arena_contract.redact import redact_json

if TYPE_CHECKING:
    from arena_contract.mock.drift import DriftSet
    from arena_contract.mock.response import MockResponse


class Serves(Protocol):
    """What served the answers (the engine): its drift switches, and the answers as
    exchanges under a base URL."""

    drifts: DriftSet

    def exchanges(self, base_url: str) -> list[Exchange]: ...


@dataclass(frozen=True)
class ServedFinding:
    """One finding on one answer the mock served."""

    #: "GET https://api.arenasolutions.com/v1/imports/<GUID>/runs?limit=5" (no session id).
    request: str
    status: int
    finding: Finding

    def __str__(self) -> str:
        from arena_contract.reporters.describe import describe, request_line

        finding = self.finding
        where = request_line(self.request, self.status)  # the one request line
        return f"{where}: [{finding.severity}] {describe(finding)}"


def served_findings(engine: Serves, base_url: str) -> list[ServedFinding]:
    """The validator's findings on every import-run answer the engine still remembers (its
    ``history``), in the order served; one Validator, so pages of a list are seen together."""
    from arena_contract.captures.capture import is_contract_request
    from arena_contract.redact import safe_url
    from arena_contract.validate import Validator

    validator = Validator()
    found = []
    for exchange in engine.exchanges(base_url):
        request = exchange.request
        if request is None or not is_contract_request(request.method, request.url):
            continue
        line = f"{request.method} {safe_url(request.url)}"
        for finding in validator.check(exchange).findings:
            found.append(ServedFinding(line, exchange.status or 0, finding))
    return found


def drift_summary(engine: Serves) -> str:
    """'null-creator (Runs give `creator` as null.)', or 'none'."""
    from arena_contract.mock.drift import DRIFTS

    names = engine.drifts.names
    return ", ".join(f"{name} ({DRIFTS[name].summary})" for name in names) or "none"


def explain(engine: Serves, base_url: str, *, shown: int = 10) -> str:
    """The drift switches in effect and what the mock served against the contract, grouped
    (same rule, same place but for the indexes), for a failed test's report."""
    found = served_findings(engine, base_url)
    lines = [f"drift switches in effect: {drift_summary(engine)}"]
    if not found:
        lines.append("everything the mock served conforms to the contract")
        return "\n".join(lines)
    groups = group_findings((f.finding for f in found), places=(f.request for f in found))
    groups.sort(key=lambda group: group.first.severity != "error")  # errors first, stable
    lines.append(
        f"what the mock served against the contract ({len(found)} finding(s), "
        f"{len(groups)} kind(s)):"
    )
    from arena_contract.reporters.describe import describe

    for group in groups[:shown]:
        first = group.first
        lines.append(f"  [{first.severity}] {describe(first)}{group.more()}")
        where = ", ".join(group.places)
        more = (
            f" and {group.place_count - len(group.places)} more"
            if group.place_count > len(group.places)
            else ""
        )
        lines.append(f"    in {where}{more}")
    if len(groups) > shown:
        lines.append(f"  ... and {len(groups) - shown} more kind(s): fake.findings() has them all")
    return "\n".join(lines)


def served_exchanges(
    history: Sequence[tuple[str, str, Headers, MockResponse]], base_url: str
) -> list[Exchange]:
    """The engine's ``history`` (method, target as sent, request headers without session
    ids, response) as Exchanges for the validator: URLs are the targets under ``base_url``
    (the front's ``/v1``), and the session ids a login answers with are masked by name, as
    a recorded HAR masks them (the body is re-serialised and its Content-Length follows)."""
    base_url = base_url.rstrip("/")
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base_url))

    def url(target: str) -> str:
        if target.startswith(BASE_PATH):
            return base_url + target[len(BASE_PATH) :]
        return origin + target

    return [
        _without_secrets(response.to_exchange(Request(method, url(target), headers)))
        for method, target, headers, response in history
    ]


def _without_secrets(exchange: Exchange) -> Exchange:
    """``exchange`` with secret-named body fields (a login's session ids) masked."""
    masked, changed = redact_json(exchange.body)
    if not changed:
        return exchange
    text = orjson.dumps(masked)
    headers = Headers(
        [
            (name, str(len(text)) if name.lower() == "content-length" else value)
            for name, value in (exchange.headers or Headers([])).items()
        ]
    )
    return replace(exchange, body=masked, text=text, headers=headers)
