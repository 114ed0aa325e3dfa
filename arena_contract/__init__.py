"""arena-contract: contract tests for Arena PLM's GET /imports/<GUID>/runs.

The public API::

    from arena_contract import validate_response, validate_body, validate_exchange
    report = validate_response(200, headers, body_bytes, request="https://.../v1/imports/G/runs")
    report.ok, report.findings

Kept import-light on purpose: ``arena-contract check`` imports this package, and the
mock, the probe and the strategies are imported only where they are used.
"""

from arena_contract._version import __version__
from arena_contract.exchange import Exchange, Headers, Request
from arena_contract.findings import Finding, Report
from arena_contract.validate import (
    Validator,
    validate_body,
    validate_exchange,
    validate_response,
)

__all__ = [
    "Exchange",
    "Finding",
    "Headers",
    "Report",
    "Request",
    "Validator",
    "__version__",
    "validate_body",
    "validate_exchange",
    "validate_response",
]
