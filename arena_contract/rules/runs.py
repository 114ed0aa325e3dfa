"""Rules on each run's own consistency: counts, dates, status."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from arena_contract.rules.context import Context
from arena_contract.rules.registry import Hit, rule

FINISHED = {"COMPLETE", "ERROR", "PURGED"}
UNFINISHED = {"CREATED", "RUNNING"}


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _when(value: Any) -> datetime | None:
    """A date-time the schema accepts, parsed; None when absent or unparsable (schema's job)."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None  # zone-less: not comparable, and schema.format says so


def _runs(ctx: Context) -> Iterator[tuple[str, dict[str, Any]]]:
    for index, run in enumerate(ctx.runs):
        if isinstance(run, dict):
            yield ctx.run_pointer(index), run


@rule(
    "run.counts",
    "successCount + errorCount equals totalCount once a run is finished, never exceeds it before.",
)
def run_counts(ctx: Context) -> Iterator[Hit]:
    for where, run in _runs(ctx):
        total, ok, bad = (_int(run.get(k)) for k in ("totalCount", "successCount", "errorCount"))
        if total is None or ok is None or bad is None:
            continue
        status = run.get("status")
        if status in FINISHED and status != "PURGED" and ok + bad != total:
            yield Hit(
                "body",
                f"{where}/totalCount",
                f"a {status} run has successCount + errorCount = {ok + bad}, "
                f"not totalCount {total}",
                expected=ok + bad,
                actual=total,
            )
        elif ok + bad > total:
            yield Hit(
                "body",
                f"{where}/totalCount",
                f"successCount + errorCount = {ok + bad} exceeds totalCount {total}",
                expected=f">= {ok + bad}",
                actual=total,
            )


@rule(
    "run.chronology",
    "A run completes no earlier than it was created; a change is submitted/moved after creation.",
)
def run_chronology(ctx: Context) -> Iterator[Hit]:
    for where, run in _runs(ctx):
        yield from _not_before(run, where, "completionDateTime", "creationDateTime")
        changes = run.get("changes")
        for index, change in enumerate(changes if isinstance(changes, list) else []):
            if isinstance(change, dict):
                for later in ("lifecycleDateTime", "submissionDateTime", "effectiveDateTime"):
                    yield from _not_before(
                        change, f"{where}/changes/{index}", later, "creationDateTime"
                    )


def _not_before(obj: dict[str, Any], where: str, later: str, earlier: str) -> Iterator[Hit]:
    late, early = _when(obj.get(later)), _when(obj.get(earlier))
    if late is not None and early is not None and late < early:
        yield Hit(
            "body",
            f"{where}/{later}",
            f"{later} is before {earlier}",
            expected=f">= {obj[earlier]}",
            actual=obj[later],
        )


@rule(
    "run.status-dates",
    "A finished run has a completionDateTime; a created or running one has none.",
    severity="warning",
)
def run_status_dates(ctx: Context) -> Iterator[Hit]:
    # Arena's POST Import Run samples (status CREATED) omit completionDateTime; that a
    # finished run always carries one is an inference, hence a warning.
    for where, run in _runs(ctx):
        status, completed = run.get("status"), run.get("completionDateTime")
        if status in FINISHED and status != "PURGED" and completed is None:
            yield Hit(
                "body",
                f"{where}/completionDateTime",
                f"a {status} run has no completionDateTime",
                expected="a date-time",
            )
        elif status in UNFINISHED and completed is not None:
            yield Hit(
                "body",
                f"{where}/completionDateTime",
                f"a {status} run already has a completionDateTime",
                expected=None,
                actual=completed,
            )


@rule(
    "warnings.count",
    "A run's warnings.count equals the number of warnings listed.",
    severity="warning",
)
def warnings_count(ctx: Context) -> Iterator[Hit]:
    for where, run in _runs(ctx):
        warnings = run.get("warnings")
        if not isinstance(warnings, dict):
            continue
        count, results = _int(warnings.get("count")), warnings.get("results")
        if count is not None and isinstance(results, list) and count != len(results):
            yield Hit(
                "body",
                f"{where}/warnings/count",
                f"warnings.count is {count} but {len(results)} warnings are listed",
                expected=len(results),
                actual=count,
            )
