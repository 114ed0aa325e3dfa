"""Rules on each run's own consistency: counts, dates, status."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from arena_contract.rules.context import Context
from arena_contract.rules.registry import Hit, rule, shown
from arena_contract.vocabulary import FINISHED_RUN_STATUSES, UNFINISHED_RUN_STATUSES

#: PURGED is neither: what a purge keeps of a run is unknown (docs/assumptions.md).
FINISHED = frozenset(FINISHED_RUN_STATUSES)
UNFINISHED = frozenset(UNFINISHED_RUN_STATUSES)


def _int(value: Any) -> int | None:
    return value if type(value) is int else None  # not bool, which is an int subclass


#: Arena's own form, 2021-09-15T00:00:00Z: two of them compare as strings, with no parsing
#: (these rules run for every run of a list that may hold tens of thousands).
_CANONICAL_LENGTH = len("2021-09-15T00:00:00Z")
#: What happens to a change after it is created.
_CHANGE_EVENTS = ("lifecycleDateTime", "submissionDateTime", "effectiveDateTime")


def _when(value: Any) -> datetime | None:
    """A date-time the schema accepts, parsed; None when absent or unparsable (schema's job)."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None  # zone-less: not comparable, and schema.format says so


def _before(late: Any, early: Any) -> bool:
    """``late`` is a date-time before ``early`` (both given and comparable)."""
    if late is None or early is None:  # the common "not yet": nothing to compare
        return False
    if (
        type(late) is str
        and type(early) is str
        and len(late) == len(early) == _CANONICAL_LENGTH
        and late[10] == early[10] == "T"
        and late[-1] == early[-1] == "Z"
    ):
        # Same fixed-width form: string order is time order. (Were a digit not a digit,
        # schema.format reports the value already.)
        return late < early
    late_at, early_at = _when(late), _when(early)
    return late_at is not None and early_at is not None and late_at < early_at


def _runs(ctx: Context) -> list[tuple[int, dict[str, Any]]]:
    """(index, run) for each run object; the pointer is built only for a finding."""
    return ctx.run_items


def _has_work(ctx: Context, rule_id: str) -> bool:
    """Whether the per-run rule ``rule_id`` has a run to report in this body (``_screen``)."""
    screened = ctx.memo.get(_SCREEN)
    if screened is None:
        screened = ctx.memo[_SCREEN] = _screen(ctx.run_items)
    return rule_id in screened


_SCREEN = "runs.screen"


def _screen(items: list[tuple[int, dict[str, Any]]]) -> frozenset[str]:
    """The IDs of the per-run rules below that will report something in these runs.

    One pass over the runs reads each field once for all of them, so that the rules, each a
    pass of its own, run only where they have something to say: a list of 30 runs costs
    about a quarter of the six passes. Each test is its rule's own condition for a finding
    (or wider), so that no finding can be lost; tests/test_rules_runs_screen.py holds the
    findings with and without the screen equal on generated runs.
    """
    found: set[str] = set()
    for _, run in items:
        get = run.get
        status, completed = get("status"), get("completionDateTime")
        if type(status) is str:
            if completed is None:
                if status in FINISHED:
                    found.add("run.completion-date")
            elif status in UNFINISHED:
                found.add("run.status-dates")
        total, ok, bad = get("totalCount"), get("successCount"), get("errorCount")
        if type(total) is int and type(ok) is int and type(bad) is int and ok + bad != total:
            found.add("run.counts")
        if completed is not None and _before(completed, get("creationDateTime")):
            found.add("run.chronology")
        changes = get("changes")
        if (
            changes
            and type(changes) is list
            and "run.chronology" not in found
            and _changes_out_of_order(changes)
        ):
            found.add("run.chronology")
        warnings = get("warnings")
        if type(warnings) is dict:
            count, results = warnings.get("count"), warnings.get("results")
            if type(count) is int and type(results) is list and count != len(results):
                found.add("warnings.count")
    return frozenset(found)


def _changes_out_of_order(changes: list[Any]) -> bool:
    """Whether a change was submitted, moved or made effective before it was created."""
    for change in changes:
        created = change.get("creationDateTime") if type(change) is dict else None
        if created is None:
            continue
        for later in _CHANGE_EVENTS:
            when = change.get(later)
            if when is not None and _before(when, created):
                return True
    return False


@rule(
    "run.counts",
    "successCount + errorCount equals totalCount once a run is finished, never exceeds it before.",
)
def run_counts(ctx: Context) -> Iterator[Hit]:
    if not _has_work(ctx, "run.counts"):
        return
    for index, run in _runs(ctx):
        total, ok, bad = (
            _int(run.get("totalCount")),
            _int(run.get("successCount")),
            _int(run.get("errorCount")),
        )
        if total is None or ok is None or bad is None or (ok + bad == total):
            continue
        where = ctx.run_pointer(index)
        status = run.get("status")
        if type(status) is str and status in FINISHED and ok + bad != total:
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
    if not _has_work(ctx, "run.chronology"):
        return
    for index, run in _runs(ctx):
        if _before(run.get("completionDateTime"), run.get("creationDateTime")):
            yield _too_early(run, ctx.run_pointer(index), "completionDateTime")
        changes = run.get("changes")
        for number, change in enumerate(changes if type(changes) is list else ()):
            created = change.get("creationDateTime") if type(change) is dict else None
            if created is None:
                continue
            for later in _CHANGE_EVENTS:
                if _before(change.get(later), created):
                    yield _too_early(change, f"{ctx.run_pointer(index)}/changes/{number}", later)


def _too_early(obj: dict[str, Any], where: str, later: str) -> Hit:
    return Hit(
        "body",
        f"{where}/{later}",
        f"{later} is before creationDateTime",
        expected=f">= {obj['creationDateTime']}",
        actual=obj[later],
    )


@rule(
    "run.completion-date",
    "A finished run (COMPLETE or ERROR) has a completionDateTime.",
)
def run_completion_date(ctx: Context) -> Iterator[Hit]:
    if not _has_work(ctx, "run.completion-date"):
        return
    # An error, not a warning: every finished run in Arena's samples carries one, and an
    # integration that reads when a run finished breaks when it is gone (a release that
    # renames the field must fail). PURGED runs are exempt: what a purge keeps is unknown.
    for index, run in _runs(ctx):
        status = run.get("status")
        if type(status) is not str:
            continue  # schema.type says so
        if status in FINISHED and run.get("completionDateTime") is None:
            yield Hit(
                "body",
                f"{ctx.run_pointer(index)}/completionDateTime",
                f"a {status} run has no completionDateTime",
                expected="a date-time",
            )


@rule(
    "run.status-dates",
    "A created or running run has no completionDateTime yet (warning).",
    severity="warning",
)
def run_status_dates(ctx: Context) -> Iterator[Hit]:
    if not _has_work(ctx, "run.status-dates"):
        return
    # A warning: that Arena leaves the date out until a run finishes is an inference from
    # the POST Import Run samples (status CREATED), not a documented rule.
    for index, run in _runs(ctx):
        status, completed = run.get("status"), shown(run.get("completionDateTime"))
        if type(status) is not str:
            continue  # schema.type says so
        if completed is not None and status in UNFINISHED:
            yield Hit(
                "body",
                f"{ctx.run_pointer(index)}/completionDateTime",
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
    if not _has_work(ctx, "warnings.count"):
        return
    for index, run in _runs(ctx):
        warnings = run.get("warnings")
        if type(warnings) is not dict:
            continue
        count, results = _int(warnings.get("count")), warnings.get("results")
        if count is not None and type(results) is list and count != len(results):
            yield Hit(
                "body",
                f"{ctx.run_pointer(index)}/warnings/count",
                f"warnings.count is {count} but {len(results)} warnings are listed",
                expected=len(results),
                actual=count,
            )


@rule(
    "run.created",
    "A run just started (POST .../runs, 201) is CREATED, successCount + errorCount = totalCount.",
    needs=("operation",),
)
def run_created(ctx: Context) -> Iterator[Hit]:
    # Both of POST Import Run's samples: CREATED ("queued for processing"), counts 3/3/0.
    # Counts over the total are run.counts' finding; here, the ones that fall short.
    if ctx.operation is None or ctx.operation.operation_id != "startImportRun":
        return
    if ctx.status != 201:
        return
    for index, run in _runs(ctx):
        where = ctx.run_pointer(index)
        status = run.get("status")
        if type(status) is str and status != "CREATED":
            yield Hit(
                "body",
                f"{where}/status",
                f"a run just started is {status}, not CREATED",
                expected="CREATED",
                actual=status,
            )
        total, ok, bad = (
            _int(run.get(key)) for key in ("totalCount", "successCount", "errorCount")
        )
        if total is not None and ok is not None and bad is not None and ok + bad < total:
            yield Hit(
                "body",
                f"{where}/totalCount",
                f"a run just started has successCount + errorCount = {ok + bad}, "
                f"not totalCount {total}",
                expected=ok + bad,
                actual=total,
            )


@rule(
    "run.committed",
    "A commit's answer (PUT .../runs/{runGuid}, 201) shows the run with commit true.",
    needs=("operation",),
)
def run_committed(ctx: Context) -> Iterator[Hit]:
    # The commit is one-way (PUT Import Commit): its answer shows commit true. A commit that
    # is not a boolean at all is schema.type's finding.
    if ctx.operation is None or ctx.operation.operation_id != "commitImportRun":
        return
    if ctx.status != 201:
        return
    for index, run in _runs(ctx):
        if run.get("commit") is False:
            yield Hit(
                "body",
                f"{ctx.run_pointer(index)}/commit",
                "the commit's answer shows commit false",
                expected=True,
                actual=False,
            )
