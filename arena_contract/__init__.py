"""arena-contract: contract tests for Arena PLM's GET /imports/<GUID>/runs.

The public API::

    from arena_contract import validate_response, validate_body, validate_exchange
    report = validate_response(200, headers, body_bytes, request="https://.../v1/imports/G/runs")
    report = validate_response(requests.get(url, headers=...))   # or an httpx.Response
    report.ok, report.findings

    validator = Validator()                 # a sequence: the pages of one list, in order
    for page in pages:                      # requests or httpx responses
        validator.check_response(page)      # list.pages-overlap sees them together

docs/python.md has the rest.

Names load on first use (PEP 562): every ``arena-contract`` command, ``--version``
included, and pytest (which loads the plugin in every run) import this package, and
only what is used should be paid for. The validator loads with ``validate_response``.
"""

from __future__ import annotations

import importlib

from arena_contract._version import __version__

#: typing costs milliseconds to import, and nothing here needs it at run time.
TYPE_CHECKING = False

#: Public name -> the module that defines it.
_EXPORTS = {
    "Exchange": "exchange",
    "Headers": "exchange",
    "Request": "exchange",
    "Finding": "findings",
    "Report": "findings",
    "Validator": "validate",
    "validate_body": "validate",
    "validate_exchange": "validate",
    "validate_response": "validate",
}

__all__ = [  # the names of _EXPORTS (a test checks), spelled out for tools
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

if TYPE_CHECKING:
    from arena_contract.exchange import Exchange, Headers, Request
    from arena_contract.findings import Finding, Report
    from arena_contract.validate import (
        Validator,
        validate_body,
        validate_exchange,
        validate_response,
    )


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(__all__) | set(globals()))
