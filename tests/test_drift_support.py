"""Builders shared by the drift tests (no tests here): hand-made exchanges and runs."""

from __future__ import annotations

import copy
import json
from typing import Any

from arena_contract.drift import Shape, compare, contract_shape, infer
from arena_contract.exchange import Exchange, Headers, Request
from tests.helpers import arena_headers

BASE = "https://api.arenasolutions.com/v1"
IMPORT_GUID = "L3N6KHLNYFY8RAQ8SWYT"
RUN_GUID = "R9TCQNRT4L47Q9VQWUF3"
SESSION = {"arena_session_id": "[REDACTED]", "Accept": "application/json"}


def exchange(
    body: Any,
    *,
    path: str = f"/imports/{IMPORT_GUID}/runs",
    query: str = "",
    status: int = 200,
    headers: dict[str, str] | None = None,
    request_headers: dict[str, str] | None = None,
    text: bytes | None = None,
) -> Exchange:
    """One exchange as a capture reader would give it (the body parsed from ``text``)."""
    raw = text if text is not None else json.dumps(body).encode()
    url = BASE + path + (f"?{query}" if query else "")
    return Exchange(
        request=Request(
            "GET", url, Headers(SESSION if request_headers is None else request_headers)
        ),
        status=status,
        headers=Headers(arena_headers(raw) if headers is None else headers),
        text=raw,
        body=body,
    )


def run(number: int = 1, **changes: Any) -> dict[str, Any]:
    """An import run as Arena's GET Import Run sample shows it; ``changes`` edit it
    (a value of ... removes the field)."""
    item: dict[str, Any] = {
        "guid": f"R{number!s:0>19}",
        "number": number,
        "creationDateTime": "2021-09-14T23:58:41Z",
        "creator": {
            "email": "rjones@arenasolutions.com",
            "fullName": "Roy Arena",
            "guid": "FE67A3D57DAF4293A1FF",
        },
        "submitFileType": "CSV",
        "completionDateTime": "2021-09-15T00:00:00Z",
        "status": "COMPLETE",
        "warnings": {"count": 0, "results": []},
        "commit": True,
        "totalCount": 3,
        "successCount": 3,
        "errorCount": 0,
    }
    for key, value in changes.items():
        if value is ...:
            item.pop(key, None)
        else:
            item[key] = copy.deepcopy(value)
    return item


def run_list(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return {"count": len(runs), "results": runs}


def page(runs: list[dict[str, Any]], **kwargs: Any) -> Exchange:
    return exchange(run_list(runs), **kwargs)


def error(
    code: int, status: int = 400, message: str = "The guid is not valid.", **kw: Any
) -> Exchange:
    return exchange(
        {"status": status, "errors": [{"code": code, "message": message}]}, status=status, **kw
    )


def bad_guid(code: int = 3011, status: int = 400) -> Exchange:
    return error(code, status, path="/imports/NOT-A-GUID/runs")


def no_session(code: int = 401, status: int = 401) -> Exchange:
    return error(code, status, request_headers={"Accept": "application/json"})


def drift_of(before: list[Exchange], after: list[Exchange]) -> list[tuple[str, str, str]]:
    """(kind, severity, location) of every change between two sets of exchanges."""
    report = compare(infer(before), infer(after), prior=contract_shape())
    return [(c.kind, c.severity, c.location) for c in report.changes]


def against_contract(observed: Shape | list[Exchange]) -> list[tuple[str, str, str]]:
    shape = observed if isinstance(observed, Shape) else infer(observed)
    report = compare(contract_shape(), shape)
    return [(c.kind, c.severity, c.location) for c in report.changes]
