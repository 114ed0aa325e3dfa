"""Drift switches: named misbehaviours an Arena release might bring.

Each switch is one small function registered under its name with a one-line
summary (``DRIFTS``); ``MockEngine(drifts=[...])`` or ``serve --drift NAME`` turns
it on. A switch hooks one stage of the engine's pipeline:

- ``error``: retells a refusal (``ArenaError`` -> ``ArenaError``);
- ``filters``: changes the run filters applied (dict -> dict);
- ``page``: changes which runs a page holds (page, all matches, paging -> page);
- ``payload``: edits the JSON payload before serialisation (payload, kind ->
  payload; the engine hands over a private copy, so editing in place is fine;
  ``kind`` is the endpoint kind, or ``"error"``);
- ``response``: edits the finished response (headers, bytes);
- ``status``: retells a run's status wherever a run is told or acted on (the lists, one
  run, a started or committed run, whether its files can be read or it can be committed),
  so a run stuck in RUNNING is stuck everywhere (status -> status);
- ``answer``: changes an answer before it is written (``(status, payload), kind`` ->
  ``(status, payload)``; ``kind`` as for ``payload``, with ``run-start``, ``run-commit``,
  ``import-create`` and ``import-edit`` for the writes; a content file's payload is a
  ``FileAnswer``).

The contract tests are expected to catch every one of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from arena_contract.mock.errors import GUID_NOT_FOUND, INVALID_GUID, NO_RESOURCE, ArenaError
from arena_contract.mock.listing import Paging
from arena_contract.mock.response import MockResponse

Stage = Literal["error", "filters", "page", "payload", "response", "status", "answer"]
STAGES: tuple[Stage, ...] = ("error", "filters", "page", "payload", "response", "status", "answer")
#: Answers that are one run: GET, the 201 of a started run, the 201 of a commit.
_ONE_RUN = ("run", "run-start", "run-commit")


@dataclass(frozen=True)
class Drift:
    name: str
    summary: str
    stage: Stage
    apply: Callable[..., Any]


DRIFTS: dict[str, Drift] = {}


def _drift(name: str, stage: Stage, summary: str) -> Callable[[Callable], Callable]:
    def register(function: Callable) -> Callable:
        DRIFTS[name] = Drift(name, summary, stage, function)
        return function

    return register


def _runs(payload: Any, kind: str) -> Iterator[dict[str, Any]]:
    if kind == "run-list":
        yield from payload["results"]
    elif kind in _ONE_RUN:
        yield payload


@_drift("renamed-field", "payload", "Runs carry `fileType` instead of `submitFileType`.")
def _renamed_field(payload: Any, kind: str) -> Any:
    for run in _runs(payload, kind):
        if "submitFileType" in run:
            run["fileType"] = run.pop("submitFileType")
    return payload


@_drift(
    "renamed-completion-date",
    "payload",
    "Runs carry `completedDateTime` instead of `completionDateTime`.",
)
def _renamed_completion_date(payload: Any, kind: str) -> Any:
    for run in _runs(payload, kind):
        if "completionDateTime" in run:
            run["completedDateTime"] = run.pop("completionDateTime")
    return payload


@_drift("count-as-string", "payload", 'List envelopes give `count` as a string ("20").')
def _count_as_string(payload: Any, kind: str) -> Any:
    if kind in ("run-list", "import-list"):
        payload["count"] = str(payload["count"])
    return payload


@_drift("new-status-value", "payload", "Runs waiting to start report status `QUEUED`.")
def _new_status_value(payload: Any, kind: str) -> Any:
    for run in _runs(payload, kind):
        if run.get("status") == "CREATED":
            run["status"] = "QUEUED"
    return payload


@_drift("null-creator", "payload", "Runs give `creator` as null.")
def _null_creator(payload: Any, kind: str) -> Any:
    for run in _runs(payload, kind):
        run["creator"] = None
    return payload


@_drift("missing-required-field", "payload", "Runs lack the `status` field.")
def _missing_required_field(payload: Any, kind: str) -> Any:
    for run in _runs(payload, kind):
        run.pop("status", None)
    return payload


def _strip_zone(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: item[:-1]
            if key.endswith("DateTime") and isinstance(item, str) and item.endswith("Z")
            else _strip_zone(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_strip_zone(item) for item in value]
    return value


@_drift("date-without-zone", "payload", "Date-times lose their `Z` (2021-09-15T00:00:00).")
def _date_without_zone(payload: Any, kind: str) -> Any:
    return _strip_zone(payload) if kind != "error" else payload


@_drift("error-form-changed", "payload", 'Errors come as {"error": "<message>"}.')
def _error_form_changed(payload: Any, kind: str) -> Any:
    return {"error": payload["errors"][0]["message"]} if kind == "error" else payload


@_drift("bad-guid-wrong-code", "error", "A malformed GUID gets code 3012 (not found), not 3011.")
def _bad_guid_wrong_code(error: ArenaError) -> ArenaError:
    if error.code == INVALID_GUID:
        return ArenaError.coded(400, GUID_NOT_FOUND, *error.params)
    return error


@_drift("404-for-unknown-guid", "error", "An unknown GUID gets HTTP 404 / code 404, not 400/3012.")
def _not_found_404(error: ArenaError) -> ArenaError:
    return ArenaError.coded(404, NO_RESOURCE) if error.code == GUID_NOT_FOUND else error


@_drift("filter-ignored", "filters", "The `status` filter is not applied.")
def _filter_ignored(filters: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in filters.items() if name != "status"}


@_drift(
    "duplicate-runs-across-pages", "page", "Pages after the first start one run early (a repeat)."
)
def _duplicate_runs(page: list, matches: list, paging: Paging) -> list:
    if paging.offset == 0:
        return page
    start = paging.offset - 1
    return matches[start : start + paging.limit]


@_drift("page-size-over-limit", "page", "Pages hold one run more than `limit`.")
def _page_size_over_limit(page: list, matches: list, paging: Paging) -> list:
    return matches[paging.offset : paging.offset + paging.limit + 1]


@_drift(
    "missing-rate-limit-header",
    "response",
    "No X-Arena-Requests-Remaining / X-Arena-Next-Request-Limit-Reset headers.",
)
def _missing_rate_limit_header(response: MockResponse) -> MockResponse:
    headers = [(k, v) for k, v in response.headers if not k.lower().startswith("x-arena-")]
    return replace(response, headers=headers)


@_drift(
    "wrong-content-length",
    "response",
    "Content-Length counts characters, not bytes (short on non-ASCII bodies).",
)
def _wrong_content_length(response: MockResponse) -> MockResponse:
    # A file that is not UTF-8 (an uploaded XLSX) is counted as a decoder would see it.
    chars = str(len(response.body.decode("utf-8", errors="replace")))
    headers = [(k, chars if k.lower() == "content-length" else v) for k, v in response.headers]
    return replace(response, headers=headers)


@_drift(
    "run-stuck-running",
    "status",
    "Runs never leave RUNNING: finished ones are told RUNNING (completionDateTime and all).",
)
def _run_stuck_running(status: str) -> str:
    return "RUNNING" if status in ("COMPLETE", "ERROR") else status


@_drift("processing-status", "status", "Runs being processed report status `PROCESSING`.")
def _processing_status(status: str) -> str:
    return "PROCESSING" if status == "RUNNING" else status


@_drift("commit-answers-200", "answer", "A commit answers HTTP 200, not 201.")
def _commit_answers_200(answer: tuple[int, Any], kind: str) -> tuple[int, Any]:
    status, payload = answer
    return (200, payload) if kind == "run-commit" and status == 201 else answer


@_drift(
    "empty-error-file",
    "answer",
    "The error content file is empty (no header, no rows), whatever errorCount says.",
)
def _empty_error_file(answer: tuple[int, Any], kind: str) -> tuple[int, Any]:
    status, payload = answer
    if kind == "error-content" and status == 200:
        return status, replace(payload, content=b"")
    return answer


class DriftSet:
    """The switches turned on for one engine, grouped by stage."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self.names = tuple(dict.fromkeys(names))
        unknown = [name for name in self.names if name not in DRIFTS]
        if unknown:
            raise ValueError(
                f"unknown drift {', '.join(unknown)}; known: {', '.join(sorted(DRIFTS))}"
            )
        self._by_stage: Mapping[str, list[Drift]] = {
            stage: [DRIFTS[n] for n in self.names if DRIFTS[n].stage == stage] for stage in STAGES
        }

    def __bool__(self) -> bool:
        return bool(self.names)

    def has(self, stage: Stage) -> bool:
        return bool(self._by_stage[stage])

    def apply(self, stage: Stage, value: Any, *context: Any) -> Any:
        for drift in self._by_stage[stage]:
            value = drift.apply(value, *context)
        return value
