"""The values the contract fixes, read from openapi.yaml and schemas/: the one place the rules,
the mock, the strategies and the probe take them from.

- run statuses: ``schemas/run-status.json``'s ``enum`` (every value ``check`` accepts),
  ``x-documented`` (the four Arena's pages name) and ``x-finished`` (after which a run no
  longer changes);
- page size: ``schemas/common.json``'s ``pageLimit`` (the ``limit`` parameter's schema):
  its ``default`` and ``maximum``;
- filters: each list operation's query parameters other than ``offset`` and ``limit``;
- error codes: the ``code`` of each error example an operation's 400 answer shows.

The statuses and the page size come from JSON schemas and are read on import; the filters
come from openapi.yaml and are read on first use, so that `check` of a bare body never loads
PyYAML.
"""

from __future__ import annotations

from typing import Any

from arena_contract import contract

PAGING = ("offset", "limit")


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    """A ``#/components/...`` reference in openapi.yaml, followed."""
    ref = node.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/"):
        return node
    found: Any = contract.openapi()
    for part in ref[2:].split("/"):
        found = found[part]
    return _resolve(found)


def _operation(operation_id: str) -> dict[str, Any]:
    for item in contract.openapi()["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and operation.get("operationId") == operation_id:
                return operation
    raise KeyError(f"openapi.yaml has no operation {operation_id}")


def query_parameters(operation_id: str) -> tuple[str, ...]:
    """The query parameters an operation takes, paging included, in the contract's order."""
    parameters = (_resolve(p) for p in _operation(operation_id).get("parameters", []))
    return tuple(p["name"] for p in parameters if p.get("in") == "query")


def filters(operation_id: str) -> tuple[str, ...]:
    """An operation's searchable attributes: its query parameters other than paging."""
    return tuple(name for name in query_parameters(operation_id) if name not in PAGING)


def error_codes(operation_id: str, status: int = 400) -> tuple[int, ...]:
    """The Arena codes the examples of an operation's error answer show, sorted."""
    response = _resolve(_operation(operation_id)["responses"][str(status)])
    media = response.get("content", {}).get("application/json", {})
    bodies = [_resolve(example)["value"] for example in media.get("examples", {}).values()]
    if "example" in media:
        bodies.append(media["example"])
    return tuple(sorted({error["code"] for body in bodies for error in body["errors"]}))


def _status_schema() -> dict[str, Any]:
    return contract.schemas()[contract.SCHEMA_BASE + "run-status.json"]


#: Every run status the contract accepts; the ones Arena's pages document; the finished ones.
RUN_STATUSES: tuple[str, ...] = tuple(_status_schema()["enum"])
DOCUMENTED_RUN_STATUSES: tuple[str, ...] = tuple(_status_schema()["x-documented"])
FINISHED_RUN_STATUSES: tuple[str, ...] = tuple(_status_schema()["x-finished"])
#: Documented statuses a run leaves (CREATED, RUNNING).
UNFINISHED_RUN_STATUSES: tuple[str, ...] = tuple(
    s for s in DOCUMENTED_RUN_STATUSES if s not in FINISHED_RUN_STATUSES
)

_PAGE_LIMIT = contract.schemas()[contract.SCHEMA_BASE + "common.json"]["$defs"]["pageLimit"]
#: The page size when none is asked for, and the most one page holds.
DEFAULT_LIMIT: int = _PAGE_LIMIT["default"]
MAX_LIMIT: int = _PAGE_LIMIT["maximum"]

#: Read from openapi.yaml on first use (module ``__getattr__``): the searchable attributes of
#: the run list and of GET /imports.
RUN_FILTERS: tuple[str, ...]
IMPORT_FILTERS: tuple[str, ...]
_OPERATIONS = {"RUN_FILTERS": "listImportRuns", "IMPORT_FILTERS": "listImports"}


def __getattr__(name: str) -> Any:
    if name not in _OPERATIONS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = filters(_OPERATIONS[name])
    globals()[name] = value  # once: later reads find it directly
    return value
