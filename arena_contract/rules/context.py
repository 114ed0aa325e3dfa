"""What a rule sees: the exchange, plus what the contract says about it, worked out once."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from itertools import repeat
from typing import Any

from arena_contract import contract, vocabulary
from arena_contract.exchange import Exchange
from arena_contract.numbers import parse_count


def __getattr__(name: str) -> Any:
    """DEFAULT_LIMIT and MAX_LIMIT: the contract's (arena_contract.vocabulary), read when used."""
    if name in ("DEFAULT_LIMIT", "MAX_LIMIT"):
        return getattr(vocabulary, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Fields only an import definition has (a run has neither).
_DEFINITION_FIELDS = ("resource", "mode")


def _guess_schema(body: Any) -> str:
    """For a raw body (no status, no request): an error body, an import definition or a
    list of them, a single run or a run list (the default)."""
    if isinstance(body, dict):
        if "errors" in body:
            return contract.SCHEMA_BASE + "error-body.json"
        results = body.get("results")
        if results is None and any(name in body for name in _DEFINITION_FIELDS):
            return contract.SCHEMA_BASE + "import-definition.json"
        first = results[0] if isinstance(results, list) and results else None
        if isinstance(first, dict) and any(name in first for name in _DEFINITION_FIELDS):
            return contract.SCHEMA_BASE + "import-definition-list.json"
        if results is None and "guid" in body and "status" in body:
            return contract.SCHEMA_BASE + "run.json"
    return contract.SCHEMA_BASE + "run-list.json"


@dataclass
class Context:
    exchange: Exchange
    operation: contract.Operation | None = None
    path_params: dict[str, str] = field(default_factory=dict)
    #: What several rules work out from this exchange once, by a key of their module's.
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, exchange: Exchange) -> Context:
        # By method and path: POST /imports/<GUID>/runs starts a run, GET lists them. A
        # method the contract has no operation for on the path (DELETE, OPTIONS) is judged
        # only by the rules that apply to every answer.
        if exchange.request is None:
            return cls(exchange)
        operation, params = contract.operation_for(exchange.request.path, exchange.request.method)
        return cls(exchange, operation, params)

    @property
    def body(self) -> Any:
        return self.exchange.body

    @property
    def status(self) -> int | None:
        return self.exchange.status

    @property
    def is_error_status(self) -> bool:
        return self.status is not None and self.status >= 400

    @property
    def body_is_object(self) -> bool:
        return self.exchange.body_error is None and isinstance(self.exchange.body, dict)

    @cached_property
    def schema_id(self) -> str | None:
        """The schema the body must match, or None when the contract has none for it."""
        if self.status is None:
            return _guess_schema(self.body)
        if self.operation is not None:
            return self.operation.responses.get(self.status)
        if self.is_error_status:  # every Arena endpoint answers errors in one form
            return contract.SCHEMA_BASE + "error-body.json"
        if self.exchange.request is None:
            return _guess_schema(self.body)
        return None

    @property
    def is_file(self) -> bool:
        """The answer is a file the operation streams (CSV, XLSX): not judged as JSON."""
        return (
            self.operation is not None
            and self.status is not None
            and self.status in self.operation.files
        )

    @property
    def is_run_list(self) -> bool:
        return self.schema_id == contract.SCHEMA_BASE + "run-list.json"

    @property
    def is_error_body(self) -> bool:
        return self.schema_id == contract.SCHEMA_BASE + "error-body.json"

    @cached_property
    def query(self) -> dict[str, list[str]]:
        return self.exchange.request.query if self.exchange.request else {}

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    @property
    def page_limit(self) -> int | None:
        """The most results a page of this request may hold (its limit, else Arena's
        default, never over 400); None for a raw body, whose request is unknown."""
        if self.exchange.request is None:
            return None
        asked = self.int_param("limit")
        default, maximum = vocabulary.DEFAULT_LIMIT, vocabulary.MAX_LIMIT
        return min(asked if asked and asked > 0 else default, maximum)

    def int_param(self, name: str) -> int | None:
        """A query parameter as a count (``numbers.parse_count``), or None when absent or
        not one (a sign, other digits than ASCII, more than 18 digits)."""
        return parse_count(self.param(name))

    @cached_property
    def run_items(self) -> list[tuple[int, dict[str, Any]]]:
        """(index, run) for each run object of the body, worked out once for every rule."""
        return [(index, run) for index, run in enumerate(self.runs) if type(run) is dict]

    @cached_property
    def _run_objects(self) -> list[dict[str, Any]]:
        return [run for _, run in self.run_items]

    def column(self, key: str, default: Any = None) -> list[Any]:
        """``run.get(key, default)`` for each run of ``run_items``, in order, at C speed."""
        return list(map(dict.get, self._run_objects, repeat(key), repeat(default)))

    @property
    def runs(self) -> list[Any]:
        """The run objects of the body (all of a list's results, or the single run)."""
        body = self.body
        if not isinstance(body, dict):
            return []
        if self.schema_id == contract.SCHEMA_BASE + "run.json":
            return [body]
        results = body.get("results") if self.is_run_list else None
        return results if isinstance(results, list) else []

    def run_pointer(self, index: int) -> str:
        return "" if self.schema_id == contract.SCHEMA_BASE + "run.json" else f"/results/{index}"
